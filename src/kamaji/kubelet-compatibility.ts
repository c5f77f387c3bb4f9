/**
 * Which kubelet configuration each kubelet minor reads, what Kamaji writes, and which
 * kubeadm joins which control plane (issue #16). Facts from the Kubernetes and Kamaji
 * sources, each cited where it is used; what was inferred rather than read says so.
 * Pure module: no CDKTF import.
 *
 * Why this matters: every node's `kubeadm join` writes the tenant's `kubelet-config`
 * ConfigMap to `/var/lib/kubelet/config.yaml`. Kamaji renders that ConfigMap once per
 * control plane, with the kubelet defaults of the Kubernetes libraries it embeds (not of
 * the control plane's version), so fields and feature-gated values of the newest
 * Kubernetes reach the oldest kubelets too (clastix/kamaji issue 1062).
 *
 * The tables this logic reads (fields per minor, gated fields, Kamaji's rendered
 * configuration, kubeadm's API versions) are in kubelet-compatibility-data.ts.
 */
import { JsonPatchOperation } from '../private/json-patch';
import {
  ALWAYS_ENCODED,
  FIELDS_OF_1_27,
  FLUSH_FREQUENCY_STRING_SINCE,
  GATED_FIELDS,
  IMAGE_PULL_POLICIES,
  KAMAJI_EMBEDDED_MINOR,
  KUBEADM,
  KUBELET_FEATURE_GATES,
  KUBELET_FIELDS_ADDED,
  KUBELET_SKEW_MINORS,
  NESTED_FIELDS_OF_1_27,
} from './kubelet-compatibility-data';

/** Whether `gate` is known to kubelet 1.`minor`, and on by default there. */
export function featureGateDefault(
  gate: string,
  minor: number,
): { known: boolean; enabled: boolean } {
  const spec = KUBELET_FEATURE_GATES[gate];
  if (!spec) return { known: false, enabled: false };
  return { known: minor >= spec.known, enabled: minor >= spec.onByDefault };
}

/**
 * What Kamaji does after the patches: it decodes the JSON into the v0.36.1 Go type and
 * encodes it again (uploadconfig.go, since PR 1099 into a fresh struct). Keys the type
 * does not have are dropped; non-pointer structs and durations come back even when a
 * patch removed them, empty or zero. This models the top level and the structs of
 * ALWAYS_ENCODED.
 */
export function reencodeLikeKamaji(config: { [key: string]: unknown }): {
  [key: string]: unknown;
} {
  const known = new Set(fieldsKnownAt(KAMAJI_EMBEDDED_MINOR));
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(config)) if (known.has(key)) out[key] = value;
  for (const [key, empty] of Object.entries(ALWAYS_ENCODED)) {
    if (!(key in out)) out[key] = empty;
  }
  return out;
}

/**
 * What Kamaji's re-encoding always writes although older kubelets do not know it (see
 * ALWAYS_ENCODED): no patch can drop these. The kubelet decodes its config file strictly
 * first and, on a strict-decoding error (unknown field), decodes it again leniently and
 * logs "Using lenient decoding as strict decoding failed"
 * (pkg/kubelet/kubeletconfig/util/codec/codec.go, DecodeKubeletConfiguration; present in
 * the copies found, the first release with it not verified here). So for these kubelets
 * the configuration is read leniently, not strictly; every other key decodes strictly.
 */
export function lenientOnlyFields(minor: number): string[] {
  return ['/imageMaximumGCAge', '/crashLoopBackOff', '/logging/options/text'].filter(
    (pointer) => minor < KUBELET_FIELDS_ADDED[pointer],
  );
}

/** Top-level keys of the v1beta1 type of kubelet 1.`minor`. */
export function fieldsKnownAt(minor: number): string[] {
  return [
    ...FIELDS_OF_1_27,
    ...Object.entries(KUBELET_FIELDS_ADDED)
      .filter(([pointer, since]) => pointer.lastIndexOf('/') === 0 && since <= minor)
      .map(([pointer]) => pointer.slice(1)),
  ];
}

