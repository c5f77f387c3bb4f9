/**
 * Every message the library gives for bad input, in one place, so wording stays
 * consistent and each one is pinned by a `fails when ...` test.
 *
 * A message names the field, the value received and what is allowed; the
 * construct path is added by {@link ValidationError}. Pure module: no CDKTF import.
 */
import { Brand } from './private/brand';

const VALIDATION_ERROR_BRAND = new Brand('ValidationError');

/** One bad input: which field, what was received, what is allowed. */
export interface Problem {
  /** Path of the field in the props, e.g. `networkProfile.serviceCidrs[0]`. */
  readonly field: string;
  /** The value received, as given. */
  readonly received: unknown;
  /** What is allowed, and how to fix it. */
  readonly allowed: string;
}

/**
 * Problems of one construct (design D7): `renderUserData` throws it; constructs record
 * their problems instead and the app reports them all at synth, in an
 * {@link AppValidationError}. Its `stack` is its message: a terminal shows the problem
 * lines, not a trace into the library.
 */
export class ValidationError extends Error {
  /**
   * Whether `x` is a ValidationError, thrown by this copy of the library or another
   * (an imported control plane of one copy throws it into a pool of the other).
   */
  public static isValidationError(x: unknown): x is ValidationError {
    return VALIDATION_ERROR_BRAND.has(x);
  }

  constructor(constructPath: string, problems: readonly Problem[]) {
    super(formatProblems(constructPath, problems));
    VALIDATION_ERROR_BRAND.mark(this);
    hideDetails(this, 'ValidationError', { constructPath, problems });
  }

  /** Path of the construct, or `renderUserData`. */
  public get constructPath(): string {
    return detailOf(this, 'constructPath');
  }

  public get problems(): readonly Problem[] {
    return detailOf(this, 'problems');
  }
}

/**
 * Every problem of every construct of an app, thrown when the app (or a stack with
 * `Testing.synth(stack, true)`) is synthesized, before any stack is written. The
 * message holds one line per problem and nothing else.
 */
export class AppValidationError extends Error {
  constructor(errors: readonly ValidationError[]) {
    const lines = [...new Set(errors.flatMap((e) => e.message.split('\n')))];
    super(lines.join('\n'));
    hideDetails(this, 'AppValidationError', { constructProblems: errors });
  }

  /** One entry per construct with problems, in the order they were recorded. */
  public get constructProblems(): readonly ValidationError[] {
    return detailOf(this, 'constructProblems');
  }
}

const details = new WeakMap<Error, { [key: string]: unknown }>();

/**
 * Keeps `fields` off the error object (its classes read them through getters) and
 * makes `stack` the message: Node prints an uncaught error with `util.inspect`, which
 * shows a trace into the library and own fields (even hidden ones, and any `errors`
 * array), so the user would see each problem three times among 50 lines.
 */
