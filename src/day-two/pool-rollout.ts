/**
 * A pool's rollout, one apply at a time: of its kubelet version (issue #14 item 2), its
 * machine spec (template, image, size: item 3), or both. Pure module: no CDKTF import.
 *
 * Synth does not read Terraform state, so the configuration says where the rollout
 * is: the version and infrastructure rolled away from and the step number, which the
 * operator raises by one per apply. From the pool's nodes before the rollout (`replicas` and
 * `retiredNodes`, unchanged while it runs), every step is computed ahead by the
 * planner, and the configuration holds the nodes of the step named. A step applied
 * twice is an empty plan; a step number left as it is changes nothing.
 */
import { Problem } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { DayTwoMessages } from './day-two-messages';
import { checkSkew } from '../kamaji/kubelet-skew';
import type { KubernetesVersion } from '../kamaji/kubernetes-version';
import { checkVersion } from '../kamaji/tenant-control-plane-validation';
import type { IsUnresolved } from '../private/unresolved';
import { rolloutIdentity } from './ledger-rules';
import { liveNodeIndices, passedOverIndices } from './node-slots';
import { generationOf, rolloutSteps } from './rollout-plan';
import { RolloutStrategy } from './rollout-strategy';

/** A node of the configuration during a rollout. */
export interface RolloutSlot {
  readonly index: number;
  /** The kubelet version its machine was made with. */
  readonly kubeletVersion: string;
  /** Whether it is an old node: made before the rollout, from `fromInfrastructure`. */
  readonly previous: boolean;
}

/** What a generation of nodes is made with. */
export interface RolloutGeneration {
  readonly kubeletVersion: string;
  /** The infrastructure's readable machine spec (`INodeInfrastructure.machineSpec`). */
  readonly machineSpec: { readonly [attribute: string]: string };
}

export interface PoolRolloutPlan {
  /** The nodes of the step, by index. */
  readonly nodes: RolloutSlot[];
  /** The step the configuration holds. */
  readonly step: number;
  /** How many steps the rollout has. */
  readonly stepCount: number;
  /** What the stack's ledger knows the rollout by: its generations, from and to. */
  readonly identity: string;
  /** The nodes before the rollout (its step 0), by index, ascending: where it starts. */
  readonly startIndices: number[];
  /** The nodes after its last step, by index, ascending: where it ends. */
  readonly finalIndices: number[];
  /** `retiredNodes` after its last step: what the pool is written with once it is complete. */
  readonly finalRetiredNodes: number[];
  /** What it changes, as the summary says it: `v1.34.2 -> v1.35.7; template a -> b`. */
  readonly change: string;
  /** What the old nodes run, as shown: `v1.34.2`, `v1.34.2, template ubuntu-22.04`. */
  readonly oldGeneration: string;
  /** What the step does, and what comes next, for the synth to say. */
  readonly summary: string;
}

/** The pool's nodes before its rollout. */
export interface PoolBeforeRollout {
  readonly replicas: number;
  readonly retiredNodes: readonly number[];
  /**
   * Addresses of its static range, when retired nodes' addresses go to new nodes.
   * @default - no reuse
   */
  readonly addressSlots?: number;
}

/**
 * Everything that decides a pool's rollout, as plain data: the pool's nodes before it,
 * the generations from and to, and the `rollout` prop's step and strategy as given
 * (unchecked: `resolveRollout` checks them).
 */
export interface RolloutInput {
  /** The prop's path, for messages: `rollout`. */
  readonly field: string;
  readonly poolName: string;
  readonly before: PoolBeforeRollout;
  readonly from: RolloutGeneration;
  readonly to: RolloutGeneration;
  /**
   * `fromKubernetesVersion` as given: checked, and held to the skew policy while old
   * nodes are left. @default - the pool's version: nothing to check
   */
  readonly fromKubernetesVersion?: KubernetesVersion;
  /**
   * The control plane's version, where the control plane accepts it.
   * @default - none: the old generation's skew is not checked
   */
  readonly controlPlaneVersion?: KubernetesVersion;
  readonly step: unknown;
  readonly strategy: unknown;
  /** The name of node `index` in the summary. */
  readonly nodeName: (index: number) => string;
  readonly isUnresolved: IsUnresolved;
}

/**
 * The one place a rollout is decided (issue #23 item 2): the plan of the step the
 * configuration holds, or the problems of the `rollout` prop. The strategy is checked
 * before planning (the planner reads it), the step after (against the step count), the
 * old generation's skew last (the step says whether old nodes are left).
 */
export function resolveRollout(
  input: RolloutInput,
): { plan: PoolRolloutPlan; problems?: undefined } | { plan?: undefined; problems: Problem[] } {
  const { field, fromKubernetesVersion: fromVersion, isUnresolved } = input;
  const versionProblems = fromVersion
    ? checkVersion(`${field}.fromKubernetesVersion`, fromVersion, isUnresolved)
    : [];
  const strategy = strategyProblems(field, input.strategy);
  if (versionProblems.length > 0 || strategy.length > 0) {
    return { problems: [...versionProblems, ...strategy] };
  }
  const plan = planRollout(input, input.strategy as RolloutStrategy | undefined);
  const problems = stepProblems(field, input.step, plan.stepCount);
  // Issue #14 item 2: the skew policy holds for every generation the step leaves, the
  // old one included, not only for the pool's version.
  const oldNodesLeft = plan.nodes.some((n) => n.kubeletVersion !== input.to.kubeletVersion);
  if (problems.length === 0 && oldNodesLeft && fromVersion) {
    problems.push(
      ...checkSkew(fromVersion, input.controlPlaneVersion).map(() =>
        DayTwoMessages.oldGenerationOutsideSkew(
          `${field}.fromKubernetesVersion`,
          fromVersion.version,
          input.controlPlaneVersion!.version,
          plan.stepCount,
        ),
      ),
    );
  }
  return problems.length > 0 ? { problems } : { plan };
}

