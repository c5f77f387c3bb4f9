/**
 * A pool's day-2 wiring (issue #23 item 2): what the day-two layer adds to a built pool,
 * composed here from plain data so the `NodePool` constructor stays short and day-two/
 * never sees the construct: the drain and `Node` deletion of nodes that leave, the join
 * health wait, the runner's reach of the management cluster, and the pool's entry in
 * its stack's ledger. Called in this order: the synthesized JSON follows it.
 */
import { TerraformResource, Token } from 'cdktf';
import type { JoinToken } from '../bootstrap/join-token';
import type { AddressCheckInput } from '../day-two/address-checks';
import { JoinHealth, JoinHealthMode } from '../day-two/join-health';
import { addJoinHealth } from '../day-two/join-health-check';
import { managementKubeconfigOf, tenantIdentityOf } from '../day-two/management-kubeconfig';
import { checkManagementKubeconfig } from '../day-two/management-kubeconfig-check';
import type { NodeDrain } from '../day-two/node-drain';
import { NodeRetirement } from '../day-two/node-retirement';
import type { PoolRolloutPlan } from '../day-two/pool-rollout';
import { StateLedger } from '../day-two/state-ledger';
import type { KubernetesVersion } from '../kamaji/kubernetes-version';
import { withoutTokenStackTraces } from '../private/token-stack-traces';
import { INodeInfrastructure, INodePool, specOf } from './infrastructure';
import { nodeName } from './node-naming';
import type { PoolNode } from './pool-node';

/** What the wiring reads of a built pool (the `NodePool` construct is one). */
export interface DayTwoPool extends INodePool {
  readonly nodes: PoolNode[];
  readonly nodeNames: string[];
  readonly drain: NodeDrain;
  readonly kubernetesVersion: KubernetesVersion;
  readonly rolloutPlan?: PoolRolloutPlan;
  readonly joinToken: JoinToken;
  readonly retirement?: NodeRetirement;
}

/** What the drain records beyond the pool itself. */
export interface RetirementFacts {
  readonly infrastructure: INodeInfrastructure;
  /** The control plane's version, where known. */
  readonly controlPlaneVersion?: KubernetesVersion;
  /** The indices of the pool's nodes. */
  readonly indices: number[];
  /** Addresses of its static range, when nodes go round it. */
  readonly addressSlots?: number;
}

/** The drain and `Node` deletion of the pool's nodes that leave, ordered before their machines. */
export function addRetirement(pool: DayTwoPool, facts: RetirementFacts): NodeRetirement {
  return withoutTokenStackTraces(pool, () => {
    const made = new NodeRetirement(pool, 'retirement', {
      nodeNames: pool.nodeNames,
      adminKubeconfigSecretName: pool.controlPlane.adminKubeconfigSecretName,
      adminKubeconfigSecretNamespace: pool.controlPlane.namespace,
      managementKubeconfig: managementKubeconfigOf(pool.controlPlane),
      tenant: tenantIdentityOf(pool.controlPlane),
      drain: pool.drain,
      kubeletVersion: pool.kubernetesVersion.version,
      machineSpec: knownSpec(facts.infrastructure),
      poolName: pool.name,
      controlPlaneVersion: facts.controlPlaneVersion,
      rollout: pool.rolloutPlan,
      addressCheck: addressCheck(pool, facts.indices, facts.addressSlots),
      appliedControlPlaneVersion: pool.controlPlane.appliedKubernetesVersion,
      controlPlaneName: pool.controlPlane.name,
    });
    made.orderMachines(machinesOf(pool));
    return made;
  });
}

/**
 * The join health wait of a pool that waits and has nodes, then the check that the
 * runner reaches the management cluster, which the wait and the drains both need.
 */
