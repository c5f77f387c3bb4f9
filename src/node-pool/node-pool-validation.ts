/**
 * Synth-time checks of a node pool's props (design D7: fail at synth), beside the
 * construct as each infrastructure's checks are: every problem the pool reports, the
 * claims it makes on names and address ranges in the app, and the kubelet version
 * against its control plane. The rollout is decided by `resolveRollout` (day-two/).
 */
import { TerraformStack, Token } from 'cdktf';
import { JoinToken } from '../bootstrap/join-token';
import { OsFamily, YakiSource } from '../bootstrap/node-bootstrap';
import {
  validateBootstrapOptions,
  validateLabels,
  validateTaints,
} from '../bootstrap/node-bootstrap-validation';
import { JoinHealth } from '../day-two/join-health';
import { NodeDrain } from '../day-two/node-drain';
import { retiredNodesProblems } from '../day-two/node-slots';
import { PoolRolloutPlan, resolveRollout } from '../day-two/pool-rollout';
import { RolloutStrategy } from '../day-two/rollout-strategy';
import { Problem, ValidationError } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { KamajiMessages } from '../kamaji/kamaji-messages';
import { NodePoolMessages } from './node-pool-messages';
import { admitPool } from '../kamaji/kubelet-configuration';
import { checkSkew } from '../kamaji/kubelet-skew';
import { KubernetesVersion } from '../kamaji/kubernetes-version';
import { isControlPlane } from '../kamaji/tenant-control-plane-interface';
import { checkVersion } from '../kamaji/tenant-control-plane-validation';
import { checkSafely, InputChecks } from '../private/field-checks';
import { sharedWeakMap } from '../private/shared-state';
import { isRfc1123Label } from '../private/names';
import { INodeInfrastructure, INodePool, isInfrastructure, specOf } from './infrastructure';
import { NodeAddressing } from './node-addressing';
import { nodeName, nodeSuffix } from './node-naming';
import type { NodePool, NodePoolProps, PoolRolloutOptions } from './node-pool';

/** The most nodes one pool holds. */
export const MAX_REPLICAS = 999;

/** What the pool settled before its checks: its version and rollout, as found. */
export interface SettledPool {
  readonly version: { version?: KubernetesVersion; problems: Problem[] };
  readonly demand: { needed: number; why: string };
  readonly rolloutProblems: Problem[];
}

/**
 * Every problem of the pool's props, in the order they are reported; `props` as given
 * (undefined from JavaScript). The address range is claimed last, by a pool without
 * other problems only.
 */
export function nodePoolProblems(
  pool: NodePool,
  props: NodePoolProps | undefined,
  settled: SettledPool,
): Problem[] {
  const given = props ?? ({} as NodePoolProps);
  const fromInfrastructure = pool.rolloutPlan && given.rollout?.fromInfrastructure;
  const { demand, version } = settled;
  const addressProblems = pool.drain.enabled
    ? pool.addressing.validate('addressing', demand.needed, demand.why, Token.isUnresolved)
    : pool.addressing.validate(
        'addressing',
        pool.nodeSlots,
        `with NodeDrain.none() no address goes to a later node (nothing makes Terraform destroy a retired machine before it makes the next one), so the range holds every index up to ${nodeSuffix(Math.max(pool.nodeSlots - 1, 0))}; or drain the pool`,
        Token.isUnresolved,
      );
  const problems = checkSafely(given, () => [
    ...(props === undefined || props === null ? [CommonMessages.missingProps(props)] : []),
    ...version.problems,
    ...validateNodePool(given, version.version, pool.replicas, pool.nodeSlots),
    ...admitOldGeneration(given, pool.rolloutPlan, pool.kubernetesVersion),
    ...retiredNodesProblems('retiredNodes', given.retiredNodes, MAX_REPLICAS * 2),
    ...InputChecks.madeWith(
      'drain',
      given.drain,
      NodeDrain.isNodeDrain(given.drain),
      'NodeDrain.evict({...}) or NodeDrain.none()',
    ),
    ...pool.drain.validate('drain'),
    ...addressProblems,
    ...(isInfrastructure(given.infrastructure) && given.infrastructure.validate
      ? given.infrastructure.validate(pool)
      : []),
    ...(fromInfrastructure && fromInfrastructure.validate
      ? fromInfrastructure.validate(pool).map((p) => ({
          ...p,
          field: p.field.replace(/^infrastructure\b/, 'rollout.fromInfrastructure'),
        }))
      : []),
    ...claimPoolName(pool),
    ...InputChecks.madeWith(
      'joinHealth',
      given.joinHealth,
      JoinHealth.isJoinHealth(given.joinHealth),
      'JoinHealth.waitForReady({...}) or JoinHealth.none()',
    ),
    ...(JoinHealth.isJoinHealth(given.joinHealth) ? given.joinHealth.validate('joinHealth') : []),
    ...settled.rolloutProblems,
  ]);
  if (problems.length === 0) problems.push(...claimAddresses(pool));
  return problems;
}