export function hideDetails(error: Error, name: string, fields: { [key: string]: unknown }): void {
  for (const [key, value] of Object.entries({ name, stack: error.message })) {
    Object.defineProperty(error, key, {
      value,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  details.set(error, fields);
}

/** A field given to {@link hideDetails}. */
export function detailOf<T>(error: Error, key: string): T {
  return details.get(error)?.[key] as T;
}

/** Renders problems as `<path>: <field>: received <value>; <allowed>`, one per line. */
export function formatProblems(constructPath: string, problems: readonly Problem[]): string {
  return problems
    .map((p) => `${constructPath}: ${p.field}: received ${describe(p.received)}; ${p.allowed}`)
    .join('\n');
}

/** Stands for a value known only at apply time (a Terraform token) in a problem. */
export const UNRESOLVED_VALUE = Symbol.for('cdktf-kamaji.unresolved');

/**
 * A value as a message shows it: JSON where JSON can show it, and what JSON cannot
 * (NaN, Infinity, BigInt, cycles, functions, symbols) named as such instead of `null`
 * or a crash: values from JavaScript can be anything.
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === UNRESOLVED_VALUE) return 'a Terraform value known only at apply time';
  return render(value, new Set<object>(), 0);
}

const MAX_DEPTH = 20;

function render(value: unknown, ancestors: Set<object>, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
  }
  if (value === null) return 'null';
  const object = value as { toJSON?: () => unknown };
  if (ancestors.has(object)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[...]';
  ancestors.add(object);
  try {
    if (typeof object.toJSON === 'function') return render(object.toJSON(), ancestors, depth + 1);
    if (Array.isArray(object)) {
      const items = object.map((v) =>
        v === undefined || typeof v === 'function' ? 'null' : render(v, ancestors, depth + 1),
      );
      return `[${items.join(',')}]`;
    }
    const entries = Object.entries(object)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .map(([k, v]) => `${JSON.stringify(k)}:${render(v, ancestors, depth + 1)}`);
    return `{${entries.join(',')}}`;
  } catch {
    return '[unprintable]';
  } finally {
    ancestors.delete(object);
  }
}

function problem(field: string, received: unknown, allowed: string): Problem {
  return { field, received, allowed };
}

const RFC1035 =
  'must be an RFC 1035 label: at most 63 characters, lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
const RFC1123_LABEL =
  'must be an RFC 1123 label: at most 63 characters, lower-case letters, digits and "-", starting and ending with a letter or digit';
const RFC1123_SUBDOMAIN =
  'must be an RFC 1123 subdomain: at most 253 characters, dot-separated RFC 1123 labels';

export const Errors = {
  notRfc1035Label: (field: string, value: string) => problem(field, value, RFC1035),
  notRfc1123Label: (field: string, value: string) => problem(field, value, RFC1123_LABEL),
  notRfc1123Subdomain: (field: string, value: string) => problem(field, value, RFC1123_SUBDOMAIN),

  badVersionFormat: (field: string, value: string) =>
    problem(field, value, 'must be a Kubernetes release "vMAJOR.MINOR.PATCH", e.g. "v1.33.4"'),
  unsupportedVersion: (field: string, value: string, lowest: string, highest: string) =>
    problem(
      field,
      value,
      `this Kamaji release supports Kubernetes ${lowest} to ${highest}; choose a version in that range`,
    ),
  unsupportedApplyTimeVersion: (field: string, value: string, lowest: string, highest: string) =>
    problem(
      field,
      value,
      `must be a release "vX.Y.Z" from ${lowest} to ${highest}: given as a Terraform value, the version gets the JoinConfiguration API kubeadm reads from ${lowest} (v1beta4), chosen at synth`,
    ),

  notCidr: (field: string, value: string) =>
    problem(field, value, 'must be a CIDR block such as "10.96.0.0/16" or "fd00::/108"'),
  cidrNotNetworkAddress: (field: string, value: string, network: string) =>
    problem(field, value, `must be given by its network address: did you mean "${network}"?`),
  tooManyCidrs: (field: string, value: readonly string[]) =>
    problem(
      field,
      value,
      'must hold one or two CIDR blocks: one for a single-stack cluster, one IPv4 and one IPv6 for dual-stack',
    ),
  sameFamilyTwice: (field: string, value: readonly string[]) =>
    problem(field, value, 'a dual-stack pair must be one IPv4 and one IPv6 block'),
  cidrsOverlap: (field: string, value: string, other: string, otherField: string) =>
    problem(field, value, `must not overlap ${otherField} "${other}"`),
  notIpAddress: (field: string, value: string) =>
    problem(field, value, 'must be an IPv4 or IPv6 address'),
  addressOutsideCidrs: (field: string, value: string, cidrs: readonly string[]) =>
    problem(field, value, `must lie inside the service CIDRs ${JSON.stringify(cidrs)}`),
  tooManyDnsServiceIps: (field: string, value: readonly string[]) =>
    problem(field, value, 'must hold at most 8 addresses'),

  portOutOfRange: (field: string, value: number) =>
    problem(field, value, 'must be an integer port from 1 to 65535'),
  notNonNegativeInteger: (field: string, value: number) =>
    problem(field, value, 'must be a whole number, 0 or more'),
  notPositiveInteger: (field: string, value: number) =>
    problem(field, value, 'must be a whole number, 1 or more'),

  loadBalancerOnly: (field: string, value: unknown, serviceType: string) =>
    problem(
      field,
      value,
      `is supported only with serviceType LoadBalancer (serviceType is ${serviceType}); remove it or use ServiceType.LOAD_BALANCER`,
    ),
  ingressAndGateway: (value: unknown) =>
    problem(
      'ingress, gateway',
      value,
      'Kamaji exposes a control plane through an ingress or a gateway, not both; set only one',
    ),
  konnectivityReplicasWithDaemonSet: (field: string, value: number) =>
    problem(
      field,
      value,
      'must be 0 or unset when the konnectivity agent runs as a DaemonSet; use KonnectivityAgentMode.DEPLOYMENT to set replicas',
    ),
  konnectivityReplicasZeroWithDeployment: (field: string, value: number) =>
    problem(field, value, 'must be 1 or more when the konnectivity agent runs as a Deployment'),

  badDuration: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a Go duration of hours, minutes and seconds such as "20m" or "1h30m"',
    ),
  notClusterDomain: (field: string, value: string) =>
    problem(field, value, 'must be a DNS domain with at least one dot, such as "cluster.local"'),
  emptyValue: (field: string, value = '') => problem(field, value, 'must not be empty'),
  duplicateValue: (field: string, value: string) => problem(field, value, 'must appear only once'),
  reservedSpecField: (field: string, value: string) =>
    problem(
      field,
      value,
      'sets a field the typed props own; use the typed prop instead, or node.defaultChild.addOverride() to force it',
    ),

  notHostPort: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be "host:port" with no scheme, e.g. "etcd-0.etcd.kamaji-system.svc:2379"',
    ),
  noEndpoints: (field: string) => problem(field, [], 'needs at least one "host:port" endpoint'),
  etcdNeedsClientCertificate: (field: string) =>
    problem(
      field,
      undefined,
      'the etcd driver authenticates with certificates: give tlsConfig.certificateAuthority.privateKey and tlsConfig.clientCertificate (certificate and privateKey)',
    ),
  sqlNeedsCredentials: (field: string, driver: string) =>
    problem(field, undefined, `the ${driver} driver needs tlsConfig or basicAuth`),
  basicAuthWithEtcd: (field: string) =>
    problem(
      field,
      'basicAuth',
      'the etcd driver does not use basicAuth; authenticate with tlsConfig.clientCertificate',
    ),
  secretKeyIncomplete: (field: string, value: unknown) =>
    problem(field, value, 'a Secret reference needs name, namespace and key'),

  badLabelKey: (field: string, key: string) =>
    problem(
      field,
      key,
      'must be a Kubernetes label key: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    ),
  badLabelValue: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    ),
  labelRefusedByKubelet: (field: string, key: string) =>
    problem(
      field,
      key,
      'the kubelet refuses to set labels under kubernetes.io and k8s.io except its own (kubernetes.io/hostname, kubernetes.io/os, topology.kubernetes.io/zone, ... and the node.kubernetes.io/ and kubelet.kubernetes.io/ prefixes); set node-role.kubernetes.io/* labels from the tenant cluster after the join, or use your own prefix',
    ),
  badTaintKey: (field: string, key: string) =>
    problem(field, key, 'must be a Kubernetes taint key (the same syntax as a label key)'),
  badTaintValue: (field: string, value: string) =>
    problem(field, value, 'must be a Kubernetes taint value (the same syntax as a label value)'),
  notAbsolutePath: (field: string, value: string) =>
    problem(field, value, 'must be an absolute path such as "/etc/example.conf"'),
  badPermissions: (field: string, value: string) =>
    problem(field, value, 'must be an octal file mode such as "0600" or "0644"'),
  badOwner: (field: string, value: string) =>
    problem(field, value, 'must be "user:group", e.g. "root:root"'),
  badPackageName: (field: string, value: string) =>
    problem(field, value, 'must be a package name: lower-case letters, digits and "+-.:=~_"'),
  badSshKey: (field: string, value: string) =>
    problem(
      field,
      value,
      // No example key here: a shortened one ("AAAA...") is itself refused, and users copied it.
      'must be one line of an OpenSSH public key: its type (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...), one space, the key in base64 (letters, digits, "+", "/", "=") and an optional comment; copy the whole line of the .pub file',
    ),
  badUserName: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a Linux user name: lower-case letters, digits, "-" and "_", starting with a letter, at most 32 characters',
    ),
  badSha256: (field: string, value: string) =>
    problem(field, value, 'must be a sha256 checksum: 64 hexadecimal digits'),
  badUrl: (field: string, value: string) =>
    problem(field, value, 'must be an https:// (or http://) URL without spaces or quotes'),
  badComponentVersion: (field: string, value: string) =>
    problem(field, value, 'must be a release version such as "v2.1.4"'),
  unsafeText: (field: string, value: string) =>
    problem(field, value, 'must be one line without quotes or backslashes'),
  badNtpServer: (field: string, value: string) =>
    problem(field, value, 'must be a host name or an IP address'),

  notPositiveNumber: (field: string, value: number) =>
    problem(field, value, 'must be a number above 0'),
  rotationNotBeforeExpiry: (field: string, value: number, ttlHours: number) =>
    problem(
      field,
      value,
      `must be above 0 and below ttlHours (${ttlHours}), so a new token exists before the current one expires`,
    ),
  tooManyReplicas: (field: string, value: number, maximum: number) =>
    problem(field, value, `must be a whole number from 0 to ${maximum}`),
  nodeNameTooLong: (field: string, value: string, longest: string) =>
    problem(
      field,
      value,
      `makes node names such as "${longest}" longer than 63 characters; shorten the pool or control plane name`,
    ),
  kubeletNewerThanControlPlane: (field: string, value: string, controlPlane: string) =>
    problem(
      field,
      value,
      `the kubelet may not be newer than its control plane (${controlPlane}); use that minor or an older one`,
    ),
  kubeletTooOld: (field: string, value: string, controlPlane: string) =>
    problem(
      field,
      value,
      `the kubelet may be at most three minors older than its control plane (${controlPlane}); upgrade the pool first`,
    ),

  addressOutsideNetwork: (field: string, value: string, cidr: string) =>
    problem(field, value, `must be an address inside ${cidr}`),
  rangeDoesNotFit: (
    field: string,
    value: string,
    replicas: number,
    cidr: string,
    lastUsable: string,
  ) =>
    problem(
      field,
      value,
      `${replicas} nodes from this address do not fit ${cidr} (host addresses end at ${lastUsable}); start lower or use a larger network`,
    ),
  gatewayInRange: (field: string, value: string, first: string, last: string) =>
    problem(
      field,
      value,
      `lies inside the node addresses ${first} to ${last}; move the range or the gateway`,
    ),
  rangeTooSmall: (field: string, value: number, needed: number, why: string) =>
    problem(field, value, `must be at least ${needed}: ${why}`),
  countDoesNotFit: (
    field: string,
    value: number,
    first: string,
    cidr: string,
    lastUsable: string,
  ) =>
    problem(
      field,
      value,
      `addresses from ${first} do not fit ${cidr} (host addresses end at ${lastUsable}); give fewer or start lower`,
    ),
  rangesCollide: (
    field: string,
    value: string,
    otherPool: string,
    otherControlPlane: string,
    otherRange: string,
  ) =>
    problem(
      field,
      value,
      `overlaps the static addresses ${otherRange} of node pool "${otherPool}" of control plane ${otherControlPlane} in this stack; two live nodes would share an address: give each pool its own range`,
    ),

  exactlyOneOf: (fields: string, value: unknown) =>
    problem(fields, value, 'give exactly one of them'),
  requires: (field: string, value: unknown, needed: string) =>
    problem(field, value, `needs ${needed}`),
  noneGiven: (field: string) => problem(field, [], 'needs at least one entry'),
  notMultipleOf: (field: string, value: number, divisor: number, divisorField: string) =>
    problem(field, value, `must be a whole multiple of ${divisorField} (${divisor})`),
  outOfRange: (field: string, value: number, lowest: number, highest: number) =>
    problem(field, value, `must be a whole number from ${lowest} to ${highest}`),

  badDiskInterface: (field: string, value: string) =>
    problem(field, value, 'must be a Proxmox disk interface such as "scsi0", "virtio0" or "sata0"'),
  badProxmoxTag: (field: string, value: string) =>
    problem(field, value, 'must be a Proxmox tag: lower-case letters, digits and "_.+-"'),

  badDistroSeries: (field: string, value: string) =>
    problem(field, value, 'must be a MAAS distro series such as "noble" or "jammy"'),
  tooFewHostnames: (field: string, value: readonly string[], replicas: number) =>
    problem(
      field,
      value,
      `names fewer machines than the pool's ${replicas} replicas; give one host name per node`,
    ),

  staticRangeUnused: (field: string, value: string) =>
    problem(
      field,
      value,
      "would leave the pool's static addresses unused: use IpAllocationMode.MANUAL, or NodeAddressing.dhcp()",
    ),

  // Node side of the join (issue #12): what a node would refuse at boot, and files
  // the join owns.
  badBootstrapToken: (field: string, length: number) =>
    problem(
      field,
      `<secret of ${length} characters>`,
      'must be a kubeadm bootstrap token "<id>.<secret>", id [a-z0-9]{6} and secret [a-z0-9]{16}, e.g. "abcdef.0123456789abcdef"',
    ),
  endpointWithScheme: (field: string, value: string) =>
    problem(field, value, 'must be "host:port" without a scheme: drop the "https://"'),
  unbracketedIpv6Endpoint: (field: string, value: string) =>
    problem(field, value, 'an IPv6 address takes brackets before its port: "[2001:db8::10]:6443"'),
  badJoinEndpoint: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be the tenant API server as "host:port", host a DNS name, an IPv4 address or a bracketed IPv6 address, port 1 to 65535, on one line, e.g. "203.0.113.10:6443"',
    ),
  notPemCertificate: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a PEM X.509 certificate: "-----BEGIN CERTIFICATE-----", base64 lines, "-----END CERTIFICATE-----" (the ca.crt of the tenant CA Secret)',
    ),
  reservedNodeFile: (field: string, value: string, owner: string) =>
    problem(field, value, `is written by the join itself (${owner}); choose another path`),
  reservedOrUnnormalizedNodeFile: (field: string, value: string, reserved: readonly string[]) =>
    problem(
      field,
      value,
      `must be a normalized path (no "//", "." or ".." segments) outside what the join writes itself (${reserved.join(', ')})`,
    ),

  // Validation and reporting (issue #12 items 11-15, 17): missing or mistyped input
  // from JavaScript or YAML, counts known only at apply time, duplicates, addresses.
  missingProps: (value: unknown, field = 'props') =>
    problem(field, value, 'needs its props object: { ... }'),
  required: (field: string, value: unknown = undefined) => problem(field, value, 'is required'),
  notString: (field: string, value: unknown) => problem(field, value, 'must be a string'),
  notList: (field: string, value: unknown) => problem(field, value, 'must be a list'),
  notNumber: (field: string, value: unknown) => problem(field, value, 'must be a number'),
  notBoolean: (field: string, value: unknown) => problem(field, value, 'must be true or false'),
  notInEnum: (field: string, value: unknown, members: readonly string[]) =>
    problem(field, value, `must be one of ${listOf(members)}`),
  notMadeWith: (field: string, value: unknown, how: string) =>
    problem(field, value, `must be made with ${how}`),
  countNotKnownAtSynth: (field: string, what: string) =>
    problem(
      field,
      UNRESOLVED_VALUE,
      `must be known at synth: it decides how many ${what} the configuration holds; give a plain number or list, not a Terraform variable or reference`,
    ),
  notKnownAtSynth: (field: string, why: string) =>
    problem(
      field,
      UNRESOLVED_VALUE,
      `must be known at synth (${why}); give a plain value, not a Terraform variable or reference`,
    ),
  duplicatePoolName: (field: string, value: string, other: string) =>
    problem(
      field,
      value,
      `is also the name of node pool ${other} of the same control plane, whose machines, outputs and user-data would collide; give each pool of a control plane its own name`,
    ),
  gatewayNotHost: (field: string, value: string, cidr: string, what: string) =>
    problem(field, value, `is the ${what} of ${cidr}, not a host; give the router's address`),
  lifetimeRoundsToZero: (field: string, value: number) =>
    problem(field, value, 'rounds to 0 minutes; give at least 1/60 hour (one minute)'),
  lifetimeTooLong: (field: string, value: number, highest: number) =>
    problem(
      field,
      value,
      `must be at most ${highest} hours (one year): a join token that lives longer is a standing credential`,
    ),
  unreadableProps: (value: unknown, detail: string) =>
    problem(
      'props',
      value,
      `hold a value of the wrong type that the checks could not read (${detail}); compare them with the documented prop types`,
    ),
  noControlPlane: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must be a TenantControlPlane, or one from TenantControlPlane.fromTenantControlPlaneAttributes()',
    ),
  noInfrastructure: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must be an infrastructure such as new VSphereInfrastructure({...}), MaasInfrastructure.bareMetal() or new BringYourOwnMachines()',
    ),

  missingImportAttribute: (attribute: string) =>
    problem(
      attribute,
      undefined,
      `was not given to TenantControlPlane.fromTenantControlPlaneAttributes(); pass "${attribute}" there to use it`,
    ),

  // Day 2 (issue #14): node retirement and drains.
  badRetiredNode: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a node index, a whole number from 0 to ${highest} (2 retires node-02)`,
    ),
  retiredTwice: (field: string, value: number) =>
    problem(field, value, 'is retired twice; list each retired node once'),
  badDrainTimeout: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a whole number of seconds from 1 to ${highest}; use NodeDrain.disabled() for no drain`,
    ),

  // Day 2 (issue #14 items 2, 3): rollouts.
  badMaxSurge: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a whole number of nodes from 0 to ${highest} (0 retires old nodes before new ones are made)`,
    ),
  badMaxUnavailable: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a whole number of nodes from 1 to ${highest}: a rollout that may drain no node never ends`,
    ),
  oldGenerationOutsideSkew: (field: string, value: string, controlPlane: string, steps: number) =>
    problem(
      field,
      value,
      `the nodes still on this version during the rollout would be outside the skew policy of the control plane's ${controlPlane} (kubelets at most three minors older, never newer); finish the rollout (step ${steps}) before the control plane changes; when it already runs that version, retire the old nodes with replicas and retiredNodes instead (README, "Version changes: never silent")`,
    ),
  badRolloutStep: (field: string, value: unknown, steps: number) =>
    problem(
      field,
      value,
      `must be a step of this rollout, a whole number from 0 to ${steps}; raise it by one per apply`,
    ),

  rolloutWithoutOrigin: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must say what the nodes were made with before the rollout: fromKubernetesVersion (KubernetesVersion.of("v1.35.7")), fromInfrastructure (the infrastructure as it was), or both',
    ),
  rolloutMovesVapp: (field: string, value: unknown, current: string) =>
    problem(
      field,
      value,
      `must keep the pool's org, VDC and org network ([org, vdc, orgNetwork] = ${current}): all VMs of a pool share its vApp and its network; move a pool to another network with a second pool`,
    ),

  // Per-tenant shared things (issue #12, item 2)
  folderOfOtherTenant: (field: string, value: string | undefined, path: string, other: string) =>
    problem(
      field,
      value,
      `would put this control plane's VMs in vSphere folder "${path}", which holds those of the other control plane ${other} of the same name; give the pools of one of them another folder`,
    ),

  // Join health after apply (issue #14 item 5)
  badJoinHealthTimeout: (field: string, value: unknown, max: number) =>
    problem(
      field,
      value,
      `must be a whole number of seconds from 1 to ${max}; nodes usually join within 5 minutes, so 600 is a sensible timeout`,
    ),
};

// --- Mixed kubelet versions (#16): the kubelet configuration a control plane serves, and
// which pools can read it and join it.
export const KubeletErrors = {
  oldestKubeletOutOfRange: (field: string, value: string, lowest: string, highest: string) =>
    problem(
      field,
      value,
      `must be a kubelet version from ${lowest} (the control plane's minor minus the allowed skew, and the oldest kubeadm that reads the cluster's kubeadm-config) to ${highest} (the control plane's minor)`,
    ),
  notJsonPointer: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must be a JSON pointer such as "/maxPods" (or "" for the whole document)',
    ),
  patchNotApplied: (field: string, value: unknown, reason: string) =>
    problem(
      field,
      value,
      `does not apply to the kubelet configuration Kamaji renders (${reason}); Kamaji would fail to write the kubelet-config ConfigMap: fix the path, or guard a removal with an "add" of the same path first`,
    ),
  patchesBreakOldestKubelet: (field: string, value: unknown, oldest: string, reasons: string) =>
    problem(
      field,
      value,
      `leave a kubelet configuration that kubelet ${oldest}, the oldest this control plane serves, refuses: ${reasons}; change the patches, or raise kubelet.oldestKubeletVersion once no older kubelet joins`,
    ),
  poolOlderThanServed: (
    field: string,
    value: string,
    oldest: string,
    controlPlane: string,
    prop: string,
  ) =>
    problem(
      field,
      value,
      `control plane ${controlPlane} serves a kubelet configuration for kubelets from ${oldest} on; set its ${prop} to this pool's minor or older, or use ${oldest} or newer here`,
    ),
  poolCannotReadConfiguration: (
    field: string,
    value: string,
    controlPlane: string,
    reasons: string,
  ) =>
    problem(
      field,
      value,
      `this kubelet would refuse the kubelet configuration of control plane ${controlPlane}: ${reasons}; change that control plane's kubelet.configurationJsonPatches`,
    ),
  poolCannotJoin: (
    field: string,
    value: string,
    controlPlane: string,
    reason: string,
    oldest: string,
  ) =>
    problem(
      field,
      value,
      `cannot join control plane ${controlPlane}: ${reason}; use ${oldest} or newer`,
    ),
};

/** `A.X ("x"), A.Y ("y") or A.Z ("z")`. */
function listOf(members: readonly string[]): string {
  return members.length <= 1
    ? members.join('')
    : `${members.slice(0, -1).join(', ')} or ${members[members.length - 1]}`;
}

// --- Fleet file loader (src/config): problems of the file itself and of its YAML, before
// any schema or library check. Each is the message of a FleetProblem, which adds the
// file, line, column and path in the document.
const MIB = 1024 * 1024;

export const FleetFileMessages = {
  noSuchFile: () => 'no such file',
  isDirectory: () => 'is a directory, not a fleet file',
  unreadable: (reason: string) => `cannot be read: ${reason}`,
  tooLarge: (limitBytes: number) =>
    `received more than ${limitBytes / MIB} MiB (${limitBytes} bytes); a fleet file may hold at most ${limitBytes / MIB} MiB, over 10 times the largest fleet we know of: is this the right file?`,
  yamlVersion: (version: string) =>
    `YAML: received %YAML ${version}; fleet files are YAML 1.2: remove the directive`,
  duplicateKey: (key: string, firstLine: number) =>
    `YAML: key ${JSON.stringify(key)} is given twice in this mapping (first at line ${firstLine}); give each key once`,
  unsupportedTag: (tag: string) =>
    `YAML: received the tag ${tag}; a fleet file holds plain values: remove the tag (only the YAML core tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are read)`,
  collectionKey: () => 'YAML: a mapping key must be a plain value, not a list or mapping',
  badMergeSource: () => 'YAML: a merge key << takes a mapping, an alias of one, or a list of them',
  unknownAlias: (name: string) =>
    `YAML: alias *${name} has no anchor &${name} before it; define the anchor first`,
  recursiveAlias: (name: string) =>
    `YAML: alias *${name} is inside the value it stands for; an alias may not contain itself`,
  aliasExpansion: (limitValues: number, limitBytes: number) =>
    `YAML: aliases expand the file to more than ${limitValues} values; a fleet file may expand to at most ${limitValues} (as many as a ${limitBytes / MIB} MiB file holds): is this an alias bomb? Use fewer or smaller aliases`,
  tooDeep: () =>
    'YAML: nested too deeply for the parser; a fleet file nests a few levels, not thousands',
};

// --- State backends (src/stacks/state-backend*.ts): Terraform reads backend settings
// before anything else, so each mistake here stops `terraform init`, or worse, points
// every stack at the wrong state.
export const StateBackendErrors = {
  notLiteral: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must be a literal string: Terraform reads backend settings before any variable or reference exists',
    ),
  missing: (field: string) => problem(field, undefined, 'is required'),
  notString: (field: string, value: unknown) => problem(field, value, 'must be a string'),
  badS3Bucket: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be an S3 bucket name: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit',
    ),
  badAwsRegion: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be an AWS region such as "eu-west-1" (with an S3-compatible endpoint: any name without spaces)',
    ),
  badS3KeyPrefix: (field: string, value: string) =>
    problem(
      field,
      value,
      'must not be empty, start or end with "/" or contain "//": Terraform refuses such state keys',
    ),
  badSecretSuffix: (field: string, value: string, stackId: string, suffix: string) =>
    problem(
      field,
      value,
      `makes the state Secret suffix "${suffix}" for stack "${stackId}"; the suffix names and labels the state Secret, so it must be at most 63 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit; shorten or change the prefix`,
    ),
  numberedSecretSuffix: (field: string, value: string, stackId: string, suffix: string) =>
    problem(
      field,
      value,
      `makes the state Secret suffix "${suffix}" for stack "${stackId}", which ends in "-<number>": Terraform refuses that, as it numbers the chunks of large states so; rename the stack (for a fleet: the control plane) so it does not end in "-<number>"`,
    ),
  badHcpName: (field: string, value: string) =>
    problem(field, value, 'must hold only letters, digits, "-", "_" and "."'),
  badHcpWorkspace: (field: string, value: string, stackId: string, workspace: string) =>
    problem(
      field,
      value,
      `makes the workspace name "${workspace}" for stack "${stackId}", which may hold only letters, digits, "-", "_" and "."; change the prefix or the stack id`,
    ),
  badHostname: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a host name with an optional port, such as "app.terraform.io" or "tfe.example.com:8443", without scheme or path',
    ),
};

