/**
 * Which nodes a pool holds (design D4, issue #14 item 4). Pure module: no CDKTF import.
 *
 * A node is known by its index for life: retiring node-02 of three gives node-00,
 * node-01 and node-03, and node-02's name is never used again, so nothing in the
 * tenant (Node objects, logs, monitoring) confuses the new machine with the old one.
 *
 * With a static range of `addressSlots` addresses (issue #20 item 6), node i holds the
 * range's address number `i mod addressSlots` for life, and an index whose address a
 * lower live node holds is passed over (never made while that node lives), so indices
 * climb for ever while the addresses go round the range. Derived from the configuration
 * alone: the same `replicas` and `retiredNodes` always give the same nodes.
 */
import { Problem } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { DayTwoMessages } from './day-two-messages';

/** The address slot of node `index` in a range of `addressSlots` addresses. */
export function addressSlotOf(index: number, addressSlots: number): number {
  return index % addressSlots;
}

/**
 * The indices of a pool's nodes: walking upwards, the first `replicas` indices that are
 * not retired and, with `addressSlots`, whose slot no lower node of the pool holds.
 * Without `addressSlots` (DHCP, or addresses never reused) every index has its own.
 */
export function liveNodeIndices(
  replicas: number,
  retired: readonly number[],
  addressSlots?: number,
): number[] {
  return walk(replicas, retired, addressSlots).live;
}

/**
 * The indices below the highest live one that the walk passes over because a lower
 * live node holds their address slot: never made, and to be listed as retired once
 * that node leaves in a rollout (the rollout's own walk does not see them).
 */
export function passedOverIndices(
  replicas: number,
  retired: readonly number[],
  addressSlots?: number,
): number[] {
  return walk(replicas, retired, addressSlots).passedOver;
}

function walk(
  replicas: number,
  retired: readonly number[],
  addressSlots: number | undefined,
): { live: number[]; passedOver: number[] } {
  if (addressSlots !== undefined && addressSlots < replicas) {
    // Callers refuse such a range first: the walk would never find a free slot.
    throw new RangeError(`${replicas} nodes need ${replicas} address slots, not ${addressSlots}`);
  }
  const skipped = new Set(retired);
  const held = new Set<number>();
  const live: number[] = [];
  const passedOver: number[] = [];
  for (let index = 0; live.length < replicas; index++) {
    if (skipped.has(index)) continue;
    if (addressSlots !== undefined) {
      const slot = addressSlotOf(index, addressSlots);
      if (held.has(slot)) {
        passedOver.push(index);
        continue;
      }
      held.add(slot);
    }
    live.push(index);
  }
  return { live, passedOver };
}

/** Problems of a `retiredNodes` list: whole indices from 0 to `highest`, each once. */
export function retiredNodesProblems(field: string, value: unknown, highest: number): Problem[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [CommonMessages.notList(field, value)];
  const problems: Problem[] = [];
  const seen = new Set<number>();
  value.forEach((index, i) => {
    if (!(typeof index === 'number' && Number.isInteger(index) && index >= 0 && index <= highest)) {
      problems.push(DayTwoMessages.badRetiredNode(`${field}[${i}]`, index, highest));
    } else if (seen.has(index)) {
      problems.push(DayTwoMessages.retiredTwice(`${field}[${i}]`, index));
    } else {
      seen.add(index);
    }
  });
  return problems;
}

/** The retired indices as given, when they are well formed; otherwise none. */
export function retiredIndices(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((i): i is number => Number.isInteger(i)) : [];
}
