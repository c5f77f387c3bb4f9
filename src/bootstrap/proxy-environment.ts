/**
 * Where a node's proxy settings live. Not /etc/environment: that file must stay
 * world-readable (PAM and login shells read it), and a proxy URL may carry
 * credentials. The settings go to a root-only file that systemd reads (as root) for
 * containerd only, through a drop-in; that is the unit yaki pointed at
 * /etc/environment, and the kubelet keeps reaching the API server directly.
 * Pure module: no CDKTF import.
 */
import { proxyVariables } from './join-script';
import { ProxySettings } from './node-bootstrap';

export const PROXY_ENVIRONMENT_PATH = '/etc/kamaji/proxy.env';
export const CONTAINERD_PROXY_DROP_IN_PATH =
  '/etc/systemd/system/containerd.service.d/50-kamaji-proxy.conf';

/** A file of the proxy settings, as systemd's `EnvironmentFile=` reads it. */
export function proxyEnvironmentFile(proxy: ProxySettings | undefined): string | undefined {
  const variables = proxyVariables(proxy);
  if (variables.length === 0) return undefined;
  return variables.map(([name, value]) => `${name}="${value}"\n`).join('');
}

/**
 * The containerd drop-in: names the file only, so `systemctl show` (open to every
 * user) never prints the values, as it would with `Environment=`.
 */
export function containerdProxyDropIn(): string {
  return `[Service]\nEnvironmentFile=${PROXY_ENVIRONMENT_PATH}\n`;
}
