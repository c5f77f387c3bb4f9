/**
 * The `guestinfo.metadata` document cloud-init's VMware datasource reads: instance id,
 * host name, the guestinfo keys to clear once read, and for static addressing the
 * network configuration. Pure module: no CDKTF import.
 */
import { NodeSpec } from '../../node-pool/infrastructure';
import { guestNetworkConfig } from './guest-network-config';

/**
 * Guestinfo keys the datasource overwrites from inside the guest once it has read them
 * (it sets `guestinfo.userdata` to `---` and its encoding to blank), so the join token
 * does not stay readable through VMware Tools' guestinfo for the VM's lifetime.
 * `cleanup-guestinfo` is the key of the original VMware datasource and of cloud-init's
 * DataSourceVMware since it was merged (21.3); later releases call it `redact` and keep
 * reading `cleanup-guestinfo` (cloudinit/sources/DataSourceVMware.py, redact_keys).
 */
export const CLEANUP_GUESTINFO = ['userdata'];

/**
 * The metadata of one node. `macAddress` is the static MAC of its first NIC, needed
 * with a static address (the network config matches that NIC by MAC).
 */
export function guestinfoMetadata(
  node: Pick<NodeSpec, 'name' | 'address'>,
  macAddress?: string,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    'instance-id': node.name,
    'local-hostname': node.name,
    'cleanup-guestinfo': CLEANUP_GUESTINFO,
  };
  if (node.address) {
    if (macAddress === undefined) {
      throw new Error(`${node.name}: a static address needs the MAC address of the first NIC`);
    }
    metadata.network = guestNetworkConfig(node.address, macAddress);
  }
  return metadata;
}
