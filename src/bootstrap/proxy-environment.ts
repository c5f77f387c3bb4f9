/**
 * Where a node's proxy settings live. Not /etc/environment: that file must stay
 * world-readable (PAM and login shells read it), and a proxy URL may carry
 * credentials. The settings go to a root-only file that systemd reads (as root) for
 * containerd only, through a drop-in; that is the unit yaki pointed at
 * /etc/environment, and the kubelet keeps reaching the API server directly.
 * Pure module: no CDKTF import.
 */
import { ValueEncoding } from './encoding';
import { proxyVariables } from './join-script';
import { ProxySettings } from './node-bootstrap';

export const PROXY_ENVIRONMENT_PATH = '/etc/kamaji/proxy.env';
export const CONTAINERD_PROXY_DROP_IN_PATH =
  '/etc/systemd/system/containerd.service.d/50-kamaji-proxy.conf';

/**
 * Characters a backslash escapes inside double quotes, alike for systemd's
 * `EnvironmentFile=` (SHELL_NEED_ESCAPE in systemd's env-file.c parser) and for sh.
 * Escaped, nothing in a value can end its quotes: a newline there is part of the value
 * for both, so a value can never add a variable (LD_PRELOAD=...) to containerd.
 */
const DOUBLE_QUOTE_SPECIALS = '"\\`$';

/** A file of the proxy settings, as systemd's `EnvironmentFile=` (and sh) reads it. */
export function proxyEnvironmentFile(
  proxy: ProxySettings | undefined,
  encoding: ValueEncoding,
): string | undefined {
  const variables = proxyVariables(proxy);
  if (variables.length === 0) return undefined;
  return variables
    .map(
      ([name, value]) => `${name}="${encoding.backslashEscaped(value, DOUBLE_QUOTE_SPECIALS)}"\n`,
    )
    .join('');
}

/**
 * The containerd drop-in: names the file only, so `systemctl show` (open to every
 * user) never prints the values, as it would with `Environment=`.
 */
export function containerdProxyDropIn(): string {
  return `[Service]\nEnvironmentFile=${PROXY_ENVIRONMENT_PATH}\n`;
}
