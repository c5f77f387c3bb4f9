/**
 * Synth-time checks of a TenantControlPlane's props (design D7). Each check mirrors
 * a rule Kamaji (CRD schema, CEL rules or admission webhook) would otherwise enforce
 * only at apply time, or a mistake that would break the tenant cluster later.
 * Pure module: no CDKTF import; unresolved tokens are skipped.
 */
import { Problem } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { KamajiMessages } from './kamaji-messages';
import { KubeletMessages } from './kubelet-messages';
import {
  cidrContains,
  cidrsOverlap,
  dnsServiceIp,
  parseCidr,
  parseIp,
  ParsedCidr,
} from '../private/cidr';
import { labelProblems } from '../private/labels';
import { isPlainObject } from '../private/deep-merge';
import { isRfc1035Label, isRfc1123Label } from '../private/names';
import { IsUnresolved } from '../private/unresolved';
import { InputChecks } from '../private/field-checks';
import { dataStoreRefProblems } from './data-store-ref';
import { defaultOldestMinor } from './kubelet-compatibility';
import { formatMinor, KubernetesVersion, SUPPORTED_MINORS } from './kubernetes-version';
import { KonnectivityAgentMode } from './addons-spec';
import { CgroupDriver, JsonPatchOp, NodeAddressType } from './kubelet-spec';
import { effectiveServiceCidrs } from './network-profile-spec';
import { TaintEffect, TolerationOperator } from './scheduling';
import {
  DEFAULTS,
  ServiceType,
  TenantControlPlaneSpecOptions,
  TYPED_SPEC_PATHS,
} from './tenant-control-plane-spec';

/**
 * The most control plane pods one TenantControlPlane may ask for. Kamaji's CRD allows
 * any int32 and defaults to 2; each pod is a whole kube-apiserver (with controller
 * manager and scheduler) holding its own watch cache of the tenant cluster and its own
 * connections to the DataStore. Kubernetes' HA topologies run three control plane
 * instances (kubeadm, "Options for Highly Available Topology"), and its guide for large
 * clusters (kubernetes.io, "Considerations for large clusters") runs one or two per
 * failure zone, scaled up before out. 100 leaves room for any real layout and still
 * refuses a count that is a typo (100000 would be scheduled, and fail, pod by pod).
 */
const MAX_CONTROL_PLANE_REPLICAS = 100;

/** Every problem in the props; empty when they are valid. */
export function validateTenantControlPlane(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [
    ...InputChecks.required('name', options.name),
    ...dataStoreRefProblems(options),
  ];

  if (known(options.name, isUnresolved) && !isRfc1035Label(String(options.name))) {
    problems.push(CommonMessages.notRfc1035Label('name', options.name));
  }
  if (known(options.namespace, isUnresolved) && !isRfc1123Label(String(options.namespace))) {
    problems.push(CommonMessages.notRfc1123Label('namespace', options.namespace));
  }
  problems.push(...checkVersion('kubernetesVersion', options.kubernetesVersion, isUnresolved));
  problems.push(...checkEnums(options, isUnresolved));
  if (known(options.replicas, isUnresolved)) {
    if (!isNonNegativeInteger(options.replicas)) {
      problems.push(CommonMessages.notNonNegativeInteger('replicas', options.replicas));
    } else if (options.replicas > MAX_CONTROL_PLANE_REPLICAS) {
      problems.push(
        KamajiMessages.tooManyControlPlaneReplicas(
          'replicas',
          options.replicas,
          MAX_CONTROL_PLANE_REPLICAS,
        ),
      );
    }
  }
  problems.push(...checkLabels(options, isUnresolved));
  problems.push(...checkNetwork(options, isUnresolved));
  problems.push(...checkServiceTypeFields(options, isUnresolved));
  problems.push(...checkKonnectivity(options, isUnresolved));
  if (options.ingress && options.gateway) {
    problems.push(
      KamajiMessages.ingressAndGateway({ ingress: options.ingress, gateway: options.gateway }),
    );
  }
  problems.push(...checkSpecOverrides(options.specOverrides));
  problems.push(...checkKubeletCompatibility(options, isUnresolved));
  return problems;
}

