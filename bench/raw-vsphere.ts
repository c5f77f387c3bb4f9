/**
 * A vSphere pool of the raw-L1 baseline (raw-app.ts), by hand as
 * `VSphereInfrastructure` writes it: the folder, VMs, anti-affinity rule and the
 * stack's inventory and template lookups.
 */
import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereNetwork } from '@cdktf/provider-vsphere/lib/data-vsphere-network';
import { DataVsphereVirtualMachine } from '@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { terraformString } from '../src/private/terraform-literals';
import { PoolSpec, VSPHERE_PLACEMENT } from './scenario';
import { nodesOutput, poolNodes, Retirement, Tenant } from './raw-pool';

/** The vSphere inventory and template, looked up once for the stack, as the library's shared lookups. */
export interface VSphereLookups {
  readonly datacenter: DataVsphereDatacenter;
  readonly cluster: DataVsphereComputeCluster;
  readonly datastore: DataVsphereDatastore;
  readonly networks: DataVsphereNetwork[];
  readonly template: DataVsphereVirtualMachine;
}

export function vsphereLookups(stack: TerraformStack): VSphereLookups {
  const { datacenter: dc, computeCluster, datastore, networks, template } = VSPHERE_PLACEMENT;
  // Readable ids: what is looked up, characters a Terraform name does not take as `-`.
  const id = (kind: string, ...names: string[]) =>
    [`vsphere-${kind}`, dc, ...names].join('-').replace(/[^A-Za-z0-9_-]+/g, '-');
  const datacenter = new DataVsphereDatacenter(stack, id('datacenter'), { name: dc });
  const datacenterId = datacenter.id;
  return {
    datacenter,
    cluster: new DataVsphereComputeCluster(stack, id('compute-cluster', computeCluster), {
      name: computeCluster,
      datacenterId,
    }),
    datastore: new DataVsphereDatastore(stack, id('datastore', datastore), {
      name: datastore,
      datacenterId,
    }),
    networks: networks.map(
      (name) => new DataVsphereNetwork(stack, id('network', name), { name, datacenterId }),
    ),
    template: new DataVsphereVirtualMachine(stack, id('template', template), {
      name: template,
      datacenterId,
    }),
  };
}

/** What a VM is made from, as each drain records it (`VSphereInfrastructure.machineSpec`). */
function vsphereMachineSpec(pool: PoolSpec): { [attribute: string]: string } {
  const { cpus, memoryMiB, diskGiB } = pool.vsphere;
  return {
    template: VSPHERE_PLACEMENT.template,
    cpus: String(cpus),
    cores_per_socket: String(cpus),
    memory_mib: String(memoryMiB),
    ...(diskGiB !== undefined && { disk_gib: String(diskGiB) }),
  };
}

/**
 * The VM's attributes that ignore later changes: what it reads only at first boot (its
 * user-data, metadata and first NIC's static MAC), and the machine spec.
 */
const VSPHERE_IGNORED = [
  'extra_config["guestinfo.userdata"]',
  'extra_config["guestinfo.userdata.encoding"]',
  'extra_config["guestinfo.metadata"]',
  'extra_config["guestinfo.metadata.encoding"]',
  'network_interface[0].mac_address',
  'network_interface[0].use_static_mac',
  'clone',
  'num_cpus',
  'num_cores_per_socket',
  'memory',
  'disk[0].size',
  'disk[0].thin_provisioned',
  'guest_id',
  'firmware',
  'scsi_type',
  // The adapter types come from the template, so they change with it.
  ...VSPHERE_PLACEMENT.networks.map((_, i) => `network_interface[${i}].adapter_type`),
];

/**
 * A static MAC for a static address: vSphere takes them from 00:50:56:00:00:00 to
 * 00:50:56:3F:FF:FF, so the address's low 22 bits, unique in any range up to a /10.
 */
function staticMac(ipv4: string): string {
  const [, b, c, d] = ipv4.split('.').map(Number);
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `00:50:56:${hex(b & 0x3f)}:${hex(c)}:${hex(d)}`;
}

