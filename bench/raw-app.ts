/**
 * The baseline: the same Terraform as `library-app.ts`, written by hand with the L1
 * constructs of the provider bindings and no construct of the library, as a user
 * without it would. It creates the same resources, data sources, providers and
 * outputs with the same construct paths and attribute values, so its output is
 * byte-identical (the benchmark checks that).
 *
 * What it shares with the library: the cloud-init text comes from the library's pure
 * renderer (`renderCheckedUserData`, what `renderUserData` runs after validating) and
 * its Terraform encoding (apply-time values become `jsonencode`/`base64encode` calls);
 * the drain and Node deletion scripts and the version and machine spec check blocks come
 * from their pure renderers too (`retirement-scripts.ts`, `version-checks.ts`,
 * `machine-spec-checks.ts`), and so do each stack's ledger, its guards and its read of the
 * stack's own state (`ledger-terraform.ts`); literals are escaped with `terraform-literals.ts`'s
 * functions where the library's aspect would. Like the library, it looks up the
 * template (and on vSphere the inventory) once per stack, not once per pool.
 * Its `terraform_data` resources are the same L1 the library uses (`TerraformData`:
 * CDKTF's `DataResource` without the `terraform version` it runs per resource at synth),
 * so neither side pays for that process.
 * What it leaves out: every validation, node naming, addressing arithmetic, placement,
 * provider qualification by an aspect, token sharing and provider lookups by tree
 * search, and the two user-data encodings a machine does not use.
 */
import { DataKubernetesSecretV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { Offset } from '@cdktf/provider-time/lib/offset';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Rotating } from '@cdktf/provider-time/lib/rotating';
import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereNetwork } from '@cdktf/provider-vsphere/lib/data-vsphere-network';
import { DataVsphereVirtualMachine } from '@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import {
  App,
  Fn,
  Lazy,
  Op,
  TerraformIterator,
  TerraformLocal,
  TerraformOutput,
  TerraformResource,
  TerraformSelf,
  TerraformElement,
  TerraformStack,
  TerraformVariable,
  Token,
} from 'cdktf';
import { Construct } from 'constructs';
import { DataProxmoxVm } from '../src/.gen/providers/proxmox/data-proxmox-vm';
import { ProxmoxProvider } from '../src/.gen/providers/proxmox/provider';
import { VirtualEnvironmentFile } from '../src/.gen/providers/proxmox/virtual-environment-file';
import { VirtualEnvironmentVm } from '../src/.gen/providers/proxmox/virtual-environment-vm';
import { TERRAFORM_ENCODING } from '../src/bootstrap/terraform-encoding';
import { TerraformData } from '../src/private/terraform-data';
import {
  escapeTemplate,
  terraformLiteral,
  terraformString,
} from '../src/private/terraform-literals';
import { renderCheckedUserData } from '../src/bootstrap/user-data';
import { NodeDrain } from '../src/day-two/node-drain';
import { renderDrainScript, renderNodeDeletionScript } from '../src/day-two/retirement-scripts';
import { poolCheckBlock } from '../src/day-two/node-checks';
import { LEDGER } from '../src/day-two/ledger-rules';
import {
  LEDGER_DESCRIPTION,
  LEDGER_ID,
  LEDGER_VARIABLES,
  LedgerControlPlane,
  ledgerValue,
  poolKey,
  poolRecord,
  removalGuards,
  selfRead,
} from '../src/day-two/ledger-terraform';
import { localState, variable } from './library-app';
import {
  CONTROL_PLANE_STACK,
  controlPlaneName,
  Infrastructure,
  KUBERNETES_VERSION,
  NAMESPACE,
  NODE_STACK,
  PoolSpec,
  POOLS,
  poolOf,
  PROXMOX_PLACEMENT,
  Size,
  SSH_AUTHORIZED_KEYS,
  VSPHERE_PLACEMENT,
} from './scenario';

/** What the node pools of one tenant need from its control plane and join token. */
interface Tenant {
  readonly name: string;
  readonly scope: Construct;
  readonly endpoint: string;
  readonly caCertificate: string;
  readonly token: string;
  /** The management kubeconfig's path, with which the drain and Node deletion scripts read the admin kubeconfig. */
  readonly managementKubeconfig: string;
  /** The control plane's version in Terraform's state: no node is made newer than it. */
  readonly appliedVersion: string;
  /** admin.conf's server (`host:port`) and CA hash: the scripts refuse another tenant. */
  readonly server: string;
  readonly caSha256: string;
  /** The nodes stack's ledger. */
  readonly ledger: Ledger;
}

/** One node of a pool, as the hand-written loop computes it. */
interface Node {
  readonly scope: Construct;
  readonly index: number;
  readonly name: string;
  readonly rendered: string;
  readonly address?: string;
}

