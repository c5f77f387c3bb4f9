/**
 * One control plane with pools on two infrastructures: a general pool of vSphere VMs
 * and a bare-metal pool from MAAS for heavy workloads, sharing one join token.
 *
 * Environment: TF_VAR_management_kubeconfig; TF_VAR_vsphere_server, TF_VAR_vsphere_user,
 * TF_VAR_vsphere_password; MAAS_API_URL and MAAS_API_KEY.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  MaasInfrastructure,
  MaasProvider,
  NodePool,
  TaintEffect,
  TenantControlPlane,
  VSphereInfrastructure,
} from '../../src';
import { ControlPlaneStack, useLocalState } from '../common/control-plane-stack';

class MixedNodeStack extends TerraformStack {
  constructor(scope: Construct, id: string, controlPlane: TenantControlPlane) {
    super(scope, id);
    useLocalState(this);
    const variable = (name: string, sensitive = false) =>
      new TerraformVariable(this, name, { type: 'string', sensitive }).stringValue;
    new VsphereProvider(this, 'vsphere', {
      vsphereServer: variable('vsphere_server'),
      user: variable('vsphere_user'),
      password: variable('vsphere_password', true),
    });
    new MaasProvider(this, 'maas', {});

    new NodePool(this, 'application-pool', {
      controlPlane,
      name: 'application-pool',
      replicas: 2,
      infrastructure: new VSphereInfrastructure({
        datacenter: 'dc-1',
        computeCluster: 'cluster-1',
        datastore: 'vsan-datastore',
        networks: ['tenant-nodes'],
        template: 'templates/ubuntu-24.04-cloudinit',
      }),
      labels: { 'node.kubernetes.io/pool': 'application-pool' },
    });
    new NodePool(this, 'gpu-pool', {
      controlPlane,
      name: 'gpu-pool',
      replicas: 2,
      infrastructure: MaasInfrastructure.bareMetal({ tags: ['gpu'], zones: ['zone-a', 'zone-b'] }),
      labels: { 'node.kubernetes.io/pool': 'gpu-pool', 'example.com/accelerator': 'gpu' },
      taints: [{ key: 'example.com/gpu', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    });
  }
}

export function buildApp(app: App): App {
  const controlPlane = new ControlPlaneStack(app, 'control-plane');
  new MixedNodeStack(app, 'nodes', controlPlane.controlPlane);
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