/** `kubelet.oldestKubeletVersion` and the shape of `kubelet.configurationJsonPatches`. */
function checkKubeletCompatibility(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  const kubelet = options.kubelet ?? {};
  const field = 'kubelet.oldestKubeletVersion';
  const oldest = kubelet.oldestKubeletVersion;
  const problems = checkVersionShape(field, oldest, isUnresolved);
  const controlPlane = options.kubernetesVersion ?? KubernetesVersion.DEFAULT;
  const cp = KubernetesVersion.isKubernetesVersion(controlPlane) ? controlPlane.parts : undefined;
  const own = KubernetesVersion.isKubernetesVersion(oldest) ? oldest.parts : undefined;
  if (problems.length === 0 && own && cp) {
    const lowest = defaultOldestMinor(cp.minor);
    if (own.major !== cp.major || own.minor < lowest || own.minor > cp.minor) {
      problems.push(
        KubeletMessages.oldestKubeletOutOfRange(
          field,
          oldest!.version,
          `v1.${lowest}`,
          `v${cp.major}.${cp.minor}`,
        ),
      );
    }
  }
  const patches = kubelet.configurationJsonPatches;
  problems.push(...InputChecks.list('kubelet.configurationJsonPatches', patches, isUnresolved));
  (Array.isArray(patches) ? patches : []).forEach((patch, i) => {
    const at = `kubelet.configurationJsonPatches[${i}]`;
    problems.push(
      ...InputChecks.enumValue(`${at}.op`, patch?.op, JsonPatchOp, 'JsonPatchOp', isUnresolved),
    );
    const path: unknown = patch?.path;
    if (known(path, isUnresolved) && (typeof path !== 'string' || !/^(\/.*)?$/.test(path))) {
      problems.push(KubeletMessages.notJsonPointer(`${at}.path`, path));
    }
  });
  return problems;
}

/** A KubernetesVersion in the `vX.Y.Z` format, when given. */
function checkVersionShape(
  field: string,
  version: KubernetesVersion | undefined,
  isUnresolved: IsUnresolved,
): Problem[] {
  if (version === undefined) return [];
  if (!KubernetesVersion.isKubernetesVersion(version)) {
    return InputChecks.madeWith(field, version, false, 'KubernetesVersion.of("v1.33.4")');
  }
  if (isUnresolved(version.version)) return [];
  return version.parts ? [] : [KamajiMessages.badVersionFormat(field, version.version)];
}

/** Format `vX.Y.Z` and the range this Kamaji release runs. */
export function checkVersion(
  field: string,
  version: KubernetesVersion | undefined,
  isUnresolved: IsUnresolved,
): Problem[] {
  const shape = checkVersionShape(field, version, isUnresolved);
  if (shape.length > 0 || version === undefined || isUnresolved(version.version)) return shape;
  if (!version.isSupported) {
    return [
      KamajiMessages.unsupportedVersion(
        field,
        version.version,
        formatMinor(SUPPORTED_MINORS.lowest),
        formatMinor(SUPPORTED_MINORS.highest),
      ),
    ];
  }
  return [];
}

/** Enum props hold one of their values (JavaScript and YAML callers can pass anything). */
function checkEnums(options: TenantControlPlaneSpecOptions, isUnresolved: IsUnresolved): Problem[] {
  const kubelet = options.kubelet ?? {};
  const addressTypes = kubelet.preferredAddressTypes;
  const tolerations = options.deployment?.tolerations;
  return [
    ...InputChecks.enumValue(
      'serviceType',
      options.serviceType,
      ServiceType,
      'ServiceType',
      isUnresolved,
    ),
    ...InputChecks.enumValue(
      'kubelet.cgroupDriver',
      kubelet.cgroupDriver,
      CgroupDriver,
      'CgroupDriver',
      isUnresolved,
    ),
    ...InputChecks.list('kubelet.preferredAddressTypes', addressTypes, isUnresolved),
    ...(Array.isArray(addressTypes) ? addressTypes : []).flatMap((type, i) =>
      InputChecks.enumValue(
        `kubelet.preferredAddressTypes[${i}]`,
        type,
        NodeAddressType,
        'NodeAddressType',
        isUnresolved,
      ),
    ),
    ...InputChecks.enumValue(
      'addons.konnectivity.agentMode',
      options.addons?.konnectivity?.agentMode,
      KonnectivityAgentMode,
      'KonnectivityAgentMode',
      isUnresolved,
    ),
    ...InputChecks.list('deployment.tolerations', tolerations, isUnresolved),
    ...(Array.isArray(tolerations) ? tolerations : []).flatMap((toleration, i) => [
      ...InputChecks.enumValue(
        `deployment.tolerations[${i}].operator`,
        toleration?.operator,
        TolerationOperator,
        'TolerationOperator',
        isUnresolved,
      ),
      ...InputChecks.enumValue(
        `deployment.tolerations[${i}].effect`,
        toleration?.effect,
        TaintEffect,
        'TaintEffect',
        isUnresolved,
      ),
    ]),
  ];
}

