/**
 * The shape of a fleet file (what fleet.schema.json accepts) and its translation into
 * the library's props. Keys are the TypeScript props' names; enum values are Kamaji's
 * and Kubernetes' own strings, which the library's enums carry. Pure module: no CDKTF
 * import (infrastructure props are imported as types only).
 */
import { NodeBootstrapOptions, Taint, YakiSource } from '../bootstrap/node-bootstrap';
import { JoinHealth } from '../day-two/join-health';
import { KubernetesVersion } from '../kamaji/kubernetes-version';
import type {
  TenantControlPlaneAttributes,
  TenantControlPlaneProps,
} from '../kamaji/tenant-control-plane';
import { KubeletOptions } from '../kamaji/kubelet-spec';
import {
  ControlPlaneDeploymentOptions,
  ResourceRequirements,
  TenantControlPlaneSpecOptions,
} from '../kamaji/tenant-control-plane-spec';
import { NodeAddressing, StaticRangeOptions } from '../node-pool/node-addressing';
import type { NodePoolOptions } from '../node-pool/node-pool';
import type { CloudDirectorInfrastructureProps } from '../providers/cloud-director/cloud-director-infrastructure';
import type { MaasBareMetalProps, MaasVmHostProps } from '../providers/maas/maas-infrastructure';
import type { ProxmoxInfrastructureProps } from '../providers/proxmox/proxmox-infrastructure';
import type { VSphereInfrastructureProps } from '../providers/vsphere/vsphere-infrastructure';
import type {
  HcpTerraformStateOptions,
  KubernetesStateOptions,
  S3StateOptions,
} from '../stacks/state-backend';
import { NodeDrain } from '../day-two/node-drain';
import { TimeoutAction } from '../day-two/timeout-action';
import { RollingUpdateOptions, RolloutStrategy } from '../day-two/rollout-strategy';

/** Infrastructure props as the file gives them: everything but the provider object. */
type FileProps<T> = Omit<T, 'provider'>;

/** A pool's `infrastructure`: exactly one of these keys. */
export interface InfrastructureConfig {
  readonly vsphere?: FileProps<VSphereInfrastructureProps>;
  readonly proxmox?: FileProps<ProxmoxInfrastructureProps>;
  readonly 'maas-bare-metal'?: FileProps<MaasBareMetalProps>;
  readonly 'maas-vm-hosts'?: FileProps<MaasVmHostProps>;
  readonly 'cloud-director'?: FileProps<CloudDirectorInfrastructureProps>;
  readonly 'bring-your-own'?: { readonly failureDomains?: string[] };
}

export type InfrastructureKind = keyof InfrastructureConfig;

/** A pool's `bootstrap`: the node bootstrap options, with yaki as url and sha256. */
export interface BootstrapConfig extends Omit<NodeBootstrapOptions, 'yaki' | 'osFamily'> {
  readonly yaki?: { readonly url: string; readonly sha256: string };
}

/** A pool's `drain`: `enabled: false` is NodeDrain.none(). */
export interface DrainConfig {
  readonly enabled?: boolean;
  readonly timeoutSeconds?: number;
  readonly onTimeout?: 'fail' | 'proceed';
}

export interface PoolConfig {
  readonly name: string;
  readonly replicas?: number;
  readonly retiredNodes?: number[];
  readonly drain?: DrainConfig;
  readonly kubernetesVersion?: string;
  readonly labels?: { [key: string]: string };
  readonly taints?: Taint[];
  readonly addressing?: { readonly dhcp?: object; readonly staticRange?: StaticRangeOptions };
  readonly bootstrap?: BootstrapConfig;
  readonly joinHealth?: { readonly failAfterSeconds?: number; readonly warnAfterSeconds?: number };
  readonly rollout?: RolloutConfig;
  readonly infrastructure: InfrastructureConfig;
}

/**
 * A pool's `rollout`: the version as a string, the strategy as its options, and
 * `fromInfrastructure` as the settings of the pool's infrastructure entry that differed.
 */
export interface RolloutConfig {
  readonly fromKubernetesVersion?: string;
  readonly fromInfrastructure?: { readonly [setting: string]: unknown };
  readonly step: number;
  readonly strategy?: RollingUpdateOptions;
}

/** Quantities may be written as numbers (`cpu: 1`). */
interface ResourceRequirementsConfig {
  readonly requests?: { [resource: string]: string | number };
  readonly limits?: { [resource: string]: string | number };
}

