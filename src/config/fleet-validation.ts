/**
 * Checks of a fleet file: its JSON Schema (the same file editors use), names that must
 * be unique, and the library's own ValidationErrors mapped back to the file. Pure
 * module: no CDKTF import.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { describe as describeValue, Problem, ValidationError } from '../errors';
import { FleetProblem } from './fleet-errors';
import { PathSegment } from './fleet-path';
import { FleetSource } from './fleet-source';
import schema from './fleet.schema.json';

let compiled: ValidateFunction | undefined;

/**
 * The schema, compiled once, on first use. `patternErrorMessage` is the VS Code JSON
 * language service's message of a `pattern` (yaml-language-server shows it too); here
 * it is an annotation the messages below read.
 */
function fleetValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/**
 * Keywords that judge a value of the right type (its text, size or count). The library
 * checks every such value too, with messages that know more (the network address a CIDR
 * meant, the node name that gets too long), so these problems do not stop an entry
 * from being built and are reported only where the library finds nothing.
 */
const VALUE_KEYWORDS = new Set([
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
]);

/** What the schema and the uniqueness rules find in a fleet file. */
export interface FleetCheck {
  /** Wrong keys, types, enum values and duplicate names: entries holding one are not built. */
  readonly shape: FleetProblem[];
  /** Values of the right type the schema refuses (see VALUE_KEYWORDS). */
  readonly values: FleetProblem[];
}

/** Every problem the schema and the uniqueness rules find, all at once. */
export function validateFleetSource(source: FleetSource): FleetCheck {
  const validate = fleetValidator();
  const errors = validate(source.data) ? [] : (validate.errors ?? []);
  // "if" and "propertyNames" only repeat the error of the schema they apply; "anyOf"
  // (a rollout's fromInfrastructure setting of several kinds) those of its alternatives.
  const repeats = new Set(['if', 'propertyNames', 'anyOf']);
  const reported = errors.filter((e) => !repeats.has(e.keyword));
  return {
    shape: [
      ...reported
        .filter((e) => !VALUE_KEYWORDS.has(e.keyword))
        .map((e) => schemaProblem(source, e)),
      ...fleetRuleProblems(source),
    ],
    values: reported
      .filter((e) => VALUE_KEYWORDS.has(e.keyword))
      .map((e) => schemaProblem(source, e)),
  };
}

/**
 * The schema's value problems the library did not report at the same place or below it
 * (the library's own message is the better one there).
 */
export function valueProblemsLeft(
  values: readonly FleetProblem[],
  library: readonly FleetProblem[],
): FleetProblem[] {
  return values.filter((v) => !library.some((l) => isWithinPath(l.path, v.path)));
}

/** Whether `path` is `prefix` or a path inside it (`a.b`, `a.b.c`, `a.b[0]`). */
export function isWithinPath(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

interface SchemaNode {
  readonly properties?: object;
  readonly description?: string;
  readonly patternErrorMessage?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly type?: string;
}

function schemaProblem(source: FleetSource, error: ErrorObject): FleetProblem {
  const path = pointerToPath(error.instancePath, source.data);
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const properties = Object.keys(parent.properties ?? {});
  if (error.propertyName !== undefined) {
    // A key the schema refuses (propertyNames): at the key.
    const key = error.propertyName;
    return source.keyProblem(path, key, `received ${describe(key)}; ${valueRule(error, parent)}`);
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      return source.keyProblem(path, key, `unknown key "${key}"; ${suggest(key, properties)}`);
    }
    case 'required':
      return source.problem(path, `missing required key "${error.params.missingProperty}"`);
    case 'type':
      return source.problem(
        path,
        `received ${describe(error.data)}; must be ${typeWords(error.params.type)}`,
      );
    case 'enum':
      return source.problem(
        path,
        `received ${describe(error.data)}; must be one of ${(
          error.params.allowedValues as unknown[]
        )
          .map((v) => JSON.stringify(v))
          .join(', ')}`,
      );
    case 'minProperties':
    case 'maxProperties': {
      const given = Object.keys(error.data as object);
      return source.problem(
        path,
        `received ${given.length === 0 ? 'none' : given.map((k) => `"${k}"`).join(' and ')}; give exactly one of ${properties.join(', ')}`,
      );
    }
    case 'minItems':
    case 'maxItems': {
      const count = (error.data as unknown[]).length;
      const limit = Number(error.params.limit);
      const bound = error.keyword === 'minItems' ? 'needs at least' : 'may have at most';
      return source.problem(
        path,
        `received ${count} ${count === 1 ? 'entry' : 'entries'}; ${bound} ${limit}`,
      );
    }
    case 'uniqueItems': {
      // At the later of the two equal entries, as the library reports a duplicate.
      const index = Math.max(Number(error.params.i), Number(error.params.j));
      const item = (error.data as unknown[])[index];
      return source.problem([...path, index], `received ${describe(item)}; must appear only once`);
    }
    default:
      return source.problem(path, `received ${describe(error.data)}; ${valueRule(error, parent)}`);
  }
}

