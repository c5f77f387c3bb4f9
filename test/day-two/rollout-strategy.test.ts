import { formatProblems } from '../../src/errors';
import { RolloutStrategy } from '../../src/day-two/rollout-strategy';

describe('rolling update strategy', () => {
  test('defaults: maxSurge 1, maxUnavailable 1', () => {
    expect(RolloutStrategy.rollingUpdate()).toMatchObject({ maxSurge: 1, maxUnavailable: 1 });
    expect(RolloutStrategy.DEFAULT).toMatchObject({ maxSurge: 1, maxUnavailable: 1 });
    expect(RolloutStrategy.rollingUpdate({ maxSurge: 0 })).toMatchObject({
      maxSurge: 0,
      maxUnavailable: 1,
    });
    expect(
      RolloutStrategy.rollingUpdate({ maxSurge: 3, maxUnavailable: 2 }).validate('rollout'),
    ).toEqual([]);
  });

  test('fails when maxUnavailable is 0: a rollout that may drain no node never ends', () => {
    const problems = RolloutStrategy.rollingUpdate({ maxUnavailable: 0 }).validate('rollout');
    expect(formatProblems('nodes/default-pool', problems)).toContain(
      'nodes/default-pool: rollout.maxUnavailable: received 0; must be a whole number of nodes from 1 to 999: a rollout that may drain no node never ends',
    );
  });

  test('fails when maxSurge is not a whole number of nodes', () => {
    for (const bad of [-1, 1.5, NaN, 1000, '1']) {
      const strategy = RolloutStrategy.rollingUpdate({ maxSurge: bad as number });
      expect(strategy.validate('rollout')).toEqual([
        expect.objectContaining({ field: 'rollout.maxSurge', received: bad }),
      ]);
    }
    expect(
      formatProblems('p', RolloutStrategy.rollingUpdate({ maxSurge: -1 }).validate('rollout')),
    ).toContain(
      'p: rollout.maxSurge: received -1; must be a whole number of nodes from 0 to 999 (0 retires old nodes before new ones are made)',
    );
  });
});
