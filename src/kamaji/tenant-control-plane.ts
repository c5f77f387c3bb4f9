/**
 * The TenantControlPlane construct and its import: the top of the Kamaji layer, above
 * node pools, which it owns (`addNodePool`). What pools and tokens read of a control
 * plane is `ITenantControlPlane`, in tenant-control-plane-interface.ts (issue #23).
 */
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { StateLedger } from '../day-two/state-ledger';
import { Lazy, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problem, ValidationError } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { KamajiMessages } from './kamaji-messages';
import { joinEndpointProblem } from '../bootstrap/node-bootstrap-validation';
import { Brand } from '../private/brand';
import { checkSafely } from '../private/field-checks';
import { markControlPlane } from './tenant-control-plane-interface';
import { recordProblems } from '../private/problems';
import { requireProviders } from '../private/provider-presence';
import { qualifyProviderSources } from '../private/provider-sources';
import { keepLiteralsLiteral, terraformLiterals } from '../private/terraform-literals';
import { warnOnLocalState } from '../private/state-warning';
import { NodePool, NodePoolOptions } from '../node-pool/node-pool';
import { AdminKubeconfigReader } from './admin-kubeconfig';
import type { ITenantControlPlane } from './tenant-control-plane-interface';
import {
  checkUserPatches,
  kubeletConfigurationPatches,
  oldestServedMinor,
  serveKubelets,
} from './kubelet-configuration';
import { KubernetesVersion } from './kubernetes-version';
import {
  defaultOldestKubeletMinor,
  DEFAULTS,
  kubeletConfigurationInputs,
  renderTenantControlPlane,
  TenantControlPlaneSpecOptions,
} from './tenant-control-plane-spec';
import { validateTenantControlPlane } from './tenant-control-plane-validation';

/**
 * A control plane that node pools are added to in its own scope: the construct, or one
 * imported with `fromTenantControlPlaneAttributes`. The owner of pools sits above them
 * (as aws-eks `Cluster` above its nodegroups); the pools see only `ITenantControlPlane`.
 */
export interface INodePoolOwner extends ITenantControlPlane {
  /**
   * Adds a node pool in this control plane's scope (and stack). For the two-stack
   * layout, create `new NodePool(nodeStack, id, { controlPlane, ... })` instead.
   */
  addNodePool(id: string, options: NodePoolOptions): NodePool;
}

/** How long Terraform waits for Kamaji, as Go durations ("20m", "1h"). */
export interface TenantControlPlaneTimeouts {
  /** @default "20m" */
  readonly create?: string;
  /** @default "20m" */
  readonly update?: string;
  /** @default "10m" */
  readonly delete?: string;
}

export interface TenantControlPlaneProps extends TenantControlPlaneSpecOptions {
  /**
   * The kubernetes provider of the management cluster where Kamaji runs.
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Refuse to destroy the control plane (Terraform `prevent_destroy`): destroying it
   * takes the tenant cluster's API down. Set false for throw-away clusters.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** @default - create and update 20m, delete 10m */
  readonly timeouts?: TenantControlPlaneTimeouts;
  /**
   * Server-side apply field manager.
   * @default "cdktf-kamaji"
   */
  readonly fieldManager?: string;
}

/** Fields Kamaji's mutating webhook fills when they are empty (tcp_defaults.go). */
export const WEBHOOK_DEFAULTED_FIELDS = [
  'metadata.annotations',
  'metadata.labels',
  'spec.dataStore',
  'spec.dataStoreSchema',
  'spec.dataStoreUsername',
  'spec.controlPlane.deployment.replicas',
  'spec.networkProfile.serviceCidrs',
  'spec.networkProfile.podCidrs',
  'spec.networkProfile.dnsServiceIPs',
];

const STATUS_FIELD = 'status.kubernetesResources.version.status';
const ENDPOINT_FIELD = 'status.controlPlaneEndpoint';
const VERSION_FIELD = 'status.kubernetesResources.version.version';
const DURATION = /^([0-9]+(\.[0-9]+)?(h|m|s))+$/;

const BRAND = new Brand('TenantControlPlane');

