import { ProxmoxProvider } from '../../src/.gen/providers/proxmox/provider';
import {
  KubernetesVersion,
  NodeAddressing,
  NodePool,
  ProxmoxInfrastructure,
  ProxmoxInfrastructureProps,
  TenantControlPlane,
} from '../../src';
import { infrastructureProblems, tokenListRefusal } from '../support/pool-problems';
import { newStack, synthesize } from '../support/synth';
import { refusalMessage } from '../support/refusal';

const PLACEMENT: ProxmoxInfrastructureProps = {
  nodes: ['pve-1', 'pve-2'],
  templateVmId: 9000,
  snippetsDatastore: 'local',
};

function proxmoxPool(
  props: Partial<ProxmoxInfrastructureProps> = {},
  replicas = 3,
  addressing?: NodeAddressing,
) {
  const stack = newStack();
  new ProxmoxProvider(stack, 'proxmox', { endpoint: 'https://pve.example.com:8006/' });
  const tcp = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.34.1'),
  });
  new NodePool(stack, 'pool', {
    controlPlane: tcp,
    name: 'default-pool',
    replicas,
    addressing,
    infrastructure: new ProxmoxInfrastructure({ ...PLACEMENT, ...props }),
  });
  const json = synthesize(stack).json;
  const vms = Object.values(json.resource!.proxmox_virtual_environment_vm ?? {}) as any[];
  const allFiles = Object.entries(json.resource!.proxmox_virtual_environment_file ?? {}) as Array<
    [string, any]
  >;
  const userData = allFiles.filter(([id]) => id.includes('UserData'));
  const metaData = allFiles.filter(([id]) => id.includes('MetaData'));
  return {
    json,
    vms,
    files: userData.map(([, f]) => f),
    fileIds: userData.map(([id]) => id),
    metaFiles: metaData.map(([, f]) => f),
    metaFileIds: metaData.map(([id]) => id),
  };
}

function failure(props: Partial<ProxmoxInfrastructureProps>): string {
  return refusalMessage(() => {
    return proxmoxPool(props);
  });
}

