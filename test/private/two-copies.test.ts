/**
 * Two copies of the library in one app (issue #23 item 4): npm installs a second copy
 * for a dependency that pins another version, and a second build of the library (CDK
 * Terrain, #21) is another copy. Values and constructs made by one copy must be taken
 * by the other, as cdktf's own `TerraformStack.isStack` takes stacks of any cdktf copy.
 *
 * Copy A is this file's `../../src`; copy B is `../../src` loaded again in an isolated
 * module registry, sharing what npm shares between copies: the peer dependencies
 * (cdktf, constructs, the prebuilt providers).
 */
import * as fs from 'fs';
import * as path from 'path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import * as A from '../../src';

type Library = typeof A;

const SRC = path.join(__dirname, '..', '..', 'src');
const PEER = /from '((?:@cdktf\/provider-[^']+)|(?:cdktf(?:\/[^']*)?)|constructs)'/g;

/** Every peer-dependency module the library's sources import, generated bindings included. */
function peerModules(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) peerModules(file).forEach((m) => found.add(m));
    else if (entry.name.endsWith('.ts')) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(PEER)) found.add(match[1]);
    }
  }
  return found;
}

function secondCopy(): Library {
  for (const name of peerModules(SRC)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const shared: unknown = require(name);
    jest.doMock(name, () => shared);
  }
  let copy: Library | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    copy = require('../../src') as Library;
  });
  return copy!;
}

const B = secondCopy();

/**
 * A control plane, an import of another, and a pool on each; `values` makes the value
 * objects, `planes` the control planes, `pools` the pools and the fleet summary.
 */
function tenant(values: Library, planes: Library, pools: Library): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'tenant');
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  const version = values.KubernetesVersion.of('v1.34.2');
  const tcp = new planes.TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: version,
    kubelet: { oldestKubeletVersion: values.KubernetesVersion.of('v1.33.4') },
  });
  const imported = planes.TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'delta', {
    name: 'tcp-delta',
    kubernetesVersion: version,
  });
  new pools.NodePool(stack, 'default-pool', {
    controlPlane: tcp,
    name: 'default-pool',
    replicas: 2,
    infrastructure: new values.BringYourOwnMachines(['rack-1']),
    kubernetesVersion: values.KubernetesVersion.of('v1.33.4'),
    joinToken: values.JoinToken.forControlPlane(stack, tcp),
    drain: values.NodeDrain.evict({ timeoutSeconds: 300 }),
    joinHealth: values.JoinHealth.warnAfter(600),
    addressing: values.NodeAddressing.staticRange({
      cidr: '192.0.2.0/24',
      first: '192.0.2.21',
      gateway: '192.0.2.1',
    }),
    bootstrap: { osFamily: values.OsFamily.DEBIAN, yaki: values.YakiSource.DEFAULT },
    rollout: {
      fromKubernetesVersion: values.KubernetesVersion.of('v1.33.4'),
      strategy: values.RolloutStrategy.rollingUpdate({ maxSurge: 1 }),
      step: 0,
    },
  });
  new pools.NodePool(stack, 'delta-pool', {
    controlPlane: imported,
    name: 'default-pool',
    infrastructure: new values.BringYourOwnMachines(),
    drain: values.NodeDrain.disabled(),
  });
  return [Testing.synth(stack, true), ...pools.summarizeFleet(app)].join('\n');
}

