/**
 * Static addresses that go round their range (issue #20 item 6), as pure logic: the
 * pool's walk (`liveNodeIndices`), the rollout planner (`resolveRollout`) and the
 * address of an index (`NodeAddressing.addressOf`), over long random histories of
 * scale-ups, scale-downs, retirements and rollouts, one configuration per apply.
 */
import { liveNodeIndices } from '../../src/day-two/node-slots';
import { resolveRollout, RolloutGeneration } from '../../src/day-two/pool-rollout';
import { nextRolloutStep, RolloutNode } from '../../src/day-two/rollout-plan';
import { RolloutStrategy } from '../../src/day-two/rollout-strategy';
import { NodeAddressing } from '../../src/node-pool/node-addressing';

const OLD: RolloutGeneration = { kubeletVersion: 'v1.34.2', machineSpec: {} };
const NEW: RolloutGeneration = { kubeletVersion: 'v1.35.7', machineSpec: {} };

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** The pool's configuration for one apply. */
interface Config {
  readonly replicas: number;
  readonly retired: number[];
  readonly rollout?: { readonly step: number };
}

interface World {
  readonly size: number;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly addressing: NodeAddressing;
}

function rolloutPlan(world: World, config: Config) {
  const resolved = resolveRollout({
    field: 'rollout',
    poolName: 'default-pool',
    before: { replicas: config.replicas, retiredNodes: config.retired, addressSlots: world.size },
    from: OLD,
    to: NEW,
    step: config.rollout?.step ?? 0,
    strategy: RolloutStrategy.rollingUpdate({
      maxSurge: world.maxSurge,
      maxUnavailable: world.maxUnavailable,
    }),
    nodeName: (i) => `node-${String(i).padStart(2, '0')}`,
    isUnresolved: () => false,
  });
  if (!resolved.plan) throw new Error(JSON.stringify(resolved.problems));
  return resolved.plan;
}

/** The nodes a configuration holds, as NodePool makes them. */
function nodesOf(world: World, config: Config): number[] {
  return config.rollout
    ? rolloutPlan(world, config).nodes.map((n) => n.index)
    : liveNodeIndices(config.replicas, config.retired, world.size);
}

/** What the synth tells the operator to write once the rollout is complete. */
function retiredAfter(summary: string): number[] {
  const listed = /set retiredNodes to \[([^\]]*)\]/.exec(summary);
  if (!listed) throw new Error(`no retiredNodes in: ${summary}`);
  return listed[1] === '' ? [] : listed[1].split(', ').map(Number);
}

/**
 * A random history from a pool of `replicas`: each entry one apply's configuration.
 * Rollouts run to the end (the operator raises the step by one per apply), then the
 * rollout is removed and retiredNodes written as the synth says.
 */
function history(world: World, next: (below: number) => number, applies: number): Config[] {
  const most = world.size - world.maxSurge;
  let config: Config = { replicas: 1 + next(most), retired: [] };
  const configs = [config];
  while (configs.length < applies) {
    const live = nodesOf(world, config);
    const choice = next(4);
    if (choice === 0) {
      config = { replicas: next(most + 1), retired: config.retired };
      configs.push(config);
    } else if (choice === 1 && live.length > 0) {
      // Retire up to maxUnavailable live nodes, sometimes while scaling too.
      const leaving = new Set<number>();
      for (let k = 1 + next(world.maxUnavailable); k > 0; k--) leaving.add(live[next(live.length)]);
      const replicas = next(3) === 0 ? next(most + 1) : config.replicas;
      config = { replicas, retired: [...config.retired, ...leaving] };
      configs.push(config);
    } else if (config.replicas > 0) {
      const steps = rolloutPlan(world, { ...config, rollout: { step: 0 } }).stepCount;
      for (let step = 1; step <= steps; step++) {
        configs.push({ ...config, rollout: { step } });
      }
      const last = rolloutPlan(world, { ...config, rollout: { step: steps } });
      config = { replicas: config.replicas, retired: retiredAfter(last.summary) };
      configs.push(config);
    }
  }
  return configs;
}

function addressOf(world: World, index: number): string {
  return world.addressing.addressOf(index)!.address;
}

