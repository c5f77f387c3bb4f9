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
 */
import { JsonPatchOperation } from '../private/json-patch';

/** The kubelet minors the table covers (all of them 1.x). */
export const KUBELET_TABLE_RANGE = { lowest: 27, highest: 36 };

/**
 * The Kubernetes libraries the targeted Kamaji (26.8.2-edge, commit ddbabd87) embeds:
 * go.mod has k8s.io/kubernetes v1.36.3 and k8s.io/kubelet v0.36.1.
 */
export const KAMAJI_EMBEDDED_MINOR = 36;

/** The kubelet version skew the library allows: pools up to three minors older. */
export const KUBELET_SKEW_MINORS = 3;

/**
 * Top-level KubeletConfiguration (kubelet.config.k8s.io/v1beta1) fields of kubelet 1.27:
 * the json tags of config/v1beta1/types.go at kubernetes/kubelet tag v0.27.0. No field
 * was removed from v0.27.0 to v0.36.0 (compared tag by tag).
 */
const FIELDS_OF_1_27 = [
  'address', 'allowedUnsafeSysctls', 'authentication', 'authorization', 'cgroupDriver',
  'cgroupRoot', 'cgroupsPerQOS', 'clusterDNS', 'clusterDomain',
  'configMapAndSecretChangeDetectionStrategy', 'containerLogMaxFiles', 'containerLogMaxSize',
  'containerRuntimeEndpoint', 'contentType', 'cpuCFSQuota', 'cpuCFSQuotaPeriod',
  'cpuManagerPolicy', 'cpuManagerPolicyOptions', 'cpuManagerReconcilePeriod',
  'enableContentionProfiling', 'enableControllerAttachDetach', 'enableDebugFlagsHandler',
  'enableDebuggingHandlers', 'enableProfilingHandler', 'enableServer', 'enableSystemLogHandler',
  'enableSystemLogQuery', 'enforceNodeAllocatable', 'eventBurst', 'eventRecordQPS',
  'evictionHard', 'evictionMaxPodGracePeriod', 'evictionMinimumReclaim',
  'evictionPressureTransitionPeriod', 'evictionSoft', 'evictionSoftGracePeriod', 'failSwapOn',
  'featureGates', 'fileCheckFrequency', 'hairpinMode', 'healthzBindAddress', 'healthzPort',
  'httpCheckFrequency', 'imageGCHighThresholdPercent', 'imageGCLowThresholdPercent',
  'imageMinimumGCAge', 'imageServiceEndpoint', 'iptablesDropBit', 'iptablesMasqueradeBit',
  'kernelMemcgNotification', 'kubeAPIBurst', 'kubeAPIQPS', 'kubeReserved', 'kubeReservedCgroup',
  'kubeletCgroups', 'localStorageCapacityIsolation', 'logging', 'makeIPTablesUtilChains',
  'maxOpenFiles', 'maxParallelImagePulls', 'maxPods', 'memoryManagerPolicy', 'memorySwap',
  'memoryThrottlingFactor', 'nodeLeaseDurationSeconds', 'nodeStatusMaxImages',
  'nodeStatusReportFrequency', 'nodeStatusUpdateFrequency', 'oomScoreAdj', 'podCIDR',
  'podPidsLimit', 'podsPerCore', 'port', 'protectKernelDefaults', 'providerID', 'qosReserved',
  'readOnlyPort', 'registerNode', 'registerWithTaints', 'registryBurst', 'registryPullQPS',
  'reservedMemory', 'reservedSystemCPUs', 'resolvConf', 'rotateCertificates', 'runOnce',
  'runtimeRequestTimeout', 'seccompDefault', 'serializeImagePulls', 'serverTLSBootstrap',
  'showHiddenMetricsForVersion', 'shutdownGracePeriod', 'shutdownGracePeriodByPodPriority',
  'shutdownGracePeriodCriticalPods', 'staticPodPath', 'staticPodURL', 'staticPodURLHeader',
  'streamingConnectionIdleTimeout', 'syncFrequency', 'systemCgroups', 'systemReserved',
  'systemReservedCgroup', 'tlsCertFile', 'tlsCipherSuites', 'tlsMinVersion',
  'tlsPrivateKeyFile', 'topologyManagerPolicy', 'topologyManagerPolicyOptions',
  'topologyManagerScope', 'tracing', 'volumePluginDir', 'volumeStatsAggPeriod',
  // TypeMeta, inline.
  'apiVersion', 'kind',
]; // prettier-ignore

/**
 * Fields added since 1.27, by the first kubelet minor whose v1beta1 type has them
 * (kubernetes/kubelet config/v1beta1/types.go, compared at tags v0.27.0 ... v0.36.0).
 * Paths are JSON pointers.
 */
