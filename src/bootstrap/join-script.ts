/**
 * The script cloud-init runs to join the node. Nothing Terraform substitutes is ever
 * parsed as shell: the endpoint and token are read from files; a setting known only at
 * apply time (a proxy, yaki's URL and checksum, a version given as a Terraform value)
 * is base64 in the script, whose alphabet holds no quote, decoded into a variable that
 * is only ever expanded inside double quotes. Synth-time values are single-quoted, as
 * they always were. Pure module: no CDKTF import.
 *
 * Facts about yaki v1.36.2 (clastix/yaki, script/yaki at that tag) it is built on:
 * - `do_kube_join` runs `kubeadm join --config $KUBEADM_CONFIG` only when that file
 *   exists; else `$JOIN_URL --token $JOIN_TOKEN` with `--discovery-token-ca-cert-hash
 *   $JOIN_TOKEN_CACERT_HASH` when that is set, else with
 *   `--discovery-token-unsafe-skip-ca-verification`.
 * - The install steps run inside `do_kube_join && info ...`, where `set -e` has no
 *   effect: a failed download is logged and the join goes on, and yaki exits 0 when
 *   `kubeadm join` does.
 * - `DEBUG=true` turns on `set -x`, which would print the token.
 * - Downloads go to the working directory, from github.com, dl.k8s.io and
 *   raw.githubusercontent.com; only the versions come from the environment.
 */
import { ValueEncoding } from './encoding';
import { DISCOVERY_KUBECONFIG_PATH, JOIN_CONFIGURATION_PATH } from './join-configuration';
import { NodeBootstrapConfig, ProxySettings, YakiSource } from './node-bootstrap';

export const JOIN_SCRIPT_PATH = '/usr/local/sbin/kamaji-join';
export const JOIN_URL_PATH = '/etc/kubernetes/join-url';
export const JOIN_TOKEN_PATH = '/etc/kubernetes/join-token';
export const JOIN_LOG_PATH = '/var/log/kamaji-join.log';

/**
 * A node has joined when the kubelet holds a kubeconfig and the client certificate it
 * names: the kubelet writes both only once its TLS bootstrap succeeded.
 */
export const KUBELET_KUBECONFIG_PATH = '/etc/kubernetes/kubelet.conf';
export const KUBELET_CLIENT_CERTIFICATE_PATH = '/var/lib/kubelet/pki/kubelet-client-current.pem';

/** What a kubeadm join leaves behind, and its preflight refuses to find (FileAvailable--*). */
export const JOIN_LEFTOVERS = [
  KUBELET_KUBECONFIG_PATH,
  '/etc/kubernetes/bootstrap-kubelet.conf',
  '/etc/kubernetes/pki/ca.crt',
  '/var/lib/kubelet/config.yaml',
  KUBELET_CLIENT_CERTIFICATE_PATH,
];

/** Binaries a working node needs, wherever they were installed from. */
export const REQUIRED_COMMANDS = ['kubeadm', 'kubelet', 'containerd', 'runc'];
/** The reference CNI plugins yaki installs (containernetworking/plugins) that pod sandboxes use. */
export const REQUIRED_CNI_PLUGINS = ['bridge', 'host-local', 'loopback', 'portmap'];

/** `value` as one single-quoted shell word, whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Lines that set shell variable `name` to `value`: a single-quoted word when the value
 * is known; else Terraform's base64 of it, decoded on the node. The decoded text goes
 * into the variable as it is (command substitution is not parsed again), less the
 * trailing newlines command substitution drops.
 */
function assign(name: string, value: string, encoding: ValueEncoding): string {
  return encoding.isUnresolved(value)
    ? `${name}="$(printf '%s' '${encoding.base64(value)}' | base64 -d)"`
    : `${name}=${shellQuote(value)}`;
}

/** `assign`, then `export`; one line for a known value, as the script always had it. */
function exported(name: string, value: string, encoding: ValueEncoding): string[] {
  return encoding.isUnresolved(value)
    ? [assign(name, value, encoding), `export ${name}`]
    : [`export ${assign(name, value, encoding)}`];
}

