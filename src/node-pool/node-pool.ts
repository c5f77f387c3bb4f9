import { TerraformOutput, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { JoinToken } from '../bootstrap/join-token';
import { NodeBootstrapOptions, OsFamily, Taint, YakiSource } from '../bootstrap/node-bootstrap';
import {
  bootstrapTextSettings,
  kubernetesVersionRule,
  labelTextSettings,
  validateBootstrapOptions,
  validateLabels,
  validateTaints,
} from '../bootstrap/node-bootstrap-validation';
import { Errors, Problem, ValidationError, Warnings } from '../errors';
import { addInfo, addWarning } from '../private/annotations';
import { checkSafely, InputChecks } from '../private/field-checks';
import { guardStackOf, hasProblems, recordProblems } from '../private/problems';
import { requireProviders } from '../private/provider-presence';
import { KubernetesVersion } from '../kamaji/kubernetes-version';
import { isControlPlane, ITenantControlPlane } from '../kamaji/tenant-control-plane-interface';
import { checkVersion } from '../kamaji/tenant-control-plane-validation';
import { admitPool } from '../kamaji/kubelet-configuration';
import { checkSkew } from '../kamaji/kubelet-skew';
import { isRfc1123Label } from '../private/names';
import { claimName } from '../private/stack-names';
import { withoutTokenStackTraces } from '../private/token-stack-traces';
import { keepLiteralsLiteral } from '../private/terraform-literals';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  INodePool,
  NodeMachine,
  NodeSpec,
} from './infrastructure';
import { failureDomainOf, nodeName, nodeSuffix } from './node-naming';
import { NodeAddress, NodeAddressing } from './node-addressing';
import { lazyNodeSpec } from './node-spec';
import { PoolUserData, UserDataEncodings } from './pool-user-data';
import { addBootstrapPreconditions } from './bootstrap-preconditions';
import { JoinHealth, JoinHealthMode } from '../day-two/join-health';
import { addJoinHealth } from '../day-two/join-health-check';
import { NodeDrain } from '../day-two/node-drain';
import { liveNodeIndices, retiredIndices, retiredNodesProblems } from '../day-two/node-slots';
import { NodeRetirement } from '../day-two/node-retirement';
import type { AddressCheckInput } from '../day-two/address-checks';
import { managementKubeconfigOf, tenantIdentityOf } from '../day-two/management-kubeconfig';
import { checkManagementKubeconfig } from '../day-two/management-kubeconfig-check';
import { PoolRolloutPlan, resolveRollout } from '../day-two/pool-rollout';
import { RolloutStrategy } from '../day-two/rollout-strategy';
import { StateLedger } from '../day-two/state-ledger';

/** The most nodes one pool holds. */
export const MAX_REPLICAS = 999;

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
   * @default NodeAddressing.dhcp()
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
   * @default JoinHealth.none() - the apply does not wait
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

/** One node of a pool: the construct (id `node-NN`) its machine is created in. */
export class PoolNode extends Construct {
  /** Node and host name. */
  public readonly nodeName: string;
  /** The failure domain it was placed in, if any. */
  public readonly failureDomain?: string;
  /** Its static address; undefined with DHCP. */
  public readonly address?: NodeAddress;
  /** What the infrastructure made for it. */
  public readonly machine: NodeMachine;
  private readonly spec: NodeSpec;

  constructor(
    scope: Construct,
    id: string,
    spec: NodeSpec,
    infrastructure: IBoundNodeInfrastructure,
  ) {
    super(scope, id);
    this.nodeName = spec.name;
    this.failureDomain = spec.failureDomain;
    this.spec = spec;
    this.address = spec.address;
    this.machine = withoutTokenStackTraces(this, () => infrastructure.createMachine(this, spec));
    if (this.machine.resource) {
      ignoreLaterChanges(this.machine.resource, [
        ...(this.machine.userDataAttributes ?? []),
        ...(this.machine.machineSpecAttributes ?? []),
      ]);
    }
  }

  /** Its cloud-init user-data (sensitive); built when first read. */
  public get userData(): string {
    return this.spec.userData;
  }
}

