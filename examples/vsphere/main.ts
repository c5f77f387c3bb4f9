/**
 * Worker nodes on VMware vSphere for a Kamaji tenant control plane, in the two-stack
 * layout (design D1): `control-plane` on the management cluster, `nodes` on vSphere.
 *
 * Credentials come from Terraform variables, set through the environment at plan
 * time, never from code: TF_VAR_management_kubeconfig, TF_VAR_vsphere_server,
 * TF_VAR_vsphere_user, TF_VAR_vsphere_password. The inventory names below are
 * placeholders for your own.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  NodeAddressing,
  NodePool,
  TaintEffect,
  TenantControlPlane,
  VSphereInfrastructure,
} from '../../src';
import { ControlPlaneStack, useLocalState } from '../common/control-plane-stack';

class VSphereNodeStack extends TerraformStack {
  constructor(scope: Construct, id: string, controlPlane: TenantControlPlane) {
    super(scope, id);
    useLocalState(this);
    const variable = (name: string, description: string, sensitive = false) =>
      new TerraformVariable(this, name, { type: 'string', description, sensitive }).stringValue;
    new VsphereProvider(this, 'vsphere', {
      vsphereServer: variable('vsphere_server', 'vCenter host name'),
      user: variable('vsphere_user', 'vCenter user'),
      password: variable('vsphere_password', 'vCenter password', true),
    });

    const placement = {
      datacenter: 'dc-1',
      computeCluster: 'cluster-1',
      datastore: 'vsan-datastore',
      networks: ['tenant-nodes'],
      template: 'templates/ubuntu-24.04-cloudinit',
      folder: 'kamaji',
      folderPerTenant: true,
    };
    new NodePool(this, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 3,
      infrastructure: new VSphereInfrastructure({
        ...placement,
        cpus: 4,
        memoryMiB: 8192,
        diskGiB: 60,
        antiAffinity: true,
      }),
      addressing: NodeAddressing.staticRange({
        cidr: '192.0.2.0/24',
        first: '192.0.2.21',
        gateway: '192.0.2.1',
        dns: ['192.0.2.53'],
      }),
      labels: { 'node.kubernetes.io/pool': 'default-pool' },
    });
    new NodePool(this, 'system-pool', {
      controlPlane,
      name: 'system-pool',
      replicas: 2,
      infrastructure: new VSphereInfrastructure({ ...placement, cpus: 2, memoryMiB: 4096 }),
      labels: { 'node.kubernetes.io/pool': 'system-pool' },
      taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    });
  }
}

export function buildApp(app: App): App {
  const controlPlane = new ControlPlaneStack(app, 'control-plane');
  new VSphereNodeStack(app, 'nodes', controlPlane.controlPlane);
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
