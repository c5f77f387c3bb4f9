/**
 * The next step of a pool's rollout (issue #14 items 2 and 3). Pure module: no CDKTF import.
 *
 * Synth does not read Terraform state, so the planner is given what exists: the nodes of
 * the current configuration and their generation, from the operator's record in the
 * configuration (README "Day-2 operations"). It returns the configuration of the next
 * apply. Applying a step and not updating the record gives the same step again, which
 * is the configuration just applied: an empty plan, never a second step.
 *
 * Rules, per apply:
 * - nodes made in an apply serve only from the next one (the apply waits for them with
 *   `joinHealth`), so a node retired in an apply is covered only by nodes that were
 *   there before it: new capacity first;
 * - at most `maxUnavailable` nodes are drained and retired;
 * - with `maxSurge` above 0 the nodes that were there before the apply and stay number
 *   at least `replicas`; with `maxSurge` 0, at least `replicas - maxUnavailable`;
 * - the pool holds at most `replicas + maxSurge` nodes after the apply (or as many as
 *   before, when it held more);
 * - old nodes leave lowest index first (the oldest); new nodes take the next indices
 *   above every live one, skipping retired ones, so no name is used twice;
 * - with a static range (`addressSlots`), a new node's address slot (`addressSlotOf`) is
 *   one no staying node holds: an index whose slot is held is passed over and listed
 *   as retired. The slots of nodes retired in the same apply are free, as Terraform
 *   destroys those machines before it makes new ones: every machine depends on the
 *   pool's `node-deletion`, and a dependent is created only after the removed instances
 *   of its dependency are destroyed (measured with terraform 1.11).
 */
import { createHash } from 'crypto';
import { addressSlotOf } from './node-slots';

/** A node of the current configuration. */
export interface RolloutNode {
  readonly index: number;
  /** Its generation: what its machine was made from (see `generationOf`). */
  readonly generation: string;
}

export interface RolloutInput {
  /** The generation of the pool's spec now: what new nodes are made from. */
  readonly desiredGeneration: string;
  /** The nodes the current configuration holds, with their generation. */
  readonly nodes: readonly RolloutNode[];
  /** How many nodes of the desired generation the pool holds at the end. */
  readonly replicas: number;
  /** Indices never to use again. */
  readonly retiredNodes: readonly number[];
  readonly maxSurge: number;
  /** At least 1 (`RolloutStrategy.validate`). */
  readonly maxUnavailable: number;
  /**
   * How many addresses the pool's static range has, when retired nodes' addresses go
   * to new nodes; at least `replicas + maxSurge` and the number of `nodes`.
   * @default - no reuse: every index has an address of its own
   */
  readonly addressSlots?: number;
}

export interface RolloutStep {
  /** Indices made in this step, of the desired generation, ascending. */
  readonly add: number[];
  /** Indices drained and retired in this step, ascending. */
  readonly retire: number[];
  /** The nodes after the step, by index. */
  readonly nodes: RolloutNode[];
  /**
   * `retiredNodes` after the step: the input's, this step's, and the indices passed over
   * for their address slot, ascending.
   */
  readonly retiredNodes: number[];
  /** Whether every node after the step is of the desired generation. */
  readonly complete: boolean;
}

/**
 * The next step. A pool without old nodes has none (its `replicas` and `retiredNodes`
 * scale it as usual): the step changes nothing and is complete.
 */
export function nextRolloutStep(input: RolloutInput): RolloutStep {
  const nodes = [...input.nodes].sort((a, b) => a.index - b.index);
  const old = nodes.filter((n) => n.generation !== input.desiredGeneration);
  const fresh = nodes.length - old.length;
  const { replicas, maxSurge, maxUnavailable } = input;
  let retireCount = 0;
  let addCount = 0;
  if (old.length > 0) {
    const floor = maxSurge > 0 ? replicas : replicas - maxUnavailable;
    retireCount = Math.min(maxUnavailable, old.length, Math.max(0, nodes.length - floor));
    const staying = nodes.length - retireCount;
    addCount = Math.max(0, Math.min(replicas - fresh, replicas + maxSurge - staying));
  }
  const retire = old.slice(0, retireCount).map((n) => n.index);
  const skipped = new Set([...input.retiredNodes, ...retire]);
  const gone = new Set(retire);
  const slots = input.addressSlots;
  const held = new Set(
    slots === undefined
      ? []
      : nodes.filter((n) => !gone.has(n.index)).map((n) => addressSlotOf(n.index, slots)),
  );
  if (slots !== undefined && held.size + addCount > slots) {
    // The pool refuses such a range first: no free slot would be found.
    throw new RangeError(`${held.size + addCount} nodes need as many address slots, not ${slots}`);
  }
  const add: number[] = [];
  let index = nodes.length === 0 ? 0 : nodes[nodes.length - 1].index + 1;
  for (; add.length < addCount; index++) {
    if (skipped.has(index)) continue;
    if (slots !== undefined) {
      const slot = addressSlotOf(index, slots);
      if (held.has(slot)) {
        skipped.add(index);
        continue;
      }
      held.add(slot);
    }
    add.push(index);
  }
  const after = [
    ...nodes.filter((n) => !gone.has(n.index)),
    ...add.map((i) => ({ index: i, generation: input.desiredGeneration })),
  ];
  return {
    add,
    retire,
    nodes: after,
    retiredNodes: [...skipped].sort((a, b) => a - b),
    complete: after.every((n) => n.generation === input.desiredGeneration),
  };
}

/**
 * Every step from `input` to a complete rollout, for a plan to show ahead (how many
 * applies, which nodes each). Each step drains at least one node or makes one, so
 * the rollout ends; the bound only guards against a bad input.
 */
export function rolloutSteps(input: RolloutInput): RolloutStep[] {
  const steps: RolloutStep[] = [];
  let current = input;
  const bound = 4 * (input.nodes.length + input.replicas) + 4;
  while (steps.length < bound) {
    const step = nextRolloutStep(current);
    if (step.add.length === 0 && step.retire.length === 0) break;
    steps.push(step);
    current = { ...current, nodes: step.nodes, retiredNodes: step.retiredNodes };
  }
  return steps;
}

/**
 * A stable fingerprint of what forces new machines: the kubelet version and the
 * replacement-forcing machine spec the infrastructure declares. Key order does not
 * matter; any change of a value does. Short, as it is shown in plans.
 */
export function generationOf(parts: { readonly [key: string]: unknown }): string {
  return createHash('sha256').update(canonical(parts)).digest('hex').slice(0, 12);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as { [key: string]: unknown })
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
