import { TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { JoinToken } from '../bootstrap/join-token';
import { NodeBootstrapOptions, Taint } from '../bootstrap/node-bootstrap';
import {
  bootstrapTextSettings,
  kubernetesVersionRule,
  labelTextSettings,
} from '../bootstrap/node-bootstrap-validation';
import { JoinHealth, JoinHealthMode } from '../day-two/join-health';
import { NodeDrain } from '../day-two/node-drain';
import { liveNodeIndices, retiredIndices } from '../day-two/node-slots';
import type { NodeRetirement } from '../day-two/node-retirement';
import type { PoolRolloutPlan } from '../day-two/pool-rollout';
import type { RolloutStrategy } from '../day-two/rollout-strategy';
import { ValidationError } from '../errors';
import { NodePoolMessages } from './node-pool-messages';
import { KubernetesVersion } from '../kamaji/kubernetes-version';
import type { ITenantControlPlane } from '../kamaji/tenant-control-plane-interface';
import { addInfo, addWarning } from '../private/annotations';
import { Brand } from '../private/brand';
import { guardStackOf, hasProblems, recordProblems } from '../private/problems';
import { requireProviders } from '../private/provider-presence';
import { claimName } from '../private/stack-names';
import { keepLiteralsLiteral } from '../private/terraform-literals';
import { withoutTokenStackTraces } from '../private/token-stack-traces';
import { addBootstrapPreconditions } from './bootstrap-preconditions';
import { INodeInfrastructure, INodePool } from './infrastructure';
import { NodeAddressing } from './node-addressing';
import { failureDomainOf, nodeName, nodeSuffix } from './node-naming';
import {
  addressDemand,
  controlPlaneVersion,
  MAX_REPLICAS,
  nodePoolProblems,
  poolVersion,
  rolloutOf,
} from './node-pool-validation';
import { lazyNodeSpec } from './node-spec';
import { addRetirement, addRunnerWork, addToLedger } from './pool-day-two';
import { PoolNode } from './pool-node';
import { PoolUserData, UserDataEncodings } from './pool-user-data';

/** A node pool without its control plane: what `addNodePool` takes. */
export interface NodePoolOptions {
  /** Pool name: an RFC 1123 label, short enough that node names fit in 63 characters. */
  readonly name: string;
  /** Where the machines run. */
  readonly infrastructure: INodeInfrastructure;
  /**
   * Number of machines; 0 keeps the pool with no node. Scaling down removes the
   * highest-numbered nodes only, each drained first (see `drain`).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Indices of nodes taken out of the pool for good, e.g. `[2]`: a pool of 3 is then
   * node-00, node-01 and node-03. Node-02 is drained and destroyed, node-03 made;
   * an index is never used again, so keep retired indices listed.
   * @default - none
   */
  readonly retiredNodes?: number[];
  /**
   * How nodes leave the pool (scale-down, retirement): drained by Terraform's runner
   * before their machine is destroyed, their Node deleted after. The runner needs
   * `kubectl` and a route to the tenant's API server.
   * @default NodeDrain.DEFAULT - drain for at most 600 s, else fail the apply
   */
  readonly drain?: NodeDrain;
  /**
   * Kubernetes version of the kubelets: not newer than the control plane's minor,
   * at most three minors older.
   * @default - the control plane's version
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /** Node labels, set by the kubelet at registration. @default - none */
  readonly labels?: { [key: string]: string };
  /** Node taints, set at registration. @default - none */
  readonly taints?: Taint[];
  /**
   * How machines get their addresses. A static range may not overlap that of another
   * pool of the same stack or control plane; it holds at least `replicas` addresses
   * (`replicas + maxSurge` during a rollout), which nodes take in turn for ever.
   * @default NodeAddressing.DEFAULT - DHCP
   */
  readonly addressing?: NodeAddressing;
  /** How machines boot and join. @default - yaki on Debian-family images */
  readonly bootstrap?: NodeBootstrapOptions;
  /**
   * The token machines join with.
   * @default - the control plane's shared token in this stack (JoinToken.forControlPlane)
   */
  readonly joinToken?: JoinToken;
  /**
   * Whether the apply waits for the pool's nodes to be registered and Ready in the
   * tenant, and fails or warns when one is not (see the README, "Join health after
   * apply"). The runner needs `kubectl` and a route to the tenant's API server.
   * @default JoinHealth.DEFAULT - the apply does not wait
   */
  readonly joinHealth?: JoinHealth;
  /**
   * A rollout under way, of the kubelet version, the machine spec (template, image,
   * size) or both: what the nodes were made with before (`fromKubernetesVersion`,
   * `fromInfrastructure`) and the step this configuration holds (raise it by one per
   * apply). New nodes are made under new indices first, old ones drained and retired,
   * at most `strategy.maxUnavailable` per apply; `replicas` and `retiredNodes` stay as
   * they were before the rollout. See the README, "Version rollouts".
   * @default - no rollout: running nodes keep their version and machine spec, only new
   * nodes get the pool's
   */
  readonly rollout?: PoolRolloutOptions;
}

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

export interface NodePoolProps extends NodePoolOptions {
  readonly controlPlane: ITenantControlPlane;
}

const BRAND = new Brand('NodePool');

/**
 * A pool of machines that join a Kamaji tenant cluster with the same labels, taints
 * and bootstrap settings. Provider-neutral: the `infrastructure` says how one machine
 * is made. Each node is a construct with a stable id (`node-00`, `node-01`, ...), so
 * scaling from 3 to 2 destroys node-02 only (design D4).
 */
export class NodePool extends Construct implements INodePool {
  /** Whether `x` is a NodePool, made by this copy of the library or another. */
  public static isNodePool(x: unknown): x is NodePool {
    return BRAND.has(x);
  }

  public readonly name: string;
  public readonly controlPlane: ITenantControlPlane;
  public readonly kubernetesVersion: KubernetesVersion;
  public readonly replicas: number;
  /** The token its machines join with; undefined when the pool was refused. */
  public readonly joinToken!: JoinToken;
  public readonly addressing: NodeAddressing;
  public readonly nodes: PoolNode[];
  /** Retired node indices, never used again. */
  public readonly retiredNodes: number[];
  /** Index slots the pool spans: its highest node index plus one (retired ones count). */
  public readonly nodeSlots: number;
  /** How nodes leave the pool. */
  public readonly drain: NodeDrain;
  /** The drain and Node deletion of nodes that leave; undefined with `NodeDrain.none()`. */
  public readonly retirement?: NodeRetirement;
  /** The step of a version rollout this configuration holds; undefined without `rollout`. */
  public readonly rolloutPlan?: PoolRolloutPlan;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    BRAND.mark(this);
    // From JavaScript anything may come: every check below copes with missing or
    // mistyped props, and a refused pool builds nothing.
    const given = props ?? ({} as NodePoolProps);
    this.name = given.name;
    this.controlPlane = given.controlPlane;
    this.replicas = given.replicas ?? 1;
    this.retiredNodes = retiredIndices(given.retiredNodes);
    const countable = Number.isInteger(this.replicas) && this.replicas <= MAX_REPLICAS;
    this.drain = NodeDrain.isNodeDrain(given.drain) ? given.drain : NodeDrain.DEFAULT;
    this.addressing = NodeAddressing.isNodeAddressing(given.addressing)
      ? given.addressing
      : NodeAddressing.dhcp();
    const version = poolVersion(given);
    this.kubernetesVersion = version.version ?? KubernetesVersion.DEFAULT;
    const demand = addressDemand(given, this.replicas);
    const size = this.addressing.size;
    // Issue #20 item 6: a retired node's address goes to a later node only where
    // Terraform destroys the retired machine first, which the drain's `node-deletion`,
    // depended on by every machine, makes it do. Without it indices climb the range.
    const addressSlots =
      this.drain.enabled && countable && size !== undefined && size >= demand.needed
        ? size
        : undefined;
    const rollout = countable
      ? rolloutOf(given, this.replicas, this.retiredNodes, this.kubernetesVersion, addressSlots)
      : {};
    const fromInfrastructure = rollout.plan && given.rollout?.fromInfrastructure;
    this.rolloutPlan = rollout.plan;
    const indices = this.rolloutPlan
      ? this.rolloutPlan.nodes.map((n) => n.index)
      : countable
        ? liveNodeIndices(this.replicas, this.retiredNodes, addressSlots)
        : [];
    this.nodeSlots = indices.length === 0 ? 0 : indices[indices.length - 1] + 1;
    const problems = nodePoolProblems(this, props, {
      version,
      demand,
      rolloutProblems: rollout.problems ?? [],
    });
    const refused = recordProblems(this, problems);
    // A pool of a refused control plane or token has been checked; building it would
    // read what they did not build.
    if (refused || hasProblems(given.controlPlane) || hasProblems(given.joinToken)) {
      guardStackOf(this);
      this.nodes = [];
      return;
    }

    keepLiteralsLiteral(this);
    requireProviders(this, 'infrastructure.provider');
    const joinHealth = given.joinHealth ?? JoinHealth.none();
    if (this.rolloutPlan) {
      addInfo(this, this.rolloutPlan.summary);
      // Steps count new nodes as serving from the next apply on: only a wait makes it so.
      if (joinHealth.mode === JoinHealthMode.NONE && this.rolloutPlan.stepCount > 0) {
        addWarning(this, NodePoolMessages.rolloutWithoutJoinHealth(this.node.path));
      }
    }
    const slotOf = new Map(this.rolloutPlan?.nodes.map((n) => [n.index, n]));
    this.joinToken =
      given.joinToken ??
      withoutTokenStackTraces(this, () => JoinToken.forControlPlane(this, given.controlPlane));
    const current = withoutTokenStackTraces(this, () => given.infrastructure.bind(this));
    // Bound second: the pool's own resources (a vApp, an anti-affinity rule) are the
    // current binding's, and old nodes are made as they were, from the old infrastructure.
    const previous =
      fromInfrastructure && this.rolloutPlan?.nodes.some((n) => n.previous)
        ? withoutTokenStackTraces(this, () => fromInfrastructure.bind(this))
        : current;
    const userData = new PoolUserData({
      ...given.bootstrap,
      endpoint: this.joinToken.endpoint,
      caCertificate: this.joinToken.caCertificate,
      token: this.joinToken.token,
      labels: given.labels,
      taints: given.taints,
    });
    let renderFailed = false;
    this.nodes = indices
      .map((index) => {
        const name = nodeName(given.controlPlane.name, given.name, index);
        const slot = slotOf.get(index);
        const infrastructure = slot?.previous ? previous : current;
        const failureDomain = failureDomainOf(infrastructure.failureDomains, index);
        if (renderFailed) return undefined;
        let rendered: UserDataEncodings;
        try {
          rendered = withoutTokenStackTraces(this, () =>
            // An old node keeps its version: a `-replace` mid-rollout rebuilds it as it was.
            userData.forNode(name, slot?.kubeletVersion ?? this.kubernetesVersion.version),
          );
        } catch (e) {
          if (!ValidationError.isValidationError(e)) throw e;
          recordProblems(this, e.problems);
          renderFailed = true;
          return undefined;
        }
        const address = this.addressing.addressOf(index);
        const spec = lazyNodeSpec({ index, name, failureDomain, address }, rendered);
        return new PoolNode(this, nodeSuffix(index), spec, infrastructure);
      })
      .filter((node): node is PoolNode => node !== undefined);
    if (!renderFailed) {
      const version = this.kubernetesVersion.version;
      addBootstrapPreconditions(
        this,
        'bootstrap-checks',
        [
          ...bootstrapTextSettings(given.bootstrap ?? {}, 'bootstrap.', Token.isUnresolved),
          ...labelTextSettings(given.labels, given.taints),
          { field: 'kubernetesVersion', value: version, rule: kubernetesVersionRule() },
        ],
        this.nodes.flatMap((n) => (n.machine.resource ? [n.machine.resource] : [])),
      );
    }
    if (this.drain.enabled && !renderFailed) {
      this.retirement = addRetirement(this, {
        infrastructure: given.infrastructure,
        controlPlaneVersion: controlPlaneVersion(given),
        indices,
        addressSlots,
      });
    }
    this.addNodesOutput();
    addRunnerWork(this, joinHealth);
    addToLedger(this, { indices, addressSlots });
  }

  /**
   * Output `<control plane>-<pool>-nodes`: each node's machine id and address, where
   * known; left out when nothing is known of any node (bring-your-own with DHCP). A
   * pool of another control plane of the same name in the stack gets a suffixed name.
   */
  private addNodesOutput(): void {
    const nodes = this.nodes.map((n) => {
      const address = n.machine.address ?? n.address?.address;
      return [
        n.nodeName,
        {
          ...(n.machine.machineId !== undefined && { machine_id: n.machine.machineId }),
          ...(address !== undefined && { address }),
        },
      ] as const;
    });
    if (nodes.every(([, known]) => Object.keys(known).length === 0)) return;
    const output = new TerraformOutput(this, 'Nodes', {
      description: `Nodes of pool ${this.name}: machine id and address`,
      value: Object.fromEntries(nodes),
    });
    if (!Token.isUnresolved(this.controlPlane.name) && !Token.isUnresolved(this.name)) {
      const name = `${this.controlPlane.name}-${this.name}-nodes`;
      output.overrideLogicalId(claimName(TerraformStack.of(this), 'output', name, this));
    }
  }

  /** Node names, in order. */
  public get nodeNames(): string[] {
    return this.nodes.map((n) => n.nodeName);
  }
}