export const KUBELET_FIELDS_ADDED: { readonly [pointer: string]: number } = {
  '/imageMaximumGCAge': 29,
  '/containerLogMaxWorkers': 30,
  '/containerLogMonitorInterval': 30,
  '/podLogsDir': 30,
  '/failCgroupV1': 31,
  '/crashLoopBackOff': 32,
  '/crashLoopBackOff/maxContainerRestartPeriod': 32,
  '/singleProcessOOMKill': 32,
  '/imagePullCredentialsVerificationPolicy': 33,
  '/preloadedImagesVerificationAllowlist': 33,
  '/mergeDefaultEvictionSettings': 33,
  '/userNamespaces': 33,
  '/userNamespaces/idsPerPod': 33,
  '/memoryReservationPolicy': 36,
  '/tlsCurvePreferences': 36,
  // k8s.io/component-base logs/api/v1 types.go: FormatOptions.Text appeared at v0.30.0.
  '/logging/options/text': 30,
};

/**
 * The nested objects decoded strictly here, with their keys known since 1.27 (the same
 * types.go; `logging` from k8s.io/component-base logs/api/v1/types.go at v0.27.0).
 * Other nested values (maps such as evictionHard, lists) are not walked.
 */
const NESTED_FIELDS_OF_1_27: { readonly [pointer: string]: readonly string[] } = {
  '/authentication': ['x509', 'webhook', 'anonymous'],
  '/authentication/x509': ['clientCAFile'],
  '/authentication/webhook': ['enabled', 'cacheTTL'],
  '/authentication/anonymous': ['enabled'],
  '/authorization': ['mode', 'webhook'],
  '/authorization/webhook': ['cacheAuthorizedTTL', 'cacheUnauthorizedTTL'],
  '/memorySwap': ['swapBehavior'],
  '/crashLoopBackOff': [],
  '/userNamespaces': [],
  '/logging': ['format', 'flushFrequency', 'verbosity', 'vmodule', 'options'],
  '/logging/options': ['json'],
  '/logging/options/json': ['splitStream', 'infoBufferSize'],
  '/logging/options/text': ['splitStream', 'infoBufferSize'],
};

/**
 * `logging.flushFrequency` was a `time.Duration` (a JSON integer of nanoseconds) in
 * component-base v0.27.0 and is a `TimeOrMetaDuration` (integer or duration string)
 * from v0.28.0: a string there fails the decoding of a 1.27 kubelet outright.
 */
export const FLUSH_FREQUENCY_STRING_SINCE = 28;

/**
 * The kubelet feature gates that gate a field Kamaji renders or that the table strips,
 * with the minor each became known (alpha, off by default) and turned on by default
 * (beta). From pkg/features/kube_features.go (versioned specs, kubernetes/kubernetes
 * master as stored; the same specs appear in the 1.32-1.35 copies found):
 * ImageMaximumGCAge 1.29 alpha, 1.30 beta; KubeletCrashLoopBackOffMax 1.32 alpha,
 * 1.35 beta; KubeletEnsureSecretPulledImages 1.33 alpha, 1.35 beta.
 */
export const KUBELET_FEATURE_GATES: {
  readonly [gate: string]: { readonly known: number; readonly onByDefault: number };
} = {
  ImageMaximumGCAge: { known: 29, onByDefault: 30 },
  KubeletCrashLoopBackOffMax: { known: 32, onByDefault: 35 },
  KubeletEnsureSecretPulledImages: { known: 33, onByDefault: 35 },
};

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
 * Fields whose value the kubelet refuses unless a gate is on, from
 * pkg/kubelet/apis/config/validation/validation.go (ValidateKubeletConfiguration):
 * "FeatureGate KubeletCrashLoopBackOffMax not enabled, CrashLoopBackOff.
 * MaxContainerRestartPeriod must not be set"; "`imagePullCredentialsVerificationPolicy`
 * must not be set if KubeletEnsureSecretPulledImages feature gate is not enabled" (and the
 * same for `preloadedImagesVerificationAllowlist`); "ImageMaximumGCAge feature gate is
 * required for Kubelet configuration option imageMaximumGCAge" (a non-zero duration).
 * With the gate on and the field absent the kubelet fills it itself: its decoder runs
 * SetDefaults_KubeletConfiguration (pkg/kubelet/apis/config/v1beta1/defaults.go), which
 * sets maxContainerRestartPeriod to 300s and the policy to NeverVerifyPreloadedImages.
 */
