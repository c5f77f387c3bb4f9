/**
 * Which nodes a pool holds (design D4, issue #14 item 4). Pure module: no CDKTF import.
 *
 * A node is known by its index for life: retiring node-02 of three gives node-00,
 * node-01 and node-03, and node-02's name is never used again, so nothing in the
 * tenant (Node objects, logs, monitoring) confuses the new machine with the old one.
 */
import { Errors, Problem } from '../errors';

/** The indices of a pool's nodes: the first `replicas` indices that are not retired. */
export function liveNodeIndices(replicas: number, retired: readonly number[]): number[] {
  const skipped = new Set(retired);
  const indices: number[] = [];
  for (let index = 0; indices.length < replicas; index++) {
    if (!skipped.has(index)) indices.push(index);
  }
  return indices;
}

/**
 * How many index slots the pool spans: the highest live index plus one. A static
 * address range must hold that many addresses, and the longest node name has the
 * highest index.
 */
export function slotCount(replicas: number, retired: readonly number[]): number {
  const live = liveNodeIndices(replicas, retired);
  return live.length === 0 ? 0 : live[live.length - 1] + 1;
}

/** Problems of a `retiredNodes` list: whole indices from 0 to `highest`, each once. */
export function retiredNodesProblems(field: string, value: unknown, highest: number): Problem[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [Errors.notList(field, value)];
  const problems: Problem[] = [];
  const seen = new Set<number>();
  value.forEach((index, i) => {
    if (!(typeof index === 'number' && Number.isInteger(index) && index >= 0 && index <= highest)) {
      problems.push(Errors.badRetiredNode(`${field}[${i}]`, index, highest));
    } else if (seen.has(index)) {
      problems.push(Errors.retiredTwice(`${field}[${i}]`, index));
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
