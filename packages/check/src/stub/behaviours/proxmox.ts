/** bpg/proxmox 0.111: what replaces a VM and a snippet file, and what they read back. */
import { isObject, isUnknown, valuesEqual } from '../values';
import {
  changedInEach,
  inBlock,
  knownString,
  knownText,
  ObjectValue,
  ResourceBehaviour,
  valueAt,
} from './resource-behaviour';

/** Cloud-init file ids of a Proxmox VM: ForceNew, and "" in state when not configured. */
const PROXMOX_CLOUD_INIT_FILES = [
  'user_data_file_id',
  'vendor_data_file_id',
  'network_data_file_id',
  'meta_data_file_id',
];

// bpg/proxmox v0.111.1 proxmoxtf/resource/vm/vm.go (VM): ForceNew are amd_sev, every
// argument of clone (retries, datastore_id, node_name, vm_id, full), the initialization
// file ids and type (PROXMOX_CLOUD_INIT_FILES, type), and disk.file_id (disk/schema.go).
// Its CustomizeDiff adds: vm_id when it changes to anything but the VM's own id;
// node_name unless migrate is true; tpm_state.version and efi_disk.type when both old
// and new are set and differ. CPU, memory, disk size, network devices, ip_config and
// tags update in place (rebooting the VM when reboot_after_update says so).
export const proxmoxVm: ResourceBehaviour = {
  replaceOn: [
    ['amd_sev'],
    ...inBlock('clone', ['retries', 'datastore_id', 'node_name', 'vm_id', 'full']),
    ...inBlock('initialization', [...PROXMOX_CLOUD_INIT_FILES, 'type']),
  ],
  requiresReplace(prior, planned) {
    const paths = changedInEach('disk', ['file_id'], prior, planned);
    if (!valuesEqual(prior.vm_id, planned.vm_id) && String(planned.vm_id) !== prior.id) {
      paths.push(['vm_id']);
    }
    if (!valuesEqual(prior.node_name, planned.node_name) && planned.migrate !== true) {
      paths.push(['node_name']);
    }
    for (const [block, name] of [
      ['tpm_state', 'version'],
      ['efi_disk', 'type'],
    ]) {
      const before = knownText(valueAt(prior, [block, 0, name]));
      const after = knownText(valueAt(planned, [block, 0, name]));
      if (before !== '' && after !== '' && before !== after) paths.push([block, 0, name]);
    }
    return paths;
  },
  // vmReadCustom: a cloud-init file id not configured reads back as "", not as a fake.
  apply(planned) {
    const blocks = planned.initialization;
    if (!Array.isArray(blocks) || !isObject(blocks[0])) return planned;
    const initialization: ObjectValue = { ...blocks[0] };
    for (const name of PROXMOX_CLOUD_INIT_FILES) {
      if (isUnknown(initialization[name])) initialization[name] = '';
    }
    return { ...planned, initialization: [initialization, ...blocks.slice(1)] };
  },
};

// bpg/proxmox v0.111.1 proxmoxtf/resource/file.go: content_type, datastore_id, node_name,
// file_mode, source_file and source_raw (with each nested argument) are ForceNew; only
// overwrite and timeout_upload update in place.
export const proxmoxFile: ResourceBehaviour = {
  replaceOn: [
    ['content_type'],
    ['datastore_id'],
    ['node_name'],
    ['file_mode'],
    ['source_raw'],
    ['source_file'],
  ],
  apply(planned) {
    const raw = (planned.source_raw as ObjectValue[] | null)?.[0];
    const fileName = (raw?.file_name as string | undefined) ?? 'file';
    const contentType = knownString(planned.content_type) ?? 'snippets';
    return {
      ...planned,
      content_type: contentType,
      file_name: fileName,
      id: `${planned.datastore_id}:${contentType}/${fileName}`,
    };
  },
};
