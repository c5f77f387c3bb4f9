/**
 * The addons Kamaji installs in a tenant cluster (`spec.addons`): CoreDNS, kube-proxy and
 * konnectivity. Pure module: no CDKTF import.
 */
import { JsonObject } from '../private/deep-merge';

/** How the konnectivity agent runs in the tenant cluster. */
export enum KonnectivityAgentMode {
  /** One agent per node. */
  DAEMON_SET = 'DaemonSet',
  /** A fixed number of agents (`agentReplicas`). */
  DEPLOYMENT = 'Deployment',
}

/** An addon Kamaji installs in the tenant cluster (CoreDNS, kube-proxy). */
export interface AddonOptions {
  /**
   * Whether Kamaji installs the addon.
   * @default true
   */
  readonly enabled?: boolean;
  /** @default - Kamaji's image repository */
  readonly imageRepository?: string;
  /** @default - the tag matching the Kubernetes version */
  readonly imageTag?: string;
}

/** Konnectivity, which tunnels API server traffic to nodes behind NAT or firewalls. */
export interface KonnectivityOptions {
  /**
   * Whether Kamaji installs konnectivity.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Port of the konnectivity server.
   * @default 8132
   */
  readonly serverPort?: number;
  /**
   * How the agent runs.
   * @default KonnectivityAgentMode.DAEMON_SET
   */
  readonly agentMode?: KonnectivityAgentMode;
  /**
   * Agent replicas, with KonnectivityAgentMode.DEPLOYMENT only.
   * @default - Kamaji's default
   */
  readonly agentReplicas?: number;
  /**
   * Whether the agent uses the host network.
   * @default false
   */
  readonly agentHostNetwork?: boolean;
}

/** The addons Kamaji installs; all three are on unless turned off. */
export interface AddonsOptions {
  /** @default - enabled with Kamaji's image */
  readonly coreDns?: AddonOptions;
  /** @default - enabled with Kamaji's image */
  readonly kubeProxy?: AddonOptions;
  /** @default - enabled, server port 8132, agent as a DaemonSet */
  readonly konnectivity?: KonnectivityOptions;
}

/** What an unset addon field means. */
export const ADDONS_DEFAULTS = {
  konnectivityServerPort: 8132,
  konnectivityAgentMode: KonnectivityAgentMode.DAEMON_SET,
} as const;

/** Renders `spec.addons`; an addon is left out when it is turned off. */
export function renderAddons(addons: AddonsOptions): JsonObject {
  const konnectivity = addons.konnectivity ?? {};
  return {
    ...(addons.coreDns?.enabled !== false && { coreDNS: renderImageAddon(addons.coreDns) }),
    ...(addons.kubeProxy?.enabled !== false && { kubeProxy: renderImageAddon(addons.kubeProxy) }),
    ...(konnectivity.enabled !== false && {
      konnectivity: {
        server: { port: konnectivity.serverPort ?? ADDONS_DEFAULTS.konnectivityServerPort },
        agent: {
          mode: konnectivity.agentMode ?? ADDONS_DEFAULTS.konnectivityAgentMode,
          ...(konnectivity.agentReplicas !== undefined && {
            replicas: konnectivity.agentReplicas,
          }),
          ...(konnectivity.agentHostNetwork !== undefined && {
            hostNetwork: konnectivity.agentHostNetwork,
          }),
        },
      },
    }),
  };
}

function renderImageAddon(addon: AddonOptions | undefined): JsonObject {
  return {
    ...(addon?.imageRepository !== undefined && { imageRepository: addon.imageRepository }),
    ...(addon?.imageTag !== undefined && { imageTag: addon.imageTag }),
  };
}