/** The join script for a node. */
export function joinScript(config: NodeBootstrapConfig, encoding: ValueEncoding): string {
  const lines = [
    '#!/bin/bash',
    '# Joins this machine to its Kamaji tenant cluster; written by cdktf-kamaji.',
    '# Run it again as root to retry a failed join: it resets what a failed attempt left.',
    'set -euo pipefail',
    '# The log holds the endpoint and what the installer and kubeadm say: root only, also when an',
    '# earlier run or another tool created it with another mode.',
    `(umask 077 && : >>${JOIN_LOG_PATH})`,
    `chmod 0600 ${JOIN_LOG_PATH}`,
    `exec >>${JOIN_LOG_PATH} 2>&1`,
    '# Binaries installed into /usr/local must be found; the PATH cloud-init gives may lack it.',
    'export PATH="/usr/local/sbin:/usr/local/bin:$PATH"',
    '',
    ...helpers(),
    '',
    'if joined && healthy; then',
    '  echo "kamaji-join: this node has joined already and is healthy: nothing to do"',
    `  rm -f ${JOIN_TOKEN_PATH} ${JOIN_CONFIGURATION_PATH}`,
    '  exit 0',
    'fi',
    '',
    ...pinChecks(config.preBaked ?? false),
    '',
    ...resetLeftovers(),
    '',
    ...proxyExports(config.proxy, encoding),
    ...(config.preJoinCommands ?? []),
    config.preBaked ? preBakedJoin() : yakiJoin(config, encoding),
    '',
    'if ! healthy; then',
    '  fail "the join did not leave a working node"',
    'fi',
    '# The kubelet has its own certificate now: the bootstrap token is not needed any more.',
    `rm -f ${JOIN_TOKEN_PATH} ${JOIN_CONFIGURATION_PATH}`,
    'echo "kamaji-join: joined"',
    ...(config.postJoinCommands ?? []),
  ];
  return `${lines.join('\n')}\n`;
}

function helpers(): string[] {
  return [
    'fail() {',
    '  echo "kamaji-join: FAILED: $*"',
    `  echo "kamaji-join: the bootstrap token and this log are kept: fix the cause, then run ${JOIN_SCRIPT_PATH} as root to retry"`,
    '  exit 1',
    '}',
    '',
    `# Joined: the kubelet finished its TLS bootstrap (see ${KUBELET_KUBECONFIG_PATH}).`,
    'joined() {',
    `  [ -s ${KUBELET_KUBECONFIG_PATH} ] && [ -s ${KUBELET_CLIENT_CERTIFICATE_PATH} ]`,
    '}',
    '',
    '# A unit may still be starting right after the join: give it a minute.',
    'active() {',
    '  local _',
    '  for _ in $(seq 1 30); do',
    '    systemctl is-active --quiet "$1" && return 0',
    '    sleep 2',
    '  done',
    '  return 1',
    '}',
    '',
    '# An installer may go on after a failed download and still report success: check.',
    'healthy() {',
    '  local missing=() item',
    `  for item in ${REQUIRED_COMMANDS.join(' ')}; do`,
    '    command -v "$item" >/dev/null || missing+=("$item")',
    '  done',
    `  for item in ${REQUIRED_CNI_PLUGINS.join(' ')}; do`,
    '    [ -x "/opt/cni/bin/$item" ] || missing+=("/opt/cni/bin/$item")',
    '  done',
    `  joined || missing+=("${KUBELET_CLIENT_CERTIFICATE_PATH}")`,
    '  if [ ${#missing[@]} -gt 0 ]; then',
    '    echo "kamaji-join: missing: ${missing[*]}"',
    '    return 1',
    '  fi',
    '  for item in containerd kubelet; do',
    '    if ! active "$item"; then',
    '      echo "kamaji-join: $item is not active (journalctl -u $item)"',
    '      return 1',
    '    fi',
    '  done',
  ].concat(['}']);
}

/**
 * Refuses to join without the pinned CA (design D2): yaki falls back to skipping CA
 * verification when KUBEADM_CONFIG is missing, so the file is checked here, and the
 * CA hash is handed to yaki as well, so every path it may take pins the CA.
 */
function pinChecks(preBaked: boolean): string[] {
  return [
    `[ -s ${JOIN_TOKEN_PATH} ] || fail "no bootstrap token in ${JOIN_TOKEN_PATH}"`,
    `[ -s ${JOIN_CONFIGURATION_PATH} ] || fail "${JOIN_CONFIGURATION_PATH} is missing or empty: refusing to join without the pinned CA"`,
    `[ -s ${DISCOVERY_KUBECONFIG_PATH} ] || fail "${DISCOVERY_KUBECONFIG_PATH} is missing or empty: refusing to join without the pinned CA"`,
    ...(preBaked
      ? []
      : [
          'command -v openssl >/dev/null || fail "openssl is needed to pin the CA (add it to the OS family\'s packages)"',
          "# kubeadm's CA pin: sha256 of the DER SubjectPublicKeyInfo of the CA certificate.",
          'ca_hash="$(',
          `  sed -n 's|^ *"certificate-authority-data": *"\\([A-Za-z0-9+/=]*\\)",\\{0,1\\}$|\\1|p' ${DISCOVERY_KUBECONFIG_PATH} |`,
          '    base64 -d | openssl x509 -pubkey -noout | openssl pkey -pubin -outform der |',
          '    sha256sum | cut -d " " -f 1',
          ')" || fail "no CA certificate in ' + DISCOVERY_KUBECONFIG_PATH + '"',
          '[[ "$ca_hash" =~ ^[0-9a-f]{64}$ ]] || fail "no CA certificate in ' +
            DISCOVERY_KUBECONFIG_PATH +
            '"',
        ]),
  ];
}