/** Builds the same app as `buildLibraryApp`, from L1 constructs. */
export function buildRawApp(app: App, infrastructure: Infrastructure, size: Size): App {
  const controlPlanes = new TerraformStack(app, CONTROL_PLANE_STACK);
  localState(controlPlanes);
  controlPlanes.addOverride(
    'terraform.required_providers.kubernetes.source',
    'hashicorp/kubernetes',
  );
  const kubeconfig = new TerraformVariable(controlPlanes, 'management_kubeconfig', {
    type: 'string',
    default: '~/.kube/config',
    description: 'Path of the kubeconfig of the Kamaji management cluster',
  });
  new KubernetesProvider(controlPlanes, 'management', { configPath: kubeconfig.stringValue });

  const nodes = new TerraformStack(app, NODE_STACK);
  localState(nodes);
  if (infrastructure === Infrastructure.PROXMOX) {
    new ProxmoxProvider(nodes, 'proxmox', { ssh: [{ agent: true }] });
  } else {
    new VsphereProvider(nodes, 'vsphere', {
      vsphereServer: variable(nodes, 'vsphere_server'),
      user: variable(nodes, 'vsphere_user'),
      password: variable(nodes, 'vsphere_password', true),
    });
  }
  const nodeLedger = new Ledger(nodes);
  const random = new RandomProvider(nodes, 'random');
  const time = new TimeProvider(nodes, 'time');
  // Every pool clones the same template in the same inventory: looked up once.
  const proxmox = infrastructure === Infrastructure.PROXMOX ? proxmoxLookups(nodes) : undefined;
  const vsphere = proxmox ? undefined : vsphereLookups(nodes);

  const pools = POOLS.slice(0, size.poolsPerControlPlane);
  // The control plane stack's ledger: the pools of the app with nodes, per control plane.
  new Ledger(
    controlPlanes,
    Array.from({ length: size.controlPlanes }, (_, c) => ({
      identity: `${NAMESPACE}/${controlPlaneName(c)}`,
      name: controlPlaneName(c),
      pools: pools.map((pool) => [`${NODE_STACK}/${pool.name}`, size.nodesPerPool > 0] as const),
    })),
  );
  for (let c = 0; c < size.controlPlanes; c++) {
    const name = controlPlaneName(c);
    const { adminConf, appliedVersion } = controlPlane(controlPlanes, name);
    // The library reads admin.conf, sensitive at its source, for the drains' tenant identity.
    const cluster = Fn.lookupNested(Fn.yamldecode(Fn.sensitive(adminConf)), [
      'clusters',
      0,
      'cluster',
    ]);
    const tenant = {
      ...joinToken(nodes, name, adminConf, random, time),
      managementKubeconfig: kubeconfig.stringValue,
      appliedVersion,
      server: Fn.trimprefix(Token.asString(Fn.lookupNested(cluster, ['server'])), 'https://'),
      caSha256: Fn.sha256(
        Fn.base64decode(Token.asString(Fn.lookupNested(cluster, ['certificate-authority-data']))),
      ),
      ledger: nodeLedger,
    };
    for (const pool of pools.map((p) => poolOf(p, c))) {
      if (proxmox) proxmoxPool(tenant, pool, size.nodesPerPool, proxmox);
      else vspherePool(nodes, tenant, pool, size.nodesPerPool, vsphere!);
      if (c === 0 && pool.name === POOLS[0].name) {
        kubeconfigCheck(
          nodes,
          `${tenant.scope.node.path}/${pool.name}`,
          tenant.managementKubeconfig,
        );
      }
    }
  }
  // After the pools' check blocks, as the library's provider-source aspect adds it.
  nodes.addOverride('terraform.required_providers.kubernetes.source', 'hashicorp/kubernetes');
  return app;
}

/**
 * The TenantControlPlane manifest and the Secret its admin kubeconfig is read from; the
 * kubeconfig, and the version the manifest in state has (the pools' precondition).
 */
