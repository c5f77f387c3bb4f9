/**
 * Every message the library gives for bad input, in one place, so wording stays
 * consistent and each one is pinned by a `fails when ...` test.
 *
 * A message names the field, the value received and what is allowed; the
 * construct path is added by {@link ValidationError}. Pure module: no CDKTF import.
 */

/** One bad input: which field, what was received, what is allowed. */
export interface Problem {
  /** Path of the field in the props, e.g. `networkProfile.serviceCidrs[0]`. */
  readonly field: string;
  /** The value received, as given. */
  readonly received: unknown;
  /** What is allowed, and how to fix it. */
  readonly allowed: string;
}

/** Thrown from a construct's constructor when its props are invalid (design D7). */
export class ValidationError extends Error {
  public readonly constructPath: string;
  public readonly problems: readonly Problem[];

  constructor(constructPath: string, problems: readonly Problem[]) {
    super(formatProblems(constructPath, problems));
    this.name = 'ValidationError';
    this.constructPath = constructPath;
    this.problems = problems;
  }
}

/** Renders problems as `<path>: <field>: received <value>; <allowed>`, one per line. */
export function formatProblems(constructPath: string, problems: readonly Problem[]): string {
  return problems
    .map((p) => `${constructPath}: ${p.field}: received ${describe(p.received)}; ${p.allowed}`)
    .join('\n');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
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
  rangesCollide: (field: string, value: string, otherPool: string) =>
    problem(
      field,
      value,
      `overlaps the static addresses of node pool "${otherPool}" of the same control plane; give each pool its own range`,
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

  missingImportAttribute: (attribute: string) =>
    problem(
      attribute,
      undefined,
      `was not given to TenantControlPlane.fromTenantControlPlaneAttributes(); pass "${attribute}" there to use it`,
    ),
};

// Package hygiene (#13): warnings, shown by `cdktf synth`, not errors.
export const Warnings = {
  secretsInLocalState: (stackPath: string, secrets: readonly string[]) =>
    `${stackPath}: state backend: local (CDKTF's default when a stack has none); this stack holds ${secrets.join(', ')}, which Terraform's state keeps in clear: give it an encrypted remote backend, e.g. StateBackend.s3({ bucket, region }).applyTo(stack), or StateBackend.kubernetes() or hcpTerraform()`,
};
