import { VcdProvider } from '../../src/.gen/providers/vcd/provider';
import { TerraformVariable } from 'cdktf';
import {
  CloudDirectorInfrastructure,
  CloudDirectorInfrastructureProps,
  IpAllocationMode,
  KubernetesVersion,
  NodeAddressing,
  NodePool,
  TenantControlPlane,
} from '../../src';
import { controlPlaneIn, infrastructureProblems } from '../support/pool-problems';
import { newStack, synthesize } from '../support/synth';
import { refusalMessage } from '../support/refusal';

const PLACEMENT: CloudDirectorInfrastructureProps = {
  catalog: 'templates',
  template: 'ubuntu-24.04',
  orgNetwork: 'tenant-nodes',
};
const RANGE = NodeAddressing.staticRange({
  cidr: '203.0.113.0/24',
  first: '203.0.113.41',
  gateway: '203.0.113.1',
});

function vcdPool(
  props: Partial<CloudDirectorInfrastructureProps> = {},
  replicas = 3,
  addressing?: NodeAddressing,
) {
  const stack = newStack();
  new VcdProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'tenant-org' });
  const tcp = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.34.1'),
  });
  new NodePool(stack, 'pool', {
    controlPlane: tcp,
    name: 'default-pool',
    replicas,
    addressing,
    infrastructure: new CloudDirectorInfrastructure({ ...PLACEMENT, ...props }),
  });
  const json = synthesize(stack).json;
  return { json, vms: Object.values(json.resource!.vcd_vapp_vm ?? {}) as any[] };
}

function failure(
  props: Partial<CloudDirectorInfrastructureProps>,
  addressing?: NodeAddressing,
): string {
  return refusalMessage(() => {
    return vcdPool(props, 3, addressing);
  });
}

