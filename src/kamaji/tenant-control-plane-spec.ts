/**
 * The typed TenantControlPlane spec and its rendering to the Kamaji manifest
 * (group kamaji.clastix.io, version v1alpha1). Pure module: no CDKTF import, so it
 * can be unit-tested directly and moved to another front end.
 */
import { parseCidr, dnsServiceIp } from '../private/cidr';
import { deepMerge, JsonObject } from '../private/deep-merge';
import { dataStoreNameOf, IDataStore } from './data-store-ref';
import { JsonPatchOperation } from '../private/json-patch';
import { defaultOldestMinor } from './kubelet-compatibility';
import { kubeletConfigurationPatches, KubeletConfigurationInputs } from './kubelet-configuration';
import { KubernetesVersion } from './kubernetes-version';
import { renderToleration, Toleration } from './scheduling';

export const KAMAJI_API_VERSION = 'kamaji.clastix.io/v1alpha1';

/** How Kamaji exposes the tenant API server (`spec.controlPlane.service.serviceType`). */
export enum ServiceType {
  CLUSTER_IP = 'ClusterIP',
  NODE_PORT = 'NodePort',
  LOAD_BALANCER = 'LoadBalancer',
}

/** The kubelet cgroup driver of the tenant's nodes. */
export enum CgroupDriver {
  SYSTEMD = 'systemd',
  CGROUPFS = 'cgroupfs',
}

/** A node address type, for the API server's kubelet connections. */
export enum NodeAddressType {
  HOSTNAME = 'Hostname',
  INTERNAL_IP = 'InternalIP',
  EXTERNAL_IP = 'ExternalIP',
  INTERNAL_DNS = 'InternalDNS',
  EXTERNAL_DNS = 'ExternalDNS',
}

/** How the konnectivity agent runs in the tenant cluster. */
export enum KonnectivityAgentMode {
  /** One agent per node. */
  DAEMON_SET = 'DaemonSet',
  /** A fixed number of agents (`agentReplicas`). */
  DEPLOYMENT = 'Deployment',
}

/** Where the API server is reached and which networks the tenant cluster uses. */
export interface NetworkProfileOptions {
  /**
   * Address the API server is exposed on.
   * @default - with LoadBalancer, the address the load balancer assigns
   */
  readonly address?: string;
  /**
   * IP address advertised to the tenant's nodes and konnectivity (an IP, not a name).
   * @default - the address Kamaji exposes
   */
  readonly advertiseAddress?: string;
  /**
   * Whether `address` is added to the Service's external IPs (ClusterIP and NodePort only).
   * @default false
   */
  readonly allowAddressAsExternalIp?: boolean;
  /**
   * API server port.
   * @default 6443
   */
  readonly port?: number;
  /**
   * Extra Subject Alternative Names for the API server certificate (Kamaji's `certSANs`).
   * @default - none
   */
  readonly certSans?: string[];
  /**
   * Service CIDRs: one block, or one IPv4 and one IPv6 block for dual-stack.
   * @default ["10.96.0.0/16"]
   */
  readonly serviceCidrs?: string[];
  /**
   * Pod CIDRs: one block, or one IPv4 and one IPv6 block for dual-stack.
   * @default ["10.244.0.0/16"]
   */
  readonly podCidrs?: string[];
  /**
   * Cluster DNS Service addresses (Kamaji's `dnsServiceIPs`), inside the service CIDRs.
   * @default - the tenth address of each service CIDR, e.g. 10.96.0.10
   */
  readonly dnsServiceIps?: string[];
  /**
   * Cluster DNS domain; Kamaji cannot change it later.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Load balancer class of the API server Service (LoadBalancer only, immutable).
   * @default - the cluster's default load balancer
   */
  readonly loadBalancerClass?: string;
  /**
   * CIDRs allowed to reach the API server through the load balancer (LoadBalancer only).
   * @default - every source
   */
  readonly loadBalancerSourceRanges?: string[];
}