/**
 * The step of the pool's rollout, or the problems of its `rollout` prop: the prop's
 * shape and origin are checked here, the rest by `resolveRollout`. The steps are
 * planned from the nodes before the rollout: `replicas` and `retiredNodes`.
 */
export function rolloutOf(
  props: NodePoolProps,
  replicas: number,
  retired: number[],
  version: KubernetesVersion,
  addressSlots: number | undefined,
): { plan?: PoolRolloutPlan; problems?: Problem[] } {
  const options: unknown = props.rollout;
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    return {
      problems: [
        CommonMessages.notMadeWith(
          'rollout',
          options,
          '{ fromKubernetesVersion, fromInfrastructure, step }',
        ),
      ],
    };
  }
  const given = options as PoolRolloutOptions;
  const from: unknown = given.fromKubernetesVersion;
  const fromInfrastructure: unknown = given.fromInfrastructure;
  const originProblems = [
    ...(from === undefined && fromInfrastructure === undefined
      ? [NodePoolMessages.rolloutWithoutOrigin('rollout', options)]
      : []),
    ...InputChecks.madeWith(
      'rollout.fromKubernetesVersion',
      from,
      KubernetesVersion.isKubernetesVersion(from),
      'KubernetesVersion.of("v1.35.7")',
    ),
    ...(fromInfrastructure !== undefined && !isInfrastructure(fromInfrastructure)
      ? [NodePoolMessages.noInfrastructure('rollout.fromInfrastructure', fromInfrastructure)]
      : []),
  ];
  if (originProblems.length > 0) return { problems: originProblems };
  // Without fromKubernetesVersion the old nodes run the pool's version.
  const fromVersion = (from as KubernetesVersion | undefined) ?? version;
  return resolveRollout({
    field: 'rollout',
    poolName: String(props.name),
    before: { replicas, retiredNodes: retired, addressSlots },
    from: {
      kubeletVersion: fromVersion.version,
      machineSpec: specOf(
        (fromInfrastructure as INodeInfrastructure | undefined) ?? props.infrastructure,
      ),
    },
    to: { kubeletVersion: version.version, machineSpec: specOf(props.infrastructure) },
    fromKubernetesVersion: from as KubernetesVersion | undefined,
    controlPlaneVersion: isControlPlane(props.controlPlane)
      ? acceptedControlPlaneVersion(props)
      : undefined,
    step: given.step,
    strategy: given.strategy,
    nodeName: nodeSuffix,
    isUnresolved: Token.isUnresolved,
  });
}

/** The control plane's version, or undefined where the pool's own checks report why not. */
function knownControlPlaneVersion(props: NodePoolProps): KubernetesVersion | undefined {
  try {
    return controlPlaneVersion(props);
  } catch (e) {
    if (ValidationError.isValidationError(e)) return undefined;
    throw e;
  }
}

/**
 * The control plane's version when the control plane accepts it, else undefined: one
 * root cause, one message (issue #22 item 6). A version the control plane refuses is
 * reported there, once; the skew of a pool against it would only repeat that message
 * in other words, and the pool builds nothing under a refused control plane anyway.
 */
function acceptedControlPlaneVersion(props: NodePoolProps): KubernetesVersion | undefined {
  const version = knownControlPlaneVersion(props);
  if (!version) return undefined;
  return checkVersion('kubernetesVersion', version, Token.isUnresolved).length === 0
    ? version
    : undefined;
}

/**
 * How many addresses the pool holds at once, and why, for the range to hold them:
 * `replicas`, and `maxSurge` more while a rollout runs (the planner keeps the nodes of
 * any apply within `replicas + maxSurge`).
 */
export function addressDemand(
  props: NodePoolProps,
  replicas: number,
): { needed: number; why: string } {
  if (props.rollout === undefined) {
    return { needed: replicas, why: `the pool holds ${replicas} nodes (replicas)` };
  }
  const strategy: unknown = props.rollout?.strategy;
  const maxSurge = (
    RolloutStrategy.isRolloutStrategy(strategy) ? strategy : RolloutStrategy.DEFAULT
  ).maxSurge;
  return {
    needed: replicas + maxSurge,
    why: `the pool holds up to ${replicas + maxSurge} nodes at once during its rollout (replicas ${replicas} + maxSurge ${maxSurge})`,
  };
}

