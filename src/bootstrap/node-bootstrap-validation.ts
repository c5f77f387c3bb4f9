/**
 * Checks of a node's bootstrap settings, labels and taints (design D7). Values known at
 * synth are checked here; a value that is a Terraform token is skipped here and checked
 * at plan by the same rule (`bootstrapTextSettings`, `labelTextSettings`), as a
 * precondition the node pool adds (node-pool/bootstrap-preconditions.ts).
 * Pure module: no CDKTF import.
 */
import { X509Certificate } from 'crypto';
import { posix } from 'path';
import { Problem } from '../errors';
import { BootstrapMessages } from './bootstrap-messages';
import { CommonMessages } from '../private/common-messages';
import { KamajiMessages } from '../kamaji/kamaji-messages';
import { parseIp } from '../private/cidr';
import { checkVersion } from '../kamaji/tenant-control-plane-validation';
import { formatMinor, KubernetesVersion, SUPPORTED_MINORS } from '../kamaji/kubernetes-version';
import { isQualifiedName, labelProblems, LABEL_NAME } from '../private/labels';
import { isRfc1123Label, isRfc1123Subdomain } from '../private/names';
import { InputChecks } from '../private/field-checks';
import { IsUnresolved } from '../private/unresolved';
import { TaintEffect } from '../kamaji/scheduling';
import { V1BETA4_SINCE_MINOR } from './join-configuration';
import { JOIN_LOG_PATH, JOIN_SCRIPT_PATH } from './join-script';
import { NodeBootstrapConfig, NodeBootstrapOptions, OsFamily, Taint } from './node-bootstrap';
import { CONTAINERD_PROXY_DROP_IN_PATH, PROXY_ENVIRONMENT_PATH } from './proxy-environment';

// Free text refuses control characters (\p{Cc}: C0, DEL, C1): YAML (cloud-init's
// PyYAML) refuses DEL and C1 even in a quoted scalar, and Terraform's jsonencode
// leaves them as they are. JavaScript (flag u) and RE2 read \p{Cc} alike.
const SSH_KEY =
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( \P{Cc}*)?$/u;
const PACKAGE = /^[a-z0-9][a-z0-9+.:=~_-]*$/;
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
// sha256sum --check --strict accepts either case; YakiSource.fromUrl writes lower case.
const SHA256 = /^[0-9a-fA-F]{64}$/;
const URL = /^https?:\/\/[^\s\p{Cc}'"\\`$]+$/u;
const COMPONENT_VERSION = /^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$/;
const PERMISSIONS = /^0?[0-7]{3}$/;
const OWNER = /^[a-z_][a-z0-9_-]*:[a-z_][a-z0-9_-]*$/;
/** kubeadm's bootstrap token format (k8s.io/cluster-bootstrap token/api BootstrapTokenPattern). */
const BOOTSTRAP_TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
/** A certificate block on lines of its own (Go's encoding/pem finds markers at line starts). */
const PEM_CERTIFICATE_BLOCK =
  /(?<=^|\n)-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+-----END CERTIFICATE-----(?=\r?\n|$)/g;
/**
 * Accounts every Debian and Ubuntu image has (Debian base-passwd, passwd.master: the
 * static users of uid 0 to 99, and nobody): an admin user of that name would not be
 * created but would take over the system account.
 */
const SYSTEM_ACCOUNTS = new Set([
  'root',
  'daemon',
  'bin',
  'sys',
  'sync',
  'games',
  'man',
  'lp',
  'mail',
  'news',
  'uucp',
  'proxy',
  'www-data',
  'backup',
  'list',
  'irc',
  'gnats',
  'nobody',
]);

/**
 * Files and directories the join writes or kubeadm and the kubelet own: a user file
 * there would break or subvert the join. Directories cover everything below them.
 */
const RESERVED_NODE_PATHS: ReadonlyArray<[string, string]> = [
  ['/etc/kubernetes', 'kubeadm and the join configuration'],
  ['/var/lib/kubelet', 'the kubelet'],
  [JOIN_SCRIPT_PATH, 'the join script'],
  [JOIN_LOG_PATH, 'the join log'],
  [posix.dirname(PROXY_ENVIRONMENT_PATH), 'the proxy settings'],
  [CONTAINERD_PROXY_DROP_IN_PATH, "containerd's proxy drop-in"],
];

/** Labels the kubelet sets on itself (k8s.io/kubernetes pkg/kubelet/apis well-known labels). */
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
]);
const KUBELET_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