describe('two copies of the library in one app', () => {
  // GIVEN one app made by copy A alone
  const alone = tenant(A, A, A);

  test('are two copies', () => {
    expect(B.KubernetesVersion).not.toBe(A.KubernetesVersion);
    expect(B.NodePool).not.toBe(A.NodePool);
  });

  test("copy B's pools take copy A's control planes, import and values", () => {
    // WHEN copy B makes the pools
    const mixed = tenant(A, A, B);
    // THEN the app is the same, fleet summary included
    expect(mixed).toEqual(alone);
    expect(mixed).toContain('tcp-charlie-default-pool-node-01 (192.0.2.22)');
  });

  test("copy B's control planes and pools take copy A's values", () => {
    expect(tenant(A, B, B)).toEqual(alone);
  });

  test("copy A's control planes take copy B's values", () => {
    expect(tenant(B, A, A)).toEqual(alone);
  });

  /**
   * A control plane of `planes` in one stack; in another, a pool of `older` on an older
   * kubelet and a pool of `newer`, which share the stack's join token; in the control
   * plane's own scope a pool of `older` whose commands hold Terraform template syntax.
   */
  function sharedState(planes: Library, older: Library, newer: Library): string[] {
    const app = Testing.app();
    const cp = new TerraformStack(app, 'control-plane');
    new KubernetesProvider(cp, 'kubernetes', { configPath: '~/.kube/config' });
    const tcp = new planes.TenantControlPlane(cp, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: planes.KubernetesVersion.of('v1.35.7'),
    });
    const nodes = new TerraformStack(app, 'nodes');
    new KubernetesProvider(nodes, 'kubernetes', { configPath: '~/.kube/config' });
    new older.NodePool(nodes, 'old-pool', {
      controlPlane: tcp,
      name: 'old-pool',
      kubernetesVersion: older.KubernetesVersion.of('v1.32.4'),
      infrastructure: new older.BringYourOwnMachines(),
    });
    new newer.NodePool(nodes, 'new-pool', {
      controlPlane: tcp,
      name: 'new-pool',
      infrastructure: new newer.BringYourOwnMachines(),
    });
    new older.NodePool(tcp, 'inner-pool', {
      controlPlane: tcp,
      name: 'inner-pool',
      infrastructure: new older.BringYourOwnMachines(),
      bootstrap: { preJoinCommands: ['echo "${HOME}" %{ if x }'] },
    });
    return [Testing.synth(cp, true), Testing.synth(nodes, true)];
  }

  test('a control plane serves the kubelets of pools of the other copy', () => {
    // The control plane renders its kubelet configuration for the oldest pool's kubelet.
    const alone = sharedState(A, A, A);
    expect(sharedState(A, B, A)).toEqual(alone);
    expect(sharedState(B, A, B)).toEqual(alone);
  });

  test('pool names are claimed across copies', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
    const tcp = new A.TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
    new A.NodePool(stack, 'a', {
      controlPlane: tcp,
      name: 'default-pool',
      infrastructure: new A.BringYourOwnMachines(),
    });
    new B.NodePool(stack, 'b', {
      controlPlane: tcp,
      name: 'default-pool',
      infrastructure: new B.BringYourOwnMachines(),
    });
    expect(() => Testing.synth(stack, true)).toThrow(/test\/b: name: received "default-pool"/);
  });

  test("copy B's control plane takes copy A's DataStore", () => {
    const spec = (planes: Library, stores: Library) => {
      const stack = new TerraformStack(Testing.app(), 'test');
      new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
      new planes.TenantControlPlane(stack, 'tcp', {
        name: 'tcp-charlie',
        dataStoreRef: stores.DataStore.fromDataStoreName(stack, 'etcd', 'etcd-1'),
      });
      return Testing.synth(stack, true);
    };
    expect(spec(B, A)).toEqual(spec(A, A));
    expect(spec(A, A)).toContain('"dataStore": "etcd-1"');
  });

  test('each copy recognises the values and constructs of the other', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const tcp = new A.TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
    expect(B.TenantControlPlane.isTenantControlPlane(tcp)).toBe(true);
    expect(B.KubernetesVersion.isKubernetesVersion(A.KubernetesVersion.DEFAULT)).toBe(true);
    expect(A.NodeDrain.isNodeDrain(B.NodeDrain.DEFAULT)).toBe(true);
    expect(B.StateBackend.isStateBackend(A.StateBackend.local())).toBe(true);
    expect(B.ValidationError.isValidationError(new A.ValidationError('test', []))).toBe(true);
  });
});
