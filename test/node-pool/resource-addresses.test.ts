/**
 * Resource addresses are a contract (STYLE 6): moving a machine or a per-node resource
 * to another address destroys and re-creates it. Lookups (data sources) may move: they
 * are read again on every plan. These are the addresses of a pool without `rollout`, on
 * every infrastructure, as synthesized before data sources became shared per stack
 * (issue #15) and before rollouts of the machine spec (issue #14 item 3); they must not
 * change. A pool mid-rollout keeps the address of every node it keeps.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { TerraformStack } from 'cdktf';
import { MaasProvider } from '../../src/.gen/providers/maas/provider';
import { ProxmoxProvider } from '../../src/.gen/providers/proxmox/provider';
import { VcdProvider } from '../../src/.gen/providers/vcd/provider';
import {
  BringYourOwnMachines,
  CloudDirectorInfrastructure,
  INodeInfrastructure,
  MaasInfrastructure,
  NodeAddressing,
  NodePoolOptions,
  ProxmoxInfrastructure,
  VSphereInfrastructure,
  VSphereInfrastructureProps,
} from '../../src';
import { addDefaultPool } from '../support/default-pool';
import { newStack, synthesize } from '../support/synth';

const VSPHERE: VSphereInfrastructureProps = {
  datacenter: 'dc-1',
  computeCluster: 'cluster-1',
  datastore: 'vsan',
  networks: ['tenant-nodes', 'storage'],
  template: 'ubuntu-24.04',
  folderPerTenant: true,
  antiAffinity: true,
};

export const INFRASTRUCTURES: Record<string, (stack: TerraformStack) => INodeInfrastructure> = {
  vsphere: (stack) => {
    new VsphereProvider(stack, 'vsphere', { user: 'u', password: 'p' });
    return new VSphereInfrastructure(VSPHERE);
  },
  'cloud-director': (stack) => {
    new VcdProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'tenant-org' });
    return new CloudDirectorInfrastructure({
      catalog: 'templates',
      template: 'ubuntu-24.04',
      orgNetwork: 'tenant-nodes',
      antiAffinity: true,
      diskGiB: 40,
    });
  },
  proxmox: (stack) => {
    new ProxmoxProvider(stack, 'proxmox', { endpoint: 'https://pve.example.com:8006/' });
    return new ProxmoxInfrastructure({
      nodes: ['pve-1', 'pve-2'],
      templateVmId: 9000,
      snippetsDatastore: 'local',
    });
  },
  'maas vm hosts': (stack) => {
    new MaasProvider(stack, 'maas', { apiUrl: 'http://maas.example.com:5240/MAAS', apiKey: 'k' });
    return MaasInfrastructure.vmHosts({ vmHosts: ['kvm-1', 'kvm-2'] });
  },
  'maas bare metal': (stack) => {
    new MaasProvider(stack, 'maas', { apiUrl: 'http://maas.example.com:5240/MAAS', apiKey: 'k' });
    return MaasInfrastructure.bareMetal({ zones: ['az-1'] });
  },
  'bring your own': () => new BringYourOwnMachines(['rack-1']),
};

/** `type.name` of every resource (and output) a stack with one pool of 3 on `infra` holds. */
export function addressesOf(infra: string, rollout?: NodePoolOptions['rollout']): string[] {
  const stack = newStack();
  addDefaultPool(stack, {
    replicas: 3,
    addressing: NodeAddressing.staticRange({
      cidr: '203.0.113.0/24',
      first: '203.0.113.41',
      gateway: '203.0.113.1',
    }),
    infrastructure: INFRASTRUCTURES[infra](stack),
    rollout,
  });
  const json = synthesize(stack).json;
  const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `${type}.${name}`),
  );
  const outputs = Object.keys(json.output ?? {}).map((name) => `output.${name}`);
  return [...resources, ...outputs].sort();
}

/**
 * As synthesized at commit e919c13, before lookups were shared and specs ignored; plus the
 * Proxmox meta-data snippets added since (new resources; no address of the list moved).
 */
