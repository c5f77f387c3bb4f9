/**
 * The typed TenantControlPlane spec and its rendering to the Kamaji manifest
 * (group kamaji.clastix.io, version v1alpha1): the object, its control plane pods and
 * how the API server is exposed. The network profile, kubelet and addons sections have
 * files of their own. Pure module: no CDKTF import, so it can be unit-tested directly
 * and moved to another front end.
 */
import { deepMerge, JsonObject } from '../private/deep-merge';
import { dataStoreNameOf, IDataStore } from './data-store-ref';
import { JsonPatchOperation } from '../private/json-patch';
import { ADDONS_DEFAULTS, AddonsOptions, renderAddons } from './addons-spec';
import { defaultOldestMinor } from './kubelet-compatibility';
import { kubeletConfigurationPatches, KubeletConfigurationInputs } from './kubelet-configuration';
import {
  containsToken,
  KUBELET_DEFAULTS,
  KubeletOptions,
  renderKubelet,
  renderPatch,
} from './kubelet-spec';
import { KubernetesVersion } from './kubernetes-version';
import {
  effectiveDnsServiceIps,
  NETWORK_PROFILE_DEFAULTS,
  NetworkProfileOptions,
  renderNetworkProfile,
} from './network-profile-spec';
import { renderToleration, Toleration } from './scheduling';

export const KAMAJI_API_VERSION = 'kamaji.clastix.io/v1alpha1';

/** How Kamaji exposes the tenant API server (`spec.controlPlane.service.serviceType`). */
export enum ServiceType {
  CLUSTER_IP = 'ClusterIP',
  NODE_PORT = 'NodePort',
  LOAD_BALANCER = 'LoadBalancer',
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
  ...NETWORK_PROFILE_DEFAULTS,
  ...KUBELET_DEFAULTS,
  ...ADDONS_DEFAULTS,
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
    networkProfile: renderNetworkProfile(options.networkProfile, isUnresolved),
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
    clusterDns: effectiveDnsServiceIps(options.networkProfile, isUnresolved),
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
