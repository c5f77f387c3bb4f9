/**
 * Synth-time checks of a node's bootstrap settings, labels and taints (design D7).
 * Pure module: no CDKTF import; unresolved tokens are skipped.
 */
import { X509Certificate } from 'crypto';
import { posix } from 'path';
import { Errors, HardeningErrors, Problem } from '../errors';
import { parseIp } from '../private/cidr';
import { checkVersion } from '../kamaji/tenant-control-plane-validation';
import { KubernetesVersion } from '../kamaji/kubernetes-version';
import { isQualifiedName, labelProblems, LABEL_NAME } from '../private/labels';
import { isRfc1123Label, isRfc1123Subdomain } from '../private/names';
import { InputChecks } from '../private/field-checks';
import { IsUnresolved } from '../private/unresolved';
import { TaintEffect } from '../kamaji/scheduling';
import { JOIN_LOG_PATH, JOIN_SCRIPT_PATH } from './join-script';
import { NodeBootstrapConfig, NodeBootstrapOptions, OsFamily, Taint } from './node-bootstrap';
import { CONTAINERD_PROXY_DROP_IN_PATH, PROXY_ENVIRONMENT_PATH } from './proxy-environment';

const SSH_KEY =
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( [^\r\n]*)?$/;
const PACKAGE = /^[a-z0-9][a-z0-9+.:=~_-]*$/;
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
// sha256sum --check --strict accepts either case; YakiSource.fromUrl writes lower case.
const SHA256 = /^[0-9a-fA-F]{64}$/;
const URL = /^https?:\/\/[^\s'"\\`$]+$/;
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
    problems.push(Errors.notRfc1123Label(`${prefix}nodeName`, config.nodeName));
  }
  if (!isUnresolved(config.token) && !BOOTSTRAP_TOKEN.test(config.token)) {
    problems.push(Errors.badBootstrapToken(`${prefix}token`, config.token.length));
  }
  if (!isUnresolved(config.endpoint)) {
    const problem = joinEndpointProblem(`${prefix}endpoint`, config.endpoint);
    if (problem) problems.push(problem);
  }
  if (!isUnresolved(config.caCertificate) && !isPemCertificate(config.caCertificate)) {
    problems.push(Errors.notPemCertificate(`${prefix}caCertificate`, config.caCertificate));
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

/** Every problem of the settings a pool shares. */
export function validateBootstrapOptions(
  options: NodeBootstrapOptions,
  prefix: string,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [];
  const check = (
    field: string,
    value: string | undefined,
    ok: RegExp,
    error: (f: string, v: string) => Problem,
  ) => {
    if (value !== undefined && !isUnresolved(value) && !ok.test(value))
      problems.push(error(field, value));
  };
  const checkAll = (
    field: string,
    values: string[] | undefined,
    ok: RegExp,
    error: (f: string, v: string) => Problem,
  ) => (values ?? []).forEach((value, i) => check(`${field}[${i}]`, value, ok, error));

  if (options.yaki) {
    check(`${prefix}yaki.url`, options.yaki.url, URL, Errors.badUrl);
    check(`${prefix}yaki.sha256`, options.yaki.sha256, SHA256, Errors.badSha256);
  }
  const versions = options.componentVersions ?? {};
  for (const key of ['containerd', 'runc', 'cniPlugins', 'crictl'] as const) {
    check(
      `${prefix}componentVersions.${key}`,
      versions[key],
      COMPONENT_VERSION,
      Errors.badComponentVersion,
    );
  }
  if (options.adminUser) {
    check(`${prefix}adminUser.name`, options.adminUser.name, USER_NAME, Errors.badUserName);
    const name = options.adminUser.name;
    if (!isUnresolved(name) && SYSTEM_ACCOUNTS.has(name)) {
      problems.push(HardeningErrors.systemAccount(`${prefix}adminUser.name`, name));
    }
    checkAll(
      `${prefix}adminUser.sshAuthorizedKeys`,
      options.adminUser.sshAuthorizedKeys,
      SSH_KEY,
      Errors.badSshKey,
    );
  }
  checkAll(`${prefix}sshAuthorizedKeys`, options.sshAuthorizedKeys, SSH_KEY, Errors.badSshKey);
  checkAll(`${prefix}extraPackages`, options.extraPackages, PACKAGE, Errors.badPackageName);
  // cloud-init hands packages to the package manager's command line, where a name
  // starting with "-" is an option (apt-get --allow-unauthenticated): the family's
  // packages pass the same check as extraPackages.
  if (options.osFamily instanceof OsFamily) {
    checkAll(
      `${prefix}osFamily.prerequisitePackages`,
      [...options.osFamily.prerequisitePackages],
      PACKAGE,
      Errors.badPackageName,
    );
  }
  (options.files ?? []).forEach((file, i) => {
    const field = `${prefix}files[${i}]`;
    check(`${field}.path`, file.path, /^\/[^\s'"\\]*$/, Errors.notAbsolutePath);
    const reservedBy = isUnresolved(file.path) ? undefined : reservedPathOwner(file.path);
    if (reservedBy) problems.push(Errors.reservedNodeFile(`${field}.path`, file.path, reservedBy));
    check(`${field}.permissions`, file.permissions, PERMISSIONS, Errors.badPermissions);
    check(`${field}.owner`, file.owner, OWNER, Errors.badOwner);
  });
  if (options.proxy) {
    check(`${prefix}proxy.httpProxy`, options.proxy.httpProxy, URL, Errors.badUrl);
    check(`${prefix}proxy.httpsProxy`, options.proxy.httpsProxy, URL, Errors.badUrl);
    checkAll(`${prefix}proxy.noProxy`, options.proxy.noProxy, /^[^\s,'"\\]+$/, Errors.unsafeText);
  }
  checkAll(`${prefix}ntpServers`, options.ntpServers, /^[A-Za-z0-9.:-]+$/, Errors.badNtpServer);
  return problems;
}

/**
 * What kubeadm reads as its API server: `host:port`, no scheme, IPv6 in brackets
 * (the join script writes it after "https://" into the discovery kubeconfig).
 */
export function joinEndpointProblem(field: string, value: string): Problem | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return Errors.endpointWithScheme(field, value);
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s/]+)):([0-9]{1,5})$/.exec(value);
  if (!match) {
    const withoutPort = value.replace(/:[0-9]{1,5}$/, '');
    if (parseIp(value)?.family === 'IPv6' || parseIp(withoutPort)?.family === 'IPv6') {
      return Errors.unbracketedIpv6Endpoint(field, value);
    }
    return Errors.badJoinEndpoint(field, value);
  }
  const [, ipv6, host, port] = match;
  const hostOk =
    ipv6 !== undefined
      ? parseIp(ipv6)?.family === 'IPv6'
      : parseIp(host)?.family === 'IPv4' || isRfc1123Subdomain(host.toLowerCase());
  const portNumber = Number(port);
  if (!hostOk || portNumber < 1 || portNumber > 65535) return Errors.badJoinEndpoint(field, value);
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
    isKubeletSettable(key) ? undefined : Errors.labelRefusedByKubelet(at, key),
  );
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
      problems.push(Errors.badTaintKey(`${field}[${i}].key`, taint.key));
    }
    if (
      taint.value !== undefined &&
      !isUnresolved(taint.value) &&
      taint.value !== '' &&
      !LABEL_NAME.test(taint.value)
    ) {
      problems.push(Errors.badTaintValue(`${field}[${i}].value`, taint.value));
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
