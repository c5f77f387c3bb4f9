/**
 * A pool's kubelet version rollout, one apply at a time (issue #14 item 2). Pure
 * module: no CDKTF import.
 *
 * Synth does not read Terraform state, so the configuration says where the rollout
 * is: the version rolled away from and the step number, which the operator raises by
 * one per apply. From the pool's nodes before the rollout (`replicas` and
 * `retiredNodes`, unchanged while it runs), every step is computed ahead by the
 * planner, and the configuration holds the nodes of the step named. A step applied
 * twice is an empty plan; a step number left as it is changes nothing.
 */
import { Errors, Problem } from '../errors';
import { liveNodeIndices } from './node-slots';
import { rolloutSteps } from './rollout-plan';
import { RolloutStrategy } from './rollout-strategy';
import type { KubernetesVersion } from '../kamaji/kubernetes-version';

/** Where a pool's version rollout is. */
export interface PoolRolloutOptions {
  /** The kubelet version the pool's nodes ran before the rollout. */
  readonly fromKubernetesVersion: KubernetesVersion;
  /**
   * The step this configuration holds: 0 is the nodes before the rollout; raise it by
   * one per apply. The synth says how many steps there are and what each does.
   */
  readonly step: number;
  /** @default RolloutStrategy.DEFAULT - maxSurge 1, maxUnavailable 1 */
  readonly strategy?: RolloutStrategy;
}

/** A node of the configuration during a rollout. */
export interface RolloutSlot {
  readonly index: number;
  /** The kubelet version its machine was made with. */
  readonly kubeletVersion: string;
}

export interface PoolRolloutPlan {
  /** The nodes of the step, by index. */
  readonly nodes: RolloutSlot[];
  /** The step the configuration holds. */
  readonly step: number;
  /** How many steps the rollout has. */
  readonly stepCount: number;
  /** What the step does, and what comes next, for the synth to say. */
  readonly summary: string;
}

/**
 * The nodes of `options.step` of the rollout from `fromVersion` to `toVersion`, for a
 * pool of `replicas` nodes without `retired` before it. `name` gives node names.
 */
export function planPoolRollout(
  poolName: string,
  replicas: number,
  retired: readonly number[],
  toVersion: string,
  options: PoolRolloutOptions,
  name: (index: number) => string,
): PoolRolloutPlan {
  const strategy = options.strategy ?? RolloutStrategy.DEFAULT;
  const from = options.fromKubernetesVersion.version;
  const start = liveNodeIndices(replicas, retired).map((index) => ({ index, generation: from }));
  const steps = rolloutSteps({
    desiredGeneration: toVersion,
    nodes: start,
    replicas,
    retiredNodes: retired,
    maxSurge: strategy.maxSurge,
    maxUnavailable: strategy.maxUnavailable,
  });
  const step = Math.min(options.step, steps.length);
  const nodes = step === 0 ? start : steps[step - 1].nodes;
  const names = (indices: number[]) => indices.map(name).join(', ') || 'none';
  let summary = `Pool ${poolName}: rollout ${from} -> ${toVersion}, step ${step} of ${steps.length}`;
  if (step > 0) {
    const done = steps[step - 1];
    summary += `: makes ${names(done.add)}; drains and retires ${names(done.retire)}`;
  }
  summary +=
    step < steps.length
      ? `. Next apply: step ${step + 1}.`
      : `. Rollout complete: set retiredNodes to [${
          steps.length === 0 ? retired.join(', ') : steps[steps.length - 1].retiredNodes.join(', ')
        }] and remove rollout (an empty plan).`;
  return {
    nodes: nodes.map((n) => ({ index: n.index, kubeletVersion: n.generation })),
    step,
    stepCount: steps.length,
    summary,
  };
}

/** Problems of the rollout options, given the number of steps the rollout has. */
export function poolRolloutProblems(
  field: string,
  options: PoolRolloutOptions,
  stepCount: number,
): Problem[] {
  const problems: Problem[] = [];
  if (options.strategy !== undefined && !(options.strategy instanceof RolloutStrategy)) {
    problems.push(
      Errors.notMadeWith(
        `${field}.strategy`,
        options.strategy,
        'RolloutStrategy.rollingUpdate({...})',
      ),
    );
  } else {
    problems.push(...(options.strategy ?? RolloutStrategy.DEFAULT).validate(`${field}.strategy`));
  }
  const step: unknown = options.step;
  if (!(typeof step === 'number' && Number.isInteger(step) && step >= 0 && step <= stepCount)) {
    problems.push(Errors.badRolloutStep(`${field}.step`, step, stepCount));
  }
  return problems;
}
