/**
 * Structural checks of a schema file against the format of `terraform providers schema
 * -json` (format 1.0), so that a hand-written file reads as Terraform would write it and
 * the generator and the conformance checker can trust it. Returns the problems found,
 * each naming its JSON path; an empty list means the file is well formed.
 */

const PROVIDER_ADDRESS = /^registry\.terraform\.io\/([a-z0-9-]+)\/([a-z0-9-]+)$/;
const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

const ATTRIBUTE_KEYS = new Set([
  'type',
  'nested_type',
  'description',
  'description_kind',
  'required',
  'optional',
  'computed',
  'sensitive',
  'deprecated',
  'write_only',
]);
const BLOCK_KEYS = new Set([
  'attributes',
  'block_types',
  'description',
  'description_kind',
  'deprecated',
]);
const BLOCK_TYPE_KEYS = new Set(['nesting_mode', 'block', 'min_items', 'max_items']);
const PROVIDER_SCHEMA_KEYS = new Set([
  'provider',
  'resource_schemas',
  'data_source_schemas',
  'ephemeral_resource_schemas',
  'functions',
  'resource_identity_schemas',
]);
const BLOCK_NESTING = new Set(['single', 'group', 'list', 'set', 'map']);
const ATTRIBUTE_NESTING = new Set(['single', 'list', 'set', 'map']);
const PRIMITIVES = new Set(['string', 'number', 'bool', 'dynamic']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The problems of schemas/<name>.json; `name` must be the provider type. */
export function schemaFileProblems(name: string, file: unknown): string[] {
  const problems: string[] = [];
  const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);
  if (!isObject(file)) return ['(root): not a JSON object'];

  if (file.format_version !== '1.0') {
    problem('format_version', `expected "1.0", found ${JSON.stringify(file.format_version)}`);
  }
  for (const key of Object.keys(file)) {
    if (!['format_version', 'provider_schemas', 'provenance'].includes(key)) {
      problem(key, 'unknown top-level key');
    }
  }

  const providers = isObject(file.provider_schemas) ? Object.keys(file.provider_schemas) : [];
  if (providers.length !== 1) {
    problem(
      'provider_schemas',
      `expected exactly one provider, found ${JSON.stringify(providers)}`,
    );
  }
  const address = providers[0];
  const match = address === undefined ? null : PROVIDER_ADDRESS.exec(address);
  if (address !== undefined && !match) {
    problem(`provider_schemas.${address}`, 'expected "registry.terraform.io/<namespace>/<type>"');
  } else if (match && match[2] !== name) {
    problem(`provider_schemas.${address}`, `provider type is not the file name "${name}"`);
  }

  const provenance = file.provenance;
  if (!isObject(provenance)) {
    problem('provenance', 'missing: the provider version and source files read');
  } else {
    if (provenance.provider !== address) {
      problem(
        'provenance.provider',
        `expected ${JSON.stringify(address)}, found ${JSON.stringify(provenance.provider)}`,
      );
    }
    if (typeof provenance.version !== 'string' || !EXACT_VERSION.test(provenance.version)) {
      problem(
        'provenance.version',
        `expected an exact version x.y.z, found ${JSON.stringify(provenance.version)}`,
      );
    }
    const sources = provenance.sources;
    if (
      !Array.isArray(sources) ||
      sources.length === 0 ||
      !sources.every((s) => typeof s === 'string' && s.length > 0)
    ) {
      problem('provenance.sources', 'expected a non-empty list of the source files read');
    }
  }

  if (address === undefined || !isObject(file.provider_schemas)) return problems;
  const provider = file.provider_schemas[address];
  const base = `provider_schemas.${address}`;
  if (!isObject(provider)) {
    problem(base, 'not an object');
    return problems;
  }
  for (const key of Object.keys(provider)) {
    if (!PROVIDER_SCHEMA_KEYS.has(key)) problem(`${base}.${key}`, 'unknown key');
  }
  if (provider.provider === undefined) problem(`${base}.provider`, 'missing');
  else checkSchema(provider.provider, `${base}.provider`, problem);

  for (const kind of ['resource_schemas', 'data_source_schemas']) {
    const schemas = provider[kind];
    if (schemas === undefined) continue;
    if (!isObject(schemas)) {
      problem(`${base}.${kind}`, 'not an object');
      continue;
    }
    for (const [type, schema] of Object.entries(schemas)) {
      // Terraform finds a type's provider by the type's first word.
      if (!type.startsWith(`${name}_`)) {
        problem(`${base}.${kind}.${type}`, `type name does not start with "${name}_"`);
      }
      checkSchema(schema, `${base}.${kind}.${type}`, problem);
    }
  }
  return problems;
}

type Report = (where: string, what: string) => void;

function checkSchema(schema: unknown, where: string, problem: Report): void {
  if (!isObject(schema)) return problem(where, 'not an object');
  for (const key of Object.keys(schema)) {
    if (key !== 'version' && key !== 'block') problem(`${where}.${key}`, 'unknown key');
  }
  if (!Number.isInteger(schema.version) || (schema.version as number) < 0) {
    problem(
      `${where}.version`,
      `expected the schema version (an integer >= 0), found ${JSON.stringify(schema.version)}`,
    );
  }
  checkBlock(schema.block, `${where}.block`, problem);
}

