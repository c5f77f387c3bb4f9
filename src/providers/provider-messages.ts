/**
 * Messages of the infrastructures' own props (Proxmox, MAAS, Cloud Director, vSphere).
 * Pure module.
 */
import { problem } from '../private/common-messages';

export const ProviderMessages = {
  badDiskInterface: (field: string, value: string) =>
    problem(field, value, 'must be a Proxmox disk interface such as "scsi0", "virtio0" or "sata0"'),
  badProxmoxTag: (field: string, value: string) =>
    problem(field, value, 'must be a Proxmox tag: lower-case letters, digits and "_.+-"'),
  badDistroSeries: (field: string, value: string) =>
    problem(field, value, 'must be a MAAS distro series such as "noble" or "jammy"'),
  tooFewHostnames: (field: string, value: readonly string[], replicas: number) =>
    problem(
      field,
      value,
      `names fewer machines than the pool's ${replicas} replicas; give one host name per node`,
    ),
  staticRangeUnused: (field: string, value: string) =>
    problem(
      field,
      value,
      "would leave the pool's static addresses unused: use IpAllocationMode.MANUAL, or NodeAddressing.dhcp()",
    ),
  rolloutMovesVapp: (field: string, value: unknown, current: string) =>
    problem(
      field,
      value,
      `must keep the pool's org, VDC and org network ([org, vdc, orgNetwork] = ${current}): all VMs of a pool share its vApp and its network; move a pool to another network with a second pool`,
    ),
  folderOfOtherTenant: (field: string, value: string | undefined, path: string, other: string) =>
    problem(
      field,
      value,
      `would put this control plane's VMs in vSphere folder "${path}", which holds those of the other control plane ${other} of the same name; give the pools of one of them another folder`,
    ),
};