/**
 * The nodes of the input's step of the rollout from generation `from` to `to`, for the
 * pool as it was before. A spec value that is a Terraform reference has no value at
 * synth: the summary says so.
 */
function planRollout(input: RolloutInput, strategy = RolloutStrategy.DEFAULT): PoolRolloutPlan {
  const { poolName, from, to, nodeName: name } = input;
  const shown = (value: string) => (input.isUnresolved(value) ? '(a Terraform reference)' : value);
  const fromGeneration = generationOf({ ...from });
  const toGeneration = generationOf({ ...to });
  const { replicas, retiredNodes: retired, addressSlots } = input.before;
  const start = liveNodeIndices(replicas, retired, addressSlots).map((index) => ({
    index,
    generation: fromGeneration,
  }));
  const steps = rolloutSteps({
    desiredGeneration: toGeneration,
    nodes: start,
    replicas,
    // Indices passed over for a slot an old node holds: listed, so that the pool's
    // walk does not make them once the rollout has retired that node.
    retiredNodes: [...retired, ...passedOverIndices(replicas, retired, addressSlots)],
    maxSurge: strategy.maxSurge,
    maxUnavailable: strategy.maxUnavailable,
    addressSlots,
  });
  const step = Math.min(input.step as number, steps.length);
  const nodes = step === 0 ? start : steps[step - 1].nodes;
  const final = steps.length === 0 ? start : steps[steps.length - 1].nodes;
  const finalRetiredNodes =
    steps.length === 0 ? [...retired] : steps[steps.length - 1].retiredNodes;
  const names = (indices: number[]) => indices.map(name).join(', ') || 'none';
  const shownChange = changes(from, to, shown);
  let summary = `Pool ${poolName}: rollout ${shownChange.change}, step ${step} of ${steps.length}`;
  if (step > 0) {
    const done = steps[step - 1];
    summary += `: makes ${names(done.add)}; drains and retires ${names(done.retire)}`;
  }
  summary +=
    step < steps.length
      ? `. Next apply: step ${step + 1}.`
      : `. Rollout complete: set retiredNodes to [${finalRetiredNodes.join(', ')}] and remove rollout (an empty plan).`;
  return {
    nodes: nodes.map((n) => {
      const previous = n.generation !== toGeneration;
      return {
        index: n.index,
        kubeletVersion: previous ? from.kubeletVersion : to.kubeletVersion,
        previous,
      };
    }),
    step,
    stepCount: steps.length,
    identity: rolloutIdentity(fromGeneration, toGeneration),
    startIndices: start.map((n) => n.index),
    finalIndices: final.map((n) => n.index),
    finalRetiredNodes,
    change: shownChange.change,
    oldGeneration: shownChange.from,
    summary,
  };
}

/**
 * What a rollout changes, e.g. `v1.34.2 -> v1.35.7; template ubuntu-22.04 ->
 * ubuntu-24.04, cpus 2 -> 4`, and what its old nodes run, from what differs:
 * `v1.34.2, template ubuntu-22.04`.
 */
function changes(
  from: RolloutGeneration,
  to: RolloutGeneration,
  shown: (value: string) => string,
): { change: string; from: string } {
  const version = from.kubeletVersion !== to.kubeletVersion;
  const attributes = [
    ...new Set([...Object.keys(from.machineSpec), ...Object.keys(to.machineSpec)]),
  ].filter((a) => from.machineSpec[a] !== to.machineSpec[a]);
  const value = (spec: RolloutGeneration['machineSpec'], attribute: string) =>
    spec[attribute] === undefined ? '(none)' : shown(spec[attribute]);
  const parts: string[] = [];
  if (version) parts.push(`${from.kubeletVersion} -> ${to.kubeletVersion}`);
  const spec = attributes.map(
    (a) => `${a} ${value(from.machineSpec, a)} -> ${value(to.machineSpec, a)}`,
  );
  if (spec.length > 0) parts.push(spec.join(', '));
  const old = [
    ...(version || attributes.length === 0 ? [from.kubeletVersion] : []),
    ...attributes.map((a) => `${a} ${value(from.machineSpec, a)}`),
  ].join(', ');
  return {
    change:
      parts.length > 0 ? parts.join('; ') : `of nothing (${to.kubeletVersion}, same machine spec)`,
    from: old,
  };
}

/** Problems of the strategy as given. */
function strategyProblems(field: string, strategy: unknown): Problem[] {
  if (strategy !== undefined && !RolloutStrategy.isRolloutStrategy(strategy)) {
    return [
      CommonMessages.notMadeWith(
        `${field}.strategy`,
        strategy,
        'RolloutStrategy.rollingUpdate({...})',
      ),
    ];
  }
  return (strategy ?? RolloutStrategy.DEFAULT).validate(`${field}.strategy`);
}

/** Problems of the step as given, for a rollout of `stepCount` steps. */
function stepProblems(field: string, step: unknown, stepCount: number): Problem[] {
  if (typeof step === 'number' && Number.isInteger(step) && step >= 0 && step <= stepCount) {
    return [];
  }
  return [DayTwoMessages.badRolloutStep(`${field}.step`, step, stepCount)];
}