/** A JSON Patch (RFC 6902) operation. */
export enum JsonPatchOp {
  ADD = 'add',
  REMOVE = 'remove',
  REPLACE = 'replace',
  MOVE = 'move',
  COPY = 'copy',
  TEST = 'test',
}

/**
 * One JSON Patch operation on the kubelet configuration Kamaji renders (a
 * KubeletConfiguration, kubelet.config.k8s.io/v1beta1, as JSON).
 */
export interface KubeletConfigurationPatch {
  readonly op: JsonPatchOp;
  /** JSON pointer of the target, e.g. "/maxPods". */
  readonly path: string;
  /** The value, for add, replace and test. @default - none */
  readonly value?: unknown;
  /** JSON pointer of the source, for move and copy. @default - none */
  readonly from?: string;
}

/** Kubelet settings Kamaji renders into the tenant's kubelet configuration. */
export interface KubeletOptions {
  /**
   * The kubelet cgroup driver (set with a JSON patch, Kamaji's non-deprecated way).
   * @default CgroupDriver.SYSTEMD
   */
  readonly cgroupDriver?: CgroupDriver;
  /**
   * Ordered address types the API server uses to reach kubelets.
   * @default - Kamaji's order: InternalIP, ExternalIP, Hostname
   */
  readonly preferredAddressTypes?: NodeAddressType[];
  /**
   * The oldest kubelet that joins this control plane: the shared kubelet configuration
   * is made readable by every kubelet from this minor on, and pools older than it are
   * refused. Set it for pools defined elsewhere (other apps or repositories); pools of
   * this app register themselves.
   * @default - the oldest pool of this control plane in the app; without pools, the
   * control plane's minor minus three (not below v1.31, the oldest kubeadm that joins)
   */
  readonly oldestKubeletVersion?: KubernetesVersion;
  /**
   * Your own JSON patches of the kubelet configuration, applied after the library's
   * (compatibility patches for the oldest kubelet, then the cgroup driver). Checked at
   * synth: they must apply, and the oldest kubelet must still read the result.
   * @default - none
   */
  readonly configurationJsonPatches?: KubeletConfigurationPatch[];
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

/** CPU and memory of one container, as Kubernetes quantities ("500m", "1Gi"). */
export interface ResourceRequirements {
  /** @default - none */
  readonly requests?: { [resource: string]: string };
  /** @default - none */
  readonly limits?: { [resource: string]: string };
}

/** Resources per control plane component. */
export interface ControlPlaneResources {
  /** @default - none */
  readonly apiServer?: ResourceRequirements;
  /** @default - none */
  readonly controllerManager?: ResourceRequirements;
  /** @default - none */
  readonly scheduler?: ResourceRequirements;
}

/** Extra command-line flags per control plane component, e.g. "--v=2". */
export interface ControlPlaneExtraArgs {
  /** @default - none */
  readonly apiServer?: string[];
  /** @default - none */
  readonly controllerManager?: string[];
  /** @default - none */
  readonly scheduler?: string[];
}

/** How the control plane pods run in the management cluster (a typed subset). */
export interface ControlPlaneDeploymentOptions {
  /** @default - none */
  readonly resources?: ControlPlaneResources;
  /** @default - none */
  readonly extraArgs?: ControlPlaneExtraArgs;
  /** @default - any node */
  readonly nodeSelector?: { [key: string]: string };
  /** @default - none */
  readonly tolerations?: Toleration[];
  /** Labels added to the control plane pods. @default - none */
  readonly podLabels?: { [key: string]: string };
  /** Annotations added to the control plane pods. @default - none */
  readonly podAnnotations?: { [key: string]: string };
}

/** Exposes the API server through an Ingress (TLS passthrough needed). */
export interface IngressOptions {
  /** Host name of the Ingress. */
  readonly hostname: string;
  /** @default - the cluster's default IngressClass */
  readonly ingressClassName?: string;
  /** @default - none */
  readonly labels?: { [key: string]: string };
  /** @default - none */
  readonly annotations?: { [key: string]: string };
}

/** A Gateway (Gateway API) the control plane's route attaches to. */
export interface GatewayParentReference {
  readonly name: string;
  /** @default - the control plane's namespace */
  readonly namespace?: string;
  /** @default - every listener */
  readonly sectionName?: string;
  /** @default - every port */
  readonly port?: number;
}

/** Exposes the API server through the Gateway API (a TLSRoute). */
export interface GatewayOptions {
  /** @default - none */
  readonly hostname?: string;
  readonly parentRefs: GatewayParentReference[];
  /** @default - none */
  readonly labels?: { [key: string]: string };
  /** @default - none */
  readonly annotations?: { [key: string]: string };
}

/** Everything that goes into a TenantControlPlane object. */
export interface TenantControlPlaneSpecOptions {
  /** Name of the control plane: an RFC 1035 label (Kamaji names a Service after it). */
  readonly name: string;
  /**
   * Namespace of the control plane in the management cluster.
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * Kubernetes version of the control plane.
   * @default KubernetesVersion.DEFAULT
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /**
   * Control plane pods; 0 puts the control plane to sleep.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * How the API server is exposed.
   * @default ServiceType.LOAD_BALANCER
   */
  readonly serviceType?: ServiceType;
  /** @default - none */
  readonly serviceLabels?: { [key: string]: string };
  /** @default - none */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Whether a LoadBalancer Service also allocates node ports (LoadBalancer only).
   * @default - Kubernetes' default (true)
   */
  readonly allocateLoadBalancerNodePorts?: boolean;
  /** @default - port 6443, services 10.96.0.0/16, pods 10.244.0.0/16, DNS 10.96.0.10 */
  readonly networkProfile?: NetworkProfileOptions;
  /** @default - systemd cgroup driver */
  readonly kubelet?: KubeletOptions;
  /** @default - CoreDNS, kube-proxy and konnectivity, all enabled */
  readonly addons?: AddonsOptions;
  /**
   * The Kamaji DataStore holding the control plane's state: a `DataStore` of the app, or
   * `DataStore.fromDataStoreName(scope, id, name)` for one made elsewhere.
   * @default - Kamaji's default DataStore
   */
  readonly dataStoreRef?: IDataStore;
  /**
   * Name of the Kamaji DataStore holding the control plane's state.
   * @default - Kamaji's default DataStore
   * @deprecated use `dataStoreRef` (`DataStore.fromDataStoreName(scope, id, name)` for a name)
   */
  readonly dataStore?: string;
  /**
   * Database name (SQL) or key prefix (etcd) in the DataStore; immutable.
   * @default - Kamaji derives one
   */
  readonly dataStoreSchema?: string;
  /**
   * Database user in the DataStore; immutable.
   * @default - Kamaji derives one
   */
  readonly dataStoreUsername?: string;
  /** @default - Kamaji's defaults */
  readonly deployment?: ControlPlaneDeploymentOptions;
  /** @default - no Ingress */
  readonly ingress?: IngressOptions;
  /** @default - no Gateway route */
  readonly gateway?: GatewayOptions;
  /** Labels of the TenantControlPlane object. @default - none */
  readonly labels?: { [key: string]: string };
  /** Annotations of the TenantControlPlane object. @default - none */
  readonly annotations?: { [key: string]: string };
  /**
   * Raw `spec` fields the typed props do not cover, deep-merged over the rendered spec
   * (objects merge, anything else replaces). Fields the typed props own are refused.
   * @default - none
   */
  readonly specOverrides?: { [key: string]: unknown };
}

export const DEFAULTS = {
  namespace: 'default',
  replicas: 2,
  serviceType: ServiceType.LOAD_BALANCER,
  port: 6443,
  serviceCidrs: ['10.96.0.0/16'],
  podCidrs: ['10.244.0.0/16'],
  clusterDomain: 'cluster.local',
  cgroupDriver: CgroupDriver.SYSTEMD,
  konnectivityServerPort: 8132,
  konnectivityAgentMode: KonnectivityAgentMode.DAEMON_SET,
} as const;

/**
 * The `spec` paths the typed props own; `specOverrides` may not set them, because the
 * construct's own checks and outputs (version, replicas, endpoint) rely on them.
 */
export const TYPED_SPEC_PATHS = [
  'kubernetes.version',
  'controlPlane.deployment.replicas',
  'controlPlane.service.serviceType',
  'networkProfile.port',
  'kubernetes.kubelet.configurationJSONPatches',
];

/** Service CIDRs after defaults, in the order given. */
export function effectiveServiceCidrs(options: TenantControlPlaneSpecOptions): string[] {
  return options.networkProfile?.serviceCidrs ?? [...DEFAULTS.serviceCidrs];
}

/**
 * Kamaji's own default for dnsServiceIPs: the tenth address of the first service CIDR.
 * Written out so the plan shows it and node pools can read it.
 */
export function effectiveDnsServiceIps(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: (value: unknown) => boolean,
): string[] | undefined {
  if (options.networkProfile?.dnsServiceIps) return options.networkProfile.dnsServiceIps;
  const first = effectiveServiceCidrs(options)[0];
  if (first === undefined || isUnresolved(first)) return undefined;
  const parsed = parseCidr(first);
  return parsed ? [dnsServiceIp(parsed)] : undefined;
}

/** Renders the whole TenantControlPlane object (apiVersion, kind, metadata, spec). */
export function renderTenantControlPlane(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: (value: unknown) => boolean,
  /**
   * The rendered kubelet patches; the construct passes a late-bound value, as pools
   * register after the control plane. By default, those for the default oldest kubelet.
   */
  kubeletPatches?: unknown,
  // Spelled out: JsonObject is a private alias, not public API.
): { [key: string]: unknown } {
  const patches = kubeletPatches ?? defaultKubeletPatches(options, isUnresolved);
  const spec = deepMerge(renderSpec(options, isUnresolved, patches), options.specOverrides ?? {});
  return {
    apiVersion: KAMAJI_API_VERSION,
    kind: 'TenantControlPlane',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? DEFAULTS.namespace,
      ...nonEmpty('labels', options.labels),
      ...nonEmpty('annotations', options.annotations),
    },
    spec,
  };
}

