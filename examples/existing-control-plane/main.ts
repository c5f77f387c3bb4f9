/**
 * Node pools for a control plane made elsewhere (by kubectl, GitOps or another
 * team's stack): one stack, no TenantControlPlane resource. The admin kubeconfig is
 * read from its Secret in the management cluster; the join token is made with it.
 *
 * Environment: TF_VAR_management_kubeconfig (management cluster), and the Proxmox
 * provider's PROXMOX_VE_ENDPOINT, PROXMOX_VE_API_TOKEN and SSH settings.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  KubernetesVersion,
  ProxmoxInfrastructure,
  ProxmoxProvider,
  TenantControlPlane,
} from '../../src';
import { useLocalState } from '../common/control-plane-stack';

class ExistingControlPlaneNodes extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    useLocalState(this);
    const kubeconfig = new TerraformVariable(this, 'management_kubeconfig', {
      type: 'string',
      default: '~/.kube/config',
      description: 'Path of the kubeconfig of the Kamaji management cluster',
    });
    new KubernetesProvider(this, 'management', { configPath: kubeconfig.stringValue });
    new ProxmoxProvider(this, 'proxmox', { ssh: [{ agent: true }] });

    const tcpBeta = TenantControlPlane.fromTenantControlPlaneAttributes(this, 'tcp-beta', {
      name: 'tcp-beta',
      namespace: 'kamaji-tenant',
      kubernetesVersion: KubernetesVersion.of('v1.34.1'),
    });
    tcpBeta.addNodePool('default-pool', {
      name: 'default-pool',
      replicas: 3,
      infrastructure: new ProxmoxInfrastructure({
        nodes: ['pve-1', 'pve-2', 'pve-3'],
        templateVmId: 9000,
        snippetsDatastore: 'local',
      }),
      labels: { 'node.kubernetes.io/pool': 'default-pool' },
    });
  }
}

export function buildApp(app: App): App {
  new ExistingControlPlaneNodes(app, 'nodes');
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
