import { TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { Problem } from '../errors';
import type { ITenantControlPlane } from '../kamaji/tenant-control-plane-interface';
import type { NodeAddress, NodeAddressing } from './node-addressing';

/**
 * A pool as its infrastructure sees it: what `validate` and `bind` read, and the scope
 * the pool's own resources (a vApp, an anti-affinity rule) are made in. Small on
 * purpose, as aws-lambda's event sources bind to `IFunction`, not to `Function`: an
 * infrastructure depends on this module, not on the `NodePool` construct (issue #23).
 */
export interface INodePool extends IConstruct {
  /** Pool name, part of every node name. */
  readonly name: string;
  /** Number of nodes the pool holds. */
  readonly replicas: number;
  /** Index slots the pool spans: its highest node index plus one (retired ones count). */
  readonly nodeSlots: number;
  /** How its machines get their addresses. */
  readonly addressing: NodeAddressing;
  /** The control plane its nodes join. */
  readonly controlPlane: ITenantControlPlane;
}

/** One node of a pool, as an infrastructure sees it when it creates the machine. */
export interface NodeSpec {
  /** Position in the pool, from 0. */
  readonly index: number;
  /** Node and host name, `<control plane>-<pool>-node-NN`. */
  readonly name: string;
  /** The failure domain chosen for this node, when the infrastructure gave any. */
  readonly failureDomain?: string;
  /** The node's cloud-init user-data, as an attribute value (holds the join token: sensitive). */
  readonly userData: string;
  /** The user-data, base64-encoded (by Terraform when it holds apply-time values). */
  readonly userDataBase64: string;
  /** The user-data, gzip-compressed then base64-encoded (Terraform's base64gzip). */
  readonly userDataGzipBase64: string;
  /** Its static address; undefined with DHCP. */
  readonly address?: NodeAddress;
}

/** What an infrastructure made for one node. */
export interface NodeMachine {
  /**
   * The resource that boots from the user-data. The pool adds `ignore_changes` on
   * `userDataAttributes` to it, so a token rotation replaces no machine (design D3).
   * @default - nothing is created (machines made elsewhere)
   */
  readonly resource?: TerraformResource;
  /**
   * Attributes of `resource` that the machine reads only when it is made: the user-data,
   * and what goes with it (metadata, a NIC's static MAC), so neither a token rotation
   * nor a library upgrade replaces or reboots a running machine (designs D3, D13).
   * @default - none
   */
  readonly userDataAttributes?: string[];
  /**
   * Attributes of `resource` that hold its machine spec (template or image, CPU,
   * memory, disk size): those whose change the provider carries out by replacing or
   * rebooting the machine. The pool adds `ignore_changes` on them, so a spec change
   * reaches only machines made afterwards; `rollout.fromInfrastructure` rolls the
   * others, and a check block names them meanwhile (issue #14 item 3).
   * @default - none
   */
  readonly machineSpecAttributes?: string[];
  /** The machine's id in its infrastructure (VM id, system id). @default - none */
  readonly machineId?: string;
  /** The machine's address, where the infrastructure reports one. @default - unknown */
  readonly address?: string;
}

/** An infrastructure bound to one pool: its placement list and how it makes one machine. */
export interface IBoundNodeInfrastructure {
  /** Failure domains (hosts, zones, VM hosts) the pool's nodes are spread over, round-robin. */
  readonly failureDomains: string[];
  /** Creates the machine of one node inside `scope` (the node's own construct). */
  createMachine(scope: Construct, node: NodeSpec): NodeMachine;
}

/**
 * Where a pool's machines run. `bind` is called once per pool, and once more for a
 * pool rolling from another infrastructure (`rollout.fromInfrastructure`, bound after
 * the pool's own): lookups (templates, networks, datastores) belong there, never in
 * `createMachine`, and are best shared per stack (`sharedLookup`). Resources of the
 * whole pool (a vApp, an anti-affinity rule) are made by the pool's first binding
 * only; a later binding of the same pool uses them.
 */
export interface INodeInfrastructure {
  /**
   * What machines are made from, readable, for plans and checks: e.g.
   * `{ template: 'ubuntu-24.04', cpus: '2', memory_mib: '4096' }` (numbers in decimal;
   * values may be Terraform references). Two infrastructures with the same spec make the
   * same machines: a rollout between them changes no machine.
   * @default - no spec: a change of the infrastructure is not seen by rollouts and checks
   */
  machineSpec?(): { [attribute: string]: string };
  /**
   * The problems of this infrastructure's props for `pool` (its replicas and addressing
   * are set), checked before `bind`: the pool reports them with its own, and calls
   * `bind` only when there are none.
   * @default - no checks
   */
  validate?(pool: INodePool): Problem[];
  bind(pool: INodePool): IBoundNodeInfrastructure;
}

/** Whether a prop given from JavaScript or YAML is an infrastructure: it has `bind`. */
export function isInfrastructure(value: unknown): value is INodeInfrastructure {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as INodeInfrastructure).bind === 'function'
  );
}

/** The infrastructure's machine spec; none when it declares none or is not one. */
export function specOf(infrastructure: unknown): { [attribute: string]: string } {
  if (!isInfrastructure(infrastructure) || !infrastructure.machineSpec) return {};
  return infrastructure.machineSpec();
}