function renderSpec(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: (value: unknown) => boolean,
  kubeletPatches: unknown,
): JsonObject {
  return {
    ...(dataStoreNameOf(options) !== undefined && { dataStore: dataStoreNameOf(options) }),
    ...(options.dataStoreSchema !== undefined && { dataStoreSchema: options.dataStoreSchema }),
    ...(options.dataStoreUsername !== undefined && {
      dataStoreUsername: options.dataStoreUsername,
    }),
    controlPlane: renderControlPlane(options),
    kubernetes: {
      version: (options.kubernetesVersion ?? KubernetesVersion.DEFAULT).version,
      kubelet: renderKubelet(options.kubelet ?? {}, kubeletPatches),
    },
    networkProfile: renderNetworkProfile(options, isUnresolved),
    addons: renderAddons(options.addons ?? {}),
  };
}

function renderControlPlane(options: TenantControlPlaneSpecOptions): JsonObject {
  const deployment = options.deployment ?? {};
  const podMetadata = {
    ...nonEmpty('labels', deployment.podLabels),
    ...nonEmpty('annotations', deployment.podAnnotations),
  };
  const serviceMetadata = {
    ...nonEmpty('labels', options.serviceLabels),
    ...nonEmpty('annotations', options.serviceAnnotations),
  };
  return {
    deployment: {
      replicas: options.replicas ?? DEFAULTS.replicas,
      ...(deployment.resources && { resources: pruneEmpty(deployment.resources) }),
      ...(deployment.extraArgs && { extraArgs: pruneEmpty(deployment.extraArgs) }),
      ...nonEmpty('nodeSelector', deployment.nodeSelector),
      ...(deployment.tolerations?.length && {
        tolerations: deployment.tolerations.map(renderToleration),
      }),
      ...(Object.keys(podMetadata).length > 0 && { podAdditionalMetadata: podMetadata }),
    },
    service: {
      serviceType: options.serviceType ?? DEFAULTS.serviceType,
      ...(options.allocateLoadBalancerNodePorts !== undefined && {
        allocateLoadBalancerNodePorts: options.allocateLoadBalancerNodePorts,
      }),
      ...(Object.keys(serviceMetadata).length > 0 && { additionalMetadata: serviceMetadata }),
    },
    ...(options.ingress && { ingress: renderIngress(options.ingress) }),
    ...(options.gateway && { gateway: renderGateway(options.gateway) }),
  };
}

