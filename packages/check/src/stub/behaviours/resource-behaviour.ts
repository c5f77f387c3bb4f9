/**
 * What a stub resource type may do beyond the schema-driven default, and the helpers
 * the behaviours of every provider share: reading paths of an object value, and
 * which of them changed between prior state and plan.
 */
import { Clock } from '../engine';
import { ClusterPki } from '../pki';
import type { StubTenant } from '../tenant';
import { isObject, isUnknown, readDynamic, Value, valuesEqual } from '../values';

export type Path = Array<string | number>;
export type ObjectValue = Record<string, Value>;

/** What a stub resource type may do besides the default. */
export interface ResourceBehaviour {
  /** Attributes whose change forces a replacement (the providers' ForceNew / RequiresReplace). */
  readonly replaceOn?: Path[];
  /** Paths that force a replacement, when that needs more than comparing attributes. */
  requiresReplace?(prior: ObjectValue, planned: ObjectValue): Path[];
  /** Plan-time adjustments (defaults the provider plans itself). */
  plan?(planned: ObjectValue, prior: ObjectValue | null): ObjectValue;
  /** Computed values the provider derives at apply, set before the generic fill. */
  apply?(planned: ObjectValue, env: StubEnvironment): ObjectValue;
  /** Errors the provider or its API would return when applying this object (prior: null on create). */
  applyErrors?(planned: ObjectValue, env: StubEnvironment, prior?: ObjectValue | null): string[];
  /** The object on refresh; null when the provider reports it gone. */
  read?(state: ObjectValue, env: StubEnvironment): ObjectValue | null;
  /** Errors the provider reports when validating a configuration. */
  validate?(config: ObjectValue): string[];
}

/** What the stub knows about the world it pretends to manage. */
export interface StubEnvironment {
  readonly clock: Clock;
  readonly pki: ClusterPki;
  /** The tenant's nodes, when the harness emulates them. */
  readonly tenant?: StubTenant;
}

export function valueAt(value: Value, path: Path): Value {
  let current: Value = value;
  for (const step of path) {
    const dynamic = readDynamic(current);
    if (dynamic) current = dynamic.value;
    if (current === null || current === undefined || isUnknown(current)) return current ?? null;
    current = (current as Record<string | number, Value>)[step] ?? null;
  }
  return current;
}

/** Paths of `replaceOn` whose value differs between prior state and plan. */
export function changedPaths(paths: Path[], prior: ObjectValue, planned: ObjectValue): Path[] {
  return paths.filter((path) => !valuesEqual(valueAt(prior, path), valueAt(planned, path)));
}

export function knownString(value: Value): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

// ForceNew facts of the machine resources and of what each machine lives in, from the
// providers' sources at the pinned versions (schemas/*.json `provenance`). A path listed
// in `replaceOn` replaces the resource when its value differs between prior state and
// plan, as SDKv2 reports it to Terraform (RequiresReplace); Terraform applies
// `ignore_changes` before it asks, so an ignored attribute never differs.

/** Changed paths among `attributes` of every element of the nested list `list`. */
export function changedInEach(
  list: string,
  attributes: string[],
  prior: ObjectValue,
  planned: ObjectValue,
): Path[] {
  const length = (value: ObjectValue) => {
    const items = value[list];
    return Array.isArray(items) ? items.length : 0;
  };
  const paths: Path[] = [];
  for (let i = 0; i < Math.max(length(prior), length(planned)); i++) {
    paths.push(...attributes.map((name): Path => [list, i, name]));
  }
  return changedPaths(paths, prior, planned);
}

/** `[block, 0, name]` for each name: attributes of a block of at most one element. */
export function inBlock(block: string, names: string[]): Path[] {
  return names.map((name) => [block, 0, name]);
}

export function knownText(value: Value): string {
  return typeof value === 'string' ? value : '';
}

export function isObjectValue(value: Value): value is ObjectValue {
  return isObject(value);
}