interface DeploymentConfig extends Omit<ControlPlaneDeploymentOptions, 'resources'> {
  readonly resources?: {
    readonly apiServer?: ResourceRequirementsConfig;
    readonly controllerManager?: ResourceRequirementsConfig;
    readonly scheduler?: ResourceRequirementsConfig;
  };
}

export interface ControlPlaneConfig extends Omit<
  TenantControlPlaneSpecOptions,
  'kubernetesVersion' | 'deployment' | 'kubelet'
> {
  readonly kubernetesVersion?: string;
  readonly kubelet?: Omit<KubeletOptions, 'oldestKubeletVersion'> & {
    readonly oldestKubeletVersion?: string;
  };
  readonly deployment?: DeploymentConfig;
  readonly deletionProtection?: boolean;
  readonly timeouts?: TenantControlPlaneProps['timeouts'];
  readonly fieldManager?: string;
  readonly pools?: PoolConfig[];
}

export interface ExistingControlPlaneConfig {
  readonly name: string;
  readonly namespace?: string;
  readonly kubernetesVersion: string;
  readonly oldestKubeletVersion?: string;
  readonly endpoint?: string;
  readonly pools?: PoolConfig[];
}

export interface ProvidersConfig {
  readonly vsphere?: { readonly server?: string; readonly allowUnverifiedSsl?: boolean };
  readonly proxmox?: {
    readonly endpoint?: string;
    readonly insecure?: boolean;
    readonly minTls?: string;
    readonly ssh?: {
      readonly agent?: boolean;
      readonly username?: string;
      readonly nodes?: Array<{ name: string; address: string; port?: number }>;
    };
  };
  readonly maas?: {
    readonly apiUrl?: string;
    readonly apiVersion?: string;
    readonly tlsCaCertPath?: string;
    readonly tlsInsecureSkipVerify?: boolean;
  };
  readonly 'cloud-director'?: {
    readonly url?: string;
    readonly org?: string;
    readonly vdc?: string;
    readonly authType?: string;
    readonly allowUnverifiedSsl?: boolean;
  };
}

export interface StateBackendConfig {
  readonly local?: object;
  readonly s3?: S3StateOptions;
  readonly kubernetes?: KubernetesStateOptions;
  readonly hcpTerraform?: HcpTerraformStateOptions;
}

/** A whole fleet file. */
export interface FleetConfig {
  readonly managementCluster?: { readonly kubeconfig?: string; readonly context?: string };
  readonly namespace?: string;
  readonly stateBackend?: StateBackendConfig;
  readonly providers?: ProvidersConfig;
  readonly controlPlanes?: ControlPlaneConfig[];
  readonly existingControlPlanes?: ExistingControlPlaneConfig[];
}

/** The default of the `management_kubeconfig` variable, as in the examples. */
export const DEFAULT_MANAGEMENT_KUBECONFIG = '~/.kube/config';

/** TenantControlPlane props of a control plane entry (the provider is the stack's). */
export function controlPlaneProps(
  entry: ControlPlaneConfig,
  fleetNamespace: string | undefined,
): TenantControlPlaneProps {
  const { kubernetesVersion, deployment, kubelet } = entry;
  const spec = Object.fromEntries(
    Object.entries(entry).filter(
      ([key]) => !['kubernetesVersion', 'deployment', 'pools', 'kubelet'].includes(key),
    ),
  ) as Omit<ControlPlaneConfig, 'kubernetesVersion' | 'deployment' | 'pools' | 'kubelet'>;
  return {
    ...spec,
    namespace: entry.namespace ?? fleetNamespace,
    ...(kubernetesVersion !== undefined && {
      kubernetesVersion: KubernetesVersion.of(kubernetesVersion),
    }),
    ...(deployment && { deployment: deploymentOptions(deployment) }),
    ...(kubelet && {
      kubelet: {
        ...kubelet,
        oldestKubeletVersion:
          kubelet.oldestKubeletVersion === undefined
            ? undefined
            : KubernetesVersion.of(kubelet.oldestKubeletVersion),
      } as KubeletOptions,
    }),
  };
}

function deploymentOptions(deployment: DeploymentConfig): ControlPlaneDeploymentOptions {
  const { resources, ...rest } = deployment;
  return {
    ...rest,
    ...(resources && {
      resources: {
        apiServer: quantities(resources.apiServer),
        controllerManager: quantities(resources.controllerManager),
        scheduler: quantities(resources.scheduler),
      },
    }),
  };
}