function controlPlane(
  stack: TerraformStack,
  name: string,
): { adminConf: string; appliedVersion: string } {
  const scope = new Construct(stack, name);
  const manifest = new Manifest(scope, 'Resource', {
    manifest: {
      apiVersion: 'kamaji.clastix.io/v1alpha1',
      kind: 'TenantControlPlane',
      metadata: { name, namespace: NAMESPACE },
      spec: {
        controlPlane: { deployment: { replicas: 2 }, service: { serviceType: 'LoadBalancer' } },
        kubernetes: {
          version: KUBERNETES_VERSION,
          kubelet: {
            // Kamaji renders fields a v1.35 kubelet does not know: each is added, so that
            // removing it cannot fail, then removed; cgroupDriver is absent, so `add`.
            configurationJSONPatches: [
              { op: 'add', path: '/memoryReservationPolicy', value: false },
              { op: 'remove', path: '/memoryReservationPolicy' },
              { op: 'add', path: '/tlsCurvePreferences', value: false },
              { op: 'remove', path: '/tlsCurvePreferences' },
              { op: 'add', path: '/cgroupDriver', value: 'systemd' },
            ],
          },
        },
        networkProfile: {
          port: 6443,
          serviceCidr: '10.96.0.0/16',
          serviceCidrs: ['10.96.0.0/16'],
          podCidr: '10.244.0.0/16',
          podCidrs: ['10.244.0.0/16'],
          dnsServiceIPs: ['10.96.0.10'],
          clusterDomain: 'cluster.local',
        },
        addons: {
          coreDNS: {},
          kubeProxy: {},
          konnectivity: { server: { port: 8132 }, agent: { mode: 'DaemonSet' } },
        },
      },
    },
    computedFields: [
      'metadata.annotations',
      'metadata.labels',
      'spec.dataStore',
      'spec.dataStoreSchema',
      'spec.dataStoreUsername',
      'spec.controlPlane.deployment.replicas',
      'spec.networkProfile.serviceCidrs',
      'spec.networkProfile.podCidrs',
      'spec.networkProfile.dnsServiceIPs',
    ],
    fieldManager: { name: 'cdktf-kamaji' },
    wait: {
      fields: {
        'status.kubernetesResources.version.status': '^(Ready|WriteLimited)$',
        'status.controlPlaneEndpoint': '^.+:[0-9]+$',
        // Kamaji reports the version once the new API server is rolled out.
        'status.kubernetesResources.version.version': `^${KUBERNETES_VERSION.replace(/\./g, '\\.')}$`,
      },
    },
    timeouts: { create: '20m', update: '20m', delete: '10m' },
    lifecycle: { preventDestroy: false },
  });
  const secret = new DataKubernetesSecretV1(scope, 'AdminKubeconfigSecret', {
    metadata: { name: `${name}-admin-kubeconfig`, namespace: NAMESPACE },
    dependsOn: [manifest],
  });
  return {
    adminConf: secret.data.lookup('admin.conf'),
    appliedVersion: manifest.getStringAttribute('object.spec.kubernetes.version'),
  };
}

