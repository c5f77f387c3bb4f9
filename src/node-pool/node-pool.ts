import { Fn, TerraformOutput, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { JoinToken } from '../bootstrap/join-token';
import { NodeBootstrapOptions, Taint } from '../bootstrap/node-bootstrap';
import {
  validateBootstrapOptions,
  validateLabels,
  validateTaints,
} from '../bootstrap/node-bootstrap-validation';
import { TERRAFORM_ENCODING } from '../bootstrap/terraform-encoding';
import { renderCheckedUserData } from '../bootstrap/user-data';
import { Errors, Problem, ValidationError } from '../errors';
import { KubernetesVersion } from '../kamaji/kubernetes-version';
import type { ITenantControlPlane } from '../kamaji/tenant-control-plane';
import { checkVersion } from '../kamaji/tenant-control-plane-validation';
import { isRfc1123Label } from '../private/names';
import { claimName } from '../private/stack-names';
import {
  keepLiteralsLiteral,
  terraformLiteral,
  terraformString,
} from '../private/terraform-literals';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  NodeMachine,
  NodeSpec,
} from './infrastructure';
import { failureDomainOf, nodeName, nodeSuffix } from './node-naming';
import { NodeAddress, NodeAddressing } from './node-addressing';

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
   * highest-numbered nodes only.
   * @default 1
   */
  readonly replicas?: number;
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
   * How machines get their addresses; static ranges may not overlap those of other
   * pools of the same control plane.
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
  /** Its cloud-init user-data (sensitive). */
  public readonly userData: string;
  /** Its static address; undefined with DHCP. */
  public readonly address?: NodeAddress;
  /** What the infrastructure made for it. */
  public readonly machine: NodeMachine;

  constructor(
    scope: Construct,
    id: string,
    spec: NodeSpec,
    infrastructure: IBoundNodeInfrastructure,
  ) {
    super(scope, id);
    this.nodeName = spec.name;
    this.failureDomain = spec.failureDomain;
    this.userData = spec.userData;
    this.address = spec.address;
    this.machine = infrastructure.createMachine(this, spec);
    if (this.machine.resource) {
      ignoreUserDataChanges(this.machine.resource, this.machine.userDataAttributes ?? []);
    }
  }
}

/**
 * A pool of machines that join a Kamaji tenant cluster with the same labels, taints
 * and bootstrap settings. Provider-neutral: the `infrastructure` says how one machine
 * is made. Each node is a construct with a stable id (`node-00`, `node-01`, ...), so
 * scaling from 3 to 2 destroys node-02 only (design D4).
 */
export class NodePool extends Construct {
  public readonly name: string;
  public readonly controlPlane: ITenantControlPlane;
  public readonly kubernetesVersion: KubernetesVersion;
  public readonly replicas: number;
  public readonly joinToken: JoinToken;
  public readonly addressing: NodeAddressing;
  public readonly nodes: PoolNode[];

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    this.name = props.name;
    this.controlPlane = props.controlPlane;
    this.replicas = props.replicas ?? 1;
    this.kubernetesVersion = props.kubernetesVersion ?? props.controlPlane.kubernetesVersion;
    this.addressing = props.addressing ?? NodeAddressing.dhcp();
    const problems = [
      ...validateNodePool(props, this.kubernetesVersion, this.replicas),
      ...this.addressing.validate('addressing', this.replicas, Token.isUnresolved),
    ];
    if (problems.length === 0) problems.push(...claimAddresses(this));
    if (problems.length > 0) throw new ValidationError(this.node.path, problems);