const GATED_FIELDS: ReadonlyArray<{
  pointer: string;
  gate: string;
  isSet: (value: unknown) => boolean;
}> = [
  {
    pointer: '/crashLoopBackOff/maxContainerRestartPeriod',
    gate: 'KubeletCrashLoopBackOffMax',
    isSet: (v) => v !== undefined && v !== null,
  },
  {
    pointer: '/imagePullCredentialsVerificationPolicy',
    gate: 'KubeletEnsureSecretPulledImages',
    isSet: (v) => typeof v === 'string' && v.length > 0,
  },
  {
    pointer: '/preloadedImagesVerificationAllowlist',
    gate: 'KubeletEnsureSecretPulledImages',
    isSet: (v) => Array.isArray(v) && v.length > 0,
  },
  {
    pointer: '/imageMaximumGCAge',
    gate: 'ImageMaximumGCAge',
    isSet: (v) => typeof v === 'string' && !/^(0+[a-zµ]*)+$/.test(v),
  },
];

/** The values validation.go accepts for imagePullCredentialsVerificationPolicy. */
const IMAGE_PULL_POLICIES = [
  'NeverVerify',
  'NeverVerifyPreloadedImages',
  'NeverVerifyAllowlistedImages',
  'AlwaysVerify',
];

/** What Kamaji puts into the ConfigMap besides the kubelet's own defaults. */
export interface KamajiKubeletInputs {
  /** spec.networkProfile.dnsServiceIPs. */
  readonly clusterDns?: string[];
  /** spec.networkProfile.clusterDomain. */
  readonly clusterDomain: string;
}

/**
 * The kubelet configuration Kamaji 26.8.2-edge hands to the JSON patches, as JSON:
 * internal/kubeadm/uploadconfig.go getKubeletConfigmapContent() runs the kubelet's
 * SetDefaults_KubeletConfiguration (k8s.io/kubernetes v1.36.3, with the Kamaji process's
 * default feature gates, hence KubeletCrashLoopBackOffMax and
 * KubeletEnsureSecretPulledImages on), then sets clientCAFile, clusterDNS,
 * clusterDomain, rotateCertificates, staticPodPath, resolvConf = nil, and cgroupDriver to
 * the deprecated spec.kubernetes.kubelet.cgroupfs, empty when unset, so the key is
 * absent (why a `replace /cgroupDriver` fails: Kamaji issue 1310). Encoded by the
 * apimachinery JSON serializer: `omitempty` drops empty scalars and nil pointers, but
 * never a non-pointer struct (crashLoopBackOff, memorySwap, the durations).
 * Modelled from defaults.go as stored (a master copy; the fields not in kubelet v0.36
 * types are left out, as Kamaji's v0.36.1 types would drop them).
 */
export function kamajiKubeletConfiguration(inputs: KamajiKubeletInputs): {
  [key: string]: unknown;
} {
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    enableServer: true,
    staticPodPath: '/etc/kubernetes/manifests',
    syncFrequency: '1m0s',
    fileCheckFrequency: '20s',
    httpCheckFrequency: '20s',
    address: '0.0.0.0',
    port: 10250,
    rotateCertificates: true,
    authentication: {
      x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
      webhook: { enabled: true, cacheTTL: '2m0s' },
      anonymous: { enabled: false },
    },
    authorization: {
      mode: 'Webhook',
      webhook: { cacheAuthorizedTTL: '5m0s', cacheUnauthorizedTTL: '30s' },
    },
    registryPullQPS: 5,
    registryBurst: 10,
    imagePullCredentialsVerificationPolicy: 'NeverVerifyPreloadedImages',
    eventRecordQPS: 50,
    eventBurst: 100,
    enableDebuggingHandlers: true,
    healthzPort: 10248,
    healthzBindAddress: '127.0.0.1',
    oomScoreAdj: -999,
    clusterDomain: inputs.clusterDomain,
    ...(inputs.clusterDns?.length && { clusterDNS: inputs.clusterDns }),
    streamingConnectionIdleTimeout: '4h0m0s',
    nodeStatusUpdateFrequency: '10s',
    nodeStatusReportFrequency: '5m0s',
    nodeLeaseDurationSeconds: 40,
    imageMinimumGCAge: '2m0s',
    imageMaximumGCAge: '0s',
    imageGCHighThresholdPercent: 85,
    imageGCLowThresholdPercent: 80,
    volumeStatsAggPeriod: '1m0s',
    cgroupsPerQOS: true,
    cpuManagerPolicy: 'none',
    cpuManagerReconcilePeriod: '10s',
    memoryManagerPolicy: 'None',
    topologyManagerPolicy: 'none',
    topologyManagerScope: 'container',
    runtimeRequestTimeout: '2m0s',
    hairpinMode: 'promiscuous-bridge',
    maxPods: 110,
    podPidsLimit: -1,
    cpuCFSQuota: true,
    cpuCFSQuotaPeriod: '100ms',
    nodeStatusMaxImages: 50,
    maxOpenFiles: 1000000,
    contentType: 'application/vnd.kubernetes.protobuf',
    kubeAPIQPS: 50,
    kubeAPIBurst: 100,
    serializeImagePulls: true,
    evictionPressureTransitionPeriod: '5m0s',
    mergeDefaultEvictionSettings: false,
    enableControllerAttachDetach: true,
    makeIPTablesUtilChains: true,
    iptablesMasqueradeBit: 14,
    iptablesDropBit: 15,
    failSwapOn: true,
    memorySwap: {},
    containerLogMaxSize: '10Mi',
    containerLogMaxFiles: 5,
    containerLogMaxWorkers: 1,
    containerLogMonitorInterval: '10s',
    configMapAndSecretChangeDetectionStrategy: 'Watch',
    enforceNodeAllocatable: ['pods'],
    volumePluginDir: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/',
    logging: {
      format: 'text',
      flushFrequency: '5s',
      verbosity: 0,
      options: { text: { infoBufferSize: '0' }, json: { infoBufferSize: '0' } },
    },
    enableSystemLogHandler: true,
    enableProfilingHandler: true,
    enableDebugFlagsHandler: true,
    shutdownGracePeriod: '0s',
    shutdownGracePeriodCriticalPods: '0s',
    crashLoopBackOff: { maxContainerRestartPeriod: '5m0s' },
    seccompDefault: false,
    memoryThrottlingFactor: 0.9,
    registerNode: true,
    localStorageCapacityIsolation: true,
    containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
    podLogsDir: '/var/log/pods',
    failCgroupV1: false,
  };
}