/** A failed kubeadm join leaves files its preflight refuses: reset them, then join again. */
function resetLeftovers(): string[] {
  return [
    `for leftover in ${JOIN_LEFTOVERS.join(' ')}; do`,
    '  if [ -e "$leftover" ]; then',
    '    echo "kamaji-join: an earlier join attempt left $leftover: kubeadm reset -f"',
    '    command -v kubeadm >/dev/null || fail "kubeadm is needed to reset $leftover"',
    '    kubeadm reset -f',
    '    break',
    '  fi',
    'done',
  ];
}

function preBakedJoin(): string {
  return [
    '# Pre-baked image: kubeadm, kubelet and containerd are installed already.',
    'systemctl enable --now containerd kubelet',
    `kubeadm join --config ${JOIN_CONFIGURATION_PATH} || fail "kubeadm join failed"`,
  ].join('\n');
}

function yakiJoin(config: NodeBootstrapConfig, encoding: ValueEncoding): string {
  const yaki = config.yaki ?? YakiSource.DEFAULT;
  const versions = config.componentVersions ?? {};
  const componentExports = [
    ['CONTAINERD_VERSION', versions.containerd],
    ['RUNC_VERSION', versions.runc],
    ['CNI_VERSION', versions.cniPlugins],
    ['CRICTL_VERSION', versions.crictl],
  ]
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .flatMap(([name, value]) => exported(name, value, encoding));
  return [
    ...exported('KUBERNETES_VERSION', config.kubernetesVersion, encoding),
    `export KUBEADM_CONFIG=${JOIN_CONFIGURATION_PATH}`,
    'export JOIN_TOKEN_CACERT_HASH="sha256:$ca_hash"',
    '# yaki traces every command with DEBUG=true, the token included.',
    'export DEBUG=false',
    ...componentExports,
    '# yaki requires JOIN_URL and JOIN_TOKEN even when it joins with KUBEADM_CONFIG.',
    `JOIN_URL="$(cat ${JOIN_URL_PATH})"`,
    `JOIN_TOKEN="$(cat ${JOIN_TOKEN_PATH})"`,
    'export JOIN_URL JOIN_TOKEN',
    '',
    '# yaki downloads into its working directory: a private one, removed on exit.',
    'workdir="$(mktemp -d)"',
    'trap \'rm -rf "$workdir"\' EXIT',
    'cd "$workdir"',
    ...yakiDownload(yaki, encoding),
    'bash yaki join || fail "yaki join failed"',
  ].join('\n');
}

/**
 * Fetches yaki and checks its sha256 (design D9). A URL or checksum known only at apply
 * time is decoded into a variable: `--url` keeps a URL that starts with "-" from being
 * read as an option, and a checksum that is not one fails `sha256sum --strict`.
 */
function yakiDownload(yaki: YakiSource, encoding: ValueEncoding): string[] {
  const curl = 'curl --fail --silent --show-error --location --retry 5 --output yaki';
  const known = (value: string) => !encoding.isUnresolved(value);
  return [
    ...(known(yaki.url)
      ? [`${curl} ${shellQuote(yaki.url)}`]
      : [assign('yaki_url', yaki.url, encoding), `${curl} --url "$yaki_url"`]),
    ...(known(yaki.sha256)
      ? [`echo ${shellQuote(`${yaki.sha256}  yaki`)} | sha256sum --check --strict`]
      : [
          assign('yaki_sha256', yaki.sha256, encoding),
          `printf '%s  yaki\\n' "$yaki_sha256" | sha256sum --check --strict`,
        ]),
  ];
}

function proxyExports(proxy: ProxySettings | undefined, encoding: ValueEncoding): string[] {
  return proxyVariables(proxy).flatMap(([name, value]) => exported(name, value, encoding));
}

/** The proxy variables, upper- and lower-case, as tools read either. */
export function proxyVariables(proxy: ProxySettings | undefined): Array<[string, string]> {
  if (!proxy) return [];
  const pairs: Array<[string, string | undefined]> = [
    ['HTTP_PROXY', proxy.httpProxy],
    ['HTTPS_PROXY', proxy.httpsProxy],
    ['NO_PROXY', proxy.noProxy?.join(',')],
  ];
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '')
    .flatMap(([name, value]) => [
      [name, value],
      [name.toLowerCase(), value],
    ]);
}
