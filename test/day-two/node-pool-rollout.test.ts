/**
 * NodePool composes the version rollout (issue #14 item 2): the configuration of each
 * step holds the planner's nodes, old ones made with the old version, and the synth
 * says what the step does and what comes next.
 */
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import {
  buildFleet,
  KubernetesVersion,
  NodePool,
  NodePoolOptions,
  PoolRolloutOptions,
  RolloutStrategy,
  TenantControlPlane,
} from '../../src';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { refusalMessage } from '../support/refusal';
import { newStack, synthesize } from '../support/synth';

function poolStack(rollout?: Partial<PoolRolloutOptions>, options: Partial<NodePoolOptions> = {}) {
  const stack = newStack();
  const controlPlane = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.36.2'),
  });
  const pool = new NodePool(stack, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    infrastructure: new FakeInfrastructure(),
    replicas: 3,
    ...(rollout && {
      rollout: {
        fromKubernetesVersion: KubernetesVersion.of('v1.35.7'),
        step: 0,
        ...rollout,
      } as PoolRolloutOptions,
    }),
    ...options,
  });
  return { stack, pool };
}

const suffixes = (pool: NodePool) => pool.nodes.map((n) => n.node.id);
/** The version in the join script of a node's user-data (the fake machine keeps it in keepers). */
function versionsOf(stack: ReturnType<typeof newStack>): Array<[string, string | undefined]> {
  const machines = synthesize(stack).json.resource!.random_string as Record<string, any>;
  const nodes = Object.entries(machines).filter(([key]) => /node-\d+/.test(key));
  return nodes.map(([key, machine]) => {
    const userData = parse(machine.keepers.user_data);
    const file = userData.write_files.find((f: any) => f.path === '/usr/local/sbin/kamaji-join');
    const script = Buffer.from(file.content, 'base64').toString();
    return [/node-\d+/.exec(key)![0], /export KUBERNETES_VERSION='(v[\d.]+)'/.exec(script)?.[1]];
  });
}

