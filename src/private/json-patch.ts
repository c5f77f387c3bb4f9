/**
 * A small RFC 6902 JSON Patch applier, with the semantics of the library Kamaji applies
 * `configurationJSONPatches` with (github.com/evanphx/json-patch/v5, `Patch.Apply` with
 * its default options): `remove` and `replace` of a missing path fail, `add` needs the
 * parent to exist and replaces an existing member. Used at synth to check that the
 * patches a TenantControlPlane carries apply to the kubelet configuration Kamaji renders
 * (a failing patch makes Kamaji fail its kubelet-config phase), and by the tests.
 * Pure module: no CDKTF import.
 */

/** One JSON Patch operation, as Kamaji's CRD takes it. */
export interface JsonPatchOperation {
  readonly op: string;
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

/** Why a patch did not apply: the operation's index and the reason. */
export class JsonPatchError extends Error {
  constructor(
    public readonly index: number,
    public readonly reason: string,
  ) {
    super(`operation ${index}: ${reason}`);
  }
}

type Json = unknown;
type Container = { [key: string]: Json } | Json[];

/** The document after every operation, in order; throws JsonPatchError on the first failure. */
export function applyJsonPatch(document: Json, operations: readonly JsonPatchOperation[]): Json {
  let doc = clone(document);
  operations.forEach((operation, index) => {
    try {
      doc = applyOne(doc, operation);
    } catch (e) {
      if (e instanceof PatchFailure) throw new JsonPatchError(index, e.message);
      throw e;
    }
  });
  return doc;
}

class PatchFailure extends Error {}

function applyOne(doc: Json, operation: JsonPatchOperation): Json {
  switch (operation.op) {
    case 'add':
      return add(doc, operation.path, requireValue(operation));
    case 'remove':
      return remove(doc, operation.path).doc;
    case 'replace':
      return add(remove(doc, operation.path).doc, operation.path, requireValue(operation));
    case 'move': {
      const taken = remove(doc, requireFrom(operation));
      return add(taken.doc, operation.path, taken.value);
    }
    case 'copy':
      return add(doc, operation.path, clone(get(doc, requireFrom(operation))));
    case 'test':
      if (JSON.stringify(get(doc, operation.path)) !== JSON.stringify(operation.value)) {
        throw new PatchFailure(`test of ${operation.path} failed`);
      }
      return doc;
    default:
      throw new PatchFailure(`unknown op "${operation.op}"`);
  }
}

function requireValue(operation: JsonPatchOperation): Json {
  if (!('value' in operation) || operation.value === undefined) {
    throw new PatchFailure(`${operation.op} ${operation.path} has no value`);
  }
  return clone(operation.value);
}

function requireFrom(operation: JsonPatchOperation): string {
  if (typeof operation.from !== 'string') {
    throw new PatchFailure(`${operation.op} ${operation.path} has no from`);
  }
  return operation.from;
}

/** RFC 6901 pointer to its reference tokens. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchFailure(`"${pointer}" is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: Json, pointer: string): Json {
  let current = doc;
  for (const token of parsePointer(pointer)) {
    const next = child(current, token);
    if (next === undefined) throw new PatchFailure(`${pointer} does not exist`);
    current = next;
  }
  return current;
}

function child(container: Json, token: string): Json | undefined {
  if (Array.isArray(container)) {
    const index = arrayIndex(token, container.length - 1);
    return index === undefined ? undefined : container[index];
  }
  if (isObject(container)) {
    return Object.prototype.hasOwnProperty.call(container, token) ? container[token] : undefined;
  }
  return undefined;
}

function arrayIndex(token: string, max: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  return index <= max ? index : undefined;
}

function parentOf(doc: Json, pointer: string): { parent: Container; key: string } {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchFailure('the root cannot be a target here');
  const key = tokens[tokens.length - 1];
  let parent = doc;
  for (const token of tokens.slice(0, -1)) {
    const next = child(parent, token);
    if (next === undefined) throw new PatchFailure(`the parent of ${pointer} does not exist`);
    parent = next;
  }
  if (!Array.isArray(parent) && !isObject(parent)) {
    throw new PatchFailure(`the parent of ${pointer} is not an object or array`);
  }
  return { parent, key };
}

function add(doc: Json, pointer: string, value: Json): Json {
  if (pointer === '') return value;
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : arrayIndex(key, parent.length);
    if (index === undefined) throw new PatchFailure(`${pointer}: index out of range`);
    parent.splice(index, 0, value);
  } else {
    parent[key] = value;
  }
  return doc;
}

function remove(doc: Json, pointer: string): { doc: Json; value: Json } {
  const { parent, key } = parentOf(doc, pointer);
  const value = child(parent, key);
  if (value === undefined) throw new PatchFailure(`${pointer} does not exist`);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return { doc, value };
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
