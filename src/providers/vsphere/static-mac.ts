/**
 * The MAC address of a statically addressed node's first NIC. Pure module: no CDKTF import.
 *
 * The node's network config matches that NIC by MAC (guest-network-config.ts), so the
 * MAC must be known at synth: vCenter assigns one only after apply, and a VM's metadata
 * cannot refer to the VM itself. It is derived from the node's static address, which is
 * already unique on its network: vSphere accepts static MACs only in the VMware block
 * 00:50:56:00:00:00 to 00:50:56:3F:FF:FF (vSphere networking docs, "VMware OUI in Static
 * MAC Addresses"), that is 22 bits, and the low 22 bits of an address differ for any two
 * addresses of one IPv4 network up to a /10 or of one IPv6 range of 4 million
 * addresses. A drawn random MAC would collide across a large fleet (about n^2 / 8.4
 * million for n nodes on one network) and would need a resource per node.
 */
import type { NodeAddress } from '../../node-pool/node-addressing';
import { parseIp } from '../../private/cidr';

/** How many MACs the VMware block for static assignment holds. */
const VMWARE_STATIC_MAC_COUNT = 0x40_0000n;

/** `00:50:56:XX:YY:ZZ` with the low 22 bits of `address.address`. */
export function staticMacAddress(address: NodeAddress): string {
  const ip = parseIp(address.address);
  if (!ip) throw new Error(`not an IP address: ${JSON.stringify(address.address)}`);
  const low = Number(ip.value % VMWARE_STATIC_MAC_COUNT);
  const bytes = [low >> 16, (low >> 8) & 0xff, low & 0xff];
  return ['00', '50', '56', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