const BEFORE: Record<string, string[]> = {
  vsphere: [
    'kubernetes_manifest.tcp_1C4C2670',
    'kubernetes_secret_v1.tcp-charlie-join-token_93CEA4B8',
    'output.tcp-charlie-default-pool-nodes',
    'random_password.tcp-charlie-join-token_TokenSecret_BAFF848B',
    'random_string.tcp-charlie-join-token_TokenId_97C94557',
    'terraform_data.default-pool_retirement_node-deletion_3E896F22',
    'terraform_data.default-pool_retirement_node-drain_FE839337',
    'time_offset.tcp-charlie-join-token_Expiry_E7657DDB',
    'time_rotating.tcp-charlie-join-token_Rotation_6AFE08D3',
    'vsphere_compute_cluster_vm_anti_affinity_rule.default-pool_VSphere_AntiAffinity_3BD263FF',
    'vsphere_folder.tcp-charlie-vsphere-folder',
    'vsphere_virtual_machine.default-pool_node-00_Machine_CF3EE202',
    'vsphere_virtual_machine.default-pool_node-01_Machine_E9E44F3B',
    'vsphere_virtual_machine.default-pool_node-02_Machine_5468B7CB',
  ],
  'cloud-director': [
    'kubernetes_manifest.tcp_1C4C2670',
    'kubernetes_secret_v1.tcp-charlie-join-token_93CEA4B8',
    'output.tcp-charlie-default-pool-nodes',
    'random_password.tcp-charlie-join-token_TokenSecret_BAFF848B',
    'random_string.tcp-charlie-join-token_TokenId_97C94557',
    'terraform_data.default-pool_retirement_node-deletion_3E896F22',
    'terraform_data.default-pool_retirement_node-drain_FE839337',
    'time_offset.tcp-charlie-join-token_Expiry_E7657DDB',
    'time_rotating.tcp-charlie-join-token_Rotation_6AFE08D3',
    'vcd_vapp.default-pool_CloudDirector_Vapp_778C2190',
    'vcd_vapp_org_network.default-pool_CloudDirector_OrgNetwork_94C9BAE1',
    'vcd_vapp_vm.default-pool_node-00_Machine_CF3EE202',
    'vcd_vapp_vm.default-pool_node-01_Machine_E9E44F3B',
    'vcd_vapp_vm.default-pool_node-02_Machine_5468B7CB',
    'vcd_vm_affinity_rule.default-pool_CloudDirector_AntiAffinity_D246EECE',
  ],
  proxmox: [
    'kubernetes_manifest.tcp_1C4C2670',
    'kubernetes_secret_v1.tcp-charlie-join-token_93CEA4B8',
    'output.tcp-charlie-default-pool-nodes',
    'proxmox_virtual_environment_file.default-pool_node-00_MetaData_87097A89',
    'proxmox_virtual_environment_file.default-pool_node-00_UserData_EC0FCD14',
    'proxmox_virtual_environment_file.default-pool_node-01_MetaData_8717AB6D',
    'proxmox_virtual_environment_file.default-pool_node-01_UserData_DC21780A',
    'proxmox_virtual_environment_file.default-pool_node-02_MetaData_3AE1D5D6',
    'proxmox_virtual_environment_file.default-pool_node-02_UserData_91A26EEE',
    'proxmox_virtual_environment_vm.default-pool_node-00_Machine_CF3EE202',
    'proxmox_virtual_environment_vm.default-pool_node-01_Machine_E9E44F3B',
    'proxmox_virtual_environment_vm.default-pool_node-02_Machine_5468B7CB',
    'random_password.tcp-charlie-join-token_TokenSecret_BAFF848B',
    'random_string.tcp-charlie-join-token_TokenId_97C94557',
    'terraform_data.default-pool_retirement_node-deletion_3E896F22',
    'terraform_data.default-pool_retirement_node-drain_FE839337',
    'time_offset.tcp-charlie-join-token_Expiry_E7657DDB',
    'time_rotating.tcp-charlie-join-token_Rotation_6AFE08D3',
  ],
  'maas vm hosts': [
    'kubernetes_manifest.tcp_1C4C2670',
    'kubernetes_secret_v1.tcp-charlie-join-token_93CEA4B8',
    'maas_instance.default-pool_node-00_Machine_CF3EE202',
    'maas_instance.default-pool_node-01_Machine_E9E44F3B',
    'maas_instance.default-pool_node-02_Machine_5468B7CB',
    'maas_vm_host_machine.default-pool_node-00_VirtualMachine_4923F853',
    'maas_vm_host_machine.default-pool_node-01_VirtualMachine_47331E62',
    'maas_vm_host_machine.default-pool_node-02_VirtualMachine_2F7ED7FB',
    'output.tcp-charlie-default-pool-nodes',
    'random_password.tcp-charlie-join-token_TokenSecret_BAFF848B',
    'random_string.tcp-charlie-join-token_TokenId_97C94557',
    'terraform_data.default-pool_retirement_node-deletion_3E896F22',
    'terraform_data.default-pool_retirement_node-drain_FE839337',
    'time_offset.tcp-charlie-join-token_Expiry_E7657DDB',
    'time_rotating.tcp-charlie-join-token_Rotation_6AFE08D3',
  ],
  'maas bare metal': [
    'kubernetes_manifest.tcp_1C4C2670',
    'kubernetes_secret_v1.tcp-charlie-join-token_93CEA4B8',
    'maas_instance.default-pool_node-00_Machine_CF3EE202',
    'maas_instance.default-pool_node-01_Machine_E9E44F3B',
    'maas_instance.default-pool_node-02_Machine_5468B7CB',
    'output.tcp-charlie-default-pool-nodes',
    'random_password.tcp-charlie-join-token_TokenSecret_BAFF848B',
    'random_string.tcp-charlie-join-token_TokenId_97C94557',
    'terraform_data.default-pool_retirement_node-deletion_3E896F22',
    'terraform_data.default-pool_retirement_node-drain_FE839337',
    'time_offset.tcp-charlie-join-token_Expiry_E7657DDB',
    'time_rotating.tcp-charlie-join-token_Rotation_6AFE08D3',
  ],
  'bring your own': [
    'kubernetes_manifest.tcp_1C4C2670',
    'kubernetes_secret_v1.tcp-charlie-join-token_93CEA4B8',
    'output.tcp-charlie-default-pool-node-00-user-data',
    'output.tcp-charlie-default-pool-node-01-user-data',
    'output.tcp-charlie-default-pool-node-02-user-data',
    'output.tcp-charlie-default-pool-nodes',
    'random_password.tcp-charlie-join-token_TokenSecret_BAFF848B',
    'random_string.tcp-charlie-join-token_TokenId_97C94557',
    'terraform_data.default-pool_retirement_node-deletion_3E896F22',
    'terraform_data.default-pool_retirement_node-drain_FE839337',
    'time_offset.tcp-charlie-join-token_Expiry_E7657DDB',
    'time_rotating.tcp-charlie-join-token_Rotation_6AFE08D3',
  ],
};