/** Every problem of a whole node configuration (what `renderUserData` takes). */
export function validateNodeBootstrap(
  config: NodeBootstrapConfig,
  prefix: string,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [];
  if (!isUnresolved(config.nodeName) && !isRfc1123Label(config.nodeName)) {
    problems.push(CommonMessages.notRfc1123Label(`${prefix}nodeName`, config.nodeName));
  }
  if (!isUnresolved(config.token) && !BOOTSTRAP_TOKEN.test(config.token)) {
    problems.push(BootstrapMessages.badBootstrapToken(`${prefix}token`, config.token.length));
  }
  if (!isUnresolved(config.endpoint)) {
    const problem = joinEndpointProblem(`${prefix}endpoint`, config.endpoint);
    if (problem) problems.push(problem);
  }
  if (!isUnresolved(config.caCertificate) && !isPemCertificate(config.caCertificate)) {
    problems.push(
      BootstrapMessages.notPemCertificate(`${prefix}caCertificate`, config.caCertificate),
    );
  }
  problems.push(
    ...checkVersion(
      `${prefix}kubernetesVersion`,
      KubernetesVersion.of(config.kubernetesVersion),
      isUnresolved,
    ),
    ...validateLabels(config.labels, `${prefix}labels`, isUnresolved),
    ...validateTaints(config.taints, `${prefix}taints`, isUnresolved),
    ...validateBootstrapOptions(config, prefix, isUnresolved),
  );
  return problems;
}

/**
 * The rule a text setting must meet. Its pattern is checked at synth by JavaScript
 * and, for a value known only at apply time, at plan by Terraform's `regex` (RE2): so
 * it stays within the syntax both read alike (anchors, classes, counted repeats).
 */
export interface TextRule {
  readonly pattern: RegExp;
  readonly problem: (field: string, value: string) => Problem;
  /** The value may carry credentials (a proxy URL): a message must not show them. */
  readonly mayHoldCredentials?: boolean;
  /** The pattern says what is refused, not what is allowed. */
  readonly refuses?: boolean;
}

/** A text setting of a pool's bootstrap, where it sits, and its rule. */
export interface TextSetting {
  readonly field: string;
  readonly value: string;
  readonly rule: TextRule;
}

/**
 * The userinfo of a URL (`user:password@`, after an optional scheme) and what stands
 * for it in a message: a proxy URL is shown without it, at synth as at plan.
 */
export const USERINFO = {
  pattern: /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^/@]*@/,
  replacement: '$1***@',
};

const rule = (
  pattern: RegExp,
  problem: (field: string, value: string) => Problem,
  mayHoldCredentials = false,
): TextRule => ({ pattern, problem, mayHoldCredentials });

