/**
 * A stack that uses every resource and data source of the bindings generated from
 * schemas/{proxmox,maas,vcd}.json (scripts/generate-bindings.ts), each once, with the
 * values a node pool would give them, so tests can prove the bindings synthesize what the
 * schema files describe. When a schema file gains a type, add it here: the test that
 * compares this stack's types with the schema files fails until then.
 */
import { TerraformStack, Testing } from 'cdktf';
import { DataMaasResourcePool } from '../../src/.gen/providers/maas/data-maas-resource-pool';
import { DataMaasSubnet } from '../../src/.gen/providers/maas/data-maas-subnet';
import { Instance } from '../../src/.gen/providers/maas/instance';
import { MaasProvider } from '../../src/.gen/providers/maas/provider';
import { Tag } from '../../src/.gen/providers/maas/tag';
import { VmHostMachine } from '../../src/.gen/providers/maas/vm-host-machine';
import { DataProxmoxVirtualEnvironmentDatastores } from '../../src/.gen/providers/proxmox/data-proxmox-virtual-environment-datastores';
import { DataProxmoxVirtualEnvironmentNodes } from '../../src/.gen/providers/proxmox/data-proxmox-virtual-environment-nodes';
import { DataProxmoxVm } from '../../src/.gen/providers/proxmox/data-proxmox-vm';
import { ProxmoxProvider } from '../../src/.gen/providers/proxmox/provider';
import { VirtualEnvironmentFile } from '../../src/.gen/providers/proxmox/virtual-environment-file';
import { VirtualEnvironmentVm } from '../../src/.gen/providers/proxmox/virtual-environment-vm';
import { DataVcdCatalog } from '../../src/.gen/providers/vcd/data-vcd-catalog';
import { DataVcdCatalogVappTemplate } from '../../src/.gen/providers/vcd/data-vcd-catalog-vapp-template';
import { DataVcdNetworkIsolatedV2 } from '../../src/.gen/providers/vcd/data-vcd-network-isolated-v2';
import { DataVcdNetworkRoutedV2 } from '../../src/.gen/providers/vcd/data-vcd-network-routed-v2';
import { VcdProvider } from '../../src/.gen/providers/vcd/provider';
import { Vapp } from '../../src/.gen/providers/vcd/vapp';
import { VappOrgNetwork } from '../../src/.gen/providers/vcd/vapp-org-network';
import { VappVm } from '../../src/.gen/providers/vcd/vapp-vm';
import { VmAffinityRule } from '../../src/.gen/providers/vcd/vm-affinity-rule';

const USER_DATA = '#cloud-config\nruncmd:\n  - [sh, -c, "echo joining"]\n';

function proxmox(stack: TerraformStack): void {
  new ProxmoxProvider(stack, 'proxmox', {
    endpoint: 'https://pve.example.com:8006/',
    apiToken: 'terraform@pve!kamaji=00000000-0000-0000-0000-000000000000',
    ssh: [{ agent: true, username: 'terraform' }],
  });
  const nodes = new DataProxmoxVirtualEnvironmentNodes(stack, 'pve-nodes', {});
  const datastores = new DataProxmoxVirtualEnvironmentDatastores(stack, 'pve-datastores', {
    nodeName: 'pve-01',
    filters: { contentTypes: ['snippets'] },
  });
  const template = new DataProxmoxVm(stack, 'pve-template', {
    nodeName: 'pve-01',
    id: 9000,
  });
  const userData = new VirtualEnvironmentFile(stack, 'pve-user-data', {
    nodeName: 'pve-01',
    datastoreId: 'local',
    contentType: 'snippets',
    sourceRaw: { fileName: 'tcp-charlie-default-pool-node-00.yaml', data: USER_DATA },
    dependsOn: [datastores],
  });
  new VirtualEnvironmentVm(stack, 'pve-node-00', {
    nodeName: `\${element(${nodes.fqn}.names, 0)}`,
    name: 'tcp-charlie-default-pool-node-00',
    tags: ['kamaji', 'default-pool'],
    clone: { vmId: template.id, full: true },
    cpu: { cores: 2, type: 'x86-64-v2-AES' },
    memory: { dedicated: 4096 },
    disk: [{ datastoreId: 'local-lvm', interface: 'scsi0', size: 40 }],
    networkDevice: [{ bridge: 'vmbr0', model: 'virtio' }],
    agent: { enabled: true },
    initialization: {
      ipConfig: [{ ipv4: { address: '10.10.0.20/24', gateway: '10.10.0.1' } }],
      userDataFileId: userData.id,
    },
    operatingSystem: { type: 'l26' },
    stopOnDestroy: true,
  });
}

