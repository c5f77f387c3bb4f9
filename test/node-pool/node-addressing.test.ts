import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import {
  KubernetesVersion,
  NodeAddressing,
  NodeDrain,
  NodePool,
  TenantControlPlane,
} from '../../src';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { poolProblems } from '../support/pool-problems';
import { newStack, synthesize } from '../support/synth';
import { refusalMessage } from '../support/refusal';

const RANGE = {
  cidr: '192.0.2.0/24',
  first: '192.0.2.21',
  gateway: '192.0.2.1',
  dns: ['192.0.2.53'],
};

function pool(addressing: NodeAddressing, replicas = 3) {
  const stack = newStack();
  const tcp = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.33.4'),
  });
  const infrastructure = new FakeInfrastructure();
  const created = new NodePool(stack, 'pool', {
    controlPlane: tcp,
    name: 'default-pool',
    replicas,
    addressing,
    infrastructure,
  });
  return { stack, tcp, pool: created, infrastructure };
}

function failure(addressing: NodeAddressing, replicas = 3): string {
  return refusalMessage(() => {
    return pool(addressing, replicas);
  });
}

describe('NodeAddressing', () => {
  test('DHCP gives no address', () => {
    const { infrastructure } = pool(NodeAddressing.dhcp());
    expect(infrastructure.specs.map((s) => s.address)).toEqual([undefined, undefined, undefined]);
  });

  test('a static range gives node i the address first + i', () => {
    const { infrastructure } = pool(NodeAddressing.staticRange(RANGE));
    expect(infrastructure.specs.map((s) => s.address)).toEqual(
      ['192.0.2.21', '192.0.2.22', '192.0.2.23'].map((address) => ({
        address,
        prefixLength: 24,
        gateway: '192.0.2.1',
        dnsServers: ['192.0.2.53'],
      })),
    );
  });

  test('IPv6 ranges count in hexadecimal', () => {
    const addressing = NodeAddressing.staticRange({
      cidr: 'fd00:10::/64',
      first: 'fd00:10::fe',
      gateway: 'fd00:10::1',
    });
    expect([0, 1, 2].map((i) => addressing.addressOf(i)?.address)).toEqual([
      'fd00:10::fe',
      'fd00:10::ff',
      'fd00:10::100',
    ]);
  });

  test('fails when first or gateway are outside the network', () => {
    expect(failure(NodeAddressing.staticRange({ ...RANGE, first: '198.51.100.5' }))).toBe(
      'test/pool: addressing.first: received "198.51.100.5"; must be an address inside 192.0.2.0/24',
    );
    expect(failure(NodeAddressing.staticRange({ ...RANGE, gateway: '10.0.0.1' }))).toBe(
      'test/pool: addressing.gateway: received "10.0.0.1"; must be an address inside 192.0.2.0/24',
    );
    expect(failure(NodeAddressing.staticRange({ ...RANGE, cidr: '192.0.2.0' }))).toContain(
      'addressing.cidr: received "192.0.2.0"; must be a CIDR block',
    );
  });

  test('fails when the nodes do not fit the network', () => {
    expect(failure(NodeAddressing.staticRange({ ...RANGE, first: '192.0.2.250' }), 6)).toBe(
      'test/pool: addressing.first: received "192.0.2.250"; 6 nodes from this address do not fit 192.0.2.0/24 (host addresses end at 192.0.2.254); start lower or use a larger network',
    );
    expect(() =>
      pool(NodeAddressing.staticRange({ ...RANGE, first: '192.0.2.250' }), 5),
    ).not.toThrow();
  });

  test('fails when the gateway is one of the node addresses', () => {
    expect(failure(NodeAddressing.staticRange({ ...RANGE, gateway: '192.0.2.22' }))).toBe(
      'test/pool: addressing.gateway: received "192.0.2.22"; lies inside the node addresses 192.0.2.21 to 192.0.2.23; move the range or the gateway',
    );
  });

  test('fails when two pools of one stack overlap, of one control plane or of two (issue #22 item 4)', () => {
    // GIVEN default-pool of tcp-charlie on .21 to .23
    const { stack, tcp } = pool(NodeAddressing.staticRange(RANGE));
    const infrastructure = new FakeInfrastructure();
    // WHEN a pool of the same control plane starts at .23, one of another control plane
    // in the same stack reuses the range, and a third pool starts right after
    new NodePool(stack, 'other', {
      controlPlane: tcp,
      name: 'system-pool',
      replicas: 2,
      infrastructure,
      addressing: NodeAddressing.staticRange({ ...RANGE, first: '192.0.2.23' }),
    });
    const other = new TenantControlPlane(stack, 'tcp2', {
      name: 'tcp-delta',
      kubernetesVersion: KubernetesVersion.of('v1.33.4'),
    });
    new NodePool(stack, 'elsewhere', {
      controlPlane: other,
      name: 'default-pool',
      infrastructure,
      addressing: NodeAddressing.staticRange(RANGE),
    });
    new NodePool(stack, 'next', {
      controlPlane: other,
      name: 'application-pool',
      replicas: 2,
      infrastructure,
      addressing: NodeAddressing.staticRange({ ...RANGE, first: '192.0.2.24' }),
    });
    // THEN the two overlapping pools are refused, naming the pool they overlap
    expect(refusalMessage(() => synthesize(stack)).split('\n')).toEqual([
      'test/other: addressing.first: received "192.0.2.23"; overlaps the static addresses 192.0.2.21 to 192.0.2.23 of node pool "default-pool" of control plane tcp-charlie in this stack; two live nodes would share an address: give each pool its own range',
      'test/elsewhere: addressing.first: received "192.0.2.21"; overlaps the static addresses 192.0.2.21 to 192.0.2.23 of node pool "default-pool" of control plane tcp-charlie in this stack; two live nodes would share an address: give each pool its own range',
    ]);
  });

  test('pools of two control planes in two stacks may use the same range (networks of their own)', () => {
    const app = Testing.app();
    for (const name of ['tcp-charlie', 'tcp-delta']) {
      const stack = new TerraformStack(app, name);
      new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
      const tcp = new TenantControlPlane(stack, 'tcp', {
        name,
        kubernetesVersion: KubernetesVersion.of('v1.33.4'),
      });
      new NodePool(stack, 'pool', {
        controlPlane: tcp,
        name: 'default-pool',
        infrastructure: new FakeInfrastructure(),
        addressing: NodeAddressing.staticRange(RANGE),
      });
    }
    expect(() => app.synth()).not.toThrow();
  });

  test("a range with count is all the pool's: another pool may not start inside it", () => {
    const { stack, tcp } = pool(NodeAddressing.staticRange({ ...RANGE, count: 5 }), 2);
    new NodePool(stack, 'other', {
      controlPlane: tcp,
      name: 'system-pool',
      replicas: 1,
      infrastructure: new FakeInfrastructure(),
      addressing: NodeAddressing.staticRange({ ...RANGE, first: '192.0.2.25' }),
    });
    expect(refusalMessage(() => synthesize(stack))).toContain(
      'test/other: addressing.first: received "192.0.2.25"; overlaps the static addresses 192.0.2.21 to 192.0.2.25 of node pool "default-pool"',
    );
  });
});

