/**
 * What every stub resource does, driven only by its schema: a create plans each
 * computed attribute left null as unknown; an apply replaces every unknown with a
 * deterministic fake value of the right type; a data source read fills its computed
 * attributes the same way. Fakes derive from a seed (resource type, known config,
 * attribute path), so the same configuration always yields the same values.
 */
import { createHash } from 'crypto';
import { attributeType, SchemaAttribute, SchemaBlock } from './schema';
import { isObject, isUnknown, toPlain, TypeExpr, unknown, Value, writeDynamic } from './values';

/** Terraform's clock as the stub sees it; tests move it to let time pass. */
export interface Clock {
  now(): Date;
}

/** Plans a create: each computed attribute that configuration left null becomes unknown. */
export function unknownComputed(block: SchemaBlock, value: Value): Value {
  return walkBlock(block, value, (attribute, current) =>
    attribute.computed && current === null ? unknown() : current,
  );
}

/** Replaces every unknown with a fake; `seed` makes the fakes differ per object. */
export function fillUnknowns(block: SchemaBlock, value: Value, seed: string, clock: Clock): Value {
  return walkBlock(block, value, (attribute, current, path) =>
    replaceUnknowns(attributeType(attribute), current, `${seed}/${path}`, lastName(path), clock),
  );
}

/** For a data source read: computed attributes that are null or unknown get fakes. */
export function fillComputed(block: SchemaBlock, value: Value, seed: string, clock: Clock): Value {
  return walkBlock(block, value, (attribute, current, path) => {
    if (attribute.computed && (current === null || isUnknown(current))) {
      return fake(attributeType(attribute), `${seed}/${path}`, lastName(path), clock);
    }
    return replaceUnknowns(
      attributeType(attribute),
      current,
      `${seed}/${path}`,
      lastName(path),
      clock,
    );
  });
}

/** A seed from the object's known values, so that fakes follow its configuration. */
export function seedOf(typeName: string, value: Value): string {
  return `${typeName}:${digest(JSON.stringify(toPlain(value) ?? null))}`;
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** An object of the block's shape with every attribute null and no nested blocks. */
export function emptyObject(block: SchemaBlock): Record<string, Value> {
  const object: Record<string, Value> = {};
  for (const name of Object.keys(block.attributes ?? {})) object[name] = null;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    object[name] =
      nested.nesting_mode === 'list' || nested.nesting_mode === 'set'
        ? []
        : nested.nesting_mode === 'map'
          ? {}
          : null;
  }
  return object;
}

type AttributeVisitor = (attribute: SchemaAttribute, value: Value, path: string) => Value;

/** Rebuilds a block value, letting `visit` replace each attribute's value. */
function walkBlock(block: SchemaBlock, value: Value, visit: AttributeVisitor, path = ''): Value {
  if (!isObject(value)) return value;
  const result: Record<string, Value> = { ...value };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const attrPath = `${path}${name}`;
    let current = visit(attribute, value[name] ?? null, attrPath);
    if (attribute.nested_type && !isUnknown(current) && current !== null) {
      const nested: SchemaBlock = { attributes: attribute.nested_type.attributes };
      current = mapCollection(current, attribute.nested_type.nesting_mode, (item, key) =>
        walkBlock(nested, item, visit, `${attrPath}.${key}.`),
      );
    }
    result[name] = current;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const current = value[name] ?? null;
    if (current === null || isUnknown(current)) continue;
    result[name] = mapCollection(current, nested.nesting_mode, (item, key) =>
      walkBlock(nested.block, item, visit, `${path}${name}.${key}.`),
    );
  }
  return result;
}

function mapCollection(value: Value, mode: string, fn: (item: Value, key: string) => Value): Value {
  if (mode === 'single' || mode === 'group') return fn(value, '0');
  if (Array.isArray(value)) return value.map((item, index) => fn(item, String(index)));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fn(item, key)]));
  }
  return value;
}

function replaceUnknowns(
  type: TypeExpr,
  value: Value,
  seed: string,
  name: string,
  clock: Clock,
): Value {
  if (isUnknown(value)) return fake(type, seed, name, clock);
  if (value === null || typeof type === 'string') return value;
  const [kind, arg] = type;
  if ((kind === 'list' || kind === 'set') && Array.isArray(value)) {
    return value.map((item, index) =>
      replaceUnknowns(arg as TypeExpr, item, `${seed}.${index}`, name, clock),
    );
  }
  if (kind === 'map' && isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        replaceUnknowns(arg as TypeExpr, item, `${seed}.${key}`, name, clock),
      ]),
    );
  }
  if (kind === 'object' && isObject(value)) {
    return Object.fromEntries(
      Object.entries(arg as Record<string, TypeExpr>).map(([key, attrType]) => [
        key,
        replaceUnknowns(attrType, value[key] ?? null, `${seed}.${key}`, key, clock),
      ]),
    );
  }
  return value;
}

/** A plausible, deterministic value of a type; the attribute name picks its flavour. */
export function fake(type: TypeExpr, seed: string, name: string, clock: Clock): Value {
  const hash = digest(seed);
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return fakeString(name, hash, clock);
      case 'number':
        return /(^|_)id$/.test(name) ? 100 + (parseInt(hash.slice(0, 8), 16) % 9000) : 0;
      case 'bool':
        return false;
      case 'dynamic':
        return writeDynamic('string', fakeString(name, hash, clock));
      default:
        throw new Error(`unsupported type ${type}`);
    }
  }
  const [kind, arg] = type;
  switch (kind) {
    case 'list':
    case 'set':
    case 'tuple':
      return [];
    case 'map':
      return {};
    case 'object':
      return Object.fromEntries(
        Object.entries(arg as Record<string, TypeExpr>).map(([key, attrType]) => [
          key,
          fake(attrType, `${seed}.${key}`, key, clock),
        ]),
      );
    default:
      throw new Error(`unsupported type ${JSON.stringify(type)}`);
  }
}

function fakeString(name: string, hash: string, clock: Clock): string {
  if (name === 'id' || name.endsWith('uuid') || name === 'uid') {
    return [
      hash.slice(0, 8),
      hash.slice(8, 12),
      hash.slice(12, 16),
      hash.slice(16, 20),
      hash.slice(20, 32),
    ].join('-');
  }
  if (name.endsWith('ip_address'))
    return `198.51.100.${1 + (parseInt(hash.slice(0, 4), 16) % 250)}`;
  if (name.endsWith('rfc3339') || name.endsWith('_date')) return rfc3339(clock.now());
  return `${name}-${hash.slice(0, 8)}`;
}

export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function lastName(path: string): string {
  const parts = path.split('.').filter((part) => part !== '' && !/^\d+$/.test(part));
  return parts[parts.length - 1] ?? '';
}