/**
 * Static ranges already taken, per app: two pools of one stack, or of one control plane,
 * whose ranges overlap are refused (issue #22 item 4: pools of two control planes in one
 * stack would give two tenants' nodes one address).
 */
const claimedRanges = sharedWeakMap<object, INodePool[]>('claimed-ranges');

function claimAddresses(pool: INodePool): Problem[] {
  const span = pool.addressing.span(pool.nodeSlots);
  if (!span) return [];
  const root = pool.node.root;
  const stack = TerraformStack.of(pool);
  const pools = claimedRanges.get(root) ?? [];
  for (const other of pools) {
    if (TerraformStack.of(other) !== stack && other.controlPlane !== pool.controlPlane) continue;
    const theirs = other.addressing.span(other.nodeSlots);
    if (
      theirs !== undefined &&
      theirs.cidr.family === span.cidr.family &&
      theirs.first <= span.last &&
      span.first <= theirs.last
    ) {
      return [
        NodePoolMessages.rangesCollide(
          'addressing.first',
          pool.addressing.staticRange!.first,
          other.name,
          other.controlPlane.name,
          theirs.text,
        ),
      ];
    }
  }
  claimedRanges.set(root, [...pools, pool]);
  return [];
}

function validateNodePool(
  props: NodePoolProps,
  version: KubernetesVersion | undefined,
  replicas: number,
  slots: number,
): Problem[] {
  const problems: Problem[] = [];
  const unresolved = Token.isUnresolved;
  const controlPlane: unknown = props.controlPlane;
  if (!isControlPlane(controlPlane))
    problems.push(KamajiMessages.noControlPlane('controlPlane', controlPlane));
  if (!isInfrastructure(props.infrastructure)) {
    problems.push(NodePoolMessages.noInfrastructure('infrastructure', props.infrastructure));
  }
  if (props.name === undefined || props.name === null) {
    problems.push(CommonMessages.required('name', props.name));
  } else if (!unresolved(props.name)) {
    if (typeof props.name !== 'string' || !isRfc1123Label(props.name)) {
      problems.push(CommonMessages.notRfc1123Label('name', props.name));
    } else if (isControlPlane(controlPlane) && !unresolved(controlPlane.name)) {
      const longest = nodeName(controlPlane.name, props.name, Math.max(slots - 1, 0));
      if (longest.length > 63)
        problems.push(NodePoolMessages.nodeNameTooLong('name', props.name, longest));
    }
  }
  if (unresolved(replicas)) {
    // A token here became a pool of 0 nodes: how many machines exist is decided at synth.
    problems.push(CommonMessages.countNotKnownAtSynth('replicas', 'machines'));
  } else if (!(Number.isInteger(replicas) && replicas >= 0 && replicas <= MAX_REPLICAS)) {
    problems.push(NodePoolMessages.tooManyReplicas('replicas', replicas, MAX_REPLICAS));
  }
  problems.push(
    ...InputChecks.madeWith(
      'addressing',
      props.addressing,
      NodeAddressing.isNodeAddressing(props.addressing),
      'NodeAddressing.dhcp() or NodeAddressing.staticRange({...})',
    ),
    ...InputChecks.madeWith(
      'joinToken',
      props.joinToken,
      JoinToken.isJoinToken(props.joinToken),
      'new JoinToken(...) or JoinToken.forControlPlane(...)',
    ),
    ...checkServed(props, version),
    ...InputChecks.list('taints', props.taints, unresolved),
    ...validateTaints(Array.isArray(props.taints) ? props.taints : [], 'taints', unresolved),
    ...InputChecks.madeWith(
      'bootstrap.osFamily',
      props.bootstrap?.osFamily,
      OsFamily.isOsFamily(props.bootstrap?.osFamily),
      'OsFamily.DEBIAN or OsFamily.custom(name, packages)',
    ),
    ...InputChecks.madeWith(
      'bootstrap.yaki',
      props.bootstrap?.yaki,
      YakiSource.isYakiSource(props.bootstrap?.yaki),
      'YakiSource.DEFAULT or YakiSource.fromUrl(url, sha256)',
    ),
    ...validateLabels(props.labels, 'labels', unresolved),
    ...validateBootstrapOptions(props.bootstrap ?? {}, 'bootstrap.', unresolved),
  );
  return problems;
}

/**
 * The pool's Kubernetes version: its own, else its control plane's. An imported control
 * plane without one throws when asked: that is a problem of the pool's input too.
 */