describe('ProxmoxInfrastructure', () => {
  const { vms, files, fileIds, metaFiles, metaFileIds, json } = proxmoxPool(
    {
      cpuCores: 4,
      cpuSockets: 2,
      cpuType: 'host',
      memoryMiB: 8192,
      diskGiB: 40,
      networkDevices: [{ bridge: 'vmbr1', vlanId: 20, model: 'e1000' }],
    },
    3,
    NodeAddressing.staticRange({
      cidr: '198.51.100.0/24',
      first: '198.51.100.31',
      gateway: '198.51.100.1',
      dns: ['198.51.100.53'],
    }),
  );

  test('uploads one cloud-init snippet per node and boots the VM from it', () => {
    expect(files.map((f) => f.source_raw.file_name)).toEqual([
      'tcp-charlie-default-pool-node-00-user-data.yaml',
      'tcp-charlie-default-pool-node-01-user-data.yaml',
      'tcp-charlie-default-pool-node-02-user-data.yaml',
    ]);
    expect(files[0]).toMatchObject({
      content_type: 'snippets',
      datastore_id: 'local',
      node_name: 'pve-1',
    });
    expect(files[0].source_raw.data).toMatch(
      /^#cloud-config\nhostname: tcp-charlie-default-pool-node-00\n/,
    );
    expect(vms[0].initialization.user_data_file_id).toBe(
      `\${proxmox_virtual_environment_file.${fileIds[0]}.id}`,
    );
  });

  test("pins each VM's cloud-init instance-id to its node name with a meta-data snippet", () => {
    // Else Proxmox VE derives it from the user-data, which a token rotation changes.
    expect(metaFiles.map((f) => f.source_raw)).toEqual(
      [0, 1, 2].map((i) => ({
        file_name: `tcp-charlie-default-pool-node-0${i}-meta-data.yaml`,
        data: `instance-id: tcp-charlie-default-pool-node-0${i}\nlocal-hostname: tcp-charlie-default-pool-node-0${i}\n`,
      })),
    );
    expect(metaFiles.map((f) => f.node_name)).toEqual(['pve-1', 'pve-2', 'pve-1']);
    expect(vms.map((vm) => vm.initialization.meta_data_file_id)).toEqual(
      metaFileIds.map((id) => `\${proxmox_virtual_environment_file.${id}.id}`),
    );
    // ignored all the same: VMs made before the snippet existed have none, and bpg/proxmox
    // would replace them to add it (ForceNew), on the first plan after a library upgrade
    expect(vms[0].lifecycle.ignore_changes).toContain('initialization[0].meta_data_file_id');
  });

  test('places VMs and their snippets round-robin over the Proxmox nodes', () => {
    expect(vms.map((vm) => vm.node_name)).toEqual(['pve-1', 'pve-2', 'pve-1']);
    expect(files.map((f) => f.node_name)).toEqual(['pve-1', 'pve-2', 'pve-1']);
  });

  test('clones the template, sized as asked, with guest agent, tags and start on create and boot', () => {
    const [templateName] = Object.keys(json.data!.proxmox_vm);
    expect(vms[1]).toMatchObject({
      name: 'tcp-charlie-default-pool-node-01',
      clone: {
        vm_id: `\${data.proxmox_vm.${templateName}.id}`,
        node_name: 'pve-1',
        full: true,
        datastore_id: 'local-lvm',
      },
      cpu: { cores: 4, sockets: 2, type: 'host' },
      memory: { dedicated: 8192 },
      disk: [{ datastore_id: 'local-lvm', interface: 'scsi0', size: 40 }],
      network_device: [
        {
          bridge: 'vmbr1',
          disconnected: false,
          enabled: true,
          firewall: false,
          mac_address: null,
          model: 'e1000',
          mtu: 0,
          queues: 0,
          rate_limit: 0,
          trunks: null,
          vlan_id: 20,
        },
      ],
      agent: { enabled: true },
      started: true,
      on_boot: true,
      tags: ['kamaji', 'tcp-charlie', 'default-pool'],
    });
  });

  test('static addresses, gateway and DNS go to cloud-init', () => {
    expect(vms.map((vm) => vm.initialization.ip_config)).toEqual(
      ['198.51.100.31', '198.51.100.32', '198.51.100.33'].map((a) => [
        { ipv4: { address: `${a}/24`, gateway: '198.51.100.1' } },
      ]),
    );
    expect(vms[0].initialization.dns).toEqual({ servers: ['198.51.100.53'] });
  });

  test('an IPv6 range goes to the ipv6 block (ip6=/gw6=), never to ipv4', () => {
    // GIVEN
    const v6 = NodeAddressing.staticRange({
      cidr: '2001:db8:20::/64',
      first: '2001:db8:20::21',
      gateway: '2001:db8:20::1',
      dns: ['2001:db8:20::53'],
    });
    // WHEN
    const { vms: nodes } = proxmoxPool({}, 2, v6);
    // THEN
    expect(nodes.map((vm) => vm.initialization.ip_config)).toEqual(
      ['2001:db8:20::21', '2001:db8:20::22'].map((a) => [
        { ipv6: { address: `${a}/64`, gateway: '2001:db8:20::1' } },
      ]),
    );
    expect(nodes[0].initialization.dns).toEqual({ servers: ['2001:db8:20::53'] });
  });

  test('DHCP by default', () => {
    const { vms: dhcp } = proxmoxPool();
    expect(dhcp[0].initialization.ip_config).toEqual([{ ipv4: { address: 'dhcp' } }]);
    expect(dhcp[0].initialization.dns).toBeUndefined();
  });

  test('a rotated token changes no VM, and its snippet follows the current token', () => {
    for (const vm of vms)
      expect(vm.lifecycle).toEqual({
        ignore_changes: [
          'initialization[0].user_data_file_id',
          'initialization[0].meta_data_file_id',
          // the machine spec (issue #14 item 3): changed by a rollout, never in place
          'clone',
          'cpu[0].cores',
          'cpu[0].sockets',
          'cpu[0].type',
          'memory[0].dedicated',
          'disk[0].size',
        ],
      });
    // A VM created later boots from the snippet: it must hold the current token.
    for (const file of files) expect(file.lifecycle).toBeUndefined();
  });

  test('linked clones name no target datastore', () => {
    const { vms: linked } = proxmoxPool({ fullClone: false });
    expect(linked[0].clone).toEqual({ vm_id: expect.any(String), node_name: 'pve-1', full: false });
  });

  test('looks the template up once per pool: as many lookups for 1 node as for 50', () => {
    const count = (j: any) => Object.keys(j.data?.proxmox_vm ?? {}).length;
    expect(count(proxmoxPool({}, 1).json)).toBe(1);
    expect(count(proxmoxPool({}, 50).json)).toBe(1);
  });

  test('names the provider fully with its pinned version', () => {
    expect(json.terraform).toMatchObject({
      required_providers: { proxmox: { source: 'bpg/proxmox', version: '0.111.1' } },
    });
  });
});