/**
 * A pool of machines that join a Kamaji tenant cluster with the same labels, taints
 * and bootstrap settings. Provider-neutral: the `infrastructure` says how one machine
 * is made. Each node is a construct with a stable id (`node-00`, `node-01`, ...), so
 * scaling from 3 to 2 destroys node-02 only (design D4).
 */
export class NodePool extends Construct implements INodePool {
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
  /** The drain and Node deletion of nodes that leave; undefined with `NodeDrain.disabled()`. */
  public readonly retirement?: NodeRetirement;
  /** The step of a version rollout this configuration holds; undefined without `rollout`. */
  public readonly rolloutPlan?: PoolRolloutPlan;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    // From JavaScript anything may come: every check below copes with missing or
    // mistyped props, and a refused pool builds nothing.
    const given = props ?? ({} as NodePoolProps);
    this.name = given.name;
    this.controlPlane = given.controlPlane;
    this.replicas = given.replicas ?? 1;
    this.retiredNodes = retiredIndices(given.retiredNodes);
    const countable = Number.isInteger(this.replicas) && this.replicas <= MAX_REPLICAS;
    this.drain = given.drain instanceof NodeDrain ? given.drain : NodeDrain.DEFAULT;
    this.addressing =
      given.addressing instanceof NodeAddressing ? given.addressing : NodeAddressing.dhcp();
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
      ? planRollout(given, this.replicas, this.retiredNodes, this.kubernetesVersion, addressSlots)
      : {};
    const fromInfrastructure = rollout.plan && given.rollout?.fromInfrastructure;
    const rolloutProblems = rollout.problems ?? [];
    this.rolloutPlan = rollout.plan;
    const indices = this.rolloutPlan
      ? this.rolloutPlan.nodes.map((n) => n.index)
      : countable
        ? liveNodeIndices(this.replicas, this.retiredNodes, addressSlots)
        : [];
    this.nodeSlots = indices.length === 0 ? 0 : indices[indices.length - 1] + 1;
    const addressProblems = this.drain.enabled
      ? this.addressing.validate('addressing', demand.needed, demand.why, Token.isUnresolved)
      : this.addressing.validate(
          'addressing',
          this.nodeSlots,
          `with NodeDrain.disabled() no address goes to a later node (nothing makes Terraform destroy a retired machine before it makes the next one), so the range holds every index up to ${nodeSuffix(Math.max(this.nodeSlots - 1, 0))}; or drain the pool`,
          Token.isUnresolved,
        );
    const problems = checkSafely(given, () => [
      ...(props === undefined || props === null ? [Errors.missingProps(props)] : []),
      ...version.problems,
      ...validateNodePool(given, version.version, this.replicas, this.nodeSlots),
      ...admitOldGeneration(given, this.rolloutPlan, this.kubernetesVersion),
      ...retiredNodesProblems('retiredNodes', given.retiredNodes, MAX_REPLICAS * 2),
      ...InputChecks.madeWith(
        'drain',
        given.drain,
        given.drain instanceof NodeDrain,
        'NodeDrain.evict({...}) or NodeDrain.disabled()',
      ),
      ...this.drain.validate('drain'),
      ...addressProblems,
      ...(isInfrastructure(given.infrastructure) && given.infrastructure.validate
        ? given.infrastructure.validate(this)
        : []),
      ...(fromInfrastructure && fromInfrastructure.validate
        ? fromInfrastructure.validate(this).map((p) => ({
            ...p,
            field: p.field.replace(/^infrastructure\b/, 'rollout.fromInfrastructure'),
          }))
        : []),
      ...claimPoolName(this),
      ...InputChecks.madeWith(
        'joinHealth',
        given.joinHealth,
        given.joinHealth instanceof JoinHealth,
        'JoinHealth.none(), JoinHealth.warnAfter(seconds) or JoinHealth.failAfter(seconds)',
      ),
      ...(given.joinHealth instanceof JoinHealth ? given.joinHealth.validate('joinHealth') : []),
      ...rolloutProblems,
    ]);
    if (problems.length === 0) problems.push(...claimAddresses(this));
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
        addWarning(this, Warnings.rolloutWithoutJoinHealth(this.node.path));
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
          if (!(e instanceof ValidationError)) throw e;
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
      this.retirement = withoutTokenStackTraces(this, () => {
        const made = new NodeRetirement(this, 'retirement', {
          nodeNames: this.nodeNames,
          adminKubeconfigSecretName: this.controlPlane.adminKubeconfigSecretName,
          adminKubeconfigSecretNamespace: this.controlPlane.namespace,
          managementKubeconfig: managementKubeconfigOf(this.controlPlane),
          tenant: tenantIdentityOf(this.controlPlane),
          drain: this.drain,
          kubeletVersion: this.kubernetesVersion.version,
          machineSpec: knownSpec(given.infrastructure),
          poolName: this.name,
          controlPlaneVersion: controlPlaneVersion(given),
          rollout: this.rolloutPlan,
          addressCheck: this.addressCheck(indices, addressSlots),
          appliedControlPlaneVersion: this.controlPlane.appliedKubernetesVersion,
          controlPlaneName: this.controlPlane.name,
        });
        made.orderMachines(
          this.nodes.flatMap((n) => (n.machine.resource ? [n.machine.resource] : [])),
        );
        return made;
      });
    }
    this.addNodesOutput();
    const waits = joinHealth.mode !== JoinHealthMode.NONE && this.nodes.length > 0;
    if (waits) {
      addJoinHealth(
        this,
        {
          poolName: this.name,
          controlPlaneName: this.controlPlane.name,
          nodes: this.nodes.map((n) => ({ nodeName: n.nodeName, machineId: n.machine.machineId })),
          adminKubeconfigSecretName: this.controlPlane.adminKubeconfigSecretName,
          adminKubeconfigSecretNamespace: this.controlPlane.namespace,
          tenant: tenantIdentityOf(this.controlPlane),
          managementKubeconfig: managementKubeconfigOf(this.controlPlane),
          tenantProvider: this.joinToken.tenantProvider,
        },
        joinHealth,
      );
    }
    if (this.retirement || waits) {
      checkManagementKubeconfig(this, managementKubeconfigOf(this.controlPlane));
    }
    this.addToLedger();
  }

  /**
   * The pool's entry in its stack's ledger (issue #20 items 3 and 5): its step is
   * guarded against the one last applied, and its removal while it has nodes refused.
   * A pool or control plane named by a Terraform reference has no stable key: left out.
   */
  private addToLedger(): void {
    const controlPlane = this.controlPlane;
    if (Token.isUnresolved(this.name) || Token.isUnresolved(controlPlane.name)) return;
    if (Token.isUnresolved(controlPlane.namespace)) return;
    const machines = this.nodes.flatMap((n) => (n.machine.resource ? [n.machine.resource] : []));
    const wait = this.node.tryFindChild('JoinHealth');
    StateLedger.of(this).addPool({
      scope: this,
      poolName: this.name,
      controlPlaneName: controlPlane.name,
      controlPlaneNamespace: controlPlane.namespace,
      nodeNames: this.nodeNames,
      rollout: this.rolloutPlan && {
        identity: this.rolloutPlan.identity,
        step: this.rolloutPlan.step,
        stepCount: this.rolloutPlan.stepCount,
      },
      appliedAfter: [
        ...machines,
        ...(this.retirement ? [this.retirement.drain, this.retirement.deletion] : []),
        ...(wait instanceof TerraformResource ? [wait] : []),
      ],
      leavesLast: this.retirement ? [this.retirement.deletion] : machines,
    });
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

  /**
   * What the drain records of each node's address, where nodes go round the range: a
   * range with `count`, or one whose nodes went round it. Other pools hold the nodes
   * every earlier version made, at `first + index`, and keep their Terraform JSON.
   */
  private addressCheck(
    indices: number[],
    addressSlots: number | undefined,
  ): AddressCheckInput | undefined {
    const wentRound = addressSlots !== undefined && this.nodeSlots > addressSlots;
    if (addressSlots === undefined || !(this.addressing.isSized || wentRound)) return undefined;
    // Node names are the records' keys; with a Terraform reference in them, none is known.
    if (Token.isUnresolved(this.controlPlane.name) || Token.isUnresolved(this.name))
      return undefined;
    const byName = (address: (index: number) => string | undefined) =>
      Object.fromEntries(
        indices.map((i) => [nodeName(this.controlPlane.name, this.name, i), address(i)!]),
      );
    return {
      poolName: this.name,
      addresses: byName((i) => this.addressing.addressOf(i)?.address),
      unrecorded: byName((i) => this.addressing.unroundedAddressOf(i)),
    };
  }

  /** Node names, in order. */
  public get nodeNames(): string[] {
    return this.nodes.map((n) => n.nodeName);
  }
}