function checkNetwork(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  const profile = options.networkProfile ?? {};
  const problems: Problem[] = [];
  const prefix = 'networkProfile';

  if (known(profile.port, isUnresolved) && !isPort(profile.port)) {
    problems.push(CommonMessages.portOutOfRange(`${prefix}.port`, profile.port));
  }
  if (
    known(profile.clusterDomain, isUnresolved) &&
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(profile.clusterDomain)
  ) {
    problems.push(
      KamajiMessages.notClusterDomain(`${prefix}.clusterDomain`, profile.clusterDomain),
    );
  }

  const services = checkCidrList(
    `${prefix}.serviceCidrs`,
    effectiveServiceCidrs(options.networkProfile),
    isUnresolved,
    problems,
  );
  const pods = checkCidrList(
    `${prefix}.podCidrs`,
    profile.podCidrs ?? [...DEFAULTS.podCidrs],
    isUnresolved,
    problems,
  );
  for (const pod of pods) {
    for (const service of services) {
      if (cidrsOverlap(pod.parsed, service.parsed)) {
        problems.push(
          KamajiMessages.cidrsOverlap(
            pod.field,
            pod.text,
            service.text,
            `service CIDR ${service.field}`,
          ),
        );
      }
    }
  }

  const dnsIps = profile.dnsServiceIps;
  const first = services[0];
  if (dnsIps === undefined && first?.field === `${prefix}.serviceCidrs[0]`) {
    // Kamaji derives the DNS address from the first block: it must be a Service address
    // there (for IPv4 not the broadcast address, which Kubernetes never allocates).
    const address = dnsServiceIp(first.parsed);
    const lastUsable = first.parsed.last - (first.parsed.family === 'IPv4' ? 1n : 0n);
    if (first.parsed.first + (first.parsed.family === 'IPv4' ? 10n : 0x10n) > lastUsable) {
      problems.push(KamajiMessages.noRoomForDnsServiceIp(first.field, first.text, address));
    }
  }
  if (dnsIps && !isUnresolved(dnsIps)) {
    if (dnsIps.length > 8)
      problems.push(KamajiMessages.tooManyDnsServiceIps(`${prefix}.dnsServiceIps`, dnsIps));
    dnsIps.forEach((ip, i) => {
      const field = `${prefix}.dnsServiceIps[${i}]`;
      if (isUnresolved(ip)) return;
      const parsed = parseIp(ip);
      if (!parsed) {
        problems.push(CommonMessages.notIpAddress(field, ip));
      } else if (
        services.length === effectiveServiceCidrs(options.networkProfile).length &&
        !services.some((s) => cidrContains(s.parsed, parsed))
      ) {
        // Only judged when every service CIDR is known, or a token might contain it.
        problems.push(
          KamajiMessages.addressOutsideCidrs(
            field,
            ip,
            services.map((s) => s.text),
          ),
        );
      }
    });
  }
  if (known(profile.advertiseAddress, isUnresolved) && !parseIp(profile.advertiseAddress)) {
    problems.push(
      CommonMessages.notIpAddress(`${prefix}.advertiseAddress`, profile.advertiseAddress),
    );
  }
  (profile.loadBalancerSourceRanges ?? []).forEach((range, i) => {
    if (!isUnresolved(range) && !parseCidr(range)) {
      problems.push(CommonMessages.notCidr(`${prefix}.loadBalancerSourceRanges[${i}]`, range));
    }
  });
  return problems;
}

interface CheckedCidr {
  readonly field: string;
  readonly text: string;
  readonly parsed: ParsedCidr;
}

/** Checks a one-or-two-block list; returns the blocks that parsed, for cross-checks. */
function checkCidrList(
  field: string,
  cidrs: string[],
  isUnresolved: IsUnresolved,
  problems: Problem[],
): CheckedCidr[] {
  if (isUnresolved(cidrs)) return [];
  if (cidrs.length < 1 || cidrs.length > 2) {
    problems.push(KamajiMessages.tooManyCidrs(field, cidrs));
    return [];
  }
  const checked: CheckedCidr[] = [];
  cidrs.forEach((text, i) => {
    const itemField = `${field}[${i}]`;
    if (isUnresolved(text)) return;
    const parsed = parseCidr(text);
    if (!parsed) {
      problems.push(CommonMessages.notCidr(itemField, text));
    } else if (parseIp(text.split('/')[0])?.value !== parsed.first) {
      // Host bits set (10.96.0.5/16): Kubernetes refuses it, and it usually hides a typo.
      problems.push(CommonMessages.cidrNotNetworkAddress(itemField, text, parsed.network));
    } else {
      checked.push({ field: itemField, text, parsed });
    }
  });
  if (checked.length === 2 && checked[0].parsed.family === checked[1].parsed.family) {
    problems.push(KamajiMessages.sameFamilyTwice(field, cidrs));
  }
  return checked;
}