/**
 * A Kamaji TenantControlPlane, applied to the management cluster with
 * `kubernetes_manifest` and waited on until Kamaji reports it ready.
 *
 * The `kubernetes_manifest` is this construct's `Resource` child
 * (`node.defaultChild`), so `addOverride` reaches what the props do not.
 */
export class TenantControlPlane extends Construct implements INodePoolOwner {
  /**
   * Whether `x` is a TenantControlPlane made with this class (not an import), by this
   * copy of the library or another.
   */
  public static isTenantControlPlane(x: unknown): x is TenantControlPlane {
    return BRAND.has(x);
  }

  /**
   * A control plane made elsewhere. Creates nothing until its admin kubeconfig is
   * read, then only a data source for the Secret. Using an attribute that was not
   * given fails with a message saying which one.
   */
  public static fromTenantControlPlaneAttributes(
    scope: Construct,
    id: string,
    attrs: TenantControlPlaneAttributes,
  ): INodePoolOwner {
    return new ImportedTenantControlPlane(scope, id, attrs);
  }

  public readonly name: string;
  public readonly namespace: string;
  public readonly kubernetesVersion: KubernetesVersion;
  public readonly adminKubeconfigSecretName: string;
  public readonly managementProvider?: TerraformProvider;
  /**
   * The `kubernetes_manifest` this construct wraps; undefined when the props were
   * refused (the app then fails at synth with their problems).
   */
  public readonly resource!: Manifest;
  private readonly kubeconfig: AdminKubeconfigReader;

  constructor(scope: Construct, id: string, props: TenantControlPlaneProps) {
    super(scope, id);
    BRAND.mark(this);
    markControlPlane(this);
    // From JavaScript, props may be missing altogether: report it like any bad input.
    const given = props ?? ({} as TenantControlPlaneProps);
    const problems: Problem[] = checkSafely(given, () => [
      ...(props === undefined || props === null ? [CommonMessages.missingProps(props)] : []),
      ...validateTenantControlPlane(given, Token.isUnresolved),
      ...validateTimeouts(given.timeouts),
    ]);
    // The user's kubelet patches, against the oldest kubelet this control plane may serve
    // (pools only ever raise it); checked once the props themselves are sound.
    const kubelet =
      problems.length === 0 ? kubeletConfigurationInputs(given, Token.isUnresolved) : undefined;
    if (kubelet) {
      problems.push(
        ...checkUserPatches(
          kubelet,
          defaultOldestKubeletMinor(given),
          'kubelet.configurationJsonPatches',
        ),
      );
    }
    this.name = given.name;
    this.namespace = given.namespace ?? DEFAULTS.namespace;
    this.kubernetesVersion = KubernetesVersion.isKubernetesVersion(given.kubernetesVersion)
      ? given.kubernetesVersion
      : KubernetesVersion.DEFAULT;
    this.adminKubeconfigSecretName = `${given.name}-admin-kubeconfig`;
    this.managementProvider = given.provider;
    const explicitOldest = given.kubelet?.oldestKubeletVersion;
    serveKubelets(this, {
      name: given.name,
      controlPlaneMinor: this.kubernetesVersion.parts?.minor,
      explicitOldest: problems.length === 0 ? explicitOldest?.parts?.minor : undefined,
      explicitProp: 'kubelet.oldestKubeletVersion',
      inputs: kubelet,
    });
    if (recordProblems(this, problems)) {
      // Refused: nothing is built, but the kubeconfig reader (lazy, made of strings)
      // lets pools of this control plane still be checked.
      this.kubeconfig = new AdminKubeconfigReader(this, {
        secretName: this.adminKubeconfigSecretName,
        namespace: this.namespace,
      });
      return;
    }
    qualifyProviderSources(this);
    keepLiteralsLiteral(this);
    requireProviders(this, 'provider');
    warnOnLocalState(this, "a tenant control plane's admin kubeconfig");
    // Issue #20 item 5: its stack's ledger refuses to drop it while pools point at it.
    if (!Token.isUnresolved(this.name) && !Token.isUnresolved(this.namespace)) {
      StateLedger.of(this).addControlPlane(this.namespace, this.name);
    }

    const timeouts = given.timeouts ?? {};
    this.resource = new Manifest(this, 'Resource', {
      provider: given.provider,
      manifest: renderTenantControlPlane(
        given,
        Token.isUnresolved,
        // Late: pools register with their control plane after it is made.
        Lazy.anyValue({
          produce: () =>
            terraformLiterals(
              kubeletConfigurationPatches(
                kubelet!,
                oldestServedMinor(this) ?? defaultOldestKubeletMinor(given),
                kubelet!.renderedUserPatches,
              ),
            ),
        }),
      ),
      computedFields: WEBHOOK_DEFAULTED_FIELDS,
      fieldManager: { name: given.fieldManager ?? 'cdktf-kamaji' },
      wait: {
        fields: readinessFields(
          given.replicas ?? DEFAULTS.replicas,
          this.kubernetesVersion.version,
        ),
      },
      timeouts: {
        create: timeouts.create ?? '20m',
        update: timeouts.update ?? '20m',
        delete: timeouts.delete ?? '10m',
      },
      lifecycle: { preventDestroy: given.deletionProtection ?? true },
    });
    this.kubeconfig = new AdminKubeconfigReader(this, {
      secretName: this.adminKubeconfigSecretName,
      namespace: this.namespace,
      provider: given.provider,
      // Also what orders a pool's new machines after an update of the control plane in
      // one stack: a change of it defers this read, which their user-data needs, to the
      // apply (test/terraform/control-plane-bump.test.ts).
      dependsOn: [this.resource],
    });
  }