function quantities(
  requirements: ResourceRequirementsConfig | undefined,
): ResourceRequirements | undefined {
  if (!requirements) return undefined;
  const text = (map: { [resource: string]: string | number } | undefined) =>
    map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
  return { requests: text(requirements.requests), limits: text(requirements.limits) };
}

/** Attributes of a control plane made elsewhere. */
export function existingControlPlaneAttributes(
  entry: ExistingControlPlaneConfig,
  fleetNamespace: string | undefined,
): TenantControlPlaneAttributes {
  return {
    name: entry.name,
    namespace: entry.namespace ?? fleetNamespace,
    kubernetesVersion: KubernetesVersion.of(entry.kubernetesVersion),
    ...(entry.oldestKubeletVersion !== undefined && {
      oldestKubeletVersion: KubernetesVersion.of(entry.oldestKubeletVersion),
    }),
    ...(entry.endpoint !== undefined && { endpoint: entry.endpoint }),
  };
}

/** A pool's options except its infrastructure, which needs the stack's providers. */
export function nodePoolOptions(entry: PoolConfig): Omit<NodePoolOptions, 'infrastructure'> {
  const range = entry.addressing?.staticRange;
  return {
    name: entry.name,
    ...(entry.replicas !== undefined && { replicas: entry.replicas }),
    ...(entry.retiredNodes && { retiredNodes: entry.retiredNodes }),
    ...(entry.drain && { drain: drainOf(entry.drain) }),
    ...(entry.kubernetesVersion !== undefined && {
      kubernetesVersion: KubernetesVersion.of(entry.kubernetesVersion),
    }),
    ...(entry.labels && { labels: entry.labels }),
    ...(entry.taints && { taints: entry.taints }),
    addressing: range ? NodeAddressing.staticRange(range) : NodeAddressing.dhcp(),
    ...(entry.bootstrap && { bootstrap: bootstrapOptions(entry.bootstrap) }),
    ...(entry.joinHealth && { joinHealth: joinHealthOf(entry.joinHealth) }),
    ...(entry.rollout && {
      rollout: {
        ...(entry.rollout.fromKubernetesVersion !== undefined && {
          fromKubernetesVersion: KubernetesVersion.of(entry.rollout.fromKubernetesVersion),
        }),
        step: entry.rollout.step,
        ...(entry.rollout.strategy && {
          strategy: RolloutStrategy.rollingUpdate(entry.rollout.strategy),
        }),
      },
    }),
  };
}

function joinHealthOf(config: NonNullable<PoolConfig['joinHealth']>): JoinHealth {
  // The file's keys stay as they are (a file format); they map to the one `onTimeout`.
  if (config.failAfterSeconds !== undefined) {
    return JoinHealth.waitForReady({ timeoutSeconds: config.failAfterSeconds });
  }
  if (config.warnAfterSeconds !== undefined) {
    return JoinHealth.waitForReady({
      timeoutSeconds: config.warnAfterSeconds,
      onTimeout: TimeoutAction.PROCEED,
    });
  }
  return JoinHealth.none();
}

function drainOf(drain: DrainConfig): NodeDrain {
  if (drain.enabled === false) return NodeDrain.none();
  return NodeDrain.evict({
    ...(drain.timeoutSeconds !== undefined && { timeoutSeconds: drain.timeoutSeconds }),
    ...(drain.onTimeout !== undefined && { onTimeout: drain.onTimeout as TimeoutAction }),
  });
}

function bootstrapOptions(bootstrap: BootstrapConfig): NodeBootstrapOptions {
  const { yaki, ...rest } = bootstrap;
  return { ...rest, ...(yaki && { yaki: YakiSource.fromUrl(yaki.url, yaki.sha256) }) };
}

/**
 * The infrastructure entry a pool's rollout comes from: `rollout.fromInfrastructure`
 * merged key by key onto the pool's entry (a key given replaces the entry's value
 * whole, lists and objects too); undefined without one.
 */
export function fromInfrastructureConfig(entry: PoolConfig): InfrastructureConfig | undefined {
  const from = entry.rollout?.fromInfrastructure;
  if (!from) return undefined;
  const kind = infrastructureKind(entry.infrastructure);
  return { [kind]: { ...entry.infrastructure[kind], ...from } } as InfrastructureConfig;
}

/** The one key of a pool's `infrastructure` (the schema allows exactly one). */
export function infrastructureKind(infrastructure: InfrastructureConfig): InfrastructureKind {
  return Object.keys(infrastructure)[0] as InfrastructureKind;
}
