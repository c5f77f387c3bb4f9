/**
 * What particular resource types do beyond the schema-driven default: which
 * attributes force a replacement, values a provider computes itself, and checks that
 * the real provider or the API behind it would make. Facts come from the providers'
 * sources at the versions pinned in `schemas/` (random 3.7, time 0.13, kubernetes
 * 2.38, vsphere 2.15, vcd 3.14, bpg/proxmox 0.111, maas 2.4). Replacement is modelled in
 * full for the resources that hold machines and their files; the rest, only where our
 * constructs use it. Anything not listed here behaves as the schema alone says.
 *
 * One file per provider; this barrel registers each behaviour under its resource type.
 */
import { kubernetesManifest, kubernetesProviderProblems, kubernetesSecret } from './kubernetes';
import { maasInstance, maasVmHostMachine } from './maas';
import { proxmoxFile, proxmoxVm } from './proxmox';
import { randomBehaviour } from './random';
import { changedPaths, ObjectValue, Path, ResourceBehaviour } from './resource-behaviour';
import { timeOffset, timeRotating, timeStatic } from './time';
import { vcdVapp, vcdVappOrgNetwork, vcdVappVm, vcdVmAffinityRule } from './vcd';
import { vsphereAntiAffinity, vsphereFolder, vsphereVirtualMachine } from './vsphere';

export { TENANT_ENDPOINT_HOST } from './kubernetes';
export {
  isObjectValue,
  type ObjectValue,
  type Path,
  type ResourceBehaviour,
  type StubEnvironment,
} from './resource-behaviour';

export const RESOURCE_BEHAVIOURS: Record<string, ResourceBehaviour> = {
  random_string: randomBehaviour(true),
  random_password: randomBehaviour(false),
  time_rotating: timeRotating,
  time_offset: timeOffset,
  time_static: timeStatic,
  kubernetes_manifest: kubernetesManifest,
  kubernetes_secret_v1: kubernetesSecret,
  vsphere_folder: vsphereFolder,
  vsphere_virtual_machine: vsphereVirtualMachine,
  vsphere_compute_cluster_vm_anti_affinity_rule: vsphereAntiAffinity,
  vcd_vapp: vcdVapp,
  vcd_vapp_org_network: vcdVappOrgNetwork,
  vcd_vapp_vm: vcdVappVm,
  vcd_vm_affinity_rule: vcdVmAffinityRule,
  proxmox_virtual_environment_file: proxmoxFile,
  proxmox_virtual_environment_vm: proxmoxVm,
  maas_instance: maasInstance,
  maas_vm_host_machine: maasVmHostMachine,
};

/** Problems a provider reports when configured; keyed by provider type name. */
export const PROVIDER_CHECKS: Record<string, (config: ObjectValue) => string[]> = {
  kubernetes: kubernetesProviderProblems,
};

/**
 * The paths that make Terraform replace an existing object of `type` when its plan
 * goes from `prior` to `planned` (the RequiresReplace of PlanResourceChange).
 */
export function replacementPaths(type: string, prior: ObjectValue, planned: ObjectValue): Path[] {
  const behaviour = RESOURCE_BEHAVIOURS[type] ?? {};
  return [
    ...changedPaths(behaviour.replaceOn ?? [], prior, planned),
    ...(behaviour.requiresReplace?.(prior, planned) ?? []),
  ];
}
