/** vmware/vcd 3.14: what replaces a VM, its vApp, the vApp's network and affinity rules. */
import { ResourceBehaviour } from './resource-behaviour';

// vmware/vcd v3.14.1 vcd/resource_vcd_vapp_vm.go (vmSchemaFunc, no CustomizeDiff):
// vapp_name, name, org, vdc, template_name, vapp_template_id, vm_name_in_template,
// copy_from_vm_id, consolidate_disks_on_create and override_template_disk (a set whose
// every argument is ForceNew too) force a new VM; CPU, memory, networks, guest
// properties and computer_name update in place.
export const vcdVappVm: ResourceBehaviour = {
  replaceOn: [
    'vapp_name',
    'name',
    'org',
    'vdc',
    'template_name',
    'vapp_template_id',
    'vm_name_in_template',
    'copy_from_vm_id',
    'consolidate_disks_on_create',
    'override_template_disk',
  ].map((name) => [name]),
};
// vcd/resource_vcd_vapp.go: name, org and vdc; a new vApp takes its VMs with it.
export const vcdVapp: ResourceBehaviour = { replaceOn: [['name'], ['org'], ['vdc']] };
// vcd/resource_vcd_vapp_org_network.go.
export const vcdVappOrgNetwork: ResourceBehaviour = {
  replaceOn: [['vapp_name'], ['org'], ['vdc'], ['org_network_name']],
};
// vcd/resource_vcd_vm_affinity_rule.go.
export const vcdVmAffinityRule: ResourceBehaviour = { replaceOn: [['org'], ['vdc'], ['polarity']] };