const RULES = {
  url: rule(URL, CommonMessages.badUrl),
  proxyUrl: rule(
    URL,
    (field, value) =>
      CommonMessages.badUrl(field, value.replace(USERINFO.pattern, USERINFO.replacement)),
    true,
  ),
  sha256: rule(SHA256, BootstrapMessages.badSha256),
  componentVersion: rule(COMPONENT_VERSION, BootstrapMessages.badComponentVersion),
  userName: rule(USER_NAME, BootstrapMessages.badUserName),
  sshKey: rule(SSH_KEY, BootstrapMessages.badSshKey),
  packageName: rule(PACKAGE, BootstrapMessages.badPackageName),
  absolutePath: rule(/^\/[^\s\p{Cc}'"\\]*$/u, BootstrapMessages.notAbsolutePath),
  permissions: rule(PERMISSIONS, BootstrapMessages.badPermissions),
  owner: rule(OWNER, BootstrapMessages.badOwner),
  noProxy: rule(/^[^\s\p{Cc},'"\\]+$/u, BootstrapMessages.unsafeText),
  ntpServer: rule(/^[A-Za-z0-9.:-]+$/, BootstrapMessages.badNtpServer),
  freePath: freePathRule(),
  notSystemAccount: {
    pattern: new RegExp(`^(${[...SYSTEM_ACCOUNTS].join('|')})$`),
    refuses: true,
    problem: BootstrapMessages.systemAccount,
  } as TextRule,
};

/**
 * A user file's path is none the join owns. At synth the path is normalized as
 * cloud-init does, then compared (`reservedPathOwner`); at plan, where Terraform cannot
 * normalize it, a path with "//", "." or ".." segments is refused as well.
 */
function freePathRule(): TextRule {
  const taken = RESERVED_NODE_PATHS.map(([path]) => path);
  const escaped = taken.map((path) => path.replace(/[.]/g, '\\.'));
  return {
    pattern: new RegExp(`^(${escaped.join('|')})(/|$)|//|/\\.\\.?(/|$)`),
    refuses: true,
    problem: (field, value) =>
      BootstrapMessages.reservedOrUnnormalizedNodeFile(field, value, taken),
  };
}

/**
 * Every text setting of a pool's bootstrap with its rule, in the order of the props:
 * the synth-time checks below and the plan-time preconditions of a pool share them.
 */
export function bootstrapTextSettings(
  options: NodeBootstrapOptions,
  prefix: string,
  isUnresolved: IsUnresolved,
): TextSetting[] {
  const settings: TextSetting[] = [];
  const one = (field: string, value: string | undefined, textRule: TextRule) => {
    if (value !== undefined) settings.push({ field: `${prefix}${field}`, value, rule: textRule });
  };
  // A list that is itself a Terraform value has no items here: `unresolvedLists` refuses it.
  const all = (field: string, values: string[] | undefined, textRule: TextRule) => {
    if (!isUnresolved(values)) (values ?? []).forEach((v, i) => one(`${field}[${i}]`, v, textRule));
  };

  if (options.yaki) {
    one('yaki.url', options.yaki.url, RULES.url);
    one('yaki.sha256', options.yaki.sha256, RULES.sha256);
  }
  const versions = options.componentVersions ?? {};
  for (const key of ['containerd', 'runc', 'cniPlugins', 'crictl'] as const) {
    one(`componentVersions.${key}`, versions[key], RULES.componentVersion);
  }
  if (options.adminUser) {
    one('adminUser.name', options.adminUser.name, RULES.userName);
    one('adminUser.name', options.adminUser.name, RULES.notSystemAccount);
    all('adminUser.sshAuthorizedKeys', options.adminUser.sshAuthorizedKeys, RULES.sshKey);
  }
  all('sshAuthorizedKeys', options.sshAuthorizedKeys, RULES.sshKey);
  all('extraPackages', options.extraPackages, RULES.packageName);
  // cloud-init hands packages to the package manager's command line, where a name
  // starting with "-" is an option (apt-get --allow-unauthenticated): the family's
  // packages pass the same check as extraPackages.
  if (OsFamily.isOsFamily(options.osFamily)) {
    all(
      'osFamily.prerequisitePackages',
      [...options.osFamily.prerequisitePackages],
      RULES.packageName,
    );
  }
  (isUnresolved(options.files) ? [] : (options.files ?? [])).forEach((file, i) => {
    one(`files[${i}].path`, file.path, RULES.absolutePath);
    one(`files[${i}].path`, file.path, RULES.freePath);
    one(`files[${i}].permissions`, file.permissions, RULES.permissions);
    one(`files[${i}].owner`, file.owner, RULES.owner);
  });
  if (options.proxy) {
    one('proxy.httpProxy', options.proxy.httpProxy, RULES.proxyUrl);
    one('proxy.httpsProxy', options.proxy.httpsProxy, RULES.proxyUrl);
    all('proxy.noProxy', options.proxy.noProxy, RULES.noProxy);
  }
  all('ntpServers', options.ntpServers, RULES.ntpServer);
  return settings;
}

/**
 * Lists given as one Terraform value (a list variable): each item lands in its own
 * context (a YAML sequence, a shell variable) and is checked on its own, so the
 * library must see the items. Without this, such a list went to the node as CDKTF's
 * placeholder text.
 */
function unresolvedLists(
  options: NodeBootstrapOptions,
  prefix: string,
  isUnresolved: IsUnresolved,
): Problem[] {
  const lists: Array<[string, unknown]> = [
    ['adminUser.sshAuthorizedKeys', options.adminUser?.sshAuthorizedKeys],
    ['sshAuthorizedKeys', options.sshAuthorizedKeys],
    ['extraPackages', options.extraPackages],
    ['files', options.files],
    ['proxy.noProxy', options.proxy?.noProxy],
    ['ntpServers', options.ntpServers],
  ];
  return lists
    .filter(([, list]) => list !== undefined && isUnresolved(list))
    .map(([field]) =>
      CommonMessages.notKnownAtSynth(
        `${prefix}${field}`,
        'each item is encoded and checked on its own; an item may be a Terraform value, the list may not: write the items, e.g. [Fn.element(list, 0)]',
      ),
    );
}

/**
 * What `checkVersion` allows, as one rule for a version known only at apply time: a
 * `vX.Y.Z` release of a supported minor, from the first whose kubeadm reads the
 * JoinConfiguration's API v1beta4 (the API is chosen at synth, and a token gets it).
 */
export function kubernetesVersionRule(): TextRule {
  const { lowest, highest } = SUPPORTED_MINORS;
  const from = { major: lowest.major, minor: Math.max(lowest.minor, V1BETA4_SINCE_MINOR) };
  const minors: number[] = [];
  for (let minor = from.minor; minor <= highest.minor; minor++) minors.push(minor);
  // Minors of the lowest major: Kubernetes has had major 1 only, so both bounds share it.
  return rule(new RegExp(`^v${from.major}\\.(${minors.join('|')})\\.[0-9]+$`), (field, value) =>
    BootstrapMessages.unsupportedApplyTimeVersion(
      field,
      value,
      formatMinor(from),
      formatMinor(highest),
    ),
  );
}

/** Every problem of the settings a pool shares; a value known only at apply time is left to the plan. */
export function validateBootstrapOptions(
  options: NodeBootstrapOptions,
  prefix: string,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = unresolvedLists(options, prefix, isUnresolved);
  for (const { field, value, rule: textRule } of bootstrapTextSettings(
    options,
    prefix,
    isUnresolved,
  )) {
    if (isUnresolved(value)) continue;
    if (textRule === RULES.freePath) {
      const reservedBy = reservedPathOwner(value);
      if (reservedBy) problems.push(BootstrapMessages.reservedNodeFile(field, value, reservedBy));
    } else if (textRule.pattern.test(value) === Boolean(textRule.refuses)) {
      problems.push(textRule.problem(field, value));
    }
  }
  return problems;
}

/**
 * What kubeadm reads as its API server: `host:port`, no scheme, IPv6 in brackets
 * (the join script writes it after "https://" into the discovery kubeconfig).
 */
export function joinEndpointProblem(field: string, value: string): Problem | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value))
    return BootstrapMessages.endpointWithScheme(field, value);
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s/]+)):([0-9]{1,5})$/.exec(value);
  if (!match) {
    const withoutPort = value.replace(/:[0-9]{1,5}$/, '');
    if (parseIp(value)?.family === 'IPv6' || parseIp(withoutPort)?.family === 'IPv6') {
      return BootstrapMessages.unbracketedIpv6Endpoint(field, value);
    }
    return KamajiMessages.badJoinEndpoint(field, value);
  }
  const [, ipv6, host, port] = match;
  const hostOk =
    ipv6 !== undefined
      ? parseIp(ipv6)?.family === 'IPv6'
      : parseIp(host)?.family === 'IPv4' || isRfc1123Subdomain(host.toLowerCase());
  const portNumber = Number(port);
  if (!hostOk || portNumber < 1 || portNumber > 65535)
    return KamajiMessages.badJoinEndpoint(field, value);
  return undefined;
}

