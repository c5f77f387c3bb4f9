/**
 * The `initialization.ip_config` entry of a Proxmox VM: cloud-init's `ipconfig0`.
 * Pure module: no CDKTF import.
 */
import type { NodeAddress } from '../../node-pool/node-addressing';
import { parseIp } from '../../private/cidr';

/** The `ipv4` or `ipv6` block of bpg/proxmox's `ip_config` (address as `addr/prefix`). */
export interface ProxmoxIpBlock {
  readonly address: string;
  readonly gateway?: string;
}

export interface ProxmoxIpConfig {
  readonly ipv4?: ProxmoxIpBlock;
  readonly ipv6?: ProxmoxIpBlock;
}

/**
 * DHCP (IPv4) without a static address; otherwise the address in the block of its own
 * family. Proxmox writes `ipv4` as `ip=`/`gw=` and `ipv6` as `ip6=`/`gw6=` of
 * `ipconfig0`, so an IPv6 address in the `ipv4` block is refused by Proxmox or, worse,
 * misread. A static IPv6 node gets no IPv4 configuration: the range is its only address.
 */
export function proxmoxIpConfig(address: NodeAddress | undefined): ProxmoxIpConfig {
  if (!address) return { ipv4: { address: 'dhcp' } };
  const block = {
    address: `${address.address}/${address.prefixLength}`,
    gateway: address.gateway,
  };
  return parseIp(address.address)?.family === 'IPv6' ? { ipv6: block } : { ipv4: block };
}
