/**
 * Terraform's side of a node leaving its pool (issue #14 item 4): two `terraform_data`
 * resources per pool, each with one instance per live node (`for_each` over node names)
 * and a destroy-time `local-exec` provisioner.
 *
 * - `node-drain` depends on the machines: it is destroyed first, draining the node.
 * - `node-deletion` is depended on by the machines: it is destroyed last, deleting the
 *   `Node` once the kubelet is gone (deleting it earlier lets a running kubelet
 *   register it again).
 *
 * Per pool, not per node: a scale-down removes a key of `for_each`, and Terraform runs
 * the destroy provisioner of a removed instance; it does not run it for a removed
 * resource block (hashicorp/terraform#13097), which a per-node resource would be.
 * Measured with terraform 1.11 (test/terraform/retirement.test.ts).
 */
import {
  Fn,
  Lazy,
  TerraformIterator,
  TerraformResource,
  TerraformSelf,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';
import { TerraformData } from '../private/terraform-data';
import { escapeTemplate } from '../private/terraform-literals';
import { NodeDrain } from './node-drain';
import { renderDrainScript, renderNodeDeletionScript } from './retirement-scripts';
import { RECORDED_VERSION, versionCheckBlock } from './version-checks';
import { machineSpecCheckBlock, RECORDED_SPEC } from './machine-spec-checks';
import type { KubernetesVersion } from '../kamaji/kubernetes-version';

export interface NodeRetirementProps {
  /** Names of the pool's live nodes. */
  readonly nodeNames: string[];
  /** The tenant's admin kubeconfig (sensitive): kept in the instances' state for their scripts. */
  readonly kubeconfig: string;
  readonly drain: NodeDrain;
  /** The pool's kubelet version, recorded per node as it is made. */
  readonly kubeletVersion: string;
  /**
   * The pool's machine spec, its values known at synth, recorded per node as it is made.
   * @default - none recorded, no check
   */
  readonly machineSpec?: { readonly [attribute: string]: string };
  /** Name of the pool, for messages. */
  readonly poolName: string;
  /** The control plane's version, when known at synth: the skew check's reference. */
  readonly controlPlaneVersion?: KubernetesVersion;
}

export class NodeRetirement extends Construct {
  /** Destroyed before the machines: drains (a `terraform_data`). */
  public readonly drain: TerraformResource;
  /** Destroyed after the machines: deletes the Node (a `terraform_data`). */
  public readonly deletion: TerraformResource;

  constructor(scope: Construct, id: string, props: NodeRetirementProps) {
    super(scope, id);
    this.deletion = this.perNode('node-deletion', props, renderNodeDeletionScript());
    const spec = props.machineSpec ?? {};
    const recordsSpec = Object.keys(spec).length > 0;
    this.drain = this.perNode('node-drain', props, renderDrainScript(props.drain), {
      [RECORDED_VERSION]: props.kubeletVersion,
      ...(recordsSpec && { [RECORDED_SPEC]: spec }),
    });
    this.drain.dependsOn = [address(this.deletion)];
    // The version and spec a node was made with: its machine ignores later user-data
    // and spec, so must this.
    this.drain.lifecycle = {
      ignoreChanges: [
        `input["${RECORDED_VERSION}"]`,
        ...(recordsSpec ? [`input["${RECORDED_SPEC}"]`] : []),
      ],
    };
    if (recordsSpec) {
      TerraformStack.of(this).addOverride(
        `check.${this.drain.friendlyUniqueId}_machine_specs`,
        machineSpecCheckBlock({
          drainAddress: `${this.drain.terraformResourceType}.${this.drain.friendlyUniqueId}`,
          poolName: props.poolName,
          machineSpec: spec,
        }),
      );
    }
    // CDKTF 0.21 has no construct for check blocks: the stack's JSON gets it as is.
    const controlPlane = props.controlPlaneVersion?.parts;
    TerraformStack.of(this).addOverride(
      `check.${this.drain.friendlyUniqueId}_versions`,
      versionCheckBlock({
        drainAddress: `${this.drain.terraformResourceType}.${this.drain.friendlyUniqueId}`,
        poolName: props.poolName,
        poolVersion: props.kubeletVersion,
        ...(controlPlane &&
          controlPlane.major === 1 && {
            controlPlaneMinor: controlPlane.minor,
            controlPlaneVersion: props.controlPlaneVersion!.version,
          }),
      }),
    );
  }

  /** Orders the machines between the drain and the Node deletion. */
  public orderMachines(machines: TerraformResource[]): void {
    for (const machine of machines) {
      machine.dependsOn = [...(machine.dependsOn ?? []), address(this.deletion)];
    }
    this.drain.dependsOn = [...(this.drain.dependsOn ?? []), ...machines.map(address)];
  }

  private perNode(
    id: string,
    props: NodeRetirementProps,
    script: string,
    more: { [key: string]: unknown } = {},
  ): TerraformData {
    const nodes = TerraformIterator.fromList(props.nodeNames);
    return new TerraformData(this, id, {
      forEach: nodes,
      // sensitive(): a kubeconfig read through a cross-stack remote state is not marked
      // sensitive by Terraform, and plans would print it.
      input: { node: nodes.value, kubeconfig: Fn.sensitive(props.kubeconfig), ...more },
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          // The script is a literal: its shell `${...}` must not be read as Terraform's.
          command: escapeTemplate(script),
          environment: {
            NODE_NAME: TerraformSelf.getString('input.node'),
            TENANT_KUBECONFIG: TerraformSelf.getString('input.kubeconfig'),
          },
        },
      ],
    });
  }
}

/**
 * `type.name`, as `depends_on` needs it: a bare address, where `fqn` would give an
 * interpolation Terraform refuses there. Lazy, so a logical id overridden later counts.
 */
function address(resource: TerraformResource): string {
  return Lazy.stringValue({
    produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`,
  });
}
