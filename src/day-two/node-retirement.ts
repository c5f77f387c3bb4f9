/**
 * Terraform's side of a node leaving its pool (issue #14 item 4): two `terraform_data`
 * resources per pool, each with one instance per live node (`for_each` over node names)
 * and a destroy-time `local-exec` provisioner; and, for a control plane made in the app,
 * a third one per pool, `control-plane-first`, whose precondition the records wait on.
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
 *
 * No credential in their state: terraform_data copies `input` to its `output`
 * attribute without the sensitive mark, so plans that update or destroy an instance
 * would print whatever secret `input` held (measured with terraform 1.11). The scripts
 * read the tenant's admin kubeconfig from Kamaji's Secret when they run, with the
 * runner's management credentials; `input` holds only where to find it.
 */
import {
  Fn,
  Lazy,
  Op,
  TerraformIterator,
  TerraformResource,
  TerraformSelf,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';
import { TerraformData } from '../private/terraform-data';
import { escapeTemplate } from '../private/terraform-literals';
import {
  MANAGEMENT_ENVIRONMENT,
  ManagementKubeconfig,
  managementRecord,
  plain,
  TenantIdentity,
} from './management-kubeconfig';
import { NodeDrain } from './node-drain';
import { renderDrainScript, renderNodeDeletionScript } from './retirement-scripts';
import { RECORD_ATTRIBUTE, RECORDED_ADDRESS, RECORDED_SPEC, RECORDED_VERSION } from './node-record';
import { poolCheckBlock } from './node-checks';
import { addressPostcondition, AddressCheckInput } from './address-checks';
import type { KubernetesVersion } from '../kamaji/kubernetes-version';

/** The command the provisioners run: the script comes through the environment. */
export const RETIREMENT_COMMAND = 'sh -c "$CDKTF_KAMAJI_SCRIPT" cdktf-kamaji-retirement';

export interface NodeRetirementProps {
  /** Names of the pool's live nodes. */
  readonly nodeNames: string[];
  /** Name of the Secret Kamaji writes the tenant's admin kubeconfig to (`admin.conf`). */
  readonly adminKubeconfigSecretName: string;
  /** Namespace of that Secret in the management cluster: the control plane's. */
  readonly adminKubeconfigSecretNamespace: string;
  /**
   * How the runner reaches the management cluster to read that Secret (paths, not secrets).
   * @default - the runner's `KUBE_CONFIG_PATH`, else `KUBECONFIG`, else `~/.kube/config`
   */
  readonly managementKubeconfig?: ManagementKubeconfig;
  /**
   * The tenant's API server and CA as Terraform read its admin kubeconfig (no secrets):
   * the scripts refuse a tenant kubeconfig with another.
   */
  readonly tenant: TenantIdentity;
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
  /**
   * The version the control plane was last applied with (a token), when it is made in
   * this app: no node of the pool is made while it is older than `kubeletVersion`.
   */
  readonly appliedControlPlaneVersion?: string;
  /** Name of the control plane, for messages. */
  readonly controlPlaneName?: string;
  /**
   * The nodes' static addresses, where they go round the pool's range: each drain
   * instance records its node's, and a plan that would move a recorded node fails.
   * @default - no record, no check
   * @internal NodePool's, from its addressing.
   */
  readonly addressCheck?: AddressCheckInput;
  /** The version rollout the configuration holds, for the version warning to say where it is. */
  readonly rollout?: { readonly step: number; readonly stepCount: number };
}

export class NodeRetirement extends Construct {
  /** Destroyed before the machines: drains (a `terraform_data`). */
  public readonly drain: TerraformResource;
  /** Destroyed after the machines: deletes the Node (a `terraform_data`). */
  public readonly deletion: TerraformResource;

  constructor(scope: Construct, id: string, props: NodeRetirementProps) {
    super(scope, id);
    this.deletion = this.perNode('node-deletion', props, renderNodeDeletionScript());
    // Made before each machine (the machines depend on the Node records, which depend
    // on it), so its precondition stops a new kubelet from joining an older API server.
    // One resource per pool, not a precondition per record: Terraform reports a failed
    // precondition once per instance, and it has one cause (issue #22 item 6).
    const guard = controlPlaneFirst(props);
    if (guard) {
      const first = new TerraformData(this, 'control-plane-first', {
        lifecycle: { precondition: [guard] },
      });
      this.deletion.dependsOn = [address(first)];
    }
    const spec = props.machineSpec ?? {};
    const recordsSpec = Object.keys(spec).length > 0;
    const addresses = props.addressCheck;
    this.drain = this.perNode('node-drain', props, renderDrainScript(props.drain), (node) => ({
      [RECORDED_VERSION]: props.kubeletVersion,
      ...(recordsSpec && { [RECORDED_SPEC]: spec }),
      ...(addresses && { [RECORDED_ADDRESS]: Fn.lookup(addresses.addresses, node) }),
    }));
    this.drain.dependsOn = [address(this.deletion)];
    // The version and spec a node was made with: its machine ignores later user-data
    // and spec, so must the record. `triggers_replace`, not `input`: terraform_data's
    // input is one dynamic value, and ignoring a key of it ignores all of it (measured
    // with terraform 1.11), so a drain would keep the management kubeconfig settings of
    // the day its node was made; the input must follow the current ones.
    this.drain.lifecycle = { ignoreChanges: [RECORD_ATTRIBUTE] };
    if (addresses) {
      // Raw: the condition is an expression of `self` and `each`, which CDKTF cannot build.
      this.drain.addOverride('lifecycle.postcondition', [
        addressPostcondition(addresses, RECORD_ATTRIBUTE),
      ]);
    }
    // CDKTF 0.21 has no construct for check blocks: the stack's JSON gets it as is.
    const controlPlane = props.controlPlaneVersion?.parts;
    TerraformStack.of(this).addOverride(
      `check.${this.drain.friendlyUniqueId}_nodes`,
      poolCheckBlock({
        drainAddress: `${this.drain.terraformResourceType}.${this.drain.friendlyUniqueId}`,
        poolName: props.poolName,
        poolVersion: props.kubeletVersion,
        rollout: props.rollout,
        ...(recordsSpec && { machineSpec: spec }),
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
    record?: (node: string) => { [key: string]: unknown },
  ): TerraformData {
    const nodes = TerraformIterator.fromList(props.nodeNames);
    const management = props.managementKubeconfig ?? {};
    return new TerraformData(this, id, {
      forEach: nodes,
      // Every key always present: the scripts read each one from `self.input`.
      input: {
        node: nodes.value,
        secret_namespace: props.adminKubeconfigSecretNamespace,
        secret_name: props.adminKubeconfigSecretName,
        ...managementRecord(management),
        tenant_endpoint: plain(props.tenant.endpoint),
        tenant_ca_sha256: plain(props.tenant.caSha256),
      },
      ...(record && { triggersReplace: record(nodes.value) }),
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          // A short command: a failed provisioner prints its command, not its environment.
          command: RETIREMENT_COMMAND,
          environment: {
            // The script is a literal: its shell `${...}` must not be read as Terraform's.
            CDKTF_KAMAJI_SCRIPT: escapeTemplate(script),
            NODE_NAME: TerraformSelf.getString('input.node'),
            ADMIN_KUBECONFIG_SECRET_NAMESPACE: TerraformSelf.getString('input.secret_namespace'),
            ADMIN_KUBECONFIG_SECRET_NAME: TerraformSelf.getString('input.secret_name'),
            ...MANAGEMENT_ENVIRONMENT,
            // Read with `try`: a node recorded by an older library has no such key.
            TENANT_ENDPOINT: '${try(self.input.tenant_endpoint, "")}',
            TENANT_CA_SHA256: '${try(self.input.tenant_ca_sha256, "")}',
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

/**
 * The precondition that the control plane was applied with the pool's minor or a newer
 * one. With the control plane in another stack, its version comes from that stack's
 * state: a node stack applied before it fails here, before any machine is made. In one
 * stack, the reference also orders the pool's records, hence its machines, after an
 * update of the control plane.
 */
function controlPlaneFirst(
  props: NodeRetirementProps,
): { condition: unknown; errorMessage: string } | undefined {
  const applied = props.appliedControlPlaneVersion;
  const minor = /^v?1\.(\d+)\.\d+$/.exec(props.kubeletVersion)?.[1];
  if (applied === undefined || minor === undefined) return undefined;
  // A version is no secret; across stacks CDKTF marks every output sensitive.
  return {
    condition: Op.gte(Fn.tonumber(Fn.element(Fn.split('.', applied), 1)), Number(minor)),
    errorMessage:
      `Pool ${props.poolName}: its nodes get ${props.kubeletVersion}, but control plane ${props.controlPlaneName} ` +
      `was last applied with ${Fn.nonsensitive(applied)}: apply the control plane first (a kubelet may not be newer than its API server).`,
  };
}
