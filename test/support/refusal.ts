import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AppValidationError, Problem, ValidationError } from '../../src/errors';

/**
 * The message of the error `build` throws; fails the test when it throws none.
 * Constructs record bad props and the app reports them at synth (issue #12 item 17):
 * build and synthesize inside `build`, or return a construct (or an object holding one),
 * whose app's first stack is then synthesized with validations.
 */
export function refusalMessage(build: () => unknown): string {
  return refusal(build).message;
}

/** One problem synth reported, with the path of the construct that has it. */
export interface ReportedProblem extends Problem {
  readonly path: string;
}

/**
 * The problems of the refusal `build` throws (as for refusalMessage), construct by
 * construct in the order they were recorded; rethrows any other error.
 */
export function refusedProblems(build: () => unknown): ReportedProblem[] {
  const error = refusal(build);
  const refused =
    error instanceof AppValidationError
      ? error.constructProblems
      : ValidationError.isValidationError(error)
        ? [error]
        : undefined;
  if (!refused) throw error;
  return refused.flatMap((e) => e.problems.map((p) => ({ path: e.constructPath, ...p })));
}

/** What a test asserts of a problem: its meaning, not its whole sentence. */
export interface ExpectedProblem {
  /** The construct's path. @default - any */
  readonly path?: string;
  readonly field: string;
  /** The value received, as given (not as the message renders it). */
  readonly received: unknown;
  /** A fragment of what is allowed: the full wording is pinned by a `fails when ...` test. */
  readonly allowed: RegExp;
}

/** A matcher of the problem `expected` describes, for `toEqual` of a list of problems. */
export function problemLike(expected: ExpectedProblem): ReportedProblem {
  return expect.objectContaining({
    ...(expected.path !== undefined && { path: expected.path }),
    field: expected.field,
    received: expected.received,
    allowed: expect.stringMatching(expected.allowed),
  });
}

/** Asserts that `problems` hold the problem `expected` describes. */
export function expectProblem(
  problems: readonly ReportedProblem[],
  expected: ExpectedProblem,
): void {
  expect(problems).toContainEqual(problemLike(expected));
}

function refusal(build: () => unknown): Error {
  try {
    const made = constructIn(build());
    if (made) {
      const stack = made.node.root.node.findAll().find(TerraformStack.isStack);
      if (stack) Testing.synth(stack, true);
    }
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the input to be refused, but nothing was thrown');
}

function constructIn(value: unknown): Construct | undefined {
  if (value instanceof Construct) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.values(value).find((v): v is Construct => v instanceof Construct);
}