/**
 * Resources added since, on every infrastructure: new addresses, none of the list moved.
 * Issue #20: the stack's ledger (its output and the pool's two records); issue #22
 * item 6: the control-plane-first precondition, once per pool instead of once per Node
 * record.
 */
const LEDGER = [
  'output.cdktf_kamaji_ledger',
  expect.stringMatching(/^terraform_data\.default-pool_ledger-applied_/),
  expect.stringMatching(/^terraform_data\.default-pool_ledger-retired_/),
];
const ADDED = ['terraform_data.default-pool_retirement_control-plane-first_DE5F9CB6'];

describe('a pool without rollout keeps its resource addresses', () => {
  test.each(Object.keys(INFRASTRUCTURES))('on %s', (infra) => {
    const now = addressesOf(infra);
    expect(now.filter((a) => BEFORE[infra].includes(a))).toEqual(BEFORE[infra]);
    // Only new resources beside them: nothing that was there moves
    expect(now.filter((a) => !BEFORE[infra].includes(a))).toEqual([...LEDGER, ...ADDED]);
  });
});

test('a pool mid-rollout keeps the addresses of the nodes and pool resources it keeps', () => {
  // GIVEN step 2 of a template rollout: node-00 retired, node-01 and node-02 old, 03 and 04 new
  const from = new VSphereInfrastructure({ ...VSPHERE, template: 'ubuntu-22.04' });
  const during = addressesOf('vsphere', { fromInfrastructure: from, step: 2 });
  // THEN every address of the pool before it but node-00's is still there
  const kept = BEFORE.vsphere.filter((a) => !a.includes('node-00'));
  expect(during.filter((a) => kept.includes(a))).toEqual(kept);
  expect(during.filter((a) => !kept.includes(a) && !ADDED.includes(a))).toEqual([
    ...LEDGER,
    expect.stringMatching(/^vsphere_virtual_machine\.default-pool_node-03_Machine_/),
    expect.stringMatching(/^vsphere_virtual_machine\.default-pool_node-04_Machine_/),
  ]);
});
