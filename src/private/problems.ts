/**
 * Where constructs record the problems of their props (design D7, issue #12 item 17).
 *
 * A construct with bad props records its problems and builds none of its children,
 * instead of throwing: the app goes on, so every problem of every construct is found,
 * and a node pool under a refused control plane is still checked. One check per app,
 * registered on every stack, throws an AppValidationError with all of them when the
 * first stack is synthesized, before CDKTF writes any stack (App.synth() validates and
 * writes one stack after the other).
 */
import { TerraformStack } from 'cdktf';
import { IConstruct, IValidation } from 'constructs';
import { AppValidationError, Problem, ValidationError } from '../errors';
import { sharedWeakMap, sharedWeakSet } from './shared-state';

/** The problems recorded in one app (construct tree), and the stacks that check them. */
class AppProblems implements IValidation {
  public readonly errors: ValidationError[] = [];
  /** Checks of what only the whole app shows (issue #22 item 5), run at each validation. */
  public readonly synthChecks: Array<() => readonly ValidationError[]> = [];
  private readonly stacks = new WeakSet<IConstruct>();

  /** Adds this check to `stack`, once. */
  public guard(stack: IConstruct): void {
    if (this.stacks.has(stack)) return;
    this.stacks.add(stack);
    stack.node.addValidation(this);
  }

  public validate(): string[] {
    // Thrown rather than returned: CDKTF would print returned messages with its own
    // header and footer, once per stack, and only for the stack being synthesized.
    const errors = [...this.errors, ...this.synthChecks.flatMap((check) => check())];
    if (errors.length > 0) throw new AppValidationError(errors);
    return [];
  }
}

const appsByRoot = sharedWeakMap<IConstruct, AppProblems>('app-problems');
const refused = sharedWeakSet<IConstruct>('refused');
const captures: ValidationError[][] = [];

/**
 * Records `problems` of `scope` for the app's check; returns whether there were any,
 * so the construct can skip building what its props describe.
 */
export function recordProblems(
  scope: IConstruct,
  problems: readonly Problem[],
  constructPath: string = scope.node.path,
): boolean {
  if (problems.length === 0) return false;
  const error = new ValidationError(constructPath, problems);
  refused.add(scope);
  captures.forEach((capture) => capture.push(error));
  appProblemsOf(scope).errors.push(error);
  return true;
}

/**
 * Adds a check the app runs when it is synthesized, before any stack is written, for
 * problems that only the finished construct tree shows (what a stack declares besides
 * the construct). Its problems are reported with the recorded ones.
 */
export function checkAtSynth(scope: IConstruct, check: () => readonly ValidationError[]): void {
  appProblemsOf(scope).synthChecks.push(check);
}

/** The app's problems, made on first use; the stack of `scope` checks them. */
function appProblemsOf(scope: IConstruct): AppProblems {
  const root = scope.node.root;
  let app = appsByRoot.get(root);
  if (!app) {
    app = new AppProblems();
    appsByRoot.set(root, app);
    // Every stack made so far: any of them may be synthesized first.
    root.node
      .findAll()
      .filter(TerraformStack.isStack)
      .forEach((stack) => app!.guard(stack));
  }
  // Stacks made later are guarded when a problem is recorded in them; the others come
  // after this one in synth order (App.synth() takes stacks in the order they were made).
  const stack = stackOf(scope);
  if (stack) app.guard(stack);
  return app;
}

/** Records the problems of a ValidationError thrown by a function the construct called. */
export function recordError(scope: IConstruct, error: ValidationError): void {
  recordProblems(scope, error.problems, error.constructPath);
}

/**
 * Makes the stack of `scope` check the app's problems too, when there are any: a
 * construct that built nothing because another was refused (a pool of a refused
 * control plane) must not let its stack be synthesized alone without a word.
 */
export function guardStackOf(scope: IConstruct): void {
  const app = appsByRoot.get(scope.node.root);
  const stack = stackOf(scope);
  if (app && stack) app.guard(stack);
}

/** Whether problems were recorded for `scope` (a refused construct builds nothing). */
export function hasProblems(scope: unknown): boolean {
  return typeof scope === 'object' && scope !== null && refused.has(scope as IConstruct);
}

/**
 * Runs `make` and returns what it made with the problems recorded meanwhile (they stay
 * recorded for the app too), for front ends that report them their own way, such as
 * the fleet file loader with file lines.
 */
export function captureProblems<T>(make: () => T): {
  value: T;
  errors: ValidationError[];
} {
  const errors: ValidationError[] = [];
  captures.push(errors);
  try {
    return { value: make(), errors };
  } finally {
    captures.splice(captures.indexOf(errors), 1);
  }
}

function stackOf(scope: IConstruct): IConstruct | undefined {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    if (TerraformStack.isStack(c)) return c;
  }
  return undefined;
}