/**
 * PEM certificate blocks, each one a certificate X.509 parses, with nothing that looks
 * like another PEM block around them. Explanatory text before, between and after the
 * blocks is allowed (RFC 7468 section 2), as openssl and Go's encoding/pem (which
 * kubeadm and client-go read the CA with) skip it; what else a node does with the CA
 * (the join script's openssl, the kubeconfig's base64) is unaffected by it.
 */
function isPemCertificate(value: string): boolean {
  const blocks = value.match(PEM_CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0 || value.replace(PEM_CERTIFICATE_BLOCK, '').includes('-----')) {
    return false;
  }
  return blocks.every((block) => {
    try {
      new X509Certificate(block);
      return true;
    } catch {
      return false;
    }
  });
}

/** What owns a path a user file may not take, or undefined when it is free. */
function reservedPathOwner(path: string): string | undefined {
  // cloud-init resolves "..", "." and "//" before it writes.
  const normalized = posix.normalize(path).replace(/(.)\/+$/, '$1');
  const reserved = RESERVED_NODE_PATHS.find(
    ([taken]) => normalized === taken || normalized.startsWith(`${taken}/`),
  );
  return reserved?.[1];
}

/** Label keys and values, and the prefixes the kubelet refuses. */
export function validateLabels(
  labels: { [key: string]: string } | undefined,
  field: string,
  isUnresolved: IsUnresolved,
): Problem[] {
  return labelProblems(labels, field, isUnresolved, (at, key) =>
    isKubeletSettable(key) ? undefined : BootstrapMessages.labelRefusedByKubelet(at, key),
  );
}

