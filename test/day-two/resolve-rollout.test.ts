/**
 * `resolveRollout` (issue #23 item 2): the one place a pool's rollout is decided, from
 * plain data, without a pool or CDKTF: the plan of the step, or the `rollout` prop's
 * problems.
 */
import { KubernetesVersion } from '../../src';
import { resolveRollout, RolloutInput } from '../../src/day-two/pool-rollout';

const INPUT: RolloutInput = {
  field: 'rollout',
  poolName: 'workers',
  before: { replicas: 2, retiredNodes: [] },
  from: { kubeletVersion: 'v1.34.2', machineSpec: {} },
  to: { kubeletVersion: 'v1.35.7', machineSpec: {} },
  fromKubernetesVersion: KubernetesVersion.of('v1.34.2'),
  controlPlaneVersion: KubernetesVersion.of('v1.35.7'),
  step: 1,
  strategy: undefined,
  nodeName: (i) => `node-0${i}`,
  isUnresolved: () => false,
};

describe('resolveRollout', () => {
  test('plans the step the input holds', () => {
    // WHEN
    const { plan, problems } = resolveRollout(INPUT);
    // THEN
    expect(problems).toBeUndefined();
    expect(plan?.step).toBe(1);
    expect(plan?.summary).toMatch(/^Pool workers: rollout v1\.34\.2 -> v1\.35\.7, step 1 of \d/);
  });

  test('checks the step against the number of steps the plan has', () => {
    // WHEN
    const { plan, problems } = resolveRollout({ ...INPUT, step: 99 });
    // THEN
    expect(plan).toBeUndefined();
    expect(problems?.map((p) => p.field)).toEqual(['rollout.step']);
  });

  test('reports a bad strategy without planning, and the step is not judged', () => {
    // WHEN
    const { problems } = resolveRollout({ ...INPUT, step: 99, strategy: { maxSurge: 1 } });
    // THEN
    expect(problems?.map((p) => p.field)).toEqual(['rollout.strategy']);
  });

  test('holds the old generation to the skew policy while old nodes are left', () => {
    // GIVEN a control plane four minors above the old kubelets
    const input = {
      ...INPUT,
      from: { kubeletVersion: 'v1.31.4', machineSpec: {} },
      fromKubernetesVersion: KubernetesVersion.of('v1.31.4'),
      controlPlaneVersion: KubernetesVersion.of('v1.35.7'),
    };
    // WHEN
    const { problems } = resolveRollout(input);
    // THEN
    expect(problems?.map((p) => p.field)).toEqual(['rollout.fromKubernetesVersion']);
  });
});