// Package hygiene (#13): warnings, shown by `cdktf synth`, not errors.
export const Warnings = {
  rolloutWithoutJoinHealth: (poolPath: string) =>
    `${poolPath}: rollout without joinHealth: an apply then ends before its new nodes are Ready, and the next step drains old nodes whatever became of them; set joinHealth: JoinHealth.failAfter(600) so each step ends with its new nodes serving (README, "Version rollouts")`,
  missingManagementKubeconfig: (poolPath: string, file: string) =>
    `${poolPath}: the management kubeconfig ${file} (config_path of the control plane's kubernetes provider) does not exist on this machine: drains and join health read the tenant's kubeconfig with it when Terraform runs them; fix the path, run Terraform where it exists, or set CDKTF_KAMAJI_TENANT_KUBECONFIG there`,
  secretsInLocalState: (stackPath: string, secrets: readonly string[]) =>
    `${stackPath}: state backend: local (CDKTF's default when a stack has none); this stack holds ${secrets.join(', ')}, which Terraform's state keeps in clear: give it an encrypted remote backend, e.g. StateBackend.s3({ bucket, region }).applyTo(stack), or StateBackend.kubernetes() or hcpTerraform()`,
};

// --- Missing providers (issue #22 item 5): a stack without the provider its resources
// need. CDKTF's own message names no class and comes with a stack trace.
export const ProviderErrors = {
  missingProvider: (
    field: string,
    given: string | undefined,
    stack: string,
    providerName: string,
    className: string | undefined,
    from: string | undefined,
  ) =>
    problem(
      field,
      given,
      className && from
        ? `stack "${stack}" declares no ${providerName} provider, which its resources need: add new ${className}(stack, "${providerName}", { ... }) to that stack (import { ${className} } from "${from}")`
        : `stack "${stack}" declares no ${providerName} provider, which its resources need: add that provider's construct to that stack`,
    ),
};

// --- Hardening round 2 (issue #22 items 2 and 4): values that were accepted silently.
export const HardeningErrors = {
  tooManyControlPlaneReplicas: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a whole number of control plane pods from 0 to ${highest}: each is a whole kube-apiserver with its own connections to the DataStore, and 2 or 3 make a control plane highly available`,
    ),
  noRoomForDnsServiceIp: (field: string, value: string, address: string) =>
    problem(
      field,
      value,
      `has no room for the cluster DNS Service address Kamaji derives from it (${address}: the network address plus 10, read as hexadecimal for IPv6); use a larger block such as "10.96.0.0/16" or "fd00::/108", or give networkProfile.dnsServiceIps`,
    ),
  prototypeKey: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'is a key a JavaScript object cannot hold as data (it would set the prototype and be dropped) and no Kubernetes field; remove it',
    ),
  systemAccount: (field: string, value: string) =>
    problem(
      field,
      value,
      'must not be root or another system account of the image (root, daemon, bin, sys, nobody, ...): cloud-init would give that account the admin\'s SSH keys and sudo; choose a name of your own such as "ops"',
    ),
};