/** The bootstrap token Secret in the tenant cluster, rotated by the time provider. */
function joinToken(
  stack: TerraformStack,
  name: string,
  adminConf: string,
  random: RandomProvider,
  time: TimeProvider,
): Omit<Tenant, 'managementKubeconfig' | 'appliedVersion' | 'server' | 'caSha256' | 'ledger'> {
  const scope = new Construct(stack, `${name}-join-token`);
  // The library marks admin.conf sensitive where it is read (it crosses stacks here).
  const kubeconfig = Fn.yamldecode(Fn.sensitive(adminConf));
  const lookup = (path: Array<string | number>) =>
    Token.asString(Fn.lookupNested(kubeconfig, path));
  const caCertificate = Fn.base64decode(
    lookup(['clusters', 0, 'cluster', 'certificate-authority-data']),
  );
  const server = Fn.lookupNested(Fn.yamldecode(adminConf), ['clusters', 0, 'cluster', 'server']);
  const endpoint = Fn.nonsensitive(Fn.trimprefix(Token.asString(server), 'https://'));
  const tenantProvider = new KubernetesProvider(scope, 'TenantProvider', {
    alias: `tenant-${name}-${scope.node.addr.slice(0, 8)}`,
    host: lookup(['clusters', 0, 'cluster', 'server']),
    clusterCaCertificate: Fn.base64decode(
      lookup(['clusters', 0, 'cluster', 'certificate-authority-data']),
    ),
    clientCertificate: Fn.base64decode(lookup(['users', 0, 'user', 'client-certificate-data'])),
    clientKey: Fn.base64decode(lookup(['users', 0, 'user', 'client-key-data'])),
  });
  const rotation = new Rotating(scope, 'Rotation', { provider: time, rotationMinutes: 720 });
  const keepers = { rotation: rotation.id };
  const tokenId = new StringResource(scope, 'TokenId', {
    provider: random,
    length: 6,
    upper: false,
    special: false,
    keepers,
  });
  const tokenSecret = new Password(scope, 'TokenSecret', {
    provider: random,
    length: 16,
    upper: false,
    special: false,
    keepers,
  });
  const expiry = new Offset(scope, 'Expiry', {
    provider: time,
    baseRfc3339: rotation.rfc3339,
    offsetMinutes: 1440,
    triggers: keepers,
  });
  new SecretV1(scope, 'Resource', {
    provider: tenantProvider,
    metadata: { name: `bootstrap-token-${tokenId.result}`, namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    data: {
      'token-id': tokenId.result,
      'token-secret': tokenSecret.result,
      expiration: expiry.rfc3339,
      'usage-bootstrap-authentication': 'true',
      'usage-bootstrap-signing': 'true',
      'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
      description: 'Node join token managed by cdktf-kamaji',
    },
  });
  // The same locals, in the same order, as the library writes: byte-identical output.
  const caLocal = new TerraformLocal(scope, 'CaCertificate', caCertificate).asString;
  const endpointLocal = new TerraformLocal(scope, 'Endpoint', endpoint).asString;
  return {
    name,
    scope: new Construct(stack, name),
    endpoint: endpointLocal,
    caCertificate: caLocal,
    token: `${tokenId.result}.${tokenSecret.result}`,
  };
}

/** The pool's nodes: names, static addresses and cloud-init text, written out by hand. */
function poolNodes(tenant: Tenant, pool: PoolSpec, poolScope: Construct, replicas: number): Node[] {
  const firstHost = pool.addressing && Number(pool.addressing.first.split('.')[3]);
  return Array.from({ length: replicas }, (_, index) => {
    const suffix = `node-${String(index).padStart(2, '0')}`;
    const name = `${tenant.name}-${pool.name}-${suffix}`;
    const rendered = renderCheckedUserData(
      {
        sshAuthorizedKeys: SSH_AUTHORIZED_KEYS,
        nodeName: name,
        kubernetesVersion: KUBERNETES_VERSION,
        endpoint: tenant.endpoint,
        caCertificate: tenant.caCertificate,
        token: tenant.token,
        labels: pool.labels,
        taints: pool.taints,
      },
      TERRAFORM_ENCODING,
    );
    const address =
      firstHost === undefined
        ? undefined
        : pool.addressing!.first.replace(/\d+$/, String(firstHost + index));
    return { scope: new Construct(poolScope, suffix), index, name, rendered, address };
  });
}

/**
 * One check per stack that the management kubeconfig exists on the runner at plan time,
 * naming the first pool whose drains read it.
 */
function kubeconfigCheck(stack: TerraformStack, poolPath: string, kubeconfig: string): void {
  const value = `nonsensitive(${kubeconfig})`;
  stack.addOverride('check.cdktf_kamaji_management_kubeconfig', {
    assert: [
      {
        condition: `\${${value} == "" || fileexists(pathexpand(${value}))}`,
        error_message:
          `${poolPath}: the management kubeconfig \${${value}} (config_path of the control plane's kubernetes provider) ` +
          "does not exist on this runner: drains and join health read the tenant's kubeconfig with it; fix the path, or set CDKTF_KAMAJI_TENANT_KUBECONFIG",
      },
    ],
  });
}

/**
 * Draining a node before its machine is destroyed and deleting its Node after: two
 * `terraform_data` per pool with one instance per node (`for_each`) and a destroy-time
 * `local-exec`. `NodeDeletion` comes first, for the machines to depend on; `drain`
 * (`NodeDrain`) then depends on them, so Terraform destroys it first. The drain records
 * the version and machine spec each node was made with (ignored later), which the
 * pool's check block compares with the pool's; a per-pool `control-plane-first` that
 * the Node records wait on holds the control-plane-first precondition.
 */
class Retirement extends Construct {
  private readonly names: string[];
  private readonly tenant: Tenant;
  public readonly deletion: TerraformData;

  constructor(scope: Construct, tenant: Tenant, pool: PoolSpec, nodes: Node[]) {
    super(scope, 'retirement');
    this.names = nodes.map((node) => node.name);
    this.tenant = tenant;
    this.deletion = this.perNode('node-deletion', renderNodeDeletionScript());
    // Made before every machine: no node joins before its control plane runs the
    // pool's minor (a kubelet may not be newer than its API server). One per pool, so
    // a failure is reported once.
    const applied = tenant.appliedVersion;
    const first = new TerraformData(this, 'control-plane-first', {
      lifecycle: {
        precondition: [
          {
            condition: Op.gte(
              Fn.tonumber(Fn.element(Fn.split('.', applied), 1)),
              KUBERNETES_MINOR.minor,
            ),
            errorMessage:
              `Pool ${pool.name}: its nodes get ${KUBERNETES_VERSION}, but control plane ${tenant.name} ` +
              `was last applied with ${Fn.nonsensitive(applied)}: apply the control plane first (a kubelet may not be newer than its API server).`,
          },
        ],
      },
    });
    this.deletion.dependsOn = [`terraform_data.${first.friendlyUniqueId}`];
  }

  /** The drain, destroyed before `machines`, and the pool's check block on it. */
  public drain(
    pool: PoolSpec,
    machineSpec: { [attribute: string]: string },
    machines: TerraformResource[],
  ): TerraformData {
    const drain = this.perNode('node-drain', renderDrainScript(NodeDrain.DEFAULT), {
      dependsOn: [this.deletion, ...machines],
      record: { kubelet_version: KUBERNETES_VERSION, machine_spec: machineSpec },
    });
    // CDKTF 0.21 has no construct for check blocks: written into the stack as is.
    const { major, minor } = KUBERNETES_MINOR;
    TerraformStack.of(this).addOverride(
      `check.${drain.friendlyUniqueId}_nodes`,
      poolCheckBlock({
        drainAddress: `terraform_data.${drain.friendlyUniqueId}`,
        poolName: pool.name,
        poolVersion: KUBERNETES_VERSION,
        machineSpec,
        ...(major === 1 && { controlPlaneMinor: minor, controlPlaneVersion: KUBERNETES_VERSION }),
      }),
    );
    return drain;
  }

  private perNode(
    id: string,
    script: string,
    drain?: { dependsOn: TerraformResource[]; record: { [key: string]: unknown } },
  ): TerraformData {
    const nodes = TerraformIterator.fromList(this.names);
    return new TerraformData(this, id, {
      forEach: nodes,
      input: {
        node: nodes.value,
        secret_namespace: NAMESPACE,
        secret_name: `${this.tenant.name}-admin-kubeconfig`,
        management_kubeconfig: Fn.nonsensitive(this.tenant.managementKubeconfig),
        management_context: '',
        management_kubeconfig_paths: '',
        management_context_auth_info: '',
        management_context_cluster: '',
        management_unreproducible: '',
        tenant_endpoint: Fn.nonsensitive(this.tenant.server),
        tenant_ca_sha256: Fn.nonsensitive(this.tenant.caSha256),
      },
      ...(drain && { triggersReplace: drain.record }),
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          // The script through the environment: a failure prints this short command.
          command: 'sh -c "$CDKTF_KAMAJI_SCRIPT" cdktf-kamaji-retirement',
          environment: {
            CDKTF_KAMAJI_SCRIPT: escapeTemplate(script),
            NODE_NAME: TerraformSelf.getString('input.node'),
            ADMIN_KUBECONFIG_SECRET_NAMESPACE: TerraformSelf.getString('input.secret_namespace'),
            ADMIN_KUBECONFIG_SECRET_NAME: TerraformSelf.getString('input.secret_name'),
            MANAGEMENT_KUBECONFIG: TerraformSelf.getString('input.management_kubeconfig'),
            MANAGEMENT_CONTEXT: TerraformSelf.getString('input.management_context'),
            MANAGEMENT_KUBECONFIG_PATHS: '${try(self.input.management_kubeconfig_paths, "")}',
            MANAGEMENT_CONTEXT_AUTH_INFO: '${try(self.input.management_context_auth_info, "")}',
            MANAGEMENT_CONTEXT_CLUSTER: '${try(self.input.management_context_cluster, "")}',
            MANAGEMENT_UNREPRODUCIBLE: '${try(self.input.management_unreproducible, "")}',
            TENANT_ENDPOINT: '${try(self.input.tenant_endpoint, "")}',
            TENANT_CA_SHA256: '${try(self.input.tenant_ca_sha256, "")}',
          },
        },
      ],
      ...(drain && {
        dependsOn: drain.dependsOn,
        lifecycle: { ignoreChanges: ['triggers_replace'] },
      }),
    });
  }
}

