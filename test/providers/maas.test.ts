import { MaasProvider } from '../../src/.gen/providers/maas/provider';
import {
  KubernetesVersion,
  MaasInfrastructure,
  NodeAddressing,
  NodePool,
  NodePoolOptions,
  TenantControlPlane,
} from '../../src';
import { infrastructureProblems, tokenListRefusal } from '../support/pool-problems';
import { newStack, synthesize } from '../support/synth';
import { refusalMessage } from '../support/refusal';

function maasPool(infrastructure: MaasInfrastructure, options: Partial<NodePoolOptions> = {}) {
  const stack = newStack();
  new MaasProvider(stack, 'maas', { apiUrl: 'http://maas.example.com:5240/MAAS' });
  const tcp = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.34.1'),
  });
  new NodePool(stack, 'pool', {
    controlPlane: tcp,
    name: 'default-pool',
    replicas: 3,
    infrastructure,
    ...options,
  });
  const json = synthesize(stack).json;
  return {
    json,
    instances: Object.values(json.resource!.maas_instance ?? {}) as any[],
    vms: Object.values(json.resource!.maas_vm_host_machine ?? {}) as any[],
  };
}

function failure(
  infrastructure: MaasInfrastructure,
  options: Partial<NodePoolOptions> = {},
): string {
  return refusalMessage(() => {
    return maasPool(infrastructure, options);
  });
}