describe('nodes going round a static range, over random histories', () => {
  /** Checks one history; returns how many times its indices went round the range. */
  function checkHistory(seed: number): number {
    const next = random(seed);
    const maxSurge = next(3);
    const maxUnavailable = 1 + next(2);
    const size = 1 + maxSurge + next(5);
    const world: World = {
      size,
      maxSurge,
      maxUnavailable,
      addressing: NodeAddressing.staticRange({
        cidr: '192.0.2.0/24',
        first: '192.0.2.100',
        gateway: '192.0.2.1',
        count: size,
      }),
    };
    const configs = history(world, next, 40);
    const retiredForGood = new Set<number>();
    let before = nodesOf(world, configs[0]);
    let highest = 0;
    for (const [apply, config] of configs.entries()) {
      const where = `seed ${seed}, apply ${apply}: ${JSON.stringify(config)}`;
      const after = nodesOf(world, config);
      const addresses = after.map((i) => addressOf(world, i));
      // Two live nodes never share an address, and every address is in the range.
      expect([where, new Set(addresses).size]).toEqual([where, after.length]);
      const offsets = addresses.map((a) => Number(a.split('.')[3]) - 100);
      expect([where, offsets.every((o) => o >= 0 && o < size)]).toEqual([where, true]);
      // A node made in this apply takes no address a node that stays holds...
      const kept = new Set(before.filter((i) => after.includes(i)).map((i) => addressOf(world, i)));
      const made = after.filter((i) => !before.includes(i));
      expect([where, made.filter((i) => kept.has(addressOf(world, i)))]).toEqual([where, []]);
      // ...and no index that was retired is ever made again.
      expect([where, made.filter((i) => retiredForGood.has(i))]).toEqual([where, []]);
      for (const gone of before.filter((i) => !after.includes(i))) {
        if (config.retired.includes(gone) || config.rollout) retiredForGood.add(gone);
      }
      highest = Math.max(highest, ...after);
      before = after;
    }
    // A rollout's last step holds what the pool holds once the rollout is removed.
    configs.forEach((config, i) => {
      if (config.rollout && configs[i + 1] && !configs[i + 1].rollout) {
        expect([seed, i, nodesOf(world, configs[i + 1])]).toEqual([
          seed,
          i,
          nodesOf(world, config),
        ]);
      }
    });
    return Math.floor(highest / size);
  }

  test('over 120 histories of 40 applies: distinct addresses in the range, none taken from a staying node, no retired index made again', () => {
    const laps = [...Array(120).keys()].map(checkHistory);
    // The histories went round their ranges many times, not only once.
    expect(laps.filter((n) => n >= 3).length).toBeGreaterThan(60);
  });

  test('a pool of 3 in 4 addresses after 20 version rollouts: addresses unchanged for every surviving node', () => {
    const world: World = {
      size: 4,
      maxSurge: 1,
      maxUnavailable: 1,
      addressing: NodeAddressing.staticRange({
        cidr: '192.0.2.0/28',
        first: '192.0.2.2',
        gateway: '192.0.2.1',
        count: 4,
      }),
    };
    let config: Config = { replicas: 3, retired: [] };
    const held = new Map<number, string>();
    for (let rollout = 0; rollout < 20; rollout++) {
      const steps = rolloutPlan(world, { ...config, rollout: { step: 0 } }).stepCount;
      for (let step = 0; step <= steps; step++) {
        const nodes = nodesOf(world, { ...config, rollout: { step } });
        for (const index of nodes) {
          const address = addressOf(world, index);
          expect(held.get(index) ?? address).toBe(address);
          held.set(index, address);
        }
        expect(new Set(nodes.map((i) => addressOf(world, i))).size).toBe(nodes.length);
      }
      const last = rolloutPlan(world, { ...config, rollout: { step: steps } });
      config = { replicas: 3, retired: retiredAfter(last.summary) };
    }
    // 20 rollouts of 3 nodes made 60 new ones, in the same 4 addresses.
    expect(nodesOf(world, config)).toEqual([60, 61, 62]);
    expect(nodesOf(world, config).map((i) => addressOf(world, i))).toEqual([
      '192.0.2.2',
      '192.0.2.3',
      '192.0.2.4',
    ]);
  });
});

