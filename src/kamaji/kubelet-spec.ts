/**
 * The kubelet settings of a TenantControlPlane (`spec.kubernetes.kubelet`): cgroup driver,
 * preferred address types, the oldest kubelet served and the user's JSON patches of the
 * kubelet configuration. Pure module: no CDKTF import.
 */
import { JsonObject } from '../private/deep-merge';
import { KubernetesVersion } from './kubernetes-version';

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

/** What an unset kubelet field means. */
export const KUBELET_DEFAULTS = {
  cgroupDriver: CgroupDriver.SYSTEMD,
} as const;

/** Renders `spec.kubernetes.kubelet` around the kubelet patches the construct decided. */
export function renderKubelet(kubelet: KubeletOptions, patches: unknown): JsonObject {
  return {
    configurationJSONPatches: patches as JsonObject[],
    ...(kubelet.preferredAddressTypes && {
      preferredAddressTypes: kubelet.preferredAddressTypes,
    }),
  };
}

/** A user's patch as Kamaji's `configurationJSONPatches` entry: unset members left out. */
export function renderPatch(patch: KubeletConfigurationPatch): JsonObject {
  return {
    op: patch?.op,
    path: patch?.path,
    ...(patch?.value !== undefined && { value: patch.value }),
    ...(patch?.from !== undefined && { from: patch.from }),
  } as JsonObject;
}

/** Whether a rendered patch holds an unresolved token anywhere, keys included. */
export function containsToken(value: unknown, isUnresolved: (value: unknown) => boolean): boolean {
  if (isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some((item) => containsToken(item, isUnresolved));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, item]) => isUnresolved(key) || containsToken(item, isUnresolved),
    );
  }
  return false;
}