/**
 * A stack's ledger (issue #20), by hand as the library writes it, from the same pure
 * builders (`src/day-two/ledger-terraform.ts`): three bool variables, a read of the
 * stack's own local state, an output with its removal guards, and per pool two records,
 * the first depended on by the Node deletions, the second on the machines and drains.
 */
class Ledger extends Construct {
  private readonly pools: Array<[string, string]> = [];

  constructor(stack: TerraformStack, controlPlanes: LedgerControlPlane[] = []) {
    super(stack, LEDGER_ID);
    for (const { name, description } of LEDGER_VARIABLES) {
      new TerraformVariable(this, name, {
        type: 'bool',
        default: false,
        description,
      }).overrideLogicalId(name);
    }
    const id = stack.node.id;
    const read = selfRead(
      { backend: { local: { path: `../${id}/terraform.${id}.tfstate` } } },
      (file) => file!,
    );
    new RemoteStateRead(this, 'read', read);
    const output = new TerraformOutput(this, 'output', {
      description: LEDGER_DESCRIPTION,
      value: Lazy.anyValue({ produce: () => ledgerValue(this.pools, controlPlanes) }),
    });
    output.overrideLogicalId(LEDGER);
    output.addOverride(
      'precondition',
      Lazy.anyValue({
        produce: () =>
          removalGuards(
            this.pools.map(([key]) => key),
            controlPlanes,
          ),
      }),
    );
  }

  public addPool(
    scope: Construct,
    tenant: Tenant,
    pool: PoolSpec,
    nodes: Node[],
    appliedAfter: TerraformResource[],
    deletion: TerraformResource,
  ): void {
    const record = poolRecord(
      pool.name,
      tenant.name,
      undefined,
      nodes.map((node) => node.name),
    );
    const retired = new TerraformData(scope, 'ledger-retired', { input: record });
    deletion.dependsOn = [
      ...(deletion.dependsOn ?? []),
      `terraform_data.${retired.friendlyUniqueId}`,
    ];
    const applied = new TerraformData(scope, 'ledger-applied', {
      input: record,
      dependsOn: [retired, ...appliedAfter],
    });
    this.pools.push([
      poolKey(NAMESPACE, tenant.name, pool.name),
      `terraform_data.${applied.friendlyUniqueId}`,
    ]);
  }
}