describe('what nodes made before ranges went round keep', () => {
  // Today's rule, which every pool synthesized before this change followed: node i at
  // `first + i`, the indices those of the walk and the planner without address slots.
  const before = (first: number, index: number) => `192.0.2.${first + index}`;

  test('for every configuration that was valid, every node keeps its address', () => {
    const next = random(20);
    let checked = 0;
    const moved: string[] = [];
    const moves = (what: string, got: unknown, was: unknown) => {
      if (JSON.stringify(got) !== JSON.stringify(was))
        moved.push(`${what}: ${JSON.stringify(got)}, was ${JSON.stringify(was)}`);
    };
    for (let attempt = 0; attempt < 1500; attempt++) {
      const first = 2 + next(200);
      const gateway = next(2) === 0 ? 1 : first + 1 + next(254 - first);
      const addressing = NodeAddressing.staticRange({
        cidr: '192.0.2.0/24',
        first: `192.0.2.${first}`,
        gateway: `192.0.2.${gateway}`,
      });
      const replicas = next(8);
      const retired = [...Array(next(12)).keys()].map(() => next(30));
      const distinct = [...new Set(retired)];
      // The highest address a pool could use before: below the gateway, the broadcast.
      const fits = (highest: number) =>
        first + highest <= 254 && !(gateway >= first && gateway <= first + highest);
      const size = addressing.size!;
      const strategy = { maxSurge: next(3), maxUnavailable: 1 + next(2) };
      const steady = liveNodeIndices(replicas, distinct);
      if (steady.length > 0 && !fits(steady[steady.length - 1])) continue;
      const where = `first .${first}, gateway .${gateway}, ${replicas} without ${distinct}`;
      // The steady pool.
      moves(where, liveNodeIndices(replicas, distinct, size), steady);
      moves(
        where,
        steady.map((i) => addressing.addressOf(i)!.address),
        steady.map((i) => before(first, i)),
      );
      // Every step of a rollout that fitted, by the planner without address slots.
      let nodes: RolloutNode[] = steady.map((index) => ({ index, generation: 'old' }));
      let retiredNow = distinct;
      let slotted = nodes;
      let slottedRetired = distinct;
      if (size < replicas + strategy.maxSurge) continue;
      for (let step = 0; step < 20; step++) {
        const input = { desiredGeneration: 'new', replicas, ...strategy };
        const old = nextRolloutStep({ ...input, nodes, retiredNodes: retiredNow });
        if (old.add.length + old.retire.length === 0) break;
        const highest = Math.max(...old.nodes.map((n) => n.index));
        if (!fits(highest)) break;
        const now = nextRolloutStep({
          ...input,
          nodes: slotted,
          retiredNodes: slottedRetired,
          addressSlots: size,
        });
        moves(`${where}, step ${step + 1}`, now, old);
        moves(
          `${where}, step ${step + 1}`,
          now.nodes.map((n) => addressing.addressOf(n.index)!.address),
          now.nodes.map((n) => before(first, n.index)),
        );
        nodes = old.nodes;
        retiredNow = old.retiredNodes;
        slotted = now.nodes;
        slottedRetired = now.retiredNodes;
      }
      checked += 1;
    }
    expect(moved).toEqual([]);
    // Enough valid configurations were drawn for the property to mean something.
    expect(checked).toBeGreaterThan(500);
  });

  test('a snapshot of addresses as they were: node i at first + i', () => {
    const addressing = NodeAddressing.staticRange({
      cidr: '192.0.2.0/24',
      first: '192.0.2.21',
      gateway: '192.0.2.1',
    });
    const size = addressing.size!;
    expect(size).toBe(234);
    const addresses = (indices: number[]) => indices.map((i) => addressing.addressOf(i)!.address);
    expect(addresses(liveNodeIndices(3, [2, 5], size))).toEqual([
      '192.0.2.21',
      '192.0.2.22',
      '192.0.2.24',
    ]);
    const plan = rolloutPlan(
      { size, maxSurge: 1, maxUnavailable: 1, addressing },
      { replicas: 3, retired: [2, 5], rollout: { step: 2 } },
    );
    expect(addresses(plan.nodes.map((n) => n.index))).toEqual([
      '192.0.2.22',
      '192.0.2.24',
      '192.0.2.25',
      '192.0.2.27',
    ]);
    expect(plan.summary).toContain('makes node-06; drains and retires node-00');
  });
});