/**
 * Label and taint values with their rule, for the plan-time checks of values known
 * only at apply time: a value with "," would add labels of its own to the kubelet's
 * `--node-labels`. Keys given as Terraform values are not covered.
 */
export function labelTextSettings(
  labels: { [key: string]: string } | undefined,
  taints: Taint[] | undefined,
): TextSetting[] {
  const labelValue = rule(
    new RegExp(`^(${LABEL_NAME.source.slice(1, -1)})?$`),
    CommonMessages.badLabelValue,
  );
  const taintValue = rule(labelValue.pattern, BootstrapMessages.badTaintValue);
  return [
    ...Object.entries(labels ?? {}).map(([key, value]) => ({
      field: `labels["${key}"]`,
      value,
      rule: labelValue,
    })),
    ...(taints ?? []).flatMap((taint, i) =>
      taint.value === undefined
        ? []
        : [{ field: `taints[${i}].value`, value: taint.value, rule: taintValue }],
    ),
  ];
}

export function validateTaints(
  taints: Taint[] | undefined,
  field: string,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [];
  (taints ?? []).forEach((taint, i) => {
    problems.push(
      ...InputChecks.enumValue(
        `${field}[${i}].effect`,
        taint?.effect,
        TaintEffect,
        'TaintEffect',
        isUnresolved,
      ),
    );
    if (!isUnresolved(taint.key) && !isQualifiedName(taint.key)) {
      problems.push(BootstrapMessages.badTaintKey(`${field}[${i}].key`, taint.key));
    }
    if (
      taint.value !== undefined &&
      !isUnresolved(taint.value) &&
      taint.value !== '' &&
      !LABEL_NAME.test(taint.value)
    ) {
      problems.push(BootstrapMessages.badTaintValue(`${field}[${i}].value`, taint.value));
    }
  });
  return problems;
}

function isKubeletSettable(key: string): boolean {
  const namespace = key.includes('/') ? key.split('/')[0] : '';
  const restricted = ['kubernetes.io', 'k8s.io'].some(
    (ns) => namespace === ns || namespace.endsWith(`.${ns}`),
  );
  if (!restricted || KUBELET_LABELS.has(key)) return true;
  return KUBELET_NAMESPACES.some((ns) => namespace === ns || namespace.endsWith(`.${ns}`));
}
