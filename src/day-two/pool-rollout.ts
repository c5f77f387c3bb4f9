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
import { Errors, Problem } from '../errors';
import { rolloutIdentity } from './ledger-rules';
import { liveNodeIndices, passedOverIndices } from './node-slots';
import { generationOf, rolloutSteps } from './rollout-plan';
import { RolloutStrategy } from './rollout-strategy';
import type { KubernetesVersion } from '../kamaji/kubernetes-version';
import type { INodeInfrastructure } from '../node-pool/infrastructure';

/** Where a pool's rollout is. Give `fromKubernetesVersion`, `fromInfrastructure` or both. */
export interface PoolRolloutOptions {
  /**
   * The kubelet version the pool's nodes ran before the rollout.
   * @default - the pool's version: the rollout changes the machine spec only
   */
  readonly fromKubernetesVersion?: KubernetesVersion;
  /**
   * The infrastructure the pool's nodes were made with before the rollout: the pool's
   * `infrastructure` as it was (the old template, image or size). Old nodes keep being
   * made from it (a `-replace` rebuilds one as it was), new nodes from `infrastructure`.
   * @default - the pool's infrastructure: the rollout changes the version only
   */
  readonly fromInfrastructure?: INodeInfrastructure;
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
 * The nodes of `options.step` of the rollout from generation `from` to `to`, for
 * `pool` as it was before. `name` gives node names; `shown` how a spec value reads in
 * the summary (a Terraform reference has no value at synth).
 */
export function planPoolRollout(
  poolName: string,
  pool: PoolBeforeRollout,
  from: RolloutGeneration,
  to: RolloutGeneration,
  options: PoolRolloutOptions,
  name: (index: number) => string,
  shown: (value: string) => string = (value) => value,
): PoolRolloutPlan {
  const strategy = options.strategy ?? RolloutStrategy.DEFAULT;
  const fromGeneration = generationOf({ ...from });
  const toGeneration = generationOf({ ...to });
  const { replicas, retiredNodes: retired, addressSlots } = pool;
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
  const step = Math.min(options.step, steps.length);
  const nodes = step === 0 ? start : steps[step - 1].nodes;
  const names = (indices: number[]) => indices.map(name).join(', ') || 'none';
  let summary = `Pool ${poolName}: rollout ${changes(from, to, shown)}, step ${step} of ${steps.length}`;
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
    summary,
  };
}

/**
 * What a rollout changes, e.g. `v1.34.2 -> v1.35.7; template ubuntu-22.04 ->
 * ubuntu-24.04, cpus 2 -> 4`.
 */
function changes(
  from: RolloutGeneration,
  to: RolloutGeneration,
  shown: (value: string) => string,
): string {
  const parts: string[] = [];
  if (from.kubeletVersion !== to.kubeletVersion) {
    parts.push(`${from.kubeletVersion} -> ${to.kubeletVersion}`);
  }
  const attributes = [
    ...new Set([...Object.keys(from.machineSpec), ...Object.keys(to.machineSpec)]),
  ];
  const value = (spec: RolloutGeneration['machineSpec'], attribute: string) =>
    spec[attribute] === undefined ? '(none)' : shown(spec[attribute]);
  const spec = attributes
    .filter((a) => from.machineSpec[a] !== to.machineSpec[a])
    .map((a) => `${a} ${value(from.machineSpec, a)} -> ${value(to.machineSpec, a)}`);
  if (spec.length > 0) parts.push(spec.join(', '));
  return parts.length > 0
    ? parts.join('; ')
    : `of nothing (${to.kubeletVersion}, same machine spec)`;
}

/** Problems of the rollout options, given the number of steps the rollout has. */
export function poolRolloutProblems(
  field: string,
  options: PoolRolloutOptions,
  stepCount: number,
): Problem[] {
  const problems: Problem[] = [];
  if (options.strategy !== undefined && !RolloutStrategy.isRolloutStrategy(options.strategy)) {
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
