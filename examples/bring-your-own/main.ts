/**
 * The two-stack layout (design D1) with machines made by another tool: stack
 * `control-plane` applies tcp-charlie on the management cluster; stack `nodes`
 * creates its join token in the tenant cluster and renders the user-data of each
 * node as a sensitive output, for any tool that boots machines with cloud-init.
 *
 *   cdktf deploy control-plane nodes
 *   terraform -chdir=cdktf.out/stacks/nodes output -raw tcp-charlie-default-pool-node-00-user-data
 *
 * Reads no credentials at synth; at plan time the management kubeconfig comes from
 * the `management_kubeconfig` variable (TF_VAR_management_kubeconfig).
 */
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BringYourOwnMachines, NodePool, TaintEffect, TenantControlPlane } from '../../src';
import { ControlPlaneStack, useLocalState } from '../common/control-plane-stack';

class NodeStack extends TerraformStack {
  constructor(scope: Construct, id: string, controlPlane: TenantControlPlane) {
    super(scope, id);
    useLocalState(this);
    // The join token's tenant provider is configured from the admin kubeconfig, which
    // this stack reads from the control plane stack's state (a cross-stack reference).
    new NodePool(this, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 3,
      infrastructure: new BringYourOwnMachines(['rack-a', 'rack-b']),
      labels: { 'node.kubernetes.io/pool': 'default-pool' },
    });
    new NodePool(this, 'system-pool', {
      controlPlane,
      name: 'system-pool',
      replicas: 2,
      infrastructure: new BringYourOwnMachines(['rack-a', 'rack-b']),
      labels: { 'node.kubernetes.io/pool': 'system-pool' },
      taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    });
  }
}

export function buildApp(app: App): App {
  const controlPlane = new ControlPlaneStack(app, 'control-plane');
  new NodeStack(app, 'nodes', controlPlane.controlPlane);
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