function renderIngress(ingress: IngressOptions): JsonObject {
  const metadata = {
    ...nonEmpty('labels', ingress.labels),
    ...nonEmpty('annotations', ingress.annotations),
  };
  return {
    hostname: ingress.hostname,
    ...(ingress.ingressClassName !== undefined && { ingressClassName: ingress.ingressClassName }),
    ...(Object.keys(metadata).length > 0 && { additionalMetadata: metadata }),
  };
}

function renderGateway(gateway: GatewayOptions): JsonObject {
  const metadata = {
    ...nonEmpty('labels', gateway.labels),
    ...nonEmpty('annotations', gateway.annotations),
  };
  return {
    ...(gateway.hostname !== undefined && { hostname: gateway.hostname }),
    parentRefs: gateway.parentRefs.map((ref) => ({
      name: ref.name,
      ...(ref.namespace !== undefined && { namespace: ref.namespace }),
      ...(ref.sectionName !== undefined && { sectionName: ref.sectionName }),
      ...(ref.port !== undefined && { port: ref.port }),
    })),
    ...(Object.keys(metadata).length > 0 && { additionalMetadata: metadata }),
  };
}

function renderKubelet(kubelet: KubeletOptions, patches: unknown): JsonObject {
  return {
    configurationJSONPatches: patches as JsonObject[],
    ...(kubelet.preferredAddressTypes && {
      preferredAddressTypes: kubelet.preferredAddressTypes,
    }),
  };
}