describe('MaasInfrastructure.bareMetal', () => {
  const { instances } = maasPool(
    MaasInfrastructure.bareMetal({
      tags: ['kamaji-worker'],
      resourcePool: 'kamaji',
      zones: ['zone-a', 'zone-b'],
      minCpuCount: 8,
      minMemoryMiB: 32768,
      distroSeries: 'jammy',
      hweKernel: 'hwe-22.04',
    }),
  );

  test('allocates one machine per node by tags, resource pool, zone round-robin and minimums', () => {
    expect(instances.map((i) => i.allocate_params)).toEqual(
      ['zone-a', 'zone-b', 'zone-a'].map((zone) => ({
        tags: ['kamaji-worker'],
        pool: 'kamaji',
        zone,
        min_cpu_count: 8,
        min_memory: 32768,
      })),
    );
  });

  test('deploys the series and kernel with the node user-data, base64, and ignores later changes', () => {
    expect(instances[0].deploy_params).toMatchObject({
      distro_series: 'jammy',
      hwe_kernel: 'hwe-22.04',
    });
    expect(instances[0].deploy_params.user_data).toMatch(
      /^\$\{base64encode\(join\("", \["#cloud-config\\nhostname: tcp-charlie-default-pool-node-00\\n/,
    );
    for (const instance of instances)
      expect(instance.lifecycle).toEqual({
        ignore_changes: [
          'deploy_params[0].user_data',
          // the machine spec (issue #14 item 3): changed by a rollout, never in place
          'deploy_params[0].distro_series',
          'deploy_params[0].hwe_kernel',
          'allocate_params[0].min_cpu_count',
          'allocate_params[0].min_memory',
        ],
      });
  });

  test('allocates by host name, node i taking hostnames[i]', () => {
    const { instances: byName } = maasPool(
      MaasInfrastructure.bareMetal({ hostnames: ['m1', 'm2', 'm3', 'm4'] }),
    );
    expect(byName.map((i) => i.allocate_params.hostname)).toEqual(['m1', 'm2', 'm3']);
    expect(byName[0].deploy_params.distro_series).toBe('noble');
  });

  test('a static range sets the address of the deployed interface', () => {
    const { instances: fixed } = maasPool(
      MaasInfrastructure.bareMetal({ staticInterface: 'eno1' }),
      {
        addressing: NodeAddressing.staticRange({
          cidr: '10.20.0.0/24',
          first: '10.20.0.11',
          gateway: '10.20.0.1',
        }),
      },
    );
    expect(fixed.map((i) => i.network_interfaces)).toEqual(
      ['10.20.0.11', '10.20.0.12', '10.20.0.13'].map((ip) => [
        { name: 'eno1', ip_address: ip, subnet_cidr: '10.20.0.0/24' },
      ]),
    );
  });

  test('fails when fewer host names than nodes are given', () => {
    expect(failure(MaasInfrastructure.bareMetal({ hostnames: ['m1'] }))).toBe(
      'test/pool: infrastructure.hostnames: received ["m1"]; names fewer machines than the pool\'s 3 replicas; give one host name per node',
    );
  });

  test('fails when the distro series or minimums are malformed', () => {
    expect(failure(MaasInfrastructure.bareMetal({ distroSeries: 'Ubuntu 24.04' }))).toBe(
      'test/pool: infrastructure.distroSeries: received "Ubuntu 24.04"; must be a MAAS distro series such as "noble" or "jammy"',
    );
    expect(failure(MaasInfrastructure.bareMetal({ minCpuCount: 0 }))).toContain(
      'infrastructure.minCpuCount: received 0',
    );
  });
});

describe('MaasInfrastructure.vmHosts', () => {
  const { instances, vms, json } = maasPool(
    MaasInfrastructure.vmHosts({
      vmHosts: ['lxd-1', 'lxd-2'],
      cores: 4,
      memoryMiB: 8192,
      storageDisks: [{ sizeGiB: 40, pool: 'ssd' }],
    }),
  );

  test('composes one VM per node on the VM hosts round-robin', () => {
    expect(vms.map((vm) => [vm.vm_host, vm.hostname])).toEqual([
      ['lxd-1', 'tcp-charlie-default-pool-node-00'],
      ['lxd-2', 'tcp-charlie-default-pool-node-01'],
      ['lxd-1', 'tcp-charlie-default-pool-node-02'],
    ]);
    expect(vms[0]).toMatchObject({
      cores: 4,
      memory: 8192,
      storage_disks: [{ size_gigabytes: 40, pool: 'ssd' }],
    });
  });

  test('a composed VM ignores later changes of its size: a rollout changes it (issue #14 item 3)', () => {
    for (const vm of vms) {
      expect(vm.lifecycle).toEqual({ ignore_changes: ['cores', 'memory', 'storage_disks'] });
    }
  });

  test('then deploys each composed VM by its system id', () => {
    const vmNames = Object.keys(json.resource!.maas_vm_host_machine);
    expect(instances.map((i) => i.allocate_params)).toEqual(
      vmNames.map((name) => ({ system_id: `\${maas_vm_host_machine.${name}.id}` })),
    );
  });

  test('fails when there is no VM host or a disk is empty', () => {
    expect(failure(MaasInfrastructure.vmHosts({ vmHosts: [] }))).toBe(
      'test/pool: infrastructure.vmHosts: received []; needs at least one entry',
    );
    expect(
      failure(MaasInfrastructure.vmHosts({ vmHosts: ['a'], storageDisks: [{ sizeGiB: 0 }] })),
    ).toContain('infrastructure.storageDisks[0].sizeGiB: received 0');
  });

  test('names the provider fully with its pinned version', () => {
    expect(json.terraform).toMatchObject({
      required_providers: { maas: { source: 'canonical/maas', version: '2.4.0' } },
    });
  });
});

describe('MaasInfrastructure refusals of input once accepted silently (issue #12 items 12 to 14)', () => {
  test('host names and VM hosts given as a Terraform token are refused', () => {
    expect(
      tokenListRefusal('maas', (hostnames) => MaasInfrastructure.bareMetal({ hostnames })),
    ).toContain(
      'test/maas: infrastructure.hostnames: received a Terraform value known only at apply time',
    );
    expect(
      tokenListRefusal('maas-vm', (vmHosts) => MaasInfrastructure.vmHosts({ vmHosts })),
    ).toContain(
      'test/maas-vm: infrastructure.vmHosts: received a Terraform value known only at apply time',
    );
  });

  test('host names given twice', () => {
    expect(
      infrastructureProblems(MaasInfrastructure.bareMetal({ hostnames: ['m-1', 'm-1', 'm-2'] })),
    ).toEqual(['test/pool: infrastructure.hostnames[1]: received "m-1"; must appear only once']);
  });

  test('an empty VM host', () => {
    expect(infrastructureProblems(MaasInfrastructure.vmHosts({ vmHosts: [''] }))).toEqual([
      'test/pool: infrastructure.vmHosts[0]: received ""; must not be empty',
    ]);
  });

  test('missing VM hosts, from JavaScript', () => {
    expect(infrastructureProblems(MaasInfrastructure.vmHosts({} as any))).toEqual([
      'test/pool: infrastructure.vmHosts: received nothing; is required',
    ]);
  });
});