/**
 * The step of the pool's rollout, or the problems of its `rollout` prop. The steps are
 * planned from the nodes before the rollout: `replicas` and `retiredNodes`.
 */
function planRollout(
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
        Errors.notMadeWith(
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
      ? [Errors.rolloutWithoutOrigin('rollout', options)]
      : []),
    ...InputChecks.madeWith(
      'rollout.fromKubernetesVersion',
      from,
      from instanceof KubernetesVersion,
      'KubernetesVersion.of("v1.35.7")',
    ),
    ...(fromInfrastructure !== undefined && !isInfrastructure(fromInfrastructure)
      ? [Errors.noInfrastructure('rollout.fromInfrastructure', fromInfrastructure)]
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
    if (e instanceof ValidationError) return undefined;
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

/** The infrastructure's machine spec; none when it declares none or is not one. */
function specOf(infrastructure: unknown): { [attribute: string]: string } {
  if (!isInfrastructure(infrastructure) || !infrastructure.machineSpec) return {};
  return infrastructure.machineSpec();
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
 * How many addresses the pool holds at once, and why, for the range to hold them:
 * `replicas`, and `maxSurge` more while a rollout runs (the planner keeps the nodes of
 * any apply within `replicas + maxSurge`).
 */
function addressDemand(props: NodePoolProps, replicas: number): { needed: number; why: string } {
  if (props.rollout === undefined) {
    return { needed: replicas, why: `the pool holds ${replicas} nodes (replicas)` };
  }
  const strategy: unknown = props.rollout?.strategy;
  const maxSurge = (strategy instanceof RolloutStrategy ? strategy : RolloutStrategy.DEFAULT)
    .maxSurge;
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
const claimedRanges = new WeakMap<object, NodePool[]>();

function claimAddresses(pool: NodePool): Problem[] {
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
        Errors.rangesCollide(
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

/**
 * Machines ignore later changes of their user-data: a rotated token must never
 * replace a running node (design D3); new nodes get the current token. And of their
 * machine spec: a new template or size must never replace or reboot every node at once
 * (issue #14 item 3); new nodes get it, `rollout.fromInfrastructure` rolls the others.
 */
function ignoreLaterChanges(resource: TerraformResource, attributes: string[]): void {
  if (attributes.length === 0) return;
  const current = resource.lifecycle?.ignoreChanges;
  const existing = Array.isArray(current) ? current : [];
  resource.lifecycle = {
    ...resource.lifecycle,
    ignoreChanges: [...new Set([...existing, ...attributes])],
  };
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
    problems.push(Errors.noControlPlane('controlPlane', controlPlane));
  if (!isInfrastructure(props.infrastructure)) {
    problems.push(Errors.noInfrastructure('infrastructure', props.infrastructure));
  }
  if (props.name === undefined || props.name === null) {
    problems.push(Errors.required('name', props.name));
  } else if (!unresolved(props.name)) {
    if (typeof props.name !== 'string' || !isRfc1123Label(props.name)) {
      problems.push(Errors.notRfc1123Label('name', props.name));
    } else if (isControlPlane(controlPlane) && !unresolved(controlPlane.name)) {
      const longest = nodeName(controlPlane.name, props.name, Math.max(slots - 1, 0));
      if (longest.length > 63) problems.push(Errors.nodeNameTooLong('name', props.name, longest));
    }
  }
  if (unresolved(replicas)) {
    // A token here became a pool of 0 nodes: how many machines exist is decided at synth.
    problems.push(Errors.countNotKnownAtSynth('replicas', 'machines'));
  } else if (!(Number.isInteger(replicas) && replicas >= 0 && replicas <= MAX_REPLICAS)) {
    problems.push(Errors.tooManyReplicas('replicas', replicas, MAX_REPLICAS));
  }
  problems.push(
    ...InputChecks.madeWith(
      'addressing',
      props.addressing,
      props.addressing instanceof NodeAddressing,
      'NodeAddressing.dhcp() or NodeAddressing.staticRange({...})',
    ),
    ...InputChecks.madeWith(
      'joinToken',
      props.joinToken,
      props.joinToken instanceof JoinToken,
      'new JoinToken(...) or JoinToken.forControlPlane(...)',
    ),
    ...checkServed(props, version),
    ...InputChecks.list('taints', props.taints, unresolved),
    ...validateTaints(Array.isArray(props.taints) ? props.taints : [], 'taints', unresolved),
    ...InputChecks.madeWith(
      'bootstrap.osFamily',
      props.bootstrap?.osFamily,
      props.bootstrap?.osFamily instanceof OsFamily,
      'OsFamily.DEBIAN or OsFamily.custom(name, packages)',
    ),
    ...InputChecks.madeWith(
      'bootstrap.yaki',
      props.bootstrap?.yaki,
      props.bootstrap?.yaki instanceof YakiSource,
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
function poolVersion(props: NodePoolProps): {
  version?: KubernetesVersion;
  problems: Problem[];
} {
  const own: unknown = props.kubernetesVersion;
  if (own !== undefined) {
    return own instanceof KubernetesVersion
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
    return version instanceof KubernetesVersion ? { version, problems: [] } : { problems: [] };
  } catch (e) {
    if (e instanceof ValidationError) {
      return {
        problems: e.problems.map((p) => ({ ...p, field: 'kubernetesVersion' })),
      };
    }
    throw e;
  }
}

function isInfrastructure(value: unknown): value is INodeInfrastructure {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as INodeInfrastructure).bind === 'function'
  );
}

/** Pools by name per control plane, per app: names make machines, outputs and user-data. */
const poolsByControlPlane = new WeakMap<object, Map<string, Map<string, NodePool>>>();

/**
 * Refuses a second pool of the same name on one control plane, across the stacks of an
 * app too: the control plane is known by namespace and name, so a control plane made
 * in one stack and imported in another is one.
 */
function claimPoolName(pool: NodePool): Problem[] {
  const controlPlane: unknown = pool.controlPlane;
  if (!isControlPlane(controlPlane) || typeof pool.name !== 'string') return [];
  if (Token.isUnresolved(pool.name)) return [];
  const identity =
    Token.isUnresolved(controlPlane.name) || Token.isUnresolved(controlPlane.namespace)
      ? controlPlane.node.path
      : `${controlPlane.namespace}/${controlPlane.name}`;
  const root = pool.node.root;
  const byControlPlane = poolsByControlPlane.get(root) ?? new Map<string, Map<string, NodePool>>();
  poolsByControlPlane.set(root, byControlPlane);
  const pools = byControlPlane.get(identity) ?? new Map<string, NodePool>();
  byControlPlane.set(identity, pools);
  const other = pools.get(pool.name);
  if (other) return [Errors.duplicatePoolName('name', pool.name, other.node.path)];
  pools.set(pool.name, pool);
  return [];
}

/**
 * The control plane's version, or undefined when an imported control plane was not
 * given one and the pool names its own (then there is nothing to check skew against).
 */
function controlPlaneVersion(props: NodePoolProps): KubernetesVersion | undefined {
  if (!props.kubernetesVersion) return props.controlPlane.kubernetesVersion;
  try {
    return props.controlPlane.kubernetesVersion;
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
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
