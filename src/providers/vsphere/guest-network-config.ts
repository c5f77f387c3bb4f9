/**
 * The network configuration (cloud-init network config version 2) a vSphere node reads
 * from the `network` key of `guestinfo.metadata`. Pure module: no CDKTF import.
 *
 * cloud-init converts it for whichever renderer the image uses (netplan, ENI, networkd,
 * ...), so it keeps to what all of them read, checked with `cloud-init devel
 * net-convert` 22.4:
 * - the interface is matched by its MAC address and renamed with `set-name`: ENI and
 *   networkd need one concrete interface (a `name: e*` glob matches every NIC and
 *   breaks those renderers), and without `set-name` networkd matches the MAC *and* the
 *   key as name, which the guest's NIC does not have at first boot;
 * - only the first NIC is configured. Other NICs stay unconfigured (down) rather than
 *   on DHCP: a DHCP lease could add a second default route beside the static one.
 *   Configure them in the image or with user files when a pool needs them;
 * - the IPv4 default route is `to: 0.0.0.0/0` (ENI and networkd refuse `to: default`);
 *   the IPv6 default gateway is `gateway6`, because cloud-init 22.4 turns a `::/0`
 *   route into `::/64` for ENI and networkd (the prefix 0 is dropped on a second
 *   normalisation), leaving the node without an IPv6 default route.
 */
import type { NodeAddress } from '../../node-pool/node-addressing';
import { parseIp } from '../../private/cidr';

/** The name the first NIC gets (outside the kernel's `eth*` names, so no rename race). */
export const PRIMARY_INTERFACE = 'nic0';

/** Network config v2 with the static address on the NIC whose MAC is `macAddress`. */
export function guestNetworkConfig(
  address: NodeAddress,
  macAddress: string,
): Record<string, unknown> {
  const ipv6 = parseIp(address.address)?.family === 'IPv6';
  return {
    version: 2,
    ethernets: {
      [PRIMARY_INTERFACE]: {
        match: { macaddress: macAddress },
        'set-name': PRIMARY_INTERFACE,
        dhcp4: false,
        dhcp6: false,
        addresses: [`${address.address}/${address.prefixLength}`],
        ...(ipv6
          ? { gateway6: address.gateway }
          : { routes: [{ to: '0.0.0.0/0', via: address.gateway }] }),
        ...(address.dnsServers.length > 0 && { nameservers: { addresses: address.dnsServers } }),
      },
    },
  };
}