export function vspherePool(
  stack: TerraformStack,
  tenant: Tenant,
  pool: PoolSpec,
  replicas: number,
  { datacenter, cluster, datastore, networks, template }: VSphereLookups,
): void {
  const scope = new Construct(tenant.scope, pool.name);
  const datacenterId = datacenter.id;
  const folderId = `${tenant.name}-vsphere-folder`;
  const folder =
    (stack.node.tryFindChild(folderId) as Folder | undefined) ??
    new Folder(stack, folderId, {
      path: `${VSPHERE_PLACEMENT.folder}/${tenant.name}`,
      type: 'vm',
      datacenterId,
    });

  const cpus = pool.vsphere.cpus;
  const templateDisk = template.disks.get(0);
  const range = pool.addressing;
  const vms: VirtualMachine[] = [];
  const nodes = poolNodes(tenant, pool, scope, replicas);
  const retirement = new Retirement(scope, tenant, pool, nodes);
  const machines = nodes.map((node) => {
    const mac = node.address && staticMac(node.address);
    // The static address goes to the NIC with the MAC set below; cloud-init removes
    // the user-data (with its token) from guestinfo once read.
    const metadata = {
      'instance-id': node.name,
      'local-hostname': node.name,
      'cleanup-guestinfo': ['userdata'],
      ...(range && {
        network: {
          version: 2,
          ethernets: {
            nic0: {
              match: { macaddress: mac },
              'set-name': 'nic0',
              dhcp4: false,
              dhcp6: false,
              addresses: [`${node.address}/${range.cidr.split('/')[1]}`],
              routes: [{ to: '0.0.0.0/0', via: range.gateway }],
              nameservers: { addresses: range.dns },
            },
          },
        },
      }),
    };
    const vm = new VirtualMachine(node.scope, 'Machine', {
      name: node.name,
      resourcePoolId: cluster.resourcePoolId,
      datastoreId: datastore.id,
      folder: folder.path,
      numCpus: cpus,
      numCoresPerSocket: cpus,
      memory: pool.vsphere.memoryMiB,
      guestId: template.guestId,
      firmware: template.firmware,
      scsiType: template.scsiType,
      networkInterface: networks.map((network, i) => ({
        networkId: network.id,
        adapterType: Fn.element(template.networkInterfaceTypes, i),
        ...(i === 0 && mac && { useStaticMac: true, macAddress: mac }),
      })),
      disk: [
        {
          label: 'disk0',
          size:
            pool.vsphere.diskGiB === undefined
              ? templateDisk.size
              : Fn.max([pool.vsphere.diskGiB, templateDisk.size]),
          thinProvisioned: templateDisk.thinProvisioned,
        },
      ],
      clone: { templateUuid: template.id },
      extraConfig: {
        'guestinfo.metadata': Buffer.from(JSON.stringify(metadata)).toString('base64'),
        'guestinfo.metadata.encoding': 'base64',
        'guestinfo.userdata': Fn.base64gzip(terraformString(node.rendered)),
        'guestinfo.userdata.encoding': 'gzip+base64',
      },
      waitForGuestNetTimeout: 5,
      lifecycle: { ignoreChanges: VSPHERE_IGNORED },
      dependsOn: [retirement.deletion],
    });
    vms.push(vm);
    const known = { machine_id: vm.id, address: node.address ?? vm.defaultIpAddress };
    return [node.name, known] as [string, typeof known];
  });
  if (pool.vsphere.antiAffinity && replicas >= 2) {
    // At the library's address for it, `<pool>/VSphere/AntiAffinity`.
    new ComputeClusterVmAntiAffinityRule(new Construct(scope, 'VSphere'), 'AntiAffinity', {
      name: `${tenant.name}-${pool.name}-anti-affinity`,
      computeClusterId: cluster.id,
      virtualMachineIds: vms.map((vm) => vm.id),
    });
  }
  const drain = retirement.drain(pool, vsphereMachineSpec(pool), vms);
  nodesOutput(tenant, pool, scope, machines);
  tenant.ledger.addPool(
    scope,
    tenant,
    pool,
    nodes,
    [...vms, drain, retirement.deletion],
    retirement.deletion,
  );
}