function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** How kubelet 1.`minor` reads a configuration. */
export interface KubeletReading {
  /** Keys its v1beta1 type does not have: strict decoding fails on them. */
  readonly unknownFields: string[];
  /** What makes the kubelet refuse the configuration (decoding or validation). */
  readonly errors: string[];
}

/**
 * Decodes `config` as kubelet 1.`minor` would (strictly, as the tables model it) and runs the
 * validations of ValidateKubeletConfiguration that depend on the table: gated fields,
 * feature gates it does not know, the image pull policy values.
 */
export function readKubeletConfiguration(
  config: { [key: string]: unknown },
  minor: number,
): KubeletReading {
  const unknownFields: string[] = [];
  const errors: string[] = [];
  if (config.apiVersion !== 'kubelet.config.k8s.io/v1beta1') {
    errors.push(`apiVersion ${JSON.stringify(config.apiVersion)} is not kubelet.config.k8s.io/v1beta1`);
  }
  if (config.kind !== 'KubeletConfiguration') {
    errors.push(`kind ${JSON.stringify(config.kind)} is not KubeletConfiguration`);
  }
  const known = new Set(fieldsKnownAt(minor));
  for (const key of Object.keys(config)) {
    if (!known.has(key)) unknownFields.push(`/${key}`);
  }
  walkNested(config, minor, unknownFields);

  const flush = (config.logging as { flushFrequency?: unknown } | undefined)?.flushFrequency;
  if (typeof flush === 'string' && minor < FLUSH_FREQUENCY_STRING_SINCE) {
    errors.push(`logging.flushFrequency ${JSON.stringify(flush)} is not an integer of nanoseconds`);
  }

  const gates = isObject(config.featureGates) ? config.featureGates : {};
  for (const [gate, value] of Object.entries(gates)) {
    if (KUBELET_FEATURE_GATES[gate] && !featureGateDefault(gate, minor).known) {
      errors.push(`featureGates: unrecognized feature gate: ${gate}`);
    } else if (typeof value !== 'boolean') {
      errors.push(`featureGates.${gate}: ${JSON.stringify(value)} is not a boolean`);
    }
  }
  const enabled = (gate: string): boolean =>
    typeof gates[gate] === 'boolean'
      ? (gates[gate] as boolean)
      : featureGateDefault(gate, minor).enabled;

  for (const field of GATED_FIELDS) {
    if (KUBELET_FIELDS_ADDED[field.pointer] > minor) continue; // dropped by lenient decoding
    const value = valueAt(config, field.pointer);
    if (field.isSet(value) && !enabled(field.gate)) {
      errors.push(`${field.pointer.slice(1).replace(/\//g, '.')} must not be set: feature gate ${field.gate} is not enabled`);
    }
  }
  const policy = config.imagePullCredentialsVerificationPolicy;
  if (
    minor >= KUBELET_FIELDS_ADDED['/imagePullCredentialsVerificationPolicy'] &&
    enabled('KubeletEnsureSecretPulledImages') &&
    policy !== undefined &&
    !IMAGE_PULL_POLICIES.includes(String(policy))
  ) {
    errors.push(`imagePullCredentialsVerificationPolicy ${JSON.stringify(policy)} is not one of ${IMAGE_PULL_POLICIES.join(', ')}`);
  }
  return { unknownFields, errors };
} // prettier-ignore

function walkNested(config: unknown, minor: number, unknown: string[]): void {
  for (const [pointer, base] of Object.entries(NESTED_FIELDS_OF_1_27)) {
    // A container the kubelet does not know is reported once, as itself.
    if (!knownPath(pointer, minor)) continue;
    const value = valueAt(config, pointer);
    if (!isObject(value)) continue;
    const keys = [
      ...base,
      ...Object.entries(KUBELET_FIELDS_ADDED)
        .filter(([path, since]) => since <= minor && parentPointer(path) === pointer)
        .map(([path]) => path.slice(pointer.length + 1)),
    ];
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) unknown.push(`${pointer}/${key}`);
    }
  }
}