/** What a value keyword allows, in the words of the library's own messages. */
function valueRule(error: ErrorObject, parent: SchemaNode): string {
  const number = parent.type === 'integer' ? 'a whole number' : 'a number';
  switch (error.keyword) {
    case 'pattern':
      return parent.patternErrorMessage ?? `must match the pattern ${error.params.pattern}`;
    case 'minimum':
    case 'maximum':
      return parent.minimum !== undefined && parent.maximum !== undefined
        ? `must be ${number} from ${parent.minimum} to ${parent.maximum}`
        : parent.minimum !== undefined
          ? `must be ${number}, ${parent.minimum} or more`
          : `must be ${number}, ${parent.maximum} or less`;
    case 'multipleOf':
      return `must be a whole multiple of ${error.params.multipleOf}`;
    case 'maxLength':
      return `must be at most ${error.params.limit} characters${parent.description ? `: ${parent.description}` : ''}`;
    default:
      return error.message ?? 'is not allowed';
  }
}

/**
 * Rules a JSON Schema cannot state: at least one control plane, control plane names
 * unique in the fleet (they name stacks and machines), pool names unique within their
 * control plane (they name construct ids and machines).
 */
function fleetRuleProblems(source: FleetSource): FleetProblem[] {
  const data = source.data;
  if (!isObject(data)) return [];
  const problems: FleetProblem[] = [];
  const lists = ['controlPlanes', 'existingControlPlanes'] as const;
  if (lists.every((list) => !Array.isArray(data[list]) || data[list].length === 0)) {
    problems.push(
      source.problem([], 'declares no control plane; give controlPlanes or existingControlPlanes'),
    );
  }
  const controlPlanes = new Map<string, PathSegment[]>();
  for (const list of lists) {
    const entries = data[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      const path = [list, i, 'name'];
      if (!isObject(entry) || typeof entry.name !== 'string') return;
      problems.push(
        ...duplicate(source, controlPlanes, entry.name, path, 'control plane', 'in the fleet'),
      );
      if (!Array.isArray(entry.pools)) return;
      const pools = new Map<string, PathSegment[]>();
      entry.pools.forEach((pool, j) => {
        problems.push(...fromInfrastructureProblems(source, pool, [list, i, 'pools', j]));
        if (!isObject(pool) || typeof pool.name !== 'string') return;
        problems.push(
          ...duplicate(
            source,
            pools,
            pool.name,
            [list, i, 'pools', j, 'name'],
            'pool',
            'within a control plane',
          ),
        );
      });
    });
  }
  return problems;
}

/**
 * A rollout's `fromInfrastructure` is merged onto the pool's infrastructure entry: its
 * keys must be settings of that entry's kind (the schema allows those of any kind).
 */
function fromInfrastructureProblems(
  source: FleetSource,
  pool: unknown,
  path: PathSegment[],
): FleetProblem[] {
  if (!isObject(pool) || !isObject(pool.rollout) || !isObject(pool.infrastructure)) return [];
  const from = pool.rollout.fromInfrastructure;
  const kinds = Object.keys(pool.infrastructure);
  if (!isObject(from) || kinds.length !== 1) return [];
  const byKind = schema.definitions.infrastructure.properties as Record<
    string,
    { properties?: Record<string, unknown> }
  >;
  const allowed = Object.keys(byKind[kinds[0]]?.properties ?? {});
  // A key of no kind at all is the schema's to report.
  const known = Object.keys(
    schema.definitions.pool.properties.rollout.properties.fromInfrastructure.properties,
  );
  return Object.keys(from)
    .filter((key) => known.includes(key) && !allowed.includes(key))
    .map((key) =>
      source.problem(
        [...path, 'rollout', 'fromInfrastructure', key],
        `is not a setting of the pool's ${kinds[0]} infrastructure, onto which fromInfrastructure is merged; allowed keys: ${allowed.join(', ')}`,
      ),
    );
}

