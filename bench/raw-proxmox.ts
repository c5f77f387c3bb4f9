/**
 * A Proxmox pool of the raw-L1 baseline (raw-app.ts), by hand as
 * `ProxmoxInfrastructure` writes it: snippets, VMs and the stack's template lookup.
 */
import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataProxmoxVm } from '../src/.gen/providers/proxmox/data-proxmox-vm';
import { VirtualEnvironmentFile } from '../src/.gen/providers/proxmox/virtual-environment-file';
import { VirtualEnvironmentVm } from '../src/.gen/providers/proxmox/virtual-environment-vm';
import { terraformLiteral } from '../src/private/terraform-literals';
import { PoolSpec, PROXMOX_PLACEMENT } from './scenario';
import { nodesOutput, poolNodes, Retirement, Tenant } from './raw-pool';

/** The Proxmox template, looked up once for the stack, as the library's shared lookup. */
export interface ProxmoxLookups {
  readonly template: DataProxmoxVm;
}

export function proxmoxLookups(stack: TerraformStack): ProxmoxLookups {
  const { nodes, templateVmId } = PROXMOX_PLACEMENT;
  return {
    template: new DataProxmoxVm(stack, `proxmox-template-${nodes[0]}-${templateVmId}`, {
      nodeName: nodes[0],
      id: templateVmId,
    }),
  };
}

/** What a VM is made from, as each drain records it (`ProxmoxInfrastructure.machineSpec`). */
function proxmoxMachineSpec(pool: PoolSpec): { [attribute: string]: string } {
  return {
    template_vm_id: String(PROXMOX_PLACEMENT.templateVmId),
    template_node: PROXMOX_PLACEMENT.nodes[0],
    full_clone: String(pool.proxmox.fullClone ?? true),
    cpu_cores: String(pool.proxmox.cpuCores ?? 2),
    cpu_sockets: '1',
    cpu_type: 'x86-64-v2-AES',
    memory_mib: String(pool.proxmox.memoryMiB ?? 4096),
    disk_gib: String(pool.proxmox.diskGiB ?? 20),
  };
}

/**
 * The VM's attributes that ignore later changes: the user-data (the snippet follows the
 * join token), and the machine spec (a new one reaches only new nodes).
 */
const PROXMOX_IGNORED = [
  'initialization[0].user_data_file_id',
  'initialization[0].meta_data_file_id',
  'clone',
  'cpu[0].cores',
  'cpu[0].sockets',
  'cpu[0].type',
  'memory[0].dedicated',
  'disk[0].size',
];

export function proxmoxPool(
  tenant: Tenant,
  pool: PoolSpec,
  replicas: number,
  { template }: ProxmoxLookups,
): void {
  const scope = new Construct(tenant.scope, pool.name);
  const templateNode = PROXMOX_PLACEMENT.nodes[0];
  const fullClone = pool.proxmox.fullClone ?? true;
  const diskDatastore = PROXMOX_PLACEMENT.diskDatastore;
  const range = pool.addressing;
  const nodes = poolNodes(tenant, pool, scope, replicas);
  const retirement = new Retirement(scope, tenant, pool, nodes);
  const vms: VirtualEnvironmentVm[] = [];
  const machines = nodes.map((node) => {
    const proxmoxNode = PROXMOX_PLACEMENT.nodes[node.index % PROXMOX_PLACEMENT.nodes.length];
    const snippet = new VirtualEnvironmentFile(node.scope, 'UserData', {
      contentType: 'snippets',
      datastoreId: PROXMOX_PLACEMENT.snippetsDatastore,
      nodeName: proxmoxNode,
      // Not ignored: a VM made later must boot with the current token.
      sourceRaw: { data: terraformLiteral(node.rendered), fileName: `${node.name}-user-data.yaml` },
    });
    const metaData = new VirtualEnvironmentFile(node.scope, 'MetaData', {
      contentType: 'snippets',
      datastoreId: PROXMOX_PLACEMENT.snippetsDatastore,
      nodeName: proxmoxNode,
      sourceRaw: {
        data: `instance-id: ${node.name}\nlocal-hostname: ${node.name}\n`,
        fileName: `${node.name}-meta-data.yaml`,
      },
    });
    const vm = new VirtualEnvironmentVm(node.scope, 'Machine', {
      name: node.name,
      nodeName: proxmoxNode,
      tags: ['kamaji', tenant.name, pool.name],
      clone: {
        vmId: template.id,
        nodeName: templateNode,
        full: fullClone,
        ...(fullClone && { datastoreId: diskDatastore }),
      },
      cpu: { cores: pool.proxmox.cpuCores ?? 2, sockets: 1, type: 'x86-64-v2-AES' },
      memory: { dedicated: pool.proxmox.memoryMiB ?? 4096 },
      disk: [{ datastoreId: diskDatastore, interface: 'scsi0', size: pool.proxmox.diskGiB ?? 20 }],
      initialization: {
        datastoreId: diskDatastore,
        userDataFileId: snippet.id,
        metaDataFileId: metaData.id,
        ipConfig: [
          {
            ipv4: range
              ? { address: `${node.address}/${range.cidr.split('/')[1]}`, gateway: range.gateway }
              : { address: 'dhcp' },
          },
        ],
        ...(range && { dns: { servers: range.dns } }),
      },
      agent: { enabled: true },
      started: true,
      onBoot: true,
      lifecycle: { ignoreChanges: PROXMOX_IGNORED },
      dependsOn: [retirement.deletion],
    });
    vms.push(vm);
    // Every field of the object type: bpg/proxmox types the list list(object).
    vm.addOverride(
      'network_device',
      PROXMOX_PLACEMENT.networkDevices.map((device) => ({
        bridge: device.bridge,
        disconnected: false,
        enabled: true,
        firewall: false,
        mac_address: null,
        model: 'virtio',
        mtu: 0,
        queues: 0,
        rate_limit: 0,
        trunks: null,
        vlan_id: device.vlanId,
      })),
    );
    const known = {
      machine_id: Token.asString(vm.vmId),
      ...(node.address && { address: node.address }),
    };
    return [node.name, known] as [string, typeof known];
  });
  const drain = retirement.drain(pool, proxmoxMachineSpec(pool), vms);
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