export function addRunnerWork(pool: DayTwoPool, joinHealth: JoinHealth): void {
  const waits = joinHealth.mode !== JoinHealthMode.NONE && pool.nodes.length > 0;
  if (waits) {
    addJoinHealth(
      pool,
      {
        poolName: pool.name,
        controlPlaneName: pool.controlPlane.name,
        nodes: pool.nodes.map((n) => ({ nodeName: n.nodeName, machineId: n.machine.machineId })),
        adminKubeconfigSecretName: pool.controlPlane.adminKubeconfigSecretName,
        adminKubeconfigSecretNamespace: pool.controlPlane.namespace,
        tenant: tenantIdentityOf(pool.controlPlane),
        managementKubeconfig: managementKubeconfigOf(pool.controlPlane),
        tenantProvider: pool.joinToken.tenantProvider,
      },
      joinHealth,
    );
  }
  if (pool.retirement || waits) {
    checkManagementKubeconfig(pool, managementKubeconfigOf(pool.controlPlane));
  }
}

/**
 * The pool's entry in its stack's ledger (issue #20 items 3 and 5): its step is
 * guarded against the one last applied, its retired nodes against being made again,
 * and its removal while it has nodes refused.
 * A pool or control plane named by a Terraform reference has no stable key: left out.
 */
export function addToLedger(
  pool: DayTwoPool,
  slots: { readonly indices: number[]; readonly addressSlots?: number },
): void {
  const controlPlane = pool.controlPlane;
  if (Token.isUnresolved(pool.name) || Token.isUnresolved(controlPlane.name)) return;
  if (Token.isUnresolved(controlPlane.namespace)) return;
  const machines = machinesOf(pool);
  const wait = pool.node.tryFindChild('JoinHealth');
  const plan = pool.rolloutPlan;
  const names = (indices: number[]) =>
    indices.map((i) => nodeName(controlPlane.name, pool.name, i));
  StateLedger.of(pool).addPool({
    scope: pool,
    poolName: pool.name,
    controlPlaneName: controlPlane.name,
    controlPlaneNamespace: controlPlane.namespace,
    nodeNames: pool.nodeNames,
    nodeIndices: slots.indices,
    addressSlots: slots.addressSlots,
    rollout: plan && {
      identity: plan.identity,
      step: plan.step,
      stepCount: plan.stepCount,
      start: names(plan.startIndices),
      final: names(plan.finalIndices),
      change: plan.change,
      oldGeneration: plan.oldGeneration,
      finalRetiredNodes: plan.finalRetiredNodes,
    },
    appliedAfter: [
      ...machines,
      ...(pool.retirement ? [pool.retirement.drain, pool.retirement.deletion] : []),
      ...(TerraformResource.isTerraformResource(wait) ? [wait] : []),
    ],
    leavesLast: pool.retirement ? [pool.retirement.deletion] : machines,
  });
}

function machinesOf(pool: DayTwoPool): TerraformResource[] {
  return pool.nodes.flatMap((n) => (n.machine.resource ? [n.machine.resource] : []));
}
/**
 * The parts of the machine spec known at synth, as each node's drain instance records
 * them: a Terraform reference is left out of the record and of the check that reads it.
 */
function knownSpec(infrastructure: INodeInfrastructure): { [attribute: string]: string } {
  return Object.fromEntries(
    Object.entries(specOf(infrastructure)).filter(([, value]) => !Token.isUnresolved(value)),
  );
}

/**
 * What the drain records of each node's address, where nodes go round the range: a
 * range with `count`, or one whose nodes went round it. Other pools hold the nodes
 * every earlier version made, at `first + index`, and keep their Terraform JSON.
 */
function addressCheck(
  pool: DayTwoPool,
  indices: number[],
  addressSlots: number | undefined,
): AddressCheckInput | undefined {
  const wentRound = addressSlots !== undefined && pool.nodeSlots > addressSlots;
  if (addressSlots === undefined || !(pool.addressing.isSized || wentRound)) return undefined;
  // Node names are the records' keys; with a Terraform reference in them, none is known.
  if (Token.isUnresolved(pool.controlPlane.name) || Token.isUnresolved(pool.name)) return undefined;
  const byName = (address: (index: number) => string | undefined) =>
    Object.fromEntries(
      indices.map((i) => [nodeName(pool.controlPlane.name, pool.name, i), address(i)!]),
    );
  return {
    poolName: pool.name,
    addresses: byName((i) => pool.addressing.addressOf(i)?.address),
    unrecorded: byName((i) => pool.addressing.unroundedAddressOf(i)),
  };
}
