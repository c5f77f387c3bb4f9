/**
 * The script cloud-init runs to join the node. It holds no apply-time value: the
 * endpoint and token are read from files, so nothing Terraform substitutes is ever
 * parsed as shell. Synth-time values are single-quoted. Pure module: no CDKTF import.
 */
import { JOIN_CONFIGURATION_PATH } from './join-configuration';
import { NodeBootstrapConfig, ProxySettings, YakiSource } from './node-bootstrap';

export const JOIN_SCRIPT_PATH = '/usr/local/sbin/kamaji-join';
export const JOIN_URL_PATH = '/etc/kubernetes/join-url';
export const JOIN_TOKEN_PATH = '/etc/kubernetes/join-token';
export const JOIN_LOG_PATH = '/var/log/kamaji-join.log';

/** `value` as one single-quoted shell word, whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The join script for a node. */
export function joinScript(config: NodeBootstrapConfig): string {
  const lines = [
    '#!/bin/bash',
    '# Joins this machine to its Kamaji tenant cluster; written by cdktf-kamaji.',
    'set -euo pipefail',
    `exec >>${JOIN_LOG_PATH} 2>&1`,
    '',
    'if [ -f /etc/kubernetes/kubelet.conf ]; then',
    '  echo "kubelet is configured already: this node has joined"',
    '  exit 0',
    'fi',
    '',
    ...proxyExports(config.proxy),
    ...(config.preJoinCommands ?? []),
    config.preBaked ? preBakedJoin() : yakiJoin(config),
    '',
    '# The kubelet has its own certificate now: the bootstrap token is not needed any more.',
    `rm -f ${JOIN_TOKEN_PATH} ${JOIN_CONFIGURATION_PATH}`,
    ...(config.postJoinCommands ?? []),
  ];
  return `${lines.join('\n')}\n`;
}

function preBakedJoin(): string {
  return [
    '# Pre-baked image: kubeadm, kubelet and containerd are installed already.',
    'systemctl enable --now containerd kubelet',
    `kubeadm join --config ${JOIN_CONFIGURATION_PATH}`,
  ].join('\n');
}

function yakiJoin(config: NodeBootstrapConfig): string {
  const yaki = config.yaki ?? YakiSource.DEFAULT;
  const versions = config.componentVersions ?? {};
  const componentExports = [
    ['CONTAINERD_VERSION', versions.containerd],
    ['RUNC_VERSION', versions.runc],
    ['CNI_VERSION', versions.cniPlugins],
    ['CRICTL_VERSION', versions.crictl],
  ]
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  return [
    `export KUBERNETES_VERSION=${shellQuote(config.kubernetesVersion)}`,
    `export KUBEADM_CONFIG=${JOIN_CONFIGURATION_PATH}`,
    ...componentExports,
    '# yaki requires JOIN_URL and JOIN_TOKEN even when it joins with KUBEADM_CONFIG.',
    `JOIN_URL="$(cat ${JOIN_URL_PATH})"`,
    `JOIN_TOKEN="$(cat ${JOIN_TOKEN_PATH})"`,
    'export JOIN_URL JOIN_TOKEN',
    '',
    'yaki="$(mktemp)"',
    'trap \'rm -f "$yaki"\' EXIT',
    `curl --fail --silent --show-error --location --retry 5 --output "$yaki" ${shellQuote(yaki.url)}`,
    `echo ${shellQuote(`${yaki.sha256}  `)}"$yaki" | sha256sum --check --strict`,
    'bash "$yaki" join',
  ].join('\n');
}

function proxyExports(proxy: ProxySettings | undefined): string[] {
  return proxyVariables(proxy).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
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