describe('CloudDirectorInfrastructure', () => {
  const { json, vms } = vcdPool(
    { cpus: 4, cpuCores: 2, memoryMiB: 8192, diskGiB: 40, antiAffinity: true, vdc: 'vdc-1' },
    3,
    RANGE,
  );

  test('one vApp per pool on the org network; catalog and template looked up once', () => {
    expect(Object.values(json.resource!.vcd_vapp)).toEqual([
      expect.objectContaining({ name: 'tcp-charlie-default-pool', vdc: 'vdc-1' }),
    ]);
    expect(Object.values(json.resource!.vcd_vapp_org_network)).toEqual([
      expect.objectContaining({
        org_network_name: 'tenant-nodes',
        vapp_name: expect.stringMatching(/^\$\{vcd_vapp\..*\.name\}$/),
      }),
    ]);
    const count = (j: any) =>
      Object.keys(j.data.vcd_catalog).length + Object.keys(j.data.vcd_catalog_vapp_template).length;
    expect(count(json)).toBe(2);
    expect(count(vcdPool({}, 50).json)).toBe(2);
  });

  test('one VM per node from the template, sized as asked, with MANUAL addresses from the range', () => {
    const [templateName] = Object.keys(json.data!.vcd_catalog_vapp_template);
    expect(vms.map((vm) => vm.network)).toEqual(
      ['203.0.113.41', '203.0.113.42', '203.0.113.43'].map((ip) => [
        { type: 'org', name: 'tenant-nodes', ip_allocation_mode: 'MANUAL', is_primary: true, ip },
      ]),
    );
    expect(vms[0]).toMatchObject({
      name: 'tcp-charlie-default-pool-node-00',
      computer_name: 'tcp-charlie-default-pool-node-00',
      vapp_template_id: `\${data.vcd_catalog_vapp_template.${templateName}.id}`,
      cpus: 4,
      cpu_cores: 2,
      memory: 8192,
      override_template_disk: [
        { bus_type: 'paravirtual', bus_number: 0, unit_number: 0, size_in_mb: 40960 },
      ],
      power_on: true,
    });
  });

  test('hands cloud-init the OVF properties and ignores later user-data changes', () => {
    expect(vms[1].guest_properties).toMatchObject({
      'instance-id': 'tcp-charlie-default-pool-node-01',
      hostname: 'tcp-charlie-default-pool-node-01',
      'user-data': expect.stringMatching(/^\$\{base64encode\(join\(/),
    });
    for (const vm of vms)
      expect(vm.lifecycle).toEqual({
        ignore_changes: [
          'guest_properties["user-data"]',
          // the machine spec (issue #14 item 3): changed by a rollout, never in place
          'vapp_template_id',
          'cpus',
          'cpu_cores',
          'memory',
          'override_template_disk',
        ],
      });
  });

  test('an anti-affinity rule over the pool VMs', () => {
    const [rule] = Object.values(json.resource!.vcd_vm_affinity_rule) as any[];
    expect(rule).toMatchObject({
      name: 'tcp-charlie-default-pool-anti-affinity',
      polarity: 'Anti-Affinity',
    });
    expect(rule.vm_ids).toHaveLength(3);
  });

  test('DHCP by default, POOL on request', () => {
    expect(vcdPool().vms[0].network[0].ip_allocation_mode).toBe('DHCP');
    const pooled = vcdPool({ ipAllocationMode: IpAllocationMode.POOL }).vms[0].network[0];
    expect(pooled).toEqual({
      type: 'org',
      name: 'tenant-nodes',
      ip_allocation_mode: 'POOL',
      is_primary: true,
    });
  });

  test('fails when MANUAL has no static range, or a static range would go unused', () => {
    expect(failure({ ipAllocationMode: IpAllocationMode.MANUAL })).toBe(
      'test/pool: infrastructure.ipAllocationMode: received "MANUAL"; needs a static range: addressing: NodeAddressing.staticRange({...})',
    );
    expect(failure({ ipAllocationMode: IpAllocationMode.POOL }, RANGE)).toBe(
      'test/pool: infrastructure.ipAllocationMode: received "POOL"; would leave the pool\'s static addresses unused: use IpAllocationMode.MANUAL, or NodeAddressing.dhcp()',
    );
  });

  test('fails when names are empty or sizes out of range', () => {
    expect(failure({ catalog: '' })).toBe(
      'test/pool: infrastructure.catalog: received ""; must not be empty',
    );
    expect(failure({ cpus: 3, cpuCores: 2 })).toBe(
      'test/pool: infrastructure.cpus: received 3; must be a whole multiple of cpuCores (2)',
    );
    expect(failure({ memoryMiB: 100 })).toContain('infrastructure.memoryMiB: received 100');
  });
});

describe('CloudDirectorInfrastructure refusals of input once accepted silently (issue #12 items 12 and 13)', () => {
  test('a disk size given as a token is multiplied by Terraform', () => {
    const stack = newStack();
    new VcdProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'org' });
    const size = new TerraformVariable(stack, 'disk', { type: 'number' }).numberValue;
    new NodePool(stack, 'pool', {
      controlPlane: controlPlaneIn(stack),
      name: 'default-pool',
      infrastructure: new CloudDirectorInfrastructure({ ...PLACEMENT, diskGiB: size }),
    });
    const vm = Object.values(synthesize(stack).json.resource!.vcd_vapp_vm)[0] as any;
    expect(vm.override_template_disk[0].size_in_mb).toBe('${(var.disk * 1024)}');
  });

  test('an IP allocation mode outside its enum', () => {
    expect(
      infrastructureProblems(
        new CloudDirectorInfrastructure({ ...PLACEMENT, ipAllocationMode: 'STATIC' } as any),
      ),
    ).toEqual([
      'test/pool: infrastructure.ipAllocationMode: received "STATIC"; must be one of IpAllocationMode.DHCP ("DHCP"), IpAllocationMode.POOL ("POOL") or IpAllocationMode.MANUAL ("MANUAL")',
    ]);
  });

  test('an empty catalog', () => {
    expect(
      infrastructureProblems(new CloudDirectorInfrastructure({ ...PLACEMENT, catalog: '' })),
    ).toEqual(['test/pool: infrastructure.catalog: received ""; must not be empty']);
  });
});
