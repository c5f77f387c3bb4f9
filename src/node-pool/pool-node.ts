import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { withoutTokenStackTraces } from '../private/token-stack-traces';
import { IBoundNodeInfrastructure, NodeMachine, NodeSpec } from './infrastructure';
import { NodeAddress } from './node-addressing';

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
