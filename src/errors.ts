/**
 * What the library throws for bad input, and how a problem reads: the public error
 * classes, {@link Problem} and the rendering of a received value. The messages
 * themselves live with their layer (kamaji/kamaji-messages.ts, ...) and share the
 * wording of private/common-messages.ts. Pure module: no CDKTF import.
 */
import { detailOf, hideDetails } from './private/error-details';
import { UNRESOLVED_VALUE } from './private/unresolved';
import { Brand } from './private/brand';

const VALIDATION_ERROR_BRAND = new Brand('ValidationError');

/** One bad input: which field, what was received, what is allowed. */
export interface Problem {
  /** Path of the field in the props, e.g. `networkProfile.serviceCidrs[0]`. */
  readonly field: string;
  /** The value received, as given. */
  readonly received: unknown;
  /** What is allowed, and how to fix it. */
  readonly allowed: string;
}

/**
 * Problems of one construct (design D7): `renderUserData` throws it; constructs record
 * their problems instead and the app reports them all at synth, in an
 * {@link AppValidationError}. Its `stack` is its message: a terminal shows the problem
 * lines, not a trace into the library.
 */
export class ValidationError extends Error {
  /**
   * Whether `x` is a ValidationError, thrown by this copy of the library or another
   * (an imported control plane of one copy throws it into a pool of the other).
   */
  public static isValidationError(x: unknown): x is ValidationError {
    return VALIDATION_ERROR_BRAND.has(x);
  }

  constructor(constructPath: string, problems: readonly Problem[]) {
    super(formatProblems(constructPath, problems));
    VALIDATION_ERROR_BRAND.mark(this);
    hideDetails(this, 'ValidationError', { constructPath, problems });
  }

  /** Path of the construct, or `renderUserData`. */
  public get constructPath(): string {
    return detailOf(this, 'constructPath');
  }

  public get problems(): readonly Problem[] {
    return detailOf(this, 'problems');
  }
}

/**
 * Every problem of every construct of an app, thrown when the app (or a stack with
 * `Testing.synth(stack, true)`) is synthesized, before any stack is written. The
 * message holds one line per problem and nothing else.
 */
export class AppValidationError extends Error {
  constructor(errors: readonly ValidationError[]) {
    const lines = [...new Set(errors.flatMap((e) => e.message.split('\n')))];
    super(lines.join('\n'));
    hideDetails(this, 'AppValidationError', { constructProblems: errors });
  }

  /** One entry per construct with problems, in the order they were recorded. */
  public get constructProblems(): readonly ValidationError[] {
    return detailOf(this, 'constructProblems');
  }
}

/** Renders problems as `<path>: <field>: received <value>; <allowed>`, one per line. */
export function formatProblems(constructPath: string, problems: readonly Problem[]): string {
  return problems
    .map((p) => `${constructPath}: ${p.field}: received ${describe(p.received)}; ${p.allowed}`)
    .join('\n');
}

/**
 * A value as a message shows it: JSON where JSON can show it, and what JSON cannot
 * (NaN, Infinity, BigInt, cycles, functions, symbols) named as such instead of `null`
 * or a crash: values from JavaScript can be anything.
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === UNRESOLVED_VALUE) return 'a Terraform value known only at apply time';
  return render(value, new Set<object>(), 0);
}

const MAX_DEPTH = 20;

function render(value: unknown, ancestors: Set<object>, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
  }
  if (value === null) return 'null';
  const object = value as { toJSON?: () => unknown };
  if (ancestors.has(object)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[...]';
  ancestors.add(object);
  try {
    if (typeof object.toJSON === 'function') return render(object.toJSON(), ancestors, depth + 1);
    if (Array.isArray(object)) {
      const items = object.map((v) =>
        v === undefined || typeof v === 'function' ? 'null' : render(v, ancestors, depth + 1),
      );
      return `[${items.join(',')}]`;
    }
    const entries = Object.entries(object)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .map(([k, v]) => `${JSON.stringify(k)}:${render(v, ancestors, depth + 1)}`);
    return `{${entries.join(',')}}`;
  } catch {
    return '[unprintable]';
  } finally {
    ancestors.delete(object);
  }
}