function knownPath(pointer: string, minor: number): boolean {
  if (pointer === '') return true;
  return (KUBELET_FIELDS_ADDED[pointer] ?? 0) <= minor && knownPath(parentPointer(pointer), minor);
}

function valueAt(config: unknown, pointer: string): unknown {
  let current = config;
  for (const token of pointer.slice(1).split('/')) {
    if (!isObject(current)) return undefined;
    current = current[token];
  }
  return current;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The patches that make Kamaji's kubelet configuration readable by every kubelet from
 * 1.`oldest` on. Newer kubelets lose nothing: the fields removed are either unknown to
 * them too or filled by their own defaulting with the same value (see GATED_FIELDS).
 *
 * Every removal is guarded: `add` first (which creates or replaces the member), then
 * `remove`, so it applies whether or not Kamaji rendered the field. A bare `remove` of a
 * missing path fails the whole patch in evanphx/json-patch and with it Kamaji's
 * kubelet-config phase; Kamaji PR 1099 only made removals stick, it does not skip them.
 */
export function compatibilityPatches(oldest: number): JsonPatchOperation[] {
  const patches: JsonPatchOperation[] = [];
  const guardedRemove = (path: string) => {
    patches.push({ op: 'add', path, value: false }, { op: 'remove', path });
  };
  for (const [pointer, since] of Object.entries(KUBELET_FIELDS_ADDED)) {
    // Top-level fields only; what cannot be removed (see ALWAYS_ENCODED) is left.
    if (pointer.lastIndexOf('/') !== 0 || pointer.slice(1) in ALWAYS_ENCODED) continue;
    if (oldest < acceptedFrom(pointer, since)) guardedRemove(pointer);
  }
  // A non-pointer struct: emptied, not removed (Kamaji writes it back anyway). Its only
  // field is gated, so emptying it is right until the gate is on by default.
  if (oldest < featureOn('KubeletCrashLoopBackOffMax')) {
    patches.push({ op: 'add', path: '/crashLoopBackOff', value: {} });
  }
  if (oldest < FLUSH_FREQUENCY_STRING_SINCE) {
    // 5s as integer nanoseconds: Kamaji's TimeOrMetaDuration then encodes an integer.
    patches.push({ op: 'add', path: '/logging/flushFrequency', value: 5000000000 });
  }
  return patches;
}

/** The first minor that both knows a field and accepts Kamaji's value of it. */
function acceptedFrom(pointer: string, since: number): number {
  const gated = GATED_FIELDS.find((field) => field.pointer === pointer);
  return gated ? Math.max(since, featureOn(gated.gate)) : since;
}

function featureOn(gate: string): number {
  return KUBELET_FEATURE_GATES[gate].onByDefault;
}

/** Why kubeadm 1.`kubeadmMinor` cannot join a control plane of 1.`controlPlaneMinor`, if so. */
export function kubeadmJoinProblem(kubeadmMinor: number, controlPlaneMinor: number): string | undefined {
  const apiVersion = KUBEADM.clusterConfigurationApiVersion;
  if (kubeadmMinor < KUBEADM.readsApiVersionFrom[apiVersion]) {
    return `its kubeadm cannot read the cluster's kubeadm-config (${apiVersion}, read from v1.${KUBEADM.readsApiVersionFrom[apiVersion]})`;
  }
  const minimum = KUBEADM.minimumControlPlaneMinor(kubeadmMinor);
  if (controlPlaneMinor < minimum) {
    return `its kubeadm only joins control planes from v1.${minimum}`;
  }
  return undefined;
} // prettier-ignore

/** The oldest kubelet minor any pool of this library can have: kubeadm must join. */
export const OLDEST_JOINING_MINOR =
  KUBEADM.readsApiVersionFrom[KUBEADM.clusterConfigurationApiVersion];

/**
 * The oldest kubelet a control plane's configuration serves by default: its minor minus
 * the allowed skew, but not below the oldest kubelet whose kubeadm can join.
 */
export function defaultOldestMinor(controlPlaneMinor: number): number {
  return Math.max(controlPlaneMinor - KUBELET_SKEW_MINORS, OLDEST_JOINING_MINOR);
}