function duplicate(
  source: FleetSource,
  seen: Map<string, PathSegment[]>,
  name: string,
  path: PathSegment[],
  what: string,
  scope: string,
): FleetProblem[] {
  const first = seen.get(name);
  if (!first) {
    seen.set(name, path);
    return [];
  }
  return [
    source.problem(
      path,
      `duplicate ${what} name "${name}" (first declared at line ${source.lineOf(first)}); names must be unique ${scope}`,
    ),
  ];
}

/** How a fleet entry's props map onto the file, for the library's own checks. */
export interface EntryMapping {
  /** Path of the control plane or pool entry in the document. */
  readonly entry: readonly PathSegment[];
  /** With a pool: the key naming its infrastructure (`proxmox`, `vsphere`, ...). */
  readonly infrastructureKind?: string;
}

/**
 * The problems of a library ValidationError (design D7), each pinned to the line of
 * the value it is about: the library names fields as props (`addressing.first`,
 * `infrastructure.templateVmId`), which the file spells `addressing.staticRange.first`
 * and `infrastructure.proxmox.templateVmId`. A field the file does not hold (a
 * default) points at the entry, or at the fleet's namespace when it was inherited.
 */
export function libraryProblems(
  source: FleetSource,
  mapping: EntryMapping,
  error: ValidationError,
): FleetProblem[] {
  return error.problems.map((problem) => libraryProblem(source, mapping, problem));
}

function libraryProblem(
  source: FleetSource,
  mapping: EntryMapping,
  problem: Problem,
): FleetProblem {
  const message = `received ${describeValue(problem.received)}; ${problem.allowed}`;
  const fields = problem.field.split(', ').map((field) => fieldPath(source, mapping, field));
  if (fields.length === 1 && fields[0]) return source.problem(fields[0], message);
  const known = fields.filter((f): f is PathSegment[] => f !== undefined);
  const prefix = known.length === fields.length ? commonPrefix(known) : [...mapping.entry];
  return source.problem(prefix, `${problem.field}: ${message}`);
}

function fieldPath(
  source: FleetSource,
  mapping: EntryMapping,
  field: string,
): PathSegment[] | undefined {
  const segments = parseField(field);
  if (!segments) return undefined;
  const [head, ...rest] = segments;
  if (head === 'infrastructure' && mapping.infrastructureKind !== undefined) {
    return [...mapping.entry, head, mapping.infrastructureKind, ...rest];
  }
  if (head === 'addressing') return [...mapping.entry, head, 'staticRange', ...rest];
  const own = [...mapping.entry, ...segments];
  if (field === 'namespace' && !source.has(own) && source.has(['namespace'])) return ['namespace'];
  return own;
}

/** `a.b[0]["x.y"]` into its segments; undefined when it is not such a path. */
export function parseField(field: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  const token = /(?:^|\.)([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let offset = 0;
  while (offset < field.length) {
    token.lastIndex = offset;
    const match = token.exec(field);
    if (!match) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
    offset = token.lastIndex;
  }
  return segments.length > 0 ? segments : undefined;
}

function commonPrefix(paths: PathSegment[][]): PathSegment[] {
  const [first, ...others] = paths;
  let length = 0;
  while (length < first.length && others.every((p) => p[length] === first[length])) length++;
  return first.slice(0, length);
}

/** A JSON pointer (`/controlPlanes/0/name`) as segments, indices as numbers. */
function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) ? Number(key) : key;
    path.push(segment);
    current = isObject(current) || Array.isArray(current) ? (current as never)[segment] : undefined;
  }
  return path;
}

/** "did you mean" for a near miss, else the keys allowed there. */
function suggest(key: string, allowed: string[]): string {
  if (allowed.length === 0) return 'this mapping takes no keys';
  const scored = allowed
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  if (
    best.distance <= Math.max(1, Math.floor(key.length / 4)) ||
    sameLetters(key, best.candidate)
  ) {
    return `did you mean "${best.candidate}"?`;
  }
  return `allowed keys: ${allowed.join(', ')}`;
}

function sameLetters(a: string, b: string): boolean {
  const letters = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return letters(a) === letters(b);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

/** The value received: a scalar as written, a list or mapping by its kind. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a mapping';
  return JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