/** CDKTF's TerraformRemoteState has no `count`: the read, written as Terraform has it. */
class RemoteStateRead extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly read: { [key: string]: unknown },
  ) {
    super(scope, id, 'data.terraform_remote_state');
  }

  public toTerraform(): { [key: string]: unknown } {
    return { data: { terraform_remote_state: { [LEDGER]: this.read } } };
  }
}

/** `v1.35.7` as numbers, for the skew check. */
const KUBERNETES_MINOR = (() => {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.').map(Number);
  return { major, minor };
})();

/**
 * A static MAC for a static address: vSphere takes them from 00:50:56:00:00:00 to
 * 00:50:56:3F:FF:FF, so the address's low 22 bits, unique in any range up to a /10.
 */
function staticMac(ipv4: string): string {
  const [, b, c, d] = ipv4.split('.').map(Number);
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `00:50:56:${hex(b & 0x3f)}:${hex(c)}:${hex(d)}`;
}

function nodesOutput(
  tenant: Tenant,
  pool: PoolSpec,
  scope: Construct,
  machines: Array<[string, { machine_id: string; address?: string }]>,
): void {
  const output = new TerraformOutput(scope, 'Nodes', {
    description: `Nodes of pool ${pool.name}: machine id and address`,
    value: Object.fromEntries(machines),
  });
  output.overrideLogicalId(`${tenant.name}-${pool.name}-nodes`);
}

/** The Proxmox template, looked up once for the stack, as the library's shared lookup. */
interface ProxmoxLookups {
  readonly template: DataProxmoxVm;
}

function proxmoxLookups(stack: TerraformStack): ProxmoxLookups {
  const { nodes, templateVmId } = PROXMOX_PLACEMENT;
  return {
    template: new DataProxmoxVm(stack, `proxmox-template-${nodes[0]}-${templateVmId}`, {
      nodeName: nodes[0],
      id: templateVmId,
    }),
  };
}

/** What a VM is made from, as each drain records it (`ProxmoxInfrastructure.machineSpec`). */
function proxmoxMachineSpec(pool: PoolSpec): { [attribute: string]: string } {
  return {
    template_vm_id: String(PROXMOX_PLACEMENT.templateVmId),
    template_node: PROXMOX_PLACEMENT.nodes[0],
    full_clone: String(pool.proxmox.fullClone ?? true),
    cpu_cores: String(pool.proxmox.cpuCores ?? 2),
    cpu_sockets: '1',
    cpu_type: 'x86-64-v2-AES',
    memory_mib: String(pool.proxmox.memoryMiB ?? 4096),
    disk_gib: String(pool.proxmox.diskGiB ?? 20),
  };
}

/**
 * The VM's attributes that ignore later changes: the user-data (the snippet follows the
 * join token), and the machine spec (a new one reaches only new nodes).
 */
const PROXMOX_IGNORED = [
  'initialization[0].user_data_file_id',
  'initialization[0].meta_data_file_id',
  'clone',
  'cpu[0].cores',
  'cpu[0].sockets',
  'cpu[0].type',
  'memory[0].dedicated',
  'disk[0].size',
];