export function poolVersion(props: NodePoolProps): {
  version?: KubernetesVersion;
  problems: Problem[];
} {
  const own: unknown = props.kubernetesVersion;
  if (own !== undefined) {
    return KubernetesVersion.isKubernetesVersion(own)
      ? { version: own, problems: [] }
      : {
          problems: InputChecks.madeWith(
            'kubernetesVersion',
            own,
            false,
            'KubernetesVersion.of("v1.35.7")',
          ),
        };
  }
  if (!isControlPlane(props.controlPlane)) return { problems: [] };
  try {
    const version: unknown = props.controlPlane.kubernetesVersion;
    return KubernetesVersion.isKubernetesVersion(version)
      ? { version, problems: [] }
      : { problems: [] };
  } catch (e) {
    if (ValidationError.isValidationError(e)) {
      return {
        problems: e.problems.map((p) => ({ ...p, field: 'kubernetesVersion' })),
      };
    }
    throw e;
  }
}

/** Pools by name per control plane, per app: names make machines, outputs and user-data. */
const poolsByControlPlane = sharedWeakMap<object, Map<string, Map<string, INodePool>>>(
  'pools-by-control-plane',
);

/**
 * Refuses a second pool of the same name on one control plane, across the stacks of an
 * app too: the control plane is known by namespace and name, so a control plane made
 * in one stack and imported in another is one.
 */
function claimPoolName(pool: INodePool): Problem[] {
  const controlPlane: unknown = pool.controlPlane;
  if (!isControlPlane(controlPlane) || typeof pool.name !== 'string') return [];
  if (Token.isUnresolved(pool.name)) return [];
  const identity =
    Token.isUnresolved(controlPlane.name) || Token.isUnresolved(controlPlane.namespace)
      ? controlPlane.node.path
      : `${controlPlane.namespace}/${controlPlane.name}`;
  const root = pool.node.root;
  const byControlPlane = poolsByControlPlane.get(root) ?? new Map<string, Map<string, INodePool>>();
  poolsByControlPlane.set(root, byControlPlane);
  const pools = byControlPlane.get(identity) ?? new Map<string, INodePool>();
  byControlPlane.set(identity, pools);
  const other = pools.get(pool.name);
  if (other) return [NodePoolMessages.duplicatePoolName('name', pool.name, other.node.path)];
  pools.set(pool.name, pool);
  return [];
}

/**
 * The control plane's version, or undefined when an imported control plane was not
 * given one and the pool names its own (then there is nothing to check skew against).
 */
export function controlPlaneVersion(props: NodePoolProps): KubernetesVersion | undefined {
  if (!props.kubernetesVersion) return props.controlPlane.kubernetesVersion;
  try {
    return props.controlPlane.kubernetesVersion;
  } catch (e) {
    if (ValidationError.isValidationError(e)) return undefined;
    throw e;
  }
}

/**
 * The pool's version: its format and range, the skew policy, then (issue #16) whether
 * its kubeadm joins the control plane and its kubelet reads the kubelet configuration
 * the control plane serves; the last check registers the pool with its control plane,
 * so the configuration is made readable by the oldest pool.
 */
function checkServed(props: NodePoolProps, version: KubernetesVersion | undefined): Problem[] {
  if (!version) return [];
  const controlPlane = isControlPlane(props.controlPlane)
    ? knownControlPlaneVersion(props)
    : undefined;
  const refused = controlPlane !== undefined && !acceptedControlPlaneVersion(props);
  // A pool that follows a refused control plane version stays silent: the control
  // plane reports it (issue #22 item 6).
  if (refused && props.kubernetesVersion === undefined) return [];
  const problems = checkVersion('kubernetesVersion', version, Token.isUnresolved);
  if (problems.length > 0 || refused || !isControlPlane(props.controlPlane)) return problems;
  problems.push(...checkSkew(version, controlPlane));
  if (problems.length > 0 || Token.isUnresolved(version.version)) return problems;
  return admitPool(props.controlPlane, version, 'kubernetesVersion');
}

/**
 * Issue #20 item 4: while a rollout's step still holds old nodes, their kubelet counts
 * as one the control plane serves. The kubelet configuration is what a node gets when
 * it joins, and an old node rebuilt mid-rollout (`terraform apply -replace`) joins with
 * its old version; so the control plane keeps the old kubelet's patches, step 0 leaves
 * it as it was before the rollout, and only the last step (no old node left) drops them.
 */
function admitOldGeneration(
  props: NodePoolProps,
  plan: PoolRolloutPlan | undefined,
  version: KubernetesVersion,
): Problem[] {
  const from = props.rollout?.fromKubernetesVersion;
  if (!plan || !from || !isControlPlane(props.controlPlane)) return [];
  if (Token.isUnresolved(from.version) || from.version === version.version) return [];
  if (!plan.nodes.some((n) => n.kubeletVersion === from.version)) return [];
  return admitPool(props.controlPlane, from, 'rollout.fromKubernetesVersion');
}