/**
 * What Kamaji does after the patches: it decodes the JSON into the v0.36.1 Go type and
 * encodes it again (uploadconfig.go, since PR 1099 into a fresh struct). Keys the type
 * does not have are dropped; non-pointer structs and durations come back even when a
 * patch removed them, empty or zero. This models the top level and the structs above.
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

/** Non-pointer struct and duration fields of the v0.36 type: encoded even when zero. */
const ALWAYS_ENCODED: { readonly [key: string]: unknown } = {
  authentication: { x509: {}, webhook: { cacheTTL: '0s' }, anonymous: {} },
  authorization: { webhook: { cacheAuthorizedTTL: '0s', cacheUnauthorizedTTL: '0s' } },
  syncFrequency: '0s',
  fileCheckFrequency: '0s',
  httpCheckFrequency: '0s',
  streamingConnectionIdleTimeout: '0s',
  nodeStatusUpdateFrequency: '0s',
  nodeStatusReportFrequency: '0s',
  imageMinimumGCAge: '0s',
  imageMaximumGCAge: '0s',
  volumeStatsAggPeriod: '0s',
  cpuManagerReconcilePeriod: '0s',
  runtimeRequestTimeout: '0s',
  evictionPressureTransitionPeriod: '0s',
  memorySwap: {},
  logging: { flushFrequency: 0, verbosity: 0, options: { text: {}, json: {} } },
  shutdownGracePeriod: '0s',
  shutdownGracePeriodCriticalPods: '0s',
  crashLoopBackOff: {},
};

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
 * Decodes `config` as kubelet 1.`minor` would (strictly, as modelled above) and runs the
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

/**
 * kubeadm on a joining node. `kubeadm join` reads the ClusterConfiguration from the
 * `kubeadm-config` ConfigMap (cmd/kubeadm/app/util/config/cluster.go) and checks the
 * control plane's version against its own (common.go NormalizeKubernetesVersion: "this
 * version of kubeadm only supports deploying clusters with the control plane version >=
 * MinimumControlPlaneVersion", which constants.go sets one minor below kubeadm's own).
 * There is no upper bound on the control plane's version.
 */
export const KUBEADM = {
  /**
   * The API version of the ClusterConfiguration Kamaji writes: it calls kubeadm's
   * uploadconfig.UploadConfiguration of k8s.io/kubernetes v1.36.3
   * (internal/kubeadm/uploadconfig.go), which marshals the current kubeadm API, v1beta4
   * since kubeadm 1.31.
   */
  clusterConfigurationApiVersion: 'kubeadm.k8s.io/v1beta4',
  /**
   * The first kubeadm minor that reads each API version from the cluster. v1beta3 from
   * 1.22 (common.go's support matrix), still compiled in 1.36 (Kamaji imports it).
   * v1beta4 from 1.31: kubernetes PR 125029 enabled it, and its review thread says
   * kubeadm 1.31 still wrote a v1beta3 copy so that nodes of kubeadm N-1 (1.30) could
   * join; that 1.30 cannot read v1beta4 is inferred from that statement, not read from
   * the 1.30 scheme.
   */
  readsApiVersionFrom: { 'kubeadm.k8s.io/v1beta3': 22, 'kubeadm.k8s.io/v1beta4': 31 } as {
    readonly [apiVersion: string]: number;
  },
  /** MinimumControlPlaneVersion of kubeadm 1.`minor`: one minor below. */
  minimumControlPlaneMinor: (kubeadmMinor: number): number => kubeadmMinor - 1,
};

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
