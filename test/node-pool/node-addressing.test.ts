import { KubernetesVersion, NodeAddressing, NodePool, TenantControlPlane } from '../../src';
import { FakeInfrastructure } from '../support/fake-infrastructure';
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

  test('fails when two pools of the same control plane overlap, not across control planes', () => {
    const { stack, tcp } = pool(NodeAddressing.staticRange(RANGE));
    const infrastructure = new FakeInfrastructure();
    new NodePool(stack, 'other', {
      controlPlane: tcp,
      name: 'system-pool',
      replicas: 2,
      infrastructure,
      addressing: NodeAddressing.staticRange({ ...RANGE, first: '192.0.2.23' }),
    });
    new NodePool(stack, 'next', {
      controlPlane: tcp,
      name: 'application-pool',
      replicas: 2,
      infrastructure,
      addressing: NodeAddressing.staticRange({ ...RANGE, first: '192.0.2.24' }),
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
    expect(refusalMessage(() => synthesize(stack))).toBe(
      'test/other: addressing.first: received "192.0.2.23"; overlaps the static addresses of node pool "default-pool" of the same control plane; give each pool its own range',
    );
  });
});