function maas(stack: TerraformStack): void {
  new MaasProvider(stack, 'maas', {
    apiUrl: 'http://maas.example.com:5240/MAAS',
    apiKey: 'consumer:token:secret',
    apiVersion: '2.0',
  });
  const pool = new DataMaasResourcePool(stack, 'maas-pool', { name: 'kamaji' });
  const subnet = new DataMaasSubnet(stack, 'maas-subnet', { cidr: '10.20.0.0/24' });
  const tag = new Tag(stack, 'maas-tag', { name: 'tcp-charlie-default-pool' });
  new Instance(stack, 'maas-node-00', {
    allocateParams: {
      hostname: 'tcp-charlie-default-pool-node-00',
      minCpuCount: 2,
      minMemory: 4096,
      pool: pool.name,
      tags: [tag.name],
    },
    deployParams: { distroSeries: 'noble', userData: USER_DATA },
    networkInterfaces: [{ name: 'eth0', subnetCidr: subnet.cidr, ipAddress: '10.20.0.20' }],
    timeouts: { create: '30m' },
  });
  new VmHostMachine(stack, 'maas-vm-node-01', {
    vmHost: 'kvm-host-01',
    hostname: 'tcp-charlie-default-pool-node-01',
    cores: 2,
    memory: 4096,
    pool: pool.name,
    storageDisks: [{ sizeGigabytes: 40 }],
    networkInterfaces: [{ name: 'eth0', subnetCidr: subnet.cidr }],
  });
}

function vcd(stack: TerraformStack): void {
  new VcdProvider(stack, 'vcd', {
    url: 'https://vcd.example.com/api',
    org: 'tenant-org',
    vdc: 'tenant-vdc',
    authType: 'api_token',
    apiToken: 'token',
  });
  const catalog = new DataVcdCatalog(stack, 'vcd-catalog', {
    org: 'tenant-org',
    name: 'templates',
  });
  const template = new DataVcdCatalogVappTemplate(stack, 'vcd-template', {
    org: 'tenant-org',
    catalogId: catalog.id,
    name: 'ubuntu-24.04-kube',
  });
  const isolated = new DataVcdNetworkIsolatedV2(stack, 'vcd-isolated', { name: 'isolated-net' });
  const routed = new DataVcdNetworkRoutedV2(stack, 'vcd-routed', { name: 'routed-net' });
  const vapp = new Vapp(stack, 'vcd-vapp', {
    name: 'tcp-charlie-default-pool',
    powerOn: true,
    lease: { runtimeLeaseInSec: 0, storageLeaseInSec: 0 },
  });
  const network = new VappOrgNetwork(stack, 'vcd-vapp-network', {
    vappName: vapp.name,
    orgNetworkName: routed.name,
  });
  const vm = new VappVm(stack, 'vcd-node-00', {
    vappName: vapp.name,
    name: 'tcp-charlie-default-pool-node-00',
    computerName: 'tcp-charlie-default-pool-node-00',
    vappTemplateId: template.id,
    cpus: 2,
    cpuCores: 1,
    memory: 4096,
    network: [
      { type: 'org', name: network.orgNetworkName, ipAllocationMode: 'POOL', isPrimary: true },
      { type: 'org', name: isolated.name, ipAllocationMode: 'DHCP' },
    ],
    guestProperties: { 'user-data': Buffer.from(USER_DATA).toString('base64') },
    customization: { enabled: true },
    overrideTemplateDisk: [
      { busType: 'paravirtual', busNumber: 0, unitNumber: 0, sizeInMb: 40960 },
    ],
  });
  new VmAffinityRule(stack, 'vcd-anti-affinity', {
    name: 'tcp-charlie-default-pool',
    polarity: 'Anti-Affinity',
    required: true,
    vmIds: [vm.id],
  });
}

/** The stack, in an app of its own. */
export function generatedBindingsStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'generated-bindings');
  proxmox(stack);
  maas(stack);
  vcd(stack);
  return stack;
}