function checkServiceTypeFields(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  const serviceType = options.serviceType ?? DEFAULTS.serviceType;
  if (isUnresolved(serviceType) || serviceType === ServiceType.LOAD_BALANCER) return [];
  const problems: Problem[] = [];
  const profile = options.networkProfile ?? {};
  if (profile.loadBalancerClass !== undefined) {
    problems.push(
      KamajiMessages.loadBalancerOnly(
        'networkProfile.loadBalancerClass',
        profile.loadBalancerClass,
        serviceType,
      ),
    );
  }
  if (profile.loadBalancerSourceRanges?.length) {
    problems.push(
      KamajiMessages.loadBalancerOnly(
        'networkProfile.loadBalancerSourceRanges',
        profile.loadBalancerSourceRanges,
        serviceType,
      ),
    );
  }
  if (options.allocateLoadBalancerNodePorts !== undefined) {
    problems.push(
      KamajiMessages.loadBalancerOnly(
        'allocateLoadBalancerNodePorts',
        options.allocateLoadBalancerNodePorts,
        serviceType,
      ),
    );
  }
  return problems;
}

function checkKonnectivity(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  const konnectivity = options.addons?.konnectivity;
  if (!konnectivity || konnectivity.enabled === false) return [];
  const problems: Problem[] = [];
  const field = 'addons.konnectivity';
  if (known(konnectivity.serverPort, isUnresolved) && !isPort(konnectivity.serverPort)) {
    problems.push(CommonMessages.portOutOfRange(`${field}.serverPort`, konnectivity.serverPort));
  }
  const replicas = konnectivity.agentReplicas;
  if (known(replicas, isUnresolved)) {
    const mode = konnectivity.agentMode ?? DEFAULTS.konnectivityAgentMode;
    if (!isNonNegativeInteger(replicas)) {
      problems.push(CommonMessages.notNonNegativeInteger(`${field}.agentReplicas`, replicas));
    } else if (mode === KonnectivityAgentMode.DAEMON_SET && replicas !== 0) {
      problems.push(
        KamajiMessages.konnectivityReplicasWithDaemonSet(`${field}.agentReplicas`, replicas),
      );
    } else if (mode === KonnectivityAgentMode.DEPLOYMENT && replicas === 0) {
      problems.push(
        KamajiMessages.konnectivityReplicasZeroWithDeployment(`${field}.agentReplicas`, replicas),
      );
    }
  }
  return problems;
}

function checkSpecOverrides(overrides: { [key: string]: unknown } | undefined): Problem[] {
  if (!overrides) return [];
  return [
    ...TYPED_SPEC_PATHS.filter((path) => hasPath(overrides, path.split('.'))).map((path) =>
      KamajiMessages.reservedSpecField(`specOverrides.${path}`, path),
    ),
    ...prototypeKeys(overrides, 'specOverrides'),
  ];
}

/**
 * Own `__proto__` keys (JSON, YAML and computed keys make them): merging assigns them,
 * which sets a prototype instead of a field, so the value would vanish from the spec.
 */
function prototypeKeys(value: unknown, field: string): Problem[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => prototypeKeys(item, `${field}[${i}]`));
  if (!isPlainObject(value)) return [];
  return Object.keys(value).flatMap((key) =>
    key === '__proto__'
      ? [KamajiMessages.prototypeKey(`${field}.${key}`, value[key])]
      : prototypeKeys(value[key], `${field}.${key}`),
  );
}

/**
 * The labels of the objects Kamaji makes from the spec (the TenantControlPlane, its
 * pods, Service, Ingress and route): Kubernetes refuses a bad one when Kamaji applies
 * it, long after the plan, with the control plane left half made.
 */
function checkLabels(
  options: TenantControlPlaneSpecOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  return [
    ...labelProblems(options.labels, 'labels', isUnresolved),
    ...labelProblems(options.deployment?.podLabels, 'deployment.podLabels', isUnresolved),
    ...labelProblems(options.serviceLabels, 'serviceLabels', isUnresolved),
    ...labelProblems(options.ingress?.labels, 'ingress.labels', isUnresolved),
    ...labelProblems(options.gateway?.labels, 'gateway.labels', isUnresolved),
  ];
}

function hasPath(object: { [key: string]: unknown }, path: string[]): boolean {
  const [head, ...rest] = path;
  if (!(head in object)) return false;
  if (rest.length === 0) return true;
  const next = object[head];
  return isPlainObject(next) && hasPath(next, rest);
}

function known<T>(value: T | undefined, isUnresolved: IsUnresolved): value is T {
  return value !== undefined && !isUnresolved(value);
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

function isNonNegativeInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}