describe('a pool version rollout', () => {
  test('each step holds the nodes the planner gives, from node-00..02 to node-03..05', () => {
    expect(suffixes(poolStack({ step: 0 }).pool)).toEqual(['node-00', 'node-01', 'node-02']);
    expect(suffixes(poolStack({ step: 1 }).pool)).toEqual([
      'node-00',
      'node-01',
      'node-02',
      'node-03',
    ]);
    expect(suffixes(poolStack({ step: 2 }).pool)).toEqual([
      'node-01',
      'node-02',
      'node-03',
      'node-04',
    ]);
    expect(suffixes(poolStack({ step: 4 }).pool)).toEqual(['node-03', 'node-04', 'node-05']);
    // Without a rollout, the pool is as it was: replicas and retiredNodes.
    expect(suffixes(poolStack().pool)).toEqual(['node-00', 'node-01', 'node-02']);
  });

  test('old nodes keep the old version in their user-data, new ones get the pool version', () => {
    expect(versionsOf(poolStack({ step: 2 }).stack)).toEqual([
      ['node-01', 'v1.35.7'],
      ['node-02', 'v1.35.7'],
      ['node-03', 'v1.36.2'],
      ['node-04', 'v1.36.2'],
    ]);
  });

  test('the synth says what the step does and what comes next', () => {
    const infos = (pool: NodePool) =>
      pool.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => m.data);
    expect(infos(poolStack({ step: 2 }).pool)).toEqual([
      'Pool default-pool: rollout v1.35.7 -> v1.36.2, step 2 of 4: makes node-04; drains and retires node-00. Next apply: step 3.',
    ]);
    expect(infos(poolStack({ step: 4 }).pool)).toEqual([
      'Pool default-pool: rollout v1.35.7 -> v1.36.2, step 4 of 4: makes none; drains and retires node-02. Rollout complete: set retiredNodes to [0, 1, 2] and remove rollout (an empty plan).',
    ]);
  });

  test('the completed rollout and the pool written without it are the same configuration', () => {
    const done = synthesize(poolStack({ step: 4 }).stack).json;
    const after = synthesize(poolStack(undefined, { retiredNodes: [0, 1, 2] }).stack).json;
    expect(done).toEqual(after);
  });

  test('the strategy decides the steps: maxSurge 0 replaces in place', () => {
    const strategy = RolloutStrategy.rollingUpdate({ maxSurge: 0 });
    expect(suffixes(poolStack({ step: 1, strategy }).pool)).toEqual([
      'node-01',
      'node-02',
      'node-03',
    ]);
  });

  test('fails when the step is not one of the rollout', () => {
    const message = refusalMessage(() => {
      synthesize(poolStack({ step: 5 }).stack);
    });
    expect(message).toContain(
      'rollout.step: received 5; must be a step of this rollout, a whole number from 0 to 4; raise it by one per apply',
    );
  });

  test('fails when the strategy may drain no node', () => {
    const message = refusalMessage(() => {
      const strategy = RolloutStrategy.rollingUpdate({ maxUnavailable: 0 });
      synthesize(poolStack({ step: 1, strategy }).stack);
    });
    expect(message).toContain('rollout.strategy.maxUnavailable: received 0;');
  });

  test('fails when fromKubernetesVersion is not a KubernetesVersion', () => {
    const message = refusalMessage(() => {
      synthesize(poolStack({ fromKubernetesVersion: 'v1.35.7' as never }).stack);
    });
    expect(message).toContain(
      'rollout.fromKubernetesVersion: received "v1.35.7"; must be made with',
    );
  });

  describe('the skew policy holds for the old generation too', () => {
    const refusal = (rollout: Partial<PoolRolloutOptions>, options?: Partial<NodePoolOptions>) =>
      refusalMessage(() => {
        synthesize(poolStack(rollout, options).stack);
      });

    test('fails when nodes left on the old version are four minors behind the control plane', () => {
      // GIVEN a control plane on v1.36.2, a pool following it, rolling from v1.32.9
      const old = { fromKubernetesVersion: KubernetesVersion.of('v1.32.9') };
      // THEN every step that still holds a v1.32.9 node is refused
      for (const step of [0, 1, 3]) {
        expect({ step, message: refusal({ ...old, step }) }).toEqual({
          step,
          message: expect.stringContaining(
            `default-pool: rollout.fromKubernetesVersion: received "v1.32.9"; the nodes still on this version during the rollout would be outside the skew policy of the control plane's v1.36.2 (kubelets at most three minors older, never newer); finish the rollout (step 4) before the control plane changes`,
          ),
        });
      }
    });

    test('fails when the old generation is newer than the control plane', () => {
      // GIVEN a control plane on v1.35.7, a pool rolled back from v1.36.2 to it
      const message = refusalMessage(() => {
        const stack = newStack();
        const controlPlane = new TenantControlPlane(stack, 'tcp', {
          name: 'tcp-charlie',
          kubernetesVersion: KubernetesVersion.of('v1.35.7'),
        });
        controlPlane.addNodePool('default-pool', {
          name: 'default-pool',
          infrastructure: new FakeInfrastructure(),
          rollout: { fromKubernetesVersion: KubernetesVersion.of('v1.36.2'), step: 1 },
        });
        synthesize(stack);
      });
      expect(message).toContain(
        `rollout.fromKubernetesVersion: received "v1.36.2"; the nodes still on this version during the rollout would be outside the skew policy of the control plane's v1.35.7`,
      );
    });

    test('accepts three minors behind, and a last step that leaves no old node', () => {
      expect(() =>
        synthesize(
          poolStack({ fromKubernetesVersion: KubernetesVersion.of('v1.33.9'), step: 2 }).stack,
        ),
      ).not.toThrow();
      const done = poolStack({ fromKubernetesVersion: KubernetesVersion.of('v1.32.9'), step: 4 });
      expect(suffixes(done.pool)).toEqual(['node-03', 'node-04', 'node-05']);
    });
  });

  test('in a fleet file', () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    kubernetesVersion: v1.36.2
    pools:
      - name: default-pool
        replicas: 3
        rollout:
          fromKubernetesVersion: v1.35.7
          step: 1
          strategy: { maxSurge: 2, maxUnavailable: 1 }
        infrastructure:
          bring-your-own: {}
`;
    const stacks = buildFleet(Testing.app(), text, 'fleet.yaml');
    const pool = stacks.nodeStacks[0].node.findAll().find((c) => c instanceof NodePool) as NodePool;
    expect(suffixes(pool)).toEqual(['node-00', 'node-01', 'node-02', 'node-03', 'node-04']);
  });

  test('the schema refuses a rollout without its step and a maxUnavailable of 0', () => {
    const text = `controlPlanes:
  - name: tcp-charlie
    pools:
      - name: default-pool
        rollout: { fromKubernetesVersion: v1.35.7, strategy: { maxUnavailable: 0 } }
        infrastructure:
          bring-your-own: {}
`;
    expect(() => buildFleet(Testing.app(), text, 'fleet.yaml')).toThrow(/step/);
    expect(() => buildFleet(Testing.app(), text, 'fleet.yaml')).toThrow(/maxUnavailable/);
  });
});
