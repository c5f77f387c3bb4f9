/**
 * The kubelet configuration a control plane serves to its nodes (issue #16): which
 * kubelets it must be readable by, the JSON patches that make it so, and which pools it
 * can take. Pure module: no CDKTF import (control planes and pools are plain keys here).
 *
 * Patch order, as rendered into spec.kubernetes.kubelet.configurationJSONPatches:
 * 1. the compatibility patches for the oldest kubelet served (kubelet-compatibility.ts);
 * 2. the cgroup driver, with `add` (the key is absent in what Kamaji renders, so a
 *    `replace` fails: Kamaji issue 1310);
 * 3. the user's own patches, last, so they see and may change everything before them.
 * The result is checked at synth against the oldest kubelet served and each pool.
 */
import { Problem } from '../errors';
import { KubeletMessages } from './kubelet-messages';
import { applyJsonPatch, JsonPatchError, JsonPatchOperation } from '../private/json-patch';
import {
  compatibilityPatches,
  defaultOldestMinor,
  kubeadmJoinProblem,
  lenientOnlyFields,
  OLDEST_JOINING_MINOR,
  readKubeletConfiguration,
  reencodeLikeKamaji,
} from './kubelet-compatibility';
import { kamajiKubeletConfiguration } from './kubelet-compatibility-data';
import { KubernetesVersion } from './kubernetes-version';
import { sharedWeakMap } from '../private/shared-state';

/** What decides a control plane's kubelet configuration, but the oldest kubelet. */
export interface KubeletConfigurationInputs {
  readonly cgroupDriver: string;
  readonly clusterDomain: string;
  readonly clusterDns?: string[];
  /** The user's patches, in order; undefined when they hold tokens (not checked). */
  readonly userPatches?: JsonPatchOperation[];
}

/** Every patch of the control plane, in the documented order. */
export function kubeletConfigurationPatches(
  inputs: KubeletConfigurationInputs,
  oldestMinor: number,
  userPatches: readonly unknown[] = inputs.userPatches ?? [],
): unknown[] {
  return [
    ...compatibilityPatches(oldestMinor),
    { op: 'add', path: '/cgroupDriver', value: inputs.cgroupDriver },
    ...userPatches,
  ];
}

/**
 * The kubelet configuration nodes get, as the table models Kamaji: its rendered defaults,
 * the patches applied, then its re-encoding. Throws JsonPatchError when a patch fails.
 */
export function effectiveKubeletConfiguration(
  inputs: KubeletConfigurationInputs,
  oldestMinor: number,
): { [key: string]: unknown } {
  const rendered = kamajiKubeletConfiguration({
    clusterDomain: inputs.clusterDomain,
    clusterDns: inputs.clusterDns,
  });
  const patches = kubeletConfigurationPatches(inputs, oldestMinor) as JsonPatchOperation[];
  return reencodeLikeKamaji(applyJsonPatch(rendered, patches) as { [key: string]: unknown });
}

/**
 * Why kubelet 1.`minor` would not read `config`: its refusals, and unknown fields other
 * than those Kamaji always writes back (which it reads leniently).
 */
export function readingProblems(config: { [key: string]: unknown }, minor: number): string[] {
  const reading = readKubeletConfiguration(config, minor);
  const lenient = lenientOnlyFields(minor);
  return [
    ...reading.errors,
    ...reading.unknownFields
      .filter((field) => !lenient.includes(field))
      .map((field) => `unknown field ${field}`),
  ];
}

/**
 * Problems of the user's patches for a control plane serving kubelets from
 * 1.`oldestMinor` on: they must apply, and leave a configuration that kubelet reads.
 */
export function checkUserPatches(
  inputs: KubeletConfigurationInputs,
  oldestMinor: number,
  field: string,
): Problem[] {
  const user = inputs.userPatches;
  if (!user || user.length === 0) return [];
  let config: { [key: string]: unknown };
  try {
    config = effectiveKubeletConfiguration(inputs, oldestMinor);
  } catch (e) {
    if (!(e instanceof JsonPatchError)) throw e;
    const ours = kubeletConfigurationPatches(inputs, oldestMinor, []).length;
    const index = e.index - ours;
    return [KubeletMessages.patchNotApplied(`${field}[${index}]`, user[index], e.reason)];
  }
  const reasons = readingProblems(config, oldestMinor);
  return reasons.length === 0
    ? []
    : [
        KubeletMessages.patchesBreakOldestKubelet(
          field,
          user,
          `v1.${oldestMinor}`,
          reasons.join('; '),
        ),
      ];
}

/** What a control plane of this app serves, and the pools that registered with it. */
interface Served {
  readonly name: string;
  readonly controlPlaneMinor?: number;
  /** The explicit oldest kubelet, and the prop that sets it (for messages). */
  readonly explicitOldest?: number;
  readonly explicitProp: string;
  /** Undefined for an imported control plane: its configuration is made elsewhere. */
  readonly inputs?: KubeletConfigurationInputs;
  readonly poolMinors: number[];
}

const served = sharedWeakMap<object, Served>('served-kubelets');

/** Records what `controlPlane` serves; called once by the control plane's constructor. */
export function serveKubelets(controlPlane: object, entry: Omit<Served, 'poolMinors'>): void {
  served.set(controlPlane, { ...entry, poolMinors: [] });
}

/**
 * The oldest kubelet minor `controlPlane` serves: the explicit one, else the oldest pool
 * registered with it, else the control plane's minor minus the allowed skew.
 */
export function oldestServedMinor(controlPlane: object): number | undefined {
  const entry = served.get(controlPlane);
  if (!entry) return undefined;
  if (entry.explicitOldest !== undefined) return entry.explicitOldest;
  if (entry.poolMinors.length > 0) return Math.min(...entry.poolMinors);
  return entry.controlPlaneMinor === undefined
    ? undefined
    : defaultOldestMinor(entry.controlPlaneMinor);
}

/**
 * Registers a pool of kubelet `version` with `controlPlane` and returns why it cannot be
 * served: older than the explicit oldest kubelet, a kubeadm that cannot join, or a
 * kubelet that would refuse the configuration (user patches included).
 */
export function admitPool(controlPlane: object, version: KubernetesVersion, field: string): Problem[] {
  const entry = served.get(controlPlane);
  const minor = version.parts?.minor;
  if (!entry || minor === undefined) return [];
  if (entry.controlPlaneMinor !== undefined) {
    const reason = kubeadmJoinProblem(minor, entry.controlPlaneMinor);
    if (reason) {
      return [KubeletMessages.poolCannotJoin(field, version.version, entry.name, reason, `v1.${OLDEST_JOINING_MINOR}`)];
    }
  }
  if (entry.explicitOldest !== undefined && minor < entry.explicitOldest) {
    return [KubeletMessages.poolOlderThanServed(field, version.version, `v1.${entry.explicitOldest}`, entry.name, entry.explicitProp)];
  }
  entry.poolMinors.push(minor);
  if (!entry.inputs) return [];
  const oldest = oldestServedMinor(controlPlane)!;
  let config: { [key: string]: unknown };
  try {
    config = effectiveKubeletConfiguration(entry.inputs, oldest);
  } catch (e) {
    if (e instanceof JsonPatchError) return []; // the control plane reports its own patches
    throw e;
  }
  const reasons = readingProblems(config, minor);
  return reasons.length === 0
    ? []
    : [KubeletMessages.poolCannotReadConfiguration(field, version.version, entry.name, reasons.join('; '))];
} // prettier-ignore
