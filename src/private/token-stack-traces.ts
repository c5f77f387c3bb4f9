/**
 * CDKTF records where every token was created: each reference, `Fn.*` call, lazy value
 * and attribute object of a binding captures a stack trace of unlimited depth, formatted
 * to text at once (and source-mapped, under ts-node). The trace is only ever read to
 * explain a token that fails to resolve ("Object creation stack: ..."). A node pool makes
 * tens of tokens per node, and those traces were 25-40% of a synth (issue #15).
 *
 * CDKTF has no setting for it: `Error.stackTraceLimit` is raised to the maximum around
 * each capture, and the `stackTraces` app option only concerns construct metadata. So,
 * while the library builds its own constructs (never around a user's code outside
 * them), CDKTF's capture function is swapped for one that records no trace, and put
 * back afterwards, also when the build throws. Nothing else in the process changes:
 * `Error`, other libraries' traces and the user's own tokens keep theirs.
 *
 * What a user loses: the creation stack of tokens made inside the library's constructs,
 * which would point into the library (or into a custom infrastructure's `createMachine`,
 * which runs inside a pool). Setting the context key `cdktf-kamaji:tokenStackTraces` to
 * `true` (cdktf.json `context`, or `new App({ context })`) keeps them.
 *
 * The capture function is looked up on CDKTF's module object at every call
 * (`(0, stack_trace_1.captureStackTrace)()` in cdktf 0.21.0, the pinned and last release),
 * which is what makes the swap effective.
 */
import * as cdktfStackTrace from 'cdktf/lib/tokens/private/stack-trace';
import { IConstruct } from 'constructs';

/** Context key: `true` keeps CDKTF's token creation stack traces in the library's constructs. */
export const TOKEN_STACK_TRACES_CONTEXT = 'cdktf-kamaji:tokenStackTraces';

type Capture = typeof cdktfStackTrace.captureStackTrace;

/** CDKTF's module object, written to (CommonJS exports are plain properties). */
const captureModule = cdktfStackTrace as { captureStackTrace: Capture };

const noTrace: Capture = () => [];

/**
 * Runs `build` with CDKTF's token creation stack traces off, unless `scope`'s context
 * asks for them; nested calls are fine.
 */
export function withoutTokenStackTraces<T>(scope: IConstruct, build: () => T): T {
  const capture = captureModule.captureStackTrace;
  if (capture === noTrace || typeof capture !== 'function' || keepsTraces(scope)) {
    return build();
  }
  captureModule.captureStackTrace = noTrace;
  try {
    return build();
  } finally {
    captureModule.captureStackTrace = capture;
  }
}

function keepsTraces(scope: IConstruct): boolean {
  const value: unknown = scope.node.tryGetContext(TOKEN_STACK_TRACES_CONTEXT);
  return value === true || value === 'true';
}
