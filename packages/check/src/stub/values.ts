/**
 * Terraform's values on the plugin wire (docs/plugin-protocol/object-wire-format.md in
 * hashicorp/terraform): MessagePack shaped by the schema's types, with unknown values
 * as MessagePack extensions. Type 0 is a plain unknown; Terraform 1.6+ also sends type
 * 12, an unknown with refinements (prefix, bounds, not-null), which the stub hands
 * back byte for byte so the refinements survive. Values of type "dynamic" travel as
 * a pair [type as JSON bytes, value]. Numbers may be integers, floats, bigints or, when
 * too large or precise for a float, decimal strings: they are passed through as sent.
 */
import { decode, encode, ExtData } from '@msgpack/msgpack';

/** A type constraint as in schema JSON: "string", ["list","string"], ["object",{...}]. */
export type TypeExpr = string | [string, unknown] | [string, unknown, unknown];

/** A decoded value: JSON-like data, Uint8Array in dynamic pairs, ExtData for unknowns. */
export type Value = unknown;

const MSGPACK_OPTIONS = { useBigInt64: true } as const;

export function decodeMsgpack(bytes: Uint8Array | undefined | null): Value {
  if (!bytes || bytes.length === 0) return null;
  return decode(bytes, MSGPACK_OPTIONS);
}

export function encodeMsgpack(value: Value): Buffer {
  const bytes = encode(value, MSGPACK_OPTIONS);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A wholly unknown value, as Terraform writes it (extension 0, payload ignored). */
export function unknown(): ExtData {
  return new ExtData(0, new Uint8Array([0]));
}

/** Any extension is an unknown; 12 carries refinements that must be kept. */
export function isUnknown(value: Value): value is ExtData {
  return value instanceof ExtData;
}

/** True when the value and everything inside it is known. */
export function isWhollyKnown(value: Value): boolean {
  if (isUnknown(value)) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (value instanceof Uint8Array) return true;
  if (value !== null && typeof value === 'object') return Object.values(value).every(isWhollyKnown);
  return true;
}

export function isObject(value: Value): value is Record<string, Value> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !isUnknown(value)
  );
}

/** A dynamic value [type bytes, value] as its type expression and inner value. */
export function readDynamic(value: Value): { type: TypeExpr; value: Value } | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !(value[0] instanceof Uint8Array)) {
    return undefined;
  }
  return { type: JSON.parse(Buffer.from(value[0]).toString('utf8')), value: value[1] };
}

export function writeDynamic(type: TypeExpr, value: Value): Value {
  return [new Uint8Array(Buffer.from(JSON.stringify(type), 'utf8')), value];
}

/** Structural equality of decoded values; unknowns equal only byte-identical unknowns. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (isUnknown(a) || isUnknown(b)) {
    return (
      isUnknown(a) && isUnknown(b) && a.type === b.type && bytesEqual(extBytes(a), extBytes(b))
    );
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && bytesEqual(a, b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => valuesEqual(item, b[index]))
    );
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => valuesEqual(a[key] ?? null, b[key] ?? null));
  }
  // Numbers may arrive as number, bigint or decimal string: compare their value.
  if (isNumberLike(a) && isNumberLike(b)) return String(a) === String(b) || Number(a) === Number(b);
  return a === b;
}

function isNumberLike(value: Value): boolean {
  return typeof value === 'number' || typeof value === 'bigint';
}

function extBytes(ext: ExtData): Uint8Array {
  return typeof ext.data === 'function' ? ext.data(0) : ext.data;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/**
 * A JSON value of the given type (state as Terraform stores it, for
 * UpgradeResourceState) as a wire value: dynamic values become [type, value] pairs.
 */
export function fromJson(type: TypeExpr, json: unknown): Value {
  if (json === null || json === undefined) return null;
  if (typeof type === 'string') {
    if (type === 'dynamic') {
      const { type: inner, value } = json as { type: TypeExpr; value: unknown };
      return writeDynamic(inner, fromJson(inner, value));
    }
    return json;
  }
  const [kind, arg] = type;
  switch (kind) {
    case 'list':
    case 'set':
      return (json as unknown[]).map((item) => fromJson(arg as TypeExpr, item));
    case 'map':
      return Object.fromEntries(
        Object.entries(json as Record<string, unknown>).map(([k, v]) => [
          k,
          fromJson(arg as TypeExpr, v),
        ]),
      );
    case 'object': {
      const attributes = arg as Record<string, TypeExpr>;
      const object = json as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(attributes).map(([name, attrType]) => [
          name,
          fromJson(attrType, object[name]),
        ]),
      );
    }
    case 'tuple':
      return (json as unknown[]).map((item, index) => fromJson((arg as TypeExpr[])[index], item));
    default:
      throw new Error(`unsupported type ${JSON.stringify(type)}`);
  }
}

/** A known wire value as plain JSON (dynamic pairs unwrapped), for fixtures and checks. */
export function toPlain(value: Value): unknown {
  if (isUnknown(value)) return undefined;
  const dynamic = readDynamic(value);
  if (dynamic) return toPlain(dynamic.value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'bigint') return Number(value);
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}
