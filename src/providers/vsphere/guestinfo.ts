/**
 * The `guestinfo.metadata` document cloud-init's VMware datasource reads: instance id,
 * host name, and for static addressing a netplan v2 network configuration.
 * Pure module: no CDKTF import.
 */
import { NodeSpec } from '../../node-pool/infrastructure';

export function guestinfoMetadata(
  node: Pick<NodeSpec, 'name' | 'address'>,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    'instance-id': node.name,
    'local-hostname': node.name,
  };
  if (node.address) {
    const { address, prefixLength, gateway, dnsServers } = node.address;
    metadata.network = {
      version: 2,
      ethernets: {
        primary: {
          // The first interface of the VM, whatever the guest names it.
          match: { name: 'e*' },
          dhcp4: false,
          dhcp6: false,
          addresses: [`${address}/${prefixLength}`],
          routes: [{ to: 'default', via: gateway }],
          ...(dnsServers.length > 0 && { nameservers: { addresses: dnsServers } }),
        },
      },
    };
  }
  return metadata;
}