function proxmoxPool(
  tenant: Tenant,
  pool: PoolSpec,
  replicas: number,
  { template }: ProxmoxLookups,
): void {
  const scope = new Construct(tenant.scope, pool.name);
  const templateNode = PROXMOX_PLACEMENT.nodes[0];
  const fullClone = pool.proxmox.fullClone ?? true;
  const diskDatastore = PROXMOX_PLACEMENT.diskDatastore;
  const range = pool.addressing;
  const nodes = poolNodes(tenant, pool, scope, replicas);
  const retirement = new Retirement(scope, tenant, pool, nodes);
  const vms: VirtualEnvironmentVm[] = [];
  const machines = nodes.map((node) => {
    const proxmoxNode = PROXMOX_PLACEMENT.nodes[node.index % PROXMOX_PLACEMENT.nodes.length];
    const snippet = new VirtualEnvironmentFile(node.scope, 'UserData', {
      contentType: 'snippets',
      datastoreId: PROXMOX_PLACEMENT.snippetsDatastore,
      nodeName: proxmoxNode,
      // Not ignored: a VM made later must boot with the current token.
      sourceRaw: { data: terraformLiteral(node.rendered), fileName: `${node.name}-user-data.yaml` },
    });
    const metaData = new VirtualEnvironmentFile(node.scope, 'MetaData', {
      contentType: 'snippets',
      datastoreId: PROXMOX_PLACEMENT.snippetsDatastore,
      nodeName: proxmoxNode,
      sourceRaw: {
        data: `instance-id: ${node.name}\nlocal-hostname: ${node.name}\n`,
        fileName: `${node.name}-meta-data.yaml`,
      },
    });
    const vm = new VirtualEnvironmentVm(node.scope, 'Machine', {
      name: node.name,
      nodeName: proxmoxNode,
      tags: ['kamaji', tenant.name, pool.name],
      clone: {
        vmId: template.id,
        nodeName: templateNode,
        full: fullClone,
        ...(fullClone && { datastoreId: diskDatastore }),
      },
      cpu: { cores: pool.proxmox.cpuCores ?? 2, sockets: 1, type: 'x86-64-v2-AES' },
      memory: { dedicated: pool.proxmox.memoryMiB ?? 4096 },
      disk: [{ datastoreId: diskDatastore, interface: 'scsi0', size: pool.proxmox.diskGiB ?? 20 }],
      initialization: {
        datastoreId: diskDatastore,
        userDataFileId: snippet.id,
        metaDataFileId: metaData.id,
        ipConfig: [
          {
            ipv4: range
              ? { address: `${node.address}/${range.cidr.split('/')[1]}`, gateway: range.gateway }
              : { address: 'dhcp' },
          },
        ],
        ...(range && { dns: { servers: range.dns } }),
      },
      agent: { enabled: true },
      started: true,
      onBoot: true,
      lifecycle: { ignoreChanges: PROXMOX_IGNORED },
      dependsOn: [retirement.deletion],
    });
    vms.push(vm);
    // Every field of the object type: bpg/proxmox types the list list(object).
    vm.addOverride(
      'network_device',
      PROXMOX_PLACEMENT.networkDevices.map((device) => ({
        bridge: device.bridge,
        disconnected: false,
        enabled: true,
        firewall: false,
        mac_address: null,
        model: 'virtio',
        mtu: 0,
        queues: 0,
        rate_limit: 0,
        trunks: null,
        vlan_id: device.vlanId,
      })),
    );
    const known = {
      machine_id: Token.asString(vm.vmId),
      ...(node.address && { address: node.address }),
    };
    return [node.name, known] as [string, typeof known];
  });
  const drain = retirement.drain(pool, proxmoxMachineSpec(pool), vms);
  nodesOutput(tenant, pool, scope, machines);
  tenant.ledger.addPool(
    scope,
    tenant,
    pool,
    nodes,
    [...vms, drain, retirement.deletion],
    retirement.deletion,
  );
}

/** The vSphere inventory and template, looked up once for the stack, as the library's shared lookups. */
interface VSphereLookups {
  readonly datacenter: DataVsphereDatacenter;
  readonly cluster: DataVsphereComputeCluster;
  readonly datastore: DataVsphereDatastore;
  readonly networks: DataVsphereNetwork[];
  readonly template: DataVsphereVirtualMachine;
}

function vsphereLookups(stack: TerraformStack): VSphereLookups {
  const { datacenter: dc, computeCluster, datastore, networks, template } = VSPHERE_PLACEMENT;
  // Readable ids: what is looked up, characters a Terraform name does not take as `-`.
  const id = (kind: string, ...names: string[]) =>
    [`vsphere-${kind}`, dc, ...names].join('-').replace(/[^A-Za-z0-9_-]+/g, '-');
  const datacenter = new DataVsphereDatacenter(stack, id('datacenter'), { name: dc });
  const datacenterId = datacenter.id;
  return {
    datacenter,
    cluster: new DataVsphereComputeCluster(stack, id('compute-cluster', computeCluster), {
      name: computeCluster,
      datacenterId,
    }),
    datastore: new DataVsphereDatastore(stack, id('datastore', datastore), {
      name: datastore,
      datacenterId,
    }),
    networks: networks.map(
      (name) => new DataVsphereNetwork(stack, id('network', name), { name, datacenterId }),
    ),
    template: new DataVsphereVirtualMachine(stack, id('template', template), {
      name: template,
      datacenterId,
    }),
  };
}

/** What a VM is made from, as each drain records it (`VSphereInfrastructure.machineSpec`). */
function vsphereMachineSpec(pool: PoolSpec): { [attribute: string]: string } {
  const { cpus, memoryMiB, diskGiB } = pool.vsphere;
  return {
    template: VSPHERE_PLACEMENT.template,
    cpus: String(cpus),
    cores_per_socket: String(cpus),
    memory_mib: String(memoryMiB),
    ...(diskGiB !== undefined && { disk_gib: String(diskGiB) }),
  };
}

/**
 * The VM's attributes that ignore later changes: what it reads only at first boot (its
 * user-data, metadata and first NIC's static MAC), and the machine spec.
 */