describe('a static range that nodes go round (issue #20 item 6)', () => {
  const addresses = (p: NodePool) => p.nodes.map((n) => `${n.nodeName} ${n.address?.address}`);

  function sized(replicas: number, retiredNodes: number[], count?: number, drain?: NodeDrain) {
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.33.4'),
    });
    const made = new NodePool(stack, 'pool', {
      controlPlane: tcp,
      name: 'default-pool',
      replicas,
      retiredNodes,
      drain,
      infrastructure: new FakeInfrastructure(),
      addressing: NodeAddressing.staticRange({
        cidr: '192.0.2.0/28',
        first: '192.0.2.2',
        gateway: '192.0.2.1',
        count,
      }),
    });
    return { stack, pool: made };
  }

  test('a pool of 2 on a /28 after 40 retirements: addresses inside the range, distinct', () => {
    // GIVEN node-00 .. node-39 retired one after the other, on a /28 (13 addresses from .2)
    const retired = [...Array(40).keys()];
    const { stack, pool: made } = sized(2, retired);
    // THEN it synthesizes, and the nodes went round the range
    expect(() => synthesize(stack)).not.toThrow();
    expect(addresses(made)).toEqual([
      'tcp-charlie-default-pool-node-40 192.0.2.3', // 40 mod 13 = 1
      'tcp-charlie-default-pool-node-41 192.0.2.4',
    ]);
  });

  test('count bounds the range: replicas + maxSurge addresses are enough', () => {
    const retired = [...Array(40).keys()];
    const { stack, pool: made } = sized(2, retired, 3);
    expect(() => synthesize(stack)).not.toThrow();
    expect(addresses(made)).toEqual([
      'tcp-charlie-default-pool-node-40 192.0.2.3', // 40 mod 3 = 1
      'tcp-charlie-default-pool-node-41 192.0.2.4',
    ]);
  });

  test('a pool of 3 after 20 rollouts, in the 21st: 4 addresses hold it, each node keeps its own', () => {
    // GIVEN a pool of 3 in replicas + maxSurge = 4 addresses, whose 20 rollouts made
    // node-03 .. node-62 and retired node-00 .. node-59 (test/day-two/address-slots.test.ts)
    const retiredNodes = [...Array(60).keys()];
    const at = (step: number) => {
      const stack = newStack();
      const tcp = new TenantControlPlane(stack, 'tcp', {
        name: 'tcp-charlie',
        kubernetesVersion: KubernetesVersion.of('v1.34.2'),
      });
      const made = new NodePool(stack, 'pool', {
        controlPlane: tcp,
        name: 'default-pool',
        replicas: 3,
        retiredNodes,
        infrastructure: new FakeInfrastructure(),
        addressing: NodeAddressing.staticRange({
          cidr: '192.0.2.0/28',
          first: '192.0.2.2',
          gateway: '192.0.2.1',
          count: 4,
        }),
        rollout: { fromKubernetesVersion: KubernetesVersion.of('v1.33.4'), step },
      });
      synthesize(stack);
      return addresses(made).map((line) => line.replace('tcp-charlie-default-pool-', ''));
    };
    // WHEN the 21st rollout runs, one apply per step
    // THEN every step synthesizes, a surviving node keeps its address, none is shared
    expect([0, 1, 2, 3, 4].map(at)).toEqual([
      ['node-60 192.0.2.2', 'node-61 192.0.2.3', 'node-62 192.0.2.4'],
      ['node-60 192.0.2.2', 'node-61 192.0.2.3', 'node-62 192.0.2.4', 'node-63 192.0.2.5'],
      ['node-61 192.0.2.3', 'node-62 192.0.2.4', 'node-63 192.0.2.5', 'node-64 192.0.2.2'],
      ['node-62 192.0.2.4', 'node-63 192.0.2.5', 'node-64 192.0.2.2', 'node-65 192.0.2.3'],
      ['node-63 192.0.2.5', 'node-64 192.0.2.2', 'node-65 192.0.2.3'],
    ]);
  });

  test('an index whose address a lower live node holds is passed over', () => {
    // GIVEN 3 nodes in 3 addresses, node-01 retired: node-03 would take node-00's address
    const { pool: made } = sized(3, [1], 3);
    // THEN node-04 (node-01's address) is made instead
    expect(addresses(made)).toEqual([
      'tcp-charlie-default-pool-node-00 192.0.2.2',
      'tcp-charlie-default-pool-node-02 192.0.2.4',
      'tcp-charlie-default-pool-node-04 192.0.2.3',
    ]);
  });

  test('fails when count is smaller than replicas, or than replicas + maxSurge in a rollout', () => {
    expect(refusalMessage(() => sized(3, [], 2))).toBe(
      'test/pool: addressing.count: received 2; must be at least 3: the pool holds 3 nodes (replicas)',
    );
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.34.2'),
    });
    new NodePool(stack, 'pool', {
      controlPlane: tcp,
      name: 'default-pool',
      replicas: 3,
      infrastructure: new FakeInfrastructure(),
      addressing: NodeAddressing.staticRange({ ...RANGE, count: 3 }),
      rollout: { fromKubernetesVersion: KubernetesVersion.of('v1.33.4'), step: 0 },
    });
    expect(refusalMessage(() => synthesize(stack))).toBe(
      'test/pool: addressing.count: received 3; must be at least 4: the pool holds up to 4 nodes at once during its rollout (replicas 3 + maxSurge 1)',
    );
  });

  test('fails when count is not a whole number, does not fit the network or holds the gateway', () => {
    expect(refusalMessage(() => sized(1, [], 0))).toBe(
      'test/pool: addressing.count: received 0; must be a whole number, 1 or more',
    );
    expect(refusalMessage(() => sized(1, [], 14))).toBe(
      'test/pool: addressing.count: received 14; addresses from 192.0.2.2 do not fit 192.0.2.0/28 (host addresses end at 192.0.2.14); give fewer or start lower',
    );
    expect(
      refusalMessage(() =>
        pool(NodeAddressing.staticRange({ ...RANGE, gateway: '192.0.2.30', count: 10 })),
      ),
    ).toBe(
      'test/pool: addressing.gateway: received "192.0.2.30"; lies inside the node addresses 192.0.2.21 to 192.0.2.30; move the range or the gateway',
    );
  });

  test('without a drain, addresses are not reused: the range holds every index', () => {
    // Nothing orders a new machine after the destroy of the one whose address it takes.
    expect(refusalMessage(() => sized(2, [0, 1, 2], 3, NodeDrain.disabled()))).toBe(
      'test/pool: addressing.count: received 3; must be at least 5: with NodeDrain.none() no address goes to a later node (nothing makes Terraform destroy a retired machine before it makes the next one), so the range holds every index up to node-04; or drain the pool',
    );
    expect(addresses(sized(2, [0], 3, NodeDrain.disabled()).pool)).toEqual([
      'tcp-charlie-default-pool-node-01 192.0.2.3',
      'tcp-charlie-default-pool-node-02 192.0.2.4',
    ]);
  });
});