  /**
   * The endpoint nodes join, from the server of `admin.conf`. Not from
   * `status.controlPlaneEndpoint`: kubernetes_manifest drops `status` from its `object`
   * attribute (RemoveServerSideFields in the provider), and with an `advertiseAddress`
   * Kamaji reports the management-side address there while `admin.conf` holds the
   * address tenant-side consumers use.
   */
  public get endpoint(): string {
    return this.kubeconfig.endpoint;
  }

  public get adminKubeconfig(): string {
    return this.kubeconfig.adminConf;
  }

  /**
   * `spec.kubernetes.version` of the object in state. From another stack it is that
   * stack's output, so it changes only once that stack is applied.
   */
  public get appliedKubernetesVersion(): string {
    return this.resource.getStringAttribute('object.spec.kubernetes.version');
  }

  public addNodePool(id: string, options: NodePoolOptions): NodePool {
    return new NodePool(this, id, { ...options, controlPlane: this });
  }
}

/**
 * What Terraform waits for, after a create and after an update alike (the provider's
 * apply waits on one path for both: hashicorp/terraform-provider-kubernetes
 * manifest/provider/apply.go). Kamaji reports `Ready` (or `WriteLimited` when write
 * permissions are restricted) once the control plane serves, and `Sleeping`, never
 * `Ready`, when it has 0 replicas. The patterns are regular expressions, hence anchored:
 * an unanchored "Ready" would also match "NotReady".
 *
 * With replicas, also the version Kamaji reports: it copies the spec's version into
 * `status.kubernetesResources.version.version` only once the deployment is rolled out
 * (clastix/kamaji internal/resources/k8s_deployment_resource.go), while the status can
 * still say `Ready` from before an update. So an upgrade's apply ends when the new API
 * server serves, and pools applied after it never join an older one.
 */
export function readinessFields(replicas: number, version?: string): { [field: string]: string } {
  if (Token.isUnresolved(replicas)) {
    return { [STATUS_FIELD]: '^(Ready|WriteLimited|Sleeping)$' };
  }
  if (replicas === 0) return { [STATUS_FIELD]: '^Sleeping$' };
  return {
    [STATUS_FIELD]: '^(Ready|WriteLimited)$',
    [ENDPOINT_FIELD]: '^.+:[0-9]+$',
    ...(version !== undefined &&
      !Token.isUnresolved(version) && {
        [VERSION_FIELD]: `^${version.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')}$`,
      }),
  };
}

function validateTimeouts(timeouts: TenantControlPlaneTimeouts | undefined): Problem[] {
  if (!timeouts) return [];
  return (['create', 'update', 'delete'] as const)
    .filter((key) => {
      const value = timeouts[key];
      return value !== undefined && !Token.isUnresolved(value) && !DURATION.test(value);
    })
    .map((key) => KamajiMessages.badDuration(`timeouts.${key}`, timeouts[key] as string));
}