const VSPHERE_IGNORED = [
  'extra_config["guestinfo.userdata"]',
  'extra_config["guestinfo.userdata.encoding"]',
  'extra_config["guestinfo.metadata"]',
  'extra_config["guestinfo.metadata.encoding"]',
  'network_interface[0].mac_address',
  'network_interface[0].use_static_mac',
  'clone',
  'num_cpus',
  'num_cores_per_socket',
  'memory',
  'disk[0].size',
  'disk[0].thin_provisioned',
  'guest_id',
  'firmware',
  'scsi_type',
  // The adapter types come from the template, so they change with it.
  ...VSPHERE_PLACEMENT.networks.map((_, i) => `network_interface[${i}].adapter_type`),
];

function vspherePool(
  stack: TerraformStack,
  tenant: Tenant,
  pool: PoolSpec,
  replicas: number,
  { datacenter, cluster, datastore, networks, template }: VSphereLookups,
): void {
  const scope = new Construct(tenant.scope, pool.name);
  const datacenterId = datacenter.id;
  const folderId = `${tenant.name}-vsphere-folder`;
  const folder =
    (stack.node.tryFindChild(folderId) as Folder | undefined) ??
    new Folder(stack, folderId, {
      path: `${VSPHERE_PLACEMENT.folder}/${tenant.name}`,
      type: 'vm',
      datacenterId,
    });

  const cpus = pool.vsphere.cpus;
  const templateDisk = template.disks.get(0);
  const range = pool.addressing;
  const vms: VirtualMachine[] = [];
  const nodes = poolNodes(tenant, pool, scope, replicas);
  const retirement = new Retirement(scope, tenant, pool, nodes);
  const machines = nodes.map((node) => {
    const mac = node.address && staticMac(node.address);
    // The static address goes to the NIC with the MAC set below; cloud-init removes
    // the user-data (with its token) from guestinfo once read.
    const metadata = {
      'instance-id': node.name,
      'local-hostname': node.name,
      'cleanup-guestinfo': ['userdata'],
      ...(range && {
        network: {
          version: 2,
          ethernets: {
            nic0: {
              match: { macaddress: mac },
              'set-name': 'nic0',
              dhcp4: false,
              dhcp6: false,
              addresses: [`${node.address}/${range.cidr.split('/')[1]}`],
              routes: [{ to: '0.0.0.0/0', via: range.gateway }],
              nameservers: { addresses: range.dns },
            },
          },
        },
      }),
    };
    const vm = new VirtualMachine(node.scope, 'Machine', {
      name: node.name,
      resourcePoolId: cluster.resourcePoolId,
      datastoreId: datastore.id,
      folder: folder.path,
      numCpus: cpus,
      numCoresPerSocket: cpus,
      memory: pool.vsphere.memoryMiB,
      guestId: template.guestId,
      firmware: template.firmware,
      scsiType: template.scsiType,
      networkInterface: networks.map((network, i) => ({
        networkId: network.id,
        adapterType: Fn.element(template.networkInterfaceTypes, i),
        ...(i === 0 && mac && { useStaticMac: true, macAddress: mac }),
      })),
      disk: [
        {
          label: 'disk0',
          size:
            pool.vsphere.diskGiB === undefined
              ? templateDisk.size
              : Fn.max([pool.vsphere.diskGiB, templateDisk.size]),
          thinProvisioned: templateDisk.thinProvisioned,
        },
      ],
      clone: { templateUuid: template.id },
      extraConfig: {
        'guestinfo.metadata': Buffer.from(JSON.stringify(metadata)).toString('base64'),
        'guestinfo.metadata.encoding': 'base64',
        'guestinfo.userdata': Fn.base64gzip(terraformString(node.rendered)),
        'guestinfo.userdata.encoding': 'gzip+base64',
      },
      waitForGuestNetTimeout: 5,
      lifecycle: { ignoreChanges: VSPHERE_IGNORED },
      dependsOn: [retirement.deletion],
    });
    vms.push(vm);
    const known = { machine_id: vm.id, address: node.address ?? vm.defaultIpAddress };
    return [node.name, known] as [string, typeof known];
  });
  if (pool.vsphere.antiAffinity && replicas >= 2) {
    // At the library's address for it, `<pool>/VSphere/AntiAffinity`.
    new ComputeClusterVmAntiAffinityRule(new Construct(scope, 'VSphere'), 'AntiAffinity', {
      name: `${tenant.name}-${pool.name}-anti-affinity`,
      computeClusterId: cluster.id,
      virtualMachineIds: vms.map((vm) => vm.id),
    });
  }
  const drain = retirement.drain(pool, vsphereMachineSpec(pool), vms);
  nodesOutput(tenant, pool, scope, machines);
  tenant.ledger.addPool(
    scope,
    tenant,
    pool,
    nodes,
    [...vms, drain, retirement.deletion],
    retirement.deletion,
  );
}