/**
 * What decides the kubelet configuration besides the oldest kubelet; the user's patches
 * are left out (undefined) while they hold tokens, and are then not checked.
 */
export function kubeletConfigurationInputs(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: (value: unknown) => boolean,
): KubeletConfigurationInputs & { readonly renderedUserPatches: unknown[] } {
  const kubelet = options.kubelet ?? {};
  const rendered = (
    Array.isArray(kubelet.configurationJsonPatches) ? kubelet.configurationJsonPatches : []
  ).map(renderPatch);
  const resolved = rendered.every((patch) => !containsToken(patch, isUnresolved));
  return {
    cgroupDriver: kubelet.cgroupDriver ?? DEFAULTS.cgroupDriver,
    clusterDomain: options.networkProfile?.clusterDomain ?? DEFAULTS.clusterDomain,
    clusterDns: effectiveDnsServiceIps(options, isUnresolved),
    userPatches: resolved ? (rendered as unknown as JsonPatchOperation[]) : undefined,
    renderedUserPatches: rendered,
  };
}

/** The oldest kubelet minor served when no pool or prop says otherwise. */
export function defaultOldestKubeletMinor(options: TenantControlPlaneSpecOptions): number {
  const explicit = options.kubelet?.oldestKubeletVersion;
  if (KubernetesVersion.isKubernetesVersion(explicit) && explicit.parts)
    return explicit.parts.minor;
  const version = options.kubernetesVersion ?? KubernetesVersion.DEFAULT;
  const minor = (KubernetesVersion.isKubernetesVersion(version) ? version.parts : undefined)?.minor;
  return defaultOldestMinor(minor ?? KubernetesVersion.DEFAULT.parts!.minor);
}

