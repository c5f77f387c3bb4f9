/**
 * The tables of the kubelet compatibility model (issue #16): which fields each kubelet
 * minor knows, which feature gates guard which values, what Kamaji renders and re-encodes,
 * and what kubeadm reads. Facts only, each with its source; the logic that reads them is
 * kubelet-compatibility.ts. Pure module: no import at all.
 */

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
export const FIELDS_OF_1_27 = [
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
export const NESTED_FIELDS_OF_1_27: { readonly [pointer: string]: readonly string[] } = {
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
export const GATED_FIELDS: ReadonlyArray<{
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
export const IMAGE_PULL_POLICIES = [
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

/** Non-pointer struct and duration fields of the v0.36 type: encoded even when zero. */
export const ALWAYS_ENCODED: { readonly [key: string]: unknown } = {
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
