import {
  generationOf,
  nextRolloutStep,
  RolloutInput,
  RolloutNode,
  rolloutSteps,
} from '../../src/day-two/rollout-plan';

const OLD = 'g-old';
const NEW = 'g-new';

function pool(indices: number[], generation = OLD): RolloutNode[] {
  return indices.map((index) => ({ index, generation }));
}

function rollout(overrides: Partial<RolloutInput> = {}): RolloutInput {
  return {
    desiredGeneration: NEW,
    nodes: pool([0, 1, 2]),
    replicas: 3,
    retiredNodes: [],
    maxSurge: 1,
    maxUnavailable: 1,
    ...overrides,
  };
}

/** One line per apply: `+3 -0`. */
function summary(input: RolloutInput): string[] {
  return rolloutSteps(input).map((s) =>
    [...s.add.map((i) => `+${i}`), ...s.retire.map((i) => `-${i}`)].join(' '),
  );
}

describe('the next step of a rollout', () => {
  test('pool of 3, maxSurge 1, maxUnavailable 1: new capacity first, one node out per apply', () => {
    // GIVEN node-00..02 of the old generation
    // WHEN the spec changes
    // THEN the first apply only adds node-03; each later one retires one old node and adds one
    expect(summary(rollout())).toEqual(['+3', '+4 -0', '+5 -1', '-2']);
    const steps = rolloutSteps(rollout());
    expect(steps[steps.length - 1]).toEqual({
      add: [],
      retire: [2],
      nodes: pool([3, 4, 5], NEW),
      retiredNodes: [0, 1, 2],
      complete: true,
    });
    expect(steps.slice(0, -1).every((s) => !s.complete)).toBe(true);
  });

  test('pool of 4, template change, maxSurge 1 / maxUnavailable 1 (issue #14 scenario)', () => {
    expect(summary(rollout({ nodes: pool([0, 1, 2, 3]), replicas: 4 }))).toEqual([
      '+4',
      '+5 -0',
      '+6 -1',
      '+7 -2',
      '-3',
    ]);
  });

  test('a larger surge makes more new nodes at once; maxUnavailable bounds the drains per apply', () => {
    expect(summary(rollout({ maxSurge: 2 }))).toEqual(['+3 +4', '+5 -0', '-1', '-2']);
    expect(summary(rollout({ maxSurge: 3, maxUnavailable: 3 }))).toEqual(['+3 +4 +5', '-0 -1 -2']);
  });

  test('maxSurge 0 replaces in place: the old node goes in the apply that makes its successor', () => {
    expect(summary(rollout({ maxSurge: 0 }))).toEqual(['+3 -0', '+4 -1', '+5 -2']);
    expect(summary(rollout({ maxSurge: 0, maxUnavailable: 2 }))).toEqual(['+3 +4 -0 -1', '+5 -2']);
  });

  test('new indices skip retired ones and never reuse a name', () => {
    // GIVEN node-02 retired before, and node-05 reserved as retired too
    const input = rollout({ nodes: pool([0, 1, 3]), retiredNodes: [2, 5] });
    // THEN the new nodes are 4, 6, 7
    expect(summary(input)).toEqual(['+4', '+6 -0', '+7 -1', '-3']);
    expect(rolloutSteps(input).pop()!.retiredNodes).toEqual([0, 1, 2, 3, 5]);
  });

  test('a rollout resumed mid-way continues from the record', () => {
    const input = rollout({
      nodes: [...pool([1, 2]), ...pool([3, 4], NEW)],
      retiredNodes: [0],
    });
    expect(nextRolloutStep(input)).toEqual({
      add: [5],
      retire: [1],
      nodes: [...pool([2]), ...pool([3, 4, 5], NEW)],
      retiredNodes: [0, 1],
      complete: false,
    });
  });

  test('a pool without old nodes has nothing to roll', () => {
    expect(nextRolloutStep(rollout({ nodes: pool([0, 1, 2], NEW) }))).toEqual({
      add: [],
      retire: [],
      nodes: pool([0, 1, 2], NEW),
      retiredNodes: [],
      complete: true,
    });
    expect(rolloutSteps(rollout({ nodes: [] }))).toEqual([]);
  });

  test('older generations of several kinds all leave, lowest index first', () => {
    const input = rollout({
      nodes: [{ index: 2, generation: 'g-1' }, ...pool([0, 1])],
    });
    expect(summary(input)).toEqual(['+3', '+4 -0', '+5 -1', '-2']);
  });

  test('replicas changed during a rollout: scale-up adds within the surge, scale-down drains within maxUnavailable', () => {
    expect(summary(rollout({ nodes: pool([0, 1]), replicas: 3 }))).toEqual([
      '+2 +3',
      '+4 -0',
      '-1',
    ]);
    expect(summary(rollout({ nodes: pool([0, 1, 2, 3, 4]), replicas: 2 }))).toEqual([
      '-0',
      '-1',
      '+5 -2',
      '+6 -3',
      '-4',
    ]);
  });

  // The rules hold for every pool size and strategy, not only the cases above.
  test.each([0, 1, 2, 3, 5, 8])('invariants hold for %i old nodes', (oldCount) => {
    for (const replicas of [0, 1, 2, 3, 5, 8]) {
      for (const maxSurge of [0, 1, 2, 3]) {
        for (const maxUnavailable of [1, 2, 3]) {
          const input = rollout({
            nodes: pool([...Array(oldCount).keys()]),
            replicas,
            maxSurge,
            maxUnavailable,
          });
          const floor = maxSurge > 0 ? replicas : replicas - maxUnavailable;
          let before = input.nodes;
          const used = new Set(before.map((n) => n.index));
          for (const step of rolloutSteps(input)) {
            const where = `${oldCount} old, ${replicas}/${maxSurge}/${maxUnavailable}`;
            expect([where, step.retire.length <= maxUnavailable]).toEqual([where, true]);
            const staying = before.length - step.retire.length;
            expect([where, staying >= Math.min(floor, before.length)]).toEqual([where, true]);
            expect([
              where,
              step.nodes.length <= Math.max(replicas + maxSurge, before.length),
            ]).toEqual([where, true]);
            // A retired node is an old one that existed; a new index was never used.
            const had = new Set(before.map((n) => n.index));
            expect(step.retire.every((i) => had.has(i))).toBe(true);
            expect(
              step.retire.every((i) => before.find((n) => n.index === i)!.generation !== NEW),
            ).toBe(true);
            expect(step.add.every((i) => !used.has(i))).toBe(true);
            step.add.forEach((i) => used.add(i));
            before = step.nodes;
          }
          expect(before.every((n) => n.generation === NEW)).toBe(true);
          if (oldCount > 0) expect(before.length).toBe(replicas);
        }
      }
    }
  });
});

describe('a generation', () => {
  test('is stable: key order does not matter, any value does', () => {
    const a = generationOf({ kubeletVersion: 'v1.35.7', machine: { template: 'ubuntu', cpus: 2 } });
    expect(
      generationOf({ machine: { cpus: 2, template: 'ubuntu' }, kubeletVersion: 'v1.35.7' }),
    ).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(
      generationOf({ kubeletVersion: 'v1.36.2', machine: { template: 'ubuntu', cpus: 2 } }),
    ).not.toBe(a);
    expect(
      generationOf({ kubeletVersion: 'v1.35.7', machine: { template: 'ubuntu', cpus: 4 } }),
    ).not.toBe(a);
    expect(
      generationOf({ kubeletVersion: 'v1.35.7', machine: { template: 'ubuntu', cpus: '2' } }),
    ).not.toBe(a);
  });

  test('an unset field is the same as a missing one', () => {
    expect(generationOf({ kubeletVersion: 'v1.35.7', image: undefined })).toBe(
      generationOf({ kubeletVersion: 'v1.35.7' }),
    );
  });
});