function defaultKubeletPatches(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: (value: unknown) => boolean,
): unknown[] {
  const inputs = kubeletConfigurationInputs(options, isUnresolved);
  return kubeletConfigurationPatches(
    inputs,
    defaultOldestKubeletMinor(options),
    inputs.renderedUserPatches,
  );
}

function renderPatch(patch: KubeletConfigurationPatch): JsonObject {
  return {
    op: patch?.op,
    path: patch?.path,
    ...(patch?.value !== undefined && { value: patch.value }),
    ...(patch?.from !== undefined && { from: patch.from }),
  } as JsonObject;
}

function containsToken(value: unknown, isUnresolved: (value: unknown) => boolean): boolean {
  if (isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some((item) => containsToken(item, isUnresolved));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, item]) => isUnresolved(key) || containsToken(item, isUnresolved),
    );
  }
  return false;
}

function renderNetworkProfile(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: (value: unknown) => boolean,
): JsonObject {
  const profile = options.networkProfile ?? {};
  const serviceCidrs = effectiveServiceCidrs(options);
  const podCidrs = profile.podCidrs ?? [...DEFAULTS.podCidrs];
  const dnsServiceIps = effectiveDnsServiceIps(options, isUnresolved);
  return {
    ...(profile.address !== undefined && { address: profile.address }),
    ...(profile.advertiseAddress !== undefined && { advertiseAddress: profile.advertiseAddress }),
    ...(profile.allowAddressAsExternalIp !== undefined && {
      allowAddressAsExternalIP: profile.allowAddressAsExternalIp,
    }),
    port: profile.port ?? DEFAULTS.port,
    ...(profile.certSans?.length && { certSANs: profile.certSans }),
    // The deprecated singular fields mirror the first block: left out, the CRD would
    // default them to 10.96.0.0/16 and 10.244.0.0/16 whatever the lists say.
    serviceCidr: serviceCidrs[0],
    serviceCidrs,
    podCidr: podCidrs[0],
    podCidrs,
    ...(dnsServiceIps && { dnsServiceIPs: dnsServiceIps }),
    clusterDomain: profile.clusterDomain ?? DEFAULTS.clusterDomain,
    ...(profile.loadBalancerClass !== undefined && {
      loadBalancerClass: profile.loadBalancerClass,
    }),
    ...(profile.loadBalancerSourceRanges?.length && {
      loadBalancerSourceRanges: profile.loadBalancerSourceRanges,
    }),
  };
}

function renderAddons(addons: AddonsOptions): JsonObject {
  const konnectivity = addons.konnectivity ?? {};
  return {
    ...(addons.coreDns?.enabled !== false && { coreDNS: renderImageAddon(addons.coreDns) }),
    ...(addons.kubeProxy?.enabled !== false && { kubeProxy: renderImageAddon(addons.kubeProxy) }),
    ...(konnectivity.enabled !== false && {
      konnectivity: {
        server: { port: konnectivity.serverPort ?? DEFAULTS.konnectivityServerPort },
        agent: {
          mode: konnectivity.agentMode ?? DEFAULTS.konnectivityAgentMode,
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

/** `{ [key]: map }` when the map has entries, `{}` otherwise (for spreading). */
function nonEmpty(
  key: string,
  map: { [key: string]: string } | undefined,
): { [key: string]: { [key: string]: string } } {
  return map && Object.keys(map).length > 0 ? { [key]: map } : {};
}

/** Drops keys whose value is undefined, so the manifest holds only what was given. */
function pruneEmpty<T extends object>(value: T): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