describe('NodeAddressing refusals of input once accepted silently (issue #12 items 13 and 14)', () => {
  test('a static range CIDR with host bits', () => {
    expect(
      poolProblems({
        addressing: NodeAddressing.staticRange({
          cidr: '192.0.2.10/24',
          first: '192.0.2.21',
          gateway: '192.0.2.1',
        }),
      }),
    ).toEqual([
      'test/pool: addressing.cidr: received "192.0.2.10/24"; must be given by its network address: did you mean "192.0.2.0/24"?',
    ]);
  });

  test.each([
    ['192.0.2.0/24', '192.0.2.0', 'network address'],
    ['192.0.2.0/24', '192.0.2.255', 'broadcast address'],
    ['2001:db8::/64', '2001:db8::', 'subnet-router anycast address'],
  ])('a gateway that is the %s %s', (cidr, gateway, what) => {
    const first = cidr.includes(':') ? '2001:db8::21' : '192.0.2.21';
    expect(
      poolProblems({ addressing: NodeAddressing.staticRange({ cidr, first, gateway }) }),
    ).toEqual([
      `test/pool: addressing.gateway: received "${gateway}"; is the ${what} of ${cidr}, not a host; give the router's address`,
    ]);
  });

  test('an addressing of the wrong shape is reported, not thrown as a TypeError', () => {
    expect(poolProblems({ addressing: { cidr: '192.0.2.0/24' } as any })).toEqual([
      'test/pool: addressing: received {"cidr":"192.0.2.0/24"}; must be made with NodeAddressing.dhcp() or NodeAddressing.staticRange({...})',
    ]);
  });
});
