/** canonical/maas 2.4: what replaces a machine. */
import { ResourceBehaviour } from './resource-behaviour';

// canonical/maas v2.4.0 maas/resource_maas_instance.go: no update function; the
// arguments allocate_params, deploy_params and network_interfaces are ForceNew.
export const maasInstance: ResourceBehaviour = {
  replaceOn: [['allocate_params'], ['deploy_params'], ['network_interfaces']],
};

// canonical/maas v2.4.0 maas/resource_maas_vm_host_machine.go (resourceMaasVMHostMachine):
// cores, memory, pinned_cores, vm_host, storage_disks and network_interfaces are ForceNew;
// hostname, domain, pool and zone update the composed machine in place.
export const maasVmHostMachine: ResourceBehaviour = {
  replaceOn: [
    ['cores'],
    ['memory'],
    ['pinned_cores'],
    ['vm_host'],
    ['storage_disks'],
    ['network_interfaces'],
  ],
};