    keepLiteralsLiteral(this);
    this.joinToken = props.joinToken ?? JoinToken.forControlPlane(this, props.controlPlane);
    const infrastructure = props.infrastructure.bind(this);
    this.nodes = Array.from({ length: this.replicas }, (_, index) => {
      const name = nodeName(props.controlPlane.name, props.name, index);
      const failureDomain = failureDomainOf(infrastructure.failureDomains, index);
      const rendered = renderCheckedUserData(
        {
          ...props.bootstrap,
          nodeName: name,
          kubernetesVersion: this.kubernetesVersion.version,
          endpoint: this.joinToken.endpoint,
          caCertificate: this.joinToken.caCertificate,
          token: this.joinToken.token,
          labels: props.labels,
          taints: props.taints,
        },
        TERRAFORM_ENCODING,
      );
      const address = this.addressing.addressOf(index);
      const spec: NodeSpec = {
        index,
        name,
        failureDomain,
        address,
        userData: userDataValue(rendered),
        userDataBase64: Fn.base64encode(terraformString(rendered)),
        userDataGzipBase64: Fn.base64gzip(terraformString(rendered)),
      };
      return new PoolNode(this, nodeSuffix(index), spec, infrastructure);
    });
    this.addNodesOutput();
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

/**
 * The user-data as an argument value that stays right wherever an infrastructure puts
 * it, inside the pool or not: unchanged or a token, so escaping it again changes nothing.
 */
function userDataValue(rendered: string): string {
  return Token.isUnresolved(rendered) ? terraformLiteral(rendered) : terraformString(rendered);
}

/** Static ranges already taken, per control plane, to refuse overlapping pools. */
const claimedRanges = new WeakMap<object, NodePool[]>();

function claimAddresses(pool: NodePool): Problem[] {
  const span = pool.addressing.span(pool.replicas);
  if (!span) return [];
  const pools = claimedRanges.get(pool.controlPlane) ?? [];
  const clash = pools.find((other) => {
    const theirs = other.addressing.span(other.replicas);
    return (
      theirs !== undefined &&
      theirs.cidr.family === span.cidr.family &&
      theirs.first <= span.last &&
      span.first <= theirs.last
    );
  });
  if (clash) {
    return [
      Errors.rangesCollide('addressing.first', pool.addressing.staticRange!.first, clash.name),
    ];
  }
  claimedRanges.set(pool.controlPlane, [...pools, pool]);
  return [];
}

/**
 * Machines ignore later changes of their user-data: a rotated token must never
 * replace a running node (design D3); new nodes get the current token.
 */
function ignoreUserDataChanges(resource: TerraformResource, attributes: string[]): void {
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
  version: KubernetesVersion,
  replicas: number,
): Problem[] {
  const problems: Problem[] = [];
  const unresolved = Token.isUnresolved;
  if (!unresolved(props.name)) {
    if (!isRfc1123Label(props.name)) {
      problems.push(Errors.notRfc1123Label('name', props.name));
    } else if (!unresolved(props.controlPlane.name)) {
      const longest = nodeName(props.controlPlane.name, props.name, Math.max(replicas - 1, 0));
      if (longest.length > 63) problems.push(Errors.nodeNameTooLong('name', props.name, longest));
    }
  }
  if (
    !unresolved(replicas) &&
    !(Number.isInteger(replicas) && replicas >= 0 && replicas <= MAX_REPLICAS)
  ) {
    problems.push(Errors.tooManyReplicas('replicas', replicas, MAX_REPLICAS));
  }
  problems.push(
    ...checkVersion('kubernetesVersion', version, unresolved),
    ...checkSkew(version, controlPlaneVersion(props)),
    ...validateLabels(props.labels, 'labels', unresolved),
    ...validateTaints(props.taints, 'taints', unresolved),
    ...validateBootstrapOptions(props.bootstrap ?? {}, 'bootstrap.', unresolved),
  );
  return problems;
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

/** Kubernetes' version skew policy for kubelets against their API server. */
function checkSkew(
  kubelet: KubernetesVersion,
  controlPlane: KubernetesVersion | undefined,
): Problem[] {
  if (!controlPlane) return [];
  const k = kubelet.parts;
  const c = controlPlane.parts;
  if (!k || !c || k.major !== c.major) return [];
  if (k.minor > c.minor) {
    return [
      Errors.kubeletNewerThanControlPlane(
        'kubernetesVersion',
        kubelet.version,
        controlPlane.version,
      ),
    ];
  }
  if (c.minor - k.minor > 3) {
    return [Errors.kubeletTooOld('kubernetesVersion', kubelet.version, controlPlane.version)];
  }
  return [];
}
