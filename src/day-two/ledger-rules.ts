/**
 * The rules of a stack's ledger (issue #20 items 3 and 5): which rollout step may follow
 * the one last applied, and which removals are refused, with their messages. Pure: no
 * construct. `state-ledger.ts` turns them into Terraform preconditions; the same
 * functions write the messages, given Terraform interpolations instead of values.
 *
 * Why the step is guarded rather than advanced automatically: the configuration stays a
 * record a pull request reviews (each step's plan is the one shown), and Terraform, not
 * the operator's arithmetic, decides whether that step may follow the applied one.
 */
import { escapeTemplate } from '../private/terraform-literals';
import { generationOf } from './rollout-plan';

/** Name of the ledger output, the self-read and its variables in every stack. */
export const LEDGER = 'cdktf_kamaji_ledger';
/** The named opt-out of the removal guards (a Terraform variable: preconditions see no environment). */
export const ALLOW_REMOVAL = 'cdktf_kamaji_allow_removal';
/** The named opt-out of the step guard, for a rollout begun with a library without ledger. */
export const ADOPT_ROLLOUT_STEP = 'cdktf_kamaji_adopt_rollout_step';
/** Skips the self-read of a remote backend whose state does not exist yet (Terraform refuses to read it). */
export const NEW_STACK = 'cdktf_kamaji_new_stack';

/** What the ledger recorded of a pool at the last apply. */
export interface RecordedRollout {
  /** The rollout's identity (`rolloutIdentity`); "" without a rollout, at its step 0 or once complete. */
  readonly rollout: string;
  readonly step: number;
  /** The pool's live nodes. */
  readonly nodes: readonly string[];
}

/** A rollout's identity: its generations, from and to. A new rollout has another. */
export function rolloutIdentity(from: string, to: string): string {
  return generationOf({ from, to });
}

/**
 * What a pool records of its rollout: step 0 (the nodes before it) and the last step
 * (every node new) are the configuration without rollout, and record none, so that
 * writing the pool without `rollout` afterwards is an empty plan.
 */
export function recordedRollout(
  rollout:
    { readonly identity: string; readonly step: number; readonly stepCount: number } | undefined,
): { rollout: string; step: number } {
  if (!rollout || rollout.step === 0 || rollout.step >= rollout.stepCount) {
    return { rollout: '', step: 0 };
  }
  return { rollout: rollout.identity, step: rollout.step };
}

/**
 * Whether `step` of rollout `rollout`, holding `nodes`, may be planned after `applied`:
 * a configuration whose nodes are those applied (nothing to drain or make); else the
 * applied step again or the next; with no record of this rollout (first apply, a new
 * rollout, its step 0 applied), 0 or 1.
 */
export function stepAllowed(
  applied: RecordedRollout | undefined,
  rollout: string,
  step: number,
  nodes: readonly string[],
): boolean {
  if (applied !== undefined && JSON.stringify(applied.nodes) === JSON.stringify(nodes)) return true;
  if (applied === undefined || applied.rollout !== rollout) return step <= 1;
  return step === applied.step || step === applied.step + 1;
}

/** The step to write after `applied`, in a rollout of `stepCount` steps. */
export function stepToWrite(applied: number, stepCount: number): number {
  return Math.min(applied + 1, stepCount);
}

/** Why a step is refused after the applied one (values or Terraform interpolations). */
export function stepRefusal(
  pool: string,
  step: number | string,
  applied: number | string,
  write: number | string,
): string {
  return (
    `Pool ${pool}: rollout step ${step} follows step ${applied}, the last applied: ` +
    `write step: ${write} (each apply advances one step)`
  );
}

/** Why a step above 1 is refused when the ledger holds no step of this rollout. */
export function unrecordedStepRefusal(pool: string, step: number): string {
  return (
    `Pool ${pool}: rollout step ${step}, but no step of this rollout was applied before ` +
    `(none is recorded in the stack's state): write step: 1 (each apply advances one step). ` +
    `If its steps up to ${step} were applied with a cdktf-kamaji without ledger, plan once with ` +
    `-var ${ADOPT_ROLLOUT_STEP}=true: it records step ${step}`
  );
}

/** Why a pool gone from the configuration with live nodes is refused. */
export function poolGoneRefusal(
  pool: string,
  controlPlane: string,
  count: number | string,
  nodes: string,
): string {
  return (
    `Pool ${pool} of control plane ${controlPlane} had ${count} live nodes (${nodes}) at the ` +
    `last apply and is gone from the configuration: set replicas: 0 and apply (its nodes are ` +
    `drained), then remove it`
  );
}

/** Why a control plane gone from its stack while pools pointed at it is refused. */
export function controlPlaneGoneRefusal(controlPlane: string, pools: string): string {
  return (
    `Control plane ${controlPlane} had pools with live nodes pointing at it at the last apply ` +
    `(${pools}) and is gone from the configuration: set replicas: 0 on them and apply their ` +
    `stacks (their nodes are drained), then remove it`
  );
}

/** Why a pool gone from the app (its stack removed, say), seen from its control plane's stack. */
export function poolGoneFromAppRefusal(controlPlane: string, pools: string): string {
  return (
    `Control plane ${controlPlane}: pools ${pools} had live nodes at the last apply of this ` +
    `stack and are gone from the app: set replicas: 0 on them and apply their stacks (their ` +
    `nodes are drained), then remove them`
  );
}

/** How a removal guard is overridden, said after each refusal. */
export const REMOVAL_OPT_OUT = ` (to remove without draining, knowing the machines go undrained: -var ${ALLOW_REMOVAL}=true)`;

/** A Terraform string literal of `text` in an expression (JSON quoting, template escapes). */
export function hclString(text: string): string {
  return escapeTemplate(JSON.stringify(text));
}

/**
 * The precondition of a pool's step, as Terraform expressions: `recorded` reads the
 * pool's record (null when none). Conditionals, not `||`: Terraform evaluates both
 * sides of `||`, and a missing record has no step; the branch not taken is not checked.
 * Node lists are compared as JSON: a list read from state never equals a tuple.
 */
export function stepPrecondition(
  recorded: string,
  pool: string,
  rollout: string,
  step: number,
  stepCount: number,
  nodes: readonly string[],
): { condition: string; errorMessage: string } {
  const unchanged = `jsonencode(try(${recorded}.nodes, null)) == ${hclString(JSON.stringify(nodes))}`;
  const same = `try(${recorded}.rollout, "") == ${hclString(rollout)}`;
  const applied = `${recorded}.step`;
  const follows = `contains([${applied}, ${applied} + 1], ${step})`;
  const unrecorded = step <= 1 ? 'true' : `var.${ADOPT_ROLLOUT_STEP}`;
  return {
    condition: `\${${unchanged} ? true : ${same} ? ${follows} : ${unrecorded}}`,
    errorMessage: (
      `\${${same} ? ${hclString(stepRefusal(pool, step, '#APPLIED#', '#WRITE#'))} : ` +
      `${hclString(unrecordedStepRefusal(pool, step))}}`
    )
      .replace('#APPLIED#', `\${${applied}}`)
      .replace('#WRITE#', `\${min(${applied} + 1, ${stepCount})}`),
  };
}
