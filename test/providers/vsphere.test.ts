import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import {
  KubernetesVersion,
  NodeAddressing,
  NodePool,
  TenantControlPlane,
  VSphereInfrastructure,
  VSphereInfrastructureProps,
} from '../../src';
import { infrastructureProblems, tokenListRefusal } from '../support/pool-problems';
import { newStack, synthesize } from '../support/synth';
import { refusalMessage } from '../support/refusal';
import { staticMacAddress } from '../../src/providers/vsphere/static-mac';

const PLACEMENT: VSphereInfrastructureProps = {
  datacenter: 'dc-1',
  computeCluster: 'cluster-1',
  datastore: 'vsan',
  networks: ['tenant-nodes'],
  template: 'ubuntu-24.04',
};

function vspherePool(
  props: Partial<VSphereInfrastructureProps> = {},
  replicas = 3,
  addressing?: NodeAddressing,
) {
  const stack = newStack();
  new VsphereProvider(stack, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
  const tcp = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.34.1'),
  });
  const pool = new NodePool(stack, 'pool', {
    controlPlane: tcp,
    name: 'default-pool',
    replicas,
    addressing,
    infrastructure: new VSphereInfrastructure({ ...PLACEMENT, ...props }),
  });
  const json = synthesize(stack).json;
  const vms = Object.values(json.resource!.vsphere_virtual_machine ?? {}) as any[];
  return { stack, pool, json, vms };
}

function dataSourceCount(json: any): number {
  return Object.entries(json.data ?? {})
    .filter(([type]) => type.startsWith('vsphere_'))
    .reduce((sum, [, byName]) => sum + Object.keys(byName as object).length, 0);
}

function failure(props: Partial<VSphereInfrastructureProps>): string {
  return refusalMessage(() => {
    return vspherePool(props);
  });
}