/** What is known of a control plane made elsewhere. */
export interface TenantControlPlaneAttributes {
  readonly name: string;
  /** @default "default" */
  readonly namespace?: string;
  /**
   * The API server endpoint as `host:port`.
   * @default - read at apply time from the server of the admin kubeconfig
   */
  readonly endpoint?: string;
  /**
   * Its Kubernetes version; node pools need it.
   * @default - none: using `kubernetesVersion` fails
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * The oldest kubelet its kubelet configuration was made for (the
   * `kubelet.oldestKubeletVersion` it was created with, or what its own patches allow):
   * pools older than it are refused. The import renders nothing, so it cannot change
   * that configuration.
   * @default - not checked beyond the version skew
   */
  readonly oldestKubeletVersion?: KubernetesVersion;
  /**
   * The kubernetes provider of the management cluster.
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The endpoint of an import goes into every node's discovery kubeconfig after
 * "https://": a scheme or a malformed value would only fail on the nodes, at boot.
 */
function importedEndpointProblems(endpoint: unknown): Problem[] {
  if (endpoint === undefined || Token.isUnresolved(endpoint)) return [];
  if (typeof endpoint !== 'string')
    return [KamajiMessages.badJoinEndpoint('endpoint', String(endpoint))];
  const problem = joinEndpointProblem('endpoint', endpoint);
  return problem ? [problem] : [];
}

class ImportedTenantControlPlane extends Construct implements INodePoolOwner {
  public readonly name: string;
  public readonly namespace: string;
  public readonly adminKubeconfigSecretName: string;
  public readonly managementProvider?: TerraformProvider;
  private readonly attrs: TenantControlPlaneAttributes;
  private readonly kubeconfig: AdminKubeconfigReader;

  constructor(scope: Construct, id: string, attrs: TenantControlPlaneAttributes) {
    super(scope, id);
    markControlPlane(this);
    const given = attrs ?? ({} as TenantControlPlaneAttributes);
    const problems = checkSafely(given, () => [
      ...(attrs === undefined || attrs === null ? [CommonMessages.missingProps(attrs)] : []),
      ...validateTenantControlPlane(
        {
          name: given.name,
          namespace: given.namespace,
          kubernetesVersion: given.kubernetesVersion,
          kubelet: { oldestKubeletVersion: given.oldestKubeletVersion },
        },
        Token.isUnresolved,
      ),
      ...importedEndpointProblems(given.endpoint),
    ]);
    recordProblems(this, problems);
    serveKubelets(this, {
      name: given.name,
      controlPlaneMinor: KubernetesVersion.isKubernetesVersion(given.kubernetesVersion)
        ? given.kubernetesVersion.parts?.minor
        : undefined,
      explicitOldest: problems.length === 0 ? given.oldestKubeletVersion?.parts?.minor : undefined,
      explicitProp: 'oldestKubeletVersion (an attribute of the import)',
    });
    qualifyProviderSources(this);
    keepLiteralsLiteral(this);
    requireProviders(this, 'provider');
    attrs = given;
    this.attrs = attrs;
    this.name = attrs.name;
    this.namespace = attrs.namespace ?? DEFAULTS.namespace;
    this.adminKubeconfigSecretName = `${attrs.name}-admin-kubeconfig`;
    this.managementProvider = attrs.provider;
    this.kubeconfig = new AdminKubeconfigReader(this, {
      secretName: this.adminKubeconfigSecretName,
      namespace: this.namespace,
      provider: attrs.provider,
    });
  }

  public get kubernetesVersion(): KubernetesVersion {
    return this.required('kubernetesVersion', this.attrs.kubernetesVersion);
  }

  public get endpoint(): string {
    return this.attrs.endpoint ?? this.kubeconfig.endpoint;
  }

  public get adminKubeconfig(): string {
    return this.kubeconfig.adminConf;
  }

  public addNodePool(id: string, options: NodePoolOptions): NodePool {
    return new NodePool(this, id, { ...options, controlPlane: this });
  }

  private required<T>(attribute: string, value: T | undefined): T {
    if (value === undefined) {
      throw new ValidationError(this.node.path, [KamajiMessages.missingImportAttribute(attribute)]);
    }
    return value;
  }
}
