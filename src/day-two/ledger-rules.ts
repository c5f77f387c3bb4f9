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

/** A pool's rollout as its configuration gives it to the ledger. */
export interface LedgerRollout {
  /** Its identity (`rolloutIdentity`). */
  readonly identity: string;
  readonly step: number;
  readonly stepCount: number;
  /** The pool's node names before it (its step 0): a rollout starts from these. */
  readonly start: readonly string[];
  /** The pool's node names after its last step. */
  readonly final: readonly string[];
  /** For messages: what it changes (`v1.34.2 -> v1.35.7`). */
  readonly change: string;
  /** For messages: what its old nodes run (`v1.34.2`). */
  readonly oldGeneration: string;
  /** For messages: `retiredNodes` after its last step. */
  readonly finalRetiredNodes: readonly number[];
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
 * Whether the step of `rollout` that holds `nodes` may be planned after `applied`: a
 * configuration whose nodes are those applied (nothing to drain or make); else the
 * applied step again or the next. With no record of this rollout, 0 or 1, and only from
 * the nodes it starts from: a rollout's old nodes only ever leave, so a step that would
 * make one (a rollout the pool completed or left, written again) or drain a node outside
 * its steps (one started from other nodes than the pool's) is refused, whatever the ledger
 * of steps says (design D13). A rollout of no steps is the configuration without it.
 */
export function stepAllowed(
  applied: RecordedRollout | undefined,
  rollout: LedgerRollout,
  nodes: readonly string[],
): boolean {
  const same = (a: readonly string[], b: readonly string[]) =>
    JSON.stringify(a) === JSON.stringify(b);
  if (applied === undefined) return rollout.step <= 1;
  if (same(applied.nodes, nodes)) return true;
  if (applied.rollout === rollout.identity) {
    return rollout.step === applied.step || rollout.step === applied.step + 1;
  }
  if (rollout.stepCount > 0 && !same(applied.nodes, rollout.start)) return false;
  return rollout.step <= 1;
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

/**
 * Why a step is refused when the pool holds the nodes its rollout ends with: the rollout
 * (or another from the same nodes) completed, and the step would make old nodes again.
 * Node names say where the pool is, not what its nodes run: the message does not guess
 * a version. `prefix` starts every node name.
 */
export function completedRolloutRefusal(
  pool: string,
  rollout: LedgerRollout,
  nodes: readonly string[],
  prefix: string,
): string {
  const shown = (names: readonly string[]) =>
    names.map((n) => (n.startsWith(prefix) ? n.slice(prefix.length) : n)).join(', ') || 'none';
  const made = nodes.filter((n) => !rollout.final.includes(n));
  const drained = rollout.final.filter((n) => !nodes.includes(n));
  const { step } = rollout;
  return (
    `Pool ${pool}: rollout ${rollout.change}, step ${step}, but the last apply left the pool ` +
    `with ${shown(rollout.final)}, the nodes this rollout ends with, and recorded no step of ` +
    `it: the rollout (or one from the same nodes) has completed and its old nodes are gone. ` +
    `Step ${step} would make ${shown(made)} again as they were (${rollout.oldGeneration})` +
    (drained.length > 0 ? ` and drain ${shown(drained)}` : '') +
    `. To keep the pool as it is, write it without rollout, retiredNodes: ` +
    `[${rollout.finalRetiredNodes.join(', ')}] (an empty plan); to roll it again, start a new ` +
    `rollout from what its nodes run now`
  );
}

/**
 * Why a step of a rollout that does not start from the pool's nodes is refused
 * (`applied`: the nodes last applied, as values or a Terraform interpolation).
 */
export function notFromPoolRefusal(
  pool: string,
  rollout: LedgerRollout,
  prefix: string,
  applied: string,
): string {
  const start = rollout.start.map((n) => (n.startsWith(prefix) ? n.slice(prefix.length) : n));
  return (
    `Pool ${pool}: rollout ${rollout.change}, step ${rollout.step}, starts from ` +
    `${start.join(', ') || 'no node'} (its step 0), but the last apply left the pool with ` +
    `${applied} and recorded no step of this rollout: the step would make or drain nodes ` +
    `outside the rollout's steps. Write the pool as last applied (without rollout, or the ` +
    `rollout under way at its applied step); start a rollout from what its nodes run now, and ` +
    `change replicas or retiredNodes in an apply of their own`
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
 * pool's record (null when none); `prefix` starts its node names. Conditionals, not
 * `||`: Terraform evaluates both sides of `||`, and a missing record has no step; the
 * branch not taken is not checked. Node lists are compared as JSON: a list read from
 * state never equals a tuple.
 */
export function stepPrecondition(
  recorded: string,
  pool: string,
  prefix: string,
  rollout: LedgerRollout,
  nodes: readonly string[],
): { condition: string; errorMessage: string } {
  const { step, stepCount } = rollout;
  const appliedNodes = `jsonencode(try(${recorded}.nodes, null))`;
  const json = (names: readonly string[]) => hclString(JSON.stringify(names));
  const unchanged = `${appliedNodes} == ${json(nodes)}`;
  const same = `try(${recorded}.rollout, "") == ${hclString(rollout.identity)}`;
  const applied = `${recorded}.step`;
  const follows = `contains([${applied}, ${applied} + 1], ${step})`;
  const starts =
    stepCount === 0 ? 'true' : `contains(["null", ${json(rollout.start)}], ${appliedNodes})`;
  const completed = `${appliedNodes} == ${json(rollout.final)}`;
  const unrecorded = step <= 1 ? 'true' : `var.${ADOPT_ROLLOUT_STEP}`;
  const appliedShown =
    `\${length(${recorded}.nodes) == 0 ? "no node" : ` +
    `join(", ", [for n in ${recorded}.nodes : trimprefix(n, ${hclString(prefix)})])}`;
  const message =
    `\${${same} ? ${hclString(stepRefusal(pool, step, '#APPLIED#', '#WRITE#'))} : ` +
    `${starts} ? ${hclString(unrecordedStepRefusal(pool, step))} : ` +
    `${completed} ? ${hclString(completedRolloutRefusal(pool, rollout, nodes, prefix))} : ` +
    `${hclString(notFromPoolRefusal(pool, rollout, prefix, '#NODES#'))}}`;
  return {
    condition: `\${${unchanged} ? true : ${same} ? ${follows} : ${starts} ? ${unrecorded} : false}`,
    errorMessage: message
      .replace('#APPLIED#', () => `\${${applied}}`)
      .replace('#WRITE#', () => `\${min(${applied} + 1, ${stepCount})}`)
      .replace('#NODES#', () => appliedShown),
  };
}

/**
 * The indices of `live` that the last apply had retired (`recorded`: its live node names;
 * none, a pool not applied before). The ledger keeps live nodes, not `retiredNodes`, so
 * that state written before this rule plans empty (design D13); what was retired follows
 * from them: an index below the highest recorded one that was not live, unless a lower
 * live node held its address slot (`addressSlots`), which passes it over without retiring
 * it. A retired index above every live one was never made: its name was never used.
 */
export function retiredBroughtBack(
  recorded: readonly string[] | undefined,
  live: readonly number[],
  prefix: string,
  addressSlots?: number,
): number[] {
  const held = (recorded ?? []).map((n) => Number(n.slice(`${prefix}node-`.length)));
  const highest = Math.max(-1, ...held);
  return live.filter(
    (i) =>
      !held.includes(i) &&
      i < highest &&
      !(
        addressSlots !== undefined &&
        held.some((j) => j < i && j % addressSlots === i % addressSlots)
      ),
  );
}

/** Why a configuration that makes retired nodes again is refused (values or interpolations). */
export function retiredBroughtBackRefusal(pool: string, back: string, held: string): string {
  return (
    `Pool ${pool}: retiredNodes no longer lists ${back}, retired at the last apply (the ` +
    `ledger in the stack's state holds ${held}, the pool's live nodes; the indices below the ` +
    `highest of them that are not live were retired). A retired index is never used again: ` +
    `its name, or its address, may still belong to a machine being drained or a Node of the ` +
    `tenant, and making it again replaces the pool's live nodes with old ones in one apply. ` +
    `Keep them in retiredNodes; to go back to an older version, roll out forward to it with ` +
    `rollout`
  );
}

/**
 * The precondition refusing a pool's retired nodes made again, as Terraform expressions
 * (`recorded`: the pool's record, null when none): `retiredBroughtBack` in HCL. The live
 * indices and address slots are known at synth; the recorded nodes only at plan.
 */
export function retiredPrecondition(
  recorded: string,
  pool: string,
  prefix: string,
  live: readonly number[],
  addressSlots?: number,
): { condition: string; errorMessage: string } {
  const nodes = `try(${recorded}.nodes, [])`;
  const held = `[for n in ${nodes} : tonumber(trimprefix(n, ${hclString(`${prefix}node-`)}))]`;
  const passedOver =
    addressSlots === undefined
      ? ''
      : ` && !contains([for j in ${held} : j % ${addressSlots} if j < i], i % ${addressSlots})`;
  const back =
    `[for i in [${live.join(', ')}] : format("node-%02d", i) if !contains(${held}, i) && ` +
    `i < max(-1, ${held}...)${passedOver}]`;
  const shown = `length(${nodes}) == 0 ? "no node" : join(", ", [for n in ${nodes} : trimprefix(n, ${hclString(prefix)})])`;
  return {
    condition: `\${length(${back}) == 0}`,
    errorMessage: retiredBroughtBackRefusal(pool, `\${join(", ", ${back})}`, `\${${shown}}`),
  };
}
