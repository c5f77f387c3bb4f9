/**
 * Each infrastructure's user-data as its machine reads it, from the resource values of
 * `terraform show -json`, and the join token written into it.
 */
import { gunzipSync } from 'zlib';
import { parse } from 'yaml';

export interface StateResource {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly values: any;
}

const base64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

/** The user-data a machine resource boots from; the Proxmox VM's is its snippet's. */
export function machineUserData(machine: StateResource, resources: StateResource[]): string {
  const values = machine.values;
  switch (machine.type) {
    case 'vsphere_virtual_machine':
      return gunzipSync(Buffer.from(values.extra_config['guestinfo.userdata'], 'base64')).toString(
        'utf8',
      );
    case 'vcd_vapp_vm':
      return base64(values.guest_properties['user-data']);
    case 'maas_instance':
      return base64(values.deploy_params[0].user_data);
    case 'proxmox_virtual_environment_vm': {
      const fileId = values.initialization[0].user_data_file_id;
      const snippet = resources.find(
        (r) => r.type === 'proxmox_virtual_environment_file' && r.values.id === fileId,
      );
      if (!snippet) throw new Error(`${machine.address}: no snippet ${fileId} in state`);
      return snippet.values.source_raw[0].data;
    }
    default:
      throw new Error(`${machine.address}: not a machine type`);
  }
}

/** The content of a file cloud-init writes, by path. */
export function writtenFile(userData: string, path: string): string {
  const file = parse(userData).write_files.find((f: any) => f.path === path);
  if (!file) throw new Error(`user-data writes no ${path}`);
  return base64(file.content);
}

/** The join token a node's user-data carries. */
export function joinTokenOf(userData: string): string {
  return writtenFile(userData, '/etc/kubernetes/join-token');
}