describe('ProxmoxInfrastructure validation', () => {
  test('fails when there is no Proxmox node', () => {
    expect(failure({ nodes: [] })).toBe(
      'test/pool: infrastructure.nodes: received []; needs at least one entry',
    );
  });

  test('fails when the template VM id is out of range', () => {
    expect(failure({ templateVmId: 99 })).toBe(
      'test/pool: infrastructure.templateVmId: received 99; must be a whole number from 100 to 999999999',
    );
  });

  test('fails when sizes are out of range', () => {
    expect(failure({ cpuCores: 0 })).toContain('infrastructure.cpuCores: received 0');
    expect(failure({ memoryMiB: 256 })).toContain('infrastructure.memoryMiB: received 256');
    expect(failure({ diskGiB: 0 })).toContain('infrastructure.diskGiB: received 0');
  });

  test('fails when a name is empty, a VLAN is out of range or a device list is empty', () => {
    expect(failure({ snippetsDatastore: ' ' })).toBe(
      'test/pool: infrastructure.snippetsDatastore: received " "; must not be empty',
    );
    expect(failure({ networkDevices: [{ bridge: 'vmbr0', vlanId: 4095 }] })).toBe(
      'test/pool: infrastructure.networkDevices[0].vlanId: received 4095; must be a whole number from 1 to 4094',
    );
    expect(failure({ networkDevices: [] })).toBe(
      'test/pool: infrastructure.networkDevices: received []; needs at least one entry',
    );
  });

  test('fails when the disk interface or a tag is malformed', () => {
    expect(failure({ diskInterface: 'hda' })).toBe(
      'test/pool: infrastructure.diskInterface: received "hda"; must be a Proxmox disk interface such as "scsi0", "virtio0" or "sata0"',
    );
    expect(failure({ tags: ['Team A'] })).toBe(
      'test/pool: infrastructure.tags[0]: received "Team A"; must be a Proxmox tag: lower-case letters, digits and "_.+-"',
    );
  });
});

describe('ProxmoxInfrastructure refusals of input once accepted silently (issue #12 items 12 to 14)', () => {
  test('nodes given as a Terraform token are refused', () => {
    expect(
      tokenListRefusal('proxmox', (nodes) => new ProxmoxInfrastructure({ ...PLACEMENT, nodes })),
    ).toContain(
      'test/proxmox: infrastructure.nodes: received a Terraform value known only at apply time',
    );
  });

  test('an empty snippets datastore', () => {
    expect(
      infrastructureProblems(new ProxmoxInfrastructure({ ...PLACEMENT, snippetsDatastore: '' })),
    ).toEqual(['test/pool: infrastructure.snippetsDatastore: received ""; must not be empty']);
  });

  test('missing nodes, from JavaScript', () => {
    expect(
      infrastructureProblems(new ProxmoxInfrastructure({ ...PLACEMENT, nodes: undefined as any })),
    ).toEqual(['test/pool: infrastructure.nodes: received nothing; is required']);
  });
});
