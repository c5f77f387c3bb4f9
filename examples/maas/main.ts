/**
 * Worker nodes deployed by Canonical MAAS for a Kamaji tenant control plane, in the
 * two-stack layout (design D1): a bare-metal pool allocated by tags and zones, and a
 * pool of VMs composed on MAAS VM hosts.
 *
 * The canonical/maas provider reads its credentials from the environment, never from
 * code: MAAS_API_URL and MAAS_API_KEY. TF_VAR_management_kubeconfig names the
 * management cluster's kubeconfig. Tags, zones and VM hosts below are placeholders.
 */
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  MaasInfrastructure,
  MaasProvider,
  NodePool,
  TaintEffect,
  TenantControlPlane,
} from '../../src';
import { ControlPlaneStack, useLocalState } from '../common/control-plane-stack';

class MaasNodeStack extends TerraformStack {
  constructor(scope: Construct, id: string, controlPlane: TenantControlPlane) {
    super(scope, id);
    useLocalState(this);
    new MaasProvider(this, 'maas', {});

    new NodePool(this, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 3,
      infrastructure: MaasInfrastructure.bareMetal({
        tags: ['kamaji-worker'],
        resourcePool: 'kamaji',
        zones: ['zone-a', 'zone-b', 'zone-c'],
        minCpuCount: 8,
        minMemoryMiB: 32768,
        distroSeries: 'noble',
      }),
      labels: { 'node.kubernetes.io/pool': 'default-pool' },
    });
    new NodePool(this, 'system-pool', {
      controlPlane,
      name: 'system-pool',
      replicas: 2,
      infrastructure: MaasInfrastructure.vmHosts({
        vmHosts: ['lxd-host-1', 'lxd-host-2'],
        cores: 2,
        memoryMiB: 4096,
        storageDisks: [{ sizeGiB: 30 }],
      }),
      labels: { 'node.kubernetes.io/pool': 'system-pool' },
      taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    });
  }
}

export function buildApp(app: App): App {
  const controlPlane = new ControlPlaneStack(app, 'control-plane');
  new MaasNodeStack(app, 'nodes', controlPlane.controlPlane);
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