function checkBlock(block: unknown, where: string, problem: Report): void {
  if (!isObject(block)) return problem(where, 'not an object');
  for (const key of Object.keys(block)) {
    if (!BLOCK_KEYS.has(key)) problem(`${where}.${key}`, 'unknown key');
  }
  if (block.description !== undefined)
    problem(`${where}.description`, 'description prose is left out of schema files');
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  if (!isObject(attributes)) problem(`${where}.attributes`, 'not an object');
  else {
    for (const [name, attribute] of Object.entries(attributes)) {
      checkAttribute(attribute, `${where}.attributes.${name}`, problem);
    }
  }
  if (!isObject(blockTypes)) return problem(`${where}.block_types`, 'not an object');
  for (const [name, blockType] of Object.entries(blockTypes)) {
    const at = `${where}.block_types.${name}`;
    if (isObject(attributes) && name in attributes) problem(at, 'is both an attribute and a block');
    checkBlockType(blockType, at, problem);
  }
}

function checkBlockType(blockType: unknown, where: string, problem: Report): void {
  if (!isObject(blockType)) return problem(where, 'not an object');
  for (const key of Object.keys(blockType)) {
    if (!BLOCK_TYPE_KEYS.has(key)) problem(`${where}.${key}`, 'unknown key');
  }
  const mode = blockType.nesting_mode;
  if (typeof mode !== 'string' || !BLOCK_NESTING.has(mode)) {
    problem(
      `${where}.nesting_mode`,
      `expected one of ${[...BLOCK_NESTING].join(', ')}, found ${JSON.stringify(mode)}`,
    );
  }
  const { min_items: min, max_items: max } = blockType;
  for (const [key, value] of [
    ['min_items', min],
    ['max_items', max],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) {
      problem(`${where}.${key}`, `expected an integer >= 0, found ${JSON.stringify(value)}`);
    }
  }
  if (typeof min === 'number' && typeof max === 'number' && max > 0 && min > max) {
    problem(where, `min_items ${min} is above max_items ${max}`);
  }
  if (mode === 'map' && (min !== undefined || max !== undefined)) {
    problem(where, 'min_items and max_items do not apply to nesting_mode map');
  }
  if ((mode === 'single' || mode === 'group') && ((min as number) > 1 || (max as number) > 1)) {
    problem(where, `nesting_mode ${mode} holds at most one block`);
  }
  checkBlock(blockType.block, `${where}.block`, problem);
}

function checkAttribute(attribute: unknown, where: string, problem: Report): void {
  if (!isObject(attribute)) return problem(where, 'not an object');
  for (const key of Object.keys(attribute)) {
    if (!ATTRIBUTE_KEYS.has(key)) problem(`${where}.${key}`, 'unknown key');
  }
  if (attribute.description !== undefined)
    problem(`${where}.description`, 'description prose is left out of schema files');
  for (const flag of [
    'required',
    'optional',
    'computed',
    'sensitive',
    'deprecated',
    'write_only',
  ]) {
    if (attribute[flag] !== undefined && typeof attribute[flag] !== 'boolean') {
      problem(`${where}.${flag}`, `expected a boolean, found ${JSON.stringify(attribute[flag])}`);
    }
  }
  const { required, optional, computed } = attribute;
  if (!required && !optional && !computed) {
    problem(where, 'is neither required, optional nor computed');
  }
  if (required && (optional || computed)) {
    problem(where, 'required cannot be combined with optional or computed');
  }
  const hasType = attribute.type !== undefined;
  const hasNested = attribute.nested_type !== undefined;
  if (hasType === hasNested) {
    problem(where, 'needs exactly one of type and nested_type');
  }
  if (hasType) {
    const typeProblem = ctyTypeProblem(attribute.type);
    if (typeProblem) problem(`${where}.type`, typeProblem);
  }
  if (hasNested) {
    const nested = attribute.nested_type;
    if (!isObject(nested)) return problem(`${where}.nested_type`, 'not an object');
    const mode = nested.nesting_mode;
    if (typeof mode !== 'string' || !ATTRIBUTE_NESTING.has(mode)) {
      problem(
        `${where}.nested_type.nesting_mode`,
        `expected one of ${[...ATTRIBUTE_NESTING].join(', ')}, found ${JSON.stringify(mode)}`,
      );
    }
    if (!isObject(nested.attributes)) {
      return problem(`${where}.nested_type.attributes`, 'not an object');
    }
    for (const [name, inner] of Object.entries(nested.attributes)) {
      checkAttribute(inner, `${where}.nested_type.attributes.${name}`, problem);
    }
  }
}

/** Why a value is not a cty type expression, or undefined when it is one. */
export function ctyTypeProblem(type: unknown): string | undefined {
  if (typeof type === 'string') {
    return PRIMITIVES.has(type) ? undefined : `unknown primitive type ${JSON.stringify(type)}`;
  }
  // Objects may name their optional attributes in a third element.
  const arity = Array.isArray(type) && type[0] === 'object' ? [2, 3] : [2];
  if (!Array.isArray(type) || !arity.includes(type.length)) {
    return `expected a type name or [kind, element], found ${JSON.stringify(type)}`;
  }
  const [kind, element, optional] = type;
  switch (kind) {
    case 'list':
    case 'set':
    case 'map':
      return ctyTypeProblem(element);
    case 'object':
      if (!isObject(element)) return 'object type needs a map of attribute types';
      if (
        optional !== undefined &&
        (!Array.isArray(optional) || !optional.every((name) => name in element))
      ) {
        return 'optional attributes of an object type must be a list of its attribute names';
      }
      for (const inner of Object.values(element)) {
        const innerProblem = ctyTypeProblem(inner);
        if (innerProblem) return innerProblem;
      }
      return undefined;
    case 'tuple':
      if (!Array.isArray(element)) return 'tuple type needs a list of element types';
      return element.map(ctyTypeProblem).find((p) => p !== undefined);
    default:
      return `unknown type kind ${JSON.stringify(kind)}`;
  }
}