describe('VSphereInfrastructure', () => {
  const { vms, json } = vspherePool(
    { cpus: 4, coresPerSocket: 2, memoryMiB: 8192, diskGiB: 60 },
    3,
    NodeAddressing.staticRange({
      cidr: '192.0.2.0/24',
      first: '192.0.2.21',
      gateway: '192.0.2.1',
      dns: ['192.0.2.53'],
    }),
  );
  const ref = (type: string, kind = 'data') => Object.keys((json as any)[kind][type])[0];

  test('clones one VM per node from the template, sized as asked', () => {
    expect(vms.map((vm) => vm.name)).toEqual([
      'tcp-charlie-default-pool-node-00',
      'tcp-charlie-default-pool-node-01',
      'tcp-charlie-default-pool-node-02',
    ]);
    const template = `data.vsphere_virtual_machine.${ref('vsphere_virtual_machine')}`;
    expect(vms[0]).toMatchObject({
      num_cpus: 4,
      num_cores_per_socket: 2,
      memory: 8192,
      clone: { template_uuid: `\${${template}.id}` },
      guest_id: `\${${template}.guest_id}`,
      firmware: `\${${template}.firmware}`,
      scsi_type: `\${${template}.scsi_type}`,
      resource_pool_id: `\${data.vsphere_compute_cluster.${ref('vsphere_compute_cluster')}.resource_pool_id}`,
      datastore_id: `\${data.vsphere_datastore.${ref('vsphere_datastore')}.id}`,
      network_interface: [
        {
          network_id: `\${data.vsphere_network.${ref('vsphere_network')}.id}`,
          adapter_type: `\${element(${template}.network_interface_types, 0)}`,
        },
      ],
      disk: [
        {
          label: 'disk0',
          size: `\${max(60, ${template}.disks[0].size)}`,
          thin_provisioned: `\${${template}.disks[0].thin_provisioned}`,
        },
      ],
      wait_for_guest_net_timeout: 5,
    });
  });

  test('hands cloud-init its metadata and gzip+base64 user-data through guestinfo, and ignores later changes of what the VM reads at first boot', () => {
    const extra = vms[1].extra_config;
    expect(extra['guestinfo.metadata.encoding']).toBe('base64');
    expect(extra['guestinfo.userdata.encoding']).toBe('gzip+base64');
    expect(extra['guestinfo.userdata']).toMatch(
      /^\$\{base64gzip\(join\("", \["#cloud-config\\nhostname: tcp-charlie-default-pool-node-01\\n/,
    );
    // The metadata is a literal, the NIC's MAC included: nothing in it waits for apply.
    const metadata = JSON.parse(Buffer.from(extra['guestinfo.metadata'], 'base64').toString());
    expect(metadata['instance-id']).toBe('tcp-charlie-default-pool-node-01');
    expect(metadata['cleanup-guestinfo']).toEqual(['userdata']);
    expect(metadata.network.ethernets.nic0.addresses).toEqual(['192.0.2.22/24']);
    expect(metadata.network.ethernets.nic0.routes).toEqual([{ to: '0.0.0.0/0', via: '192.0.2.1' }]);
    for (const vm of vms)
      expect(vm.lifecycle).toEqual({
        ignore_changes: [
          'extra_config["guestinfo.userdata"]',
          'extra_config["guestinfo.userdata.encoding"]',
          // read at first boot only: a library upgrade changes them, and a change of
          // extra_config reboots the VM, a new MAC strands its network config (D10, D13)
          'extra_config["guestinfo.metadata"]',
          'extra_config["guestinfo.metadata.encoding"]',
          'network_interface[0].mac_address',
          'network_interface[0].use_static_mac',
          // the machine spec (issue #14 item 3): changed by a rollout, never in place
          'clone',
          'num_cpus',
          'num_cores_per_socket',
          'memory',
          'disk[0].size',
          'disk[0].thin_provisioned',
          'guest_id',
          'firmware',
          'scsi_type',
          'network_interface[0].adapter_type',
        ],
      });
  });

  test('a static address is matched to the first NIC by a static MAC derived from the address', () => {
    // GIVEN two networks and two statically addressed nodes
    const { vms: twoNics, json: twoJson } = vspherePool(
      { networks: ['tenant-nodes', 'storage'] },
      2,
      NodeAddressing.staticRange({
        cidr: '192.0.2.0/24',
        first: '192.0.2.21',
        gateway: '192.0.2.1',
      }),
    );
    // THEN each first NIC has the VMware static MAC holding the low 22 bits of its address
    // (192.0.2.21 = 0xc0000215 -> 00:02:15), and no resource is drawn for it
    expect(twoJson.resource!.random_integer).toBeUndefined();
    const expected = ['00:50:56:00:02:15', '00:50:56:00:02:16'];
    twoNics.forEach((vm, i) => {
      expect(vm.network_interface[0]).toMatchObject({
        use_static_mac: true,
        mac_address: expected[i],
      });
      // only the first NIC: the second keeps vCenter's MAC and gets no configuration
      expect(vm.network_interface[1].mac_address).toBeUndefined();
      const metadata = JSON.parse(
        Buffer.from(vm.extra_config['guestinfo.metadata'], 'base64').toString(),
      );
      expect(Object.keys(metadata.network.ethernets)).toEqual(['nic0']);
      expect(metadata.network.ethernets.nic0.match).toEqual({ macaddress: expected[i] });
      expect(metadata.network.ethernets.nic0['set-name']).toBe('nic0');
    });
  });

  test('static MACs stay in the VMware block and differ for every address of a /10', () => {
    const mac = (address: string) =>
      staticMacAddress({ address, prefixLength: 10, gateway: '10.0.0.1', dnsServers: [] });
    expect(mac('10.63.255.255')).toBe('00:50:56:3f:ff:ff');
    expect(mac('10.0.0.0')).toBe('00:50:56:00:00:00');
    expect(mac('2001:db8::1:2')).toBe('00:50:56:01:00:02');
    const macs = new Set(['10.0.0.1', '10.16.0.1', '10.32.0.1', '10.48.0.1'].map(mac));
    expect(macs.size).toBe(4);
  });

  test('with DHCP the metadata has no network and the pool reports the guest address', () => {
    const { vms: dhcpVms, json: dhcpJson } = vspherePool();
    const metadata = JSON.parse(
      Buffer.from(dhcpVms[0].extra_config['guestinfo.metadata'], 'base64').toString(),
    );
    expect(metadata).toEqual({
      'instance-id': 'tcp-charlie-default-pool-node-00',
      'local-hostname': 'tcp-charlie-default-pool-node-00',
      'cleanup-guestinfo': ['userdata'],
    });
    expect(dhcpJson.resource!.random_integer).toBeUndefined();
    expect(dhcpVms[0].network_interface[0].use_static_mac).toBeUndefined();
    const nodes = dhcpJson.output!['tcp-charlie-default-pool-nodes'].value as any;
    expect(nodes['tcp-charlie-default-pool-node-00'].address).toMatch(
      /^\$\{vsphere_virtual_machine\..*\.default_ip_address\}$/,
    );
    expect(nodes['tcp-charlie-default-pool-node-00'].machine_id).toMatch(
      /^\$\{vsphere_virtual_machine\..*\.id\}$/,
    );
  });

  test('the pool output lists static addresses', () => {
    const nodes = json.output!['tcp-charlie-default-pool-nodes'].value as any;
    expect(Object.values(nodes).map((n: any) => n.address)).toEqual([
      '192.0.2.21',
      '192.0.2.22',
      '192.0.2.23',
    ]);
  });

  test('looks datacenter, cluster, datastore, networks and template up once per pool: as many for 1 node as for 50', () => {
    const one = dataSourceCount(vspherePool({}, 1).json);
    const fifty = dataSourceCount(vspherePool({}, 50).json);
    expect(one).toBe(5);
    expect(fifty).toBe(one);
  });

  test('a resource pool instead of a cluster', () => {
    const { json: rp, vms: rpVms } = vspherePool({
      computeCluster: undefined,
      resourcePool: 'cluster-1/Resources/tenants',
    });
    expect(Object.keys(rp.data!.vsphere_resource_pool)).toHaveLength(1);
    expect(rp.data!.vsphere_compute_cluster).toBeUndefined();
    expect(rpVms[0].resource_pool_id).toMatch(/^\$\{data\.vsphere_resource_pool\..*\.id\}$/);
  });

  test('an anti-affinity rule over all the pool VMs, and a folder per tenant', () => {
    const { json: aa } = vspherePool({
      antiAffinity: true,
      folder: 'kamaji',
      folderPerTenant: true,
    });
    const [rule] = Object.values(
      aa.resource!.vsphere_compute_cluster_vm_anti_affinity_rule,
    ) as any[];
    expect(rule.name).toBe('tcp-charlie-default-pool-anti-affinity');
    expect(rule.virtual_machine_ids).toHaveLength(3);
    const [folder] = Object.values(aa.resource!.vsphere_folder) as any[];
    expect(folder).toMatchObject({ path: 'kamaji/tcp-charlie', type: 'vm' });
    const vm = Object.values(aa.resource!.vsphere_virtual_machine)[0] as any;
    expect(vm.folder).toMatch(/^\$\{vsphere_folder\..*\.path\}$/);
  });

  test('no anti-affinity rule for a single node', () => {
    expect(
      vspherePool({ antiAffinity: true }, 1).json.resource!
        .vsphere_compute_cluster_vm_anti_affinity_rule,
    ).toBeUndefined();
  });

  test('multiple networks get one interface each', () => {
    const { vms: multi } = vspherePool({ networks: ['a', 'b'] });
    expect(multi[0].network_interface).toHaveLength(2);
    expect(multi[0].network_interface[1].adapter_type).toMatch(/, 1\)\}$/);
  });
});

describe('VSphereInfrastructure validation', () => {
  test('fails when neither or both of computeCluster and resourcePool are given', () => {
    expect(failure({ computeCluster: undefined })).toBe(
      'test/pool: infrastructure.computeCluster, infrastructure.resourcePool: received {}; give exactly one of them',
    );
    expect(failure({ resourcePool: 'rp' })).toContain('give exactly one of them');
  });

  test('fails when anti-affinity has no cluster', () => {
    expect(failure({ computeCluster: undefined, resourcePool: 'rp', antiAffinity: true })).toBe(
      'test/pool: infrastructure.antiAffinity: received true; needs computeCluster: vSphere DRS rules belong to a cluster',
    );
  });

  test('fails when there is no network', () => {
    expect(failure({ networks: [] })).toBe(
      'test/pool: infrastructure.networks: received []; needs at least one entry',
    );
  });

  test('fails when sizes are out of range or do not divide', () => {
    expect(failure({ cpus: 0 })).toBe(
      'test/pool: infrastructure.cpus: received 0; must be a whole number from 1 to 768',
    );
    expect(failure({ memoryMiB: 512 })).toContain(
      'infrastructure.memoryMiB: received 512; must be a whole number from 1024',
    );
    expect(failure({ memoryMiB: 4098 })).toBe(
      'test/pool: infrastructure.memoryMiB: received 4098; must be a whole multiple of vSphere memory granularity (4)',
    );
    expect(failure({ cpus: 6, coresPerSocket: 4 })).toBe(
      'test/pool: infrastructure.cpus: received 6; must be a whole multiple of coresPerSocket (4)',
    );
    expect(failure({ diskGiB: 0.5 })).toContain('infrastructure.diskGiB: received 0.5');
    expect(failure({ waitForGuestNetTimeoutMinutes: -1 })).toContain(
      'infrastructure.waitForGuestNetTimeoutMinutes: received -1',
    );
  });
});

describe('VSphereInfrastructure refusals of input once accepted silently (issue #12 items 12 to 14)', () => {
  const js = (value: unknown) => value as any;

  test('networks given as a Terraform token are refused', () => {
    expect(
      tokenListRefusal(
        'vsphere',
        (networks) => new VSphereInfrastructure({ ...PLACEMENT, networks }),
      ),
    ).toContain(
      'test/vsphere: infrastructure.networks: received a Terraform value known only at apply time; must be known at synth: it decides how many network interfaces',
    );
  });

  test('empty names', () => {
    expect(
      infrastructureProblems(new VSphereInfrastructure({ ...PLACEMENT, template: '' })),
    ).toEqual(['test/pool: infrastructure.template: received ""; must not be empty']);
    expect(
      infrastructureProblems(new VSphereInfrastructure({ ...PLACEMENT, networks: [' '] })),
    ).toEqual(['test/pool: infrastructure.networks[0]: received " "; must not be empty']);
  });

  test('missing required props, from JavaScript', () => {
    expect(
      infrastructureProblems(new VSphereInfrastructure({ ...PLACEMENT, networks: js(undefined) })),
    ).toEqual(['test/pool: infrastructure.networks: received nothing; is required']);
    expect(infrastructureProblems(new VSphereInfrastructure(js(undefined)))).toEqual([
      'test/pool: infrastructure: received nothing; needs its props object: { ... }',
    ]);
  });
});
