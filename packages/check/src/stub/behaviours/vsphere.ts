/** vmware/vsphere 2.15: what replaces a VM, its folder and its anti-affinity rule. */
import { isObject } from '../values';
import {
  changedInEach,
  changedPaths,
  inBlock,
  ObjectValue,
  ResourceBehaviour,
} from './resource-behaviour';

export const vsphereFolder: ResourceBehaviour = { replaceOn: [['type'], ['datacenter_id']] };

/** Arguments of `clone` whose change resourceVSphereVirtualMachineCustomizeDiff leaves in place. */
const VSPHERE_CLONE_IN_PLACE = new Set(['timeout']);

// vmware/vsphere v2.15.0: replace_trigger (virtual_machine_config_structure.go),
// network_interface.ovf_mapping (virtual_machine_network_interface_subresource.go) and
// each ovf_deploy argument (virtual_machine_ovfdeploy_subresource.go) are ForceNew; and
// resourceVSphereVirtualMachineCustomizeDiff forces a new VM on every changed key under
// `clone.0` but `clone.0.timeout`, unless the VM was just imported. CPU, memory, disks,
// NICs (an adapter type change recreates the device, not the VM) and extra_config
// update in place.
export const vsphereVirtualMachine: ResourceBehaviour = {
  replaceOn: [['replace_trigger'], ['ovf_deploy']],
  requiresReplace(prior, planned) {
    const nics = changedInEach('network_interface', ['ovf_mapping'], prior, planned);
    const clone = (planned.clone as ObjectValue[] | null)?.[0];
    if (!isObject(clone) || prior.imported === true) return nics;
    const keys = Object.keys(clone).filter((key) => !VSPHERE_CLONE_IN_PLACE.has(key));
    return [...nics, ...changedPaths(inBlock('clone', keys), prior, planned)];
  },
};
export const vsphereAntiAffinity: ResourceBehaviour = { replaceOn: [['compute_cluster_id']] };
