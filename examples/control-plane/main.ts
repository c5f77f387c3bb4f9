/**
 * The default example (`npm run synth`): one Kamaji tenant control plane on a
 * management cluster reached through a kubeconfig file. Synthesizes with no
 * credentials; `terraform plan` reads the kubeconfig named by the
 * `management_kubeconfig` variable (TF_VAR_management_kubeconfig).
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesVersion, ServiceType, TenantControlPlane } from '../../src';

export class ControlPlaneStack extends TerraformStack {
  public readonly controlPlane: TenantControlPlane;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // A relative state path keeps the machine's absolute path out of the output; written
    // from the stacks folder, it also resolves from other stacks' cross-stack reads.
    new LocalBackend(this, { path: `../${id}/terraform.${id}.tfstate` });

    const kubeconfig = new TerraformVariable(this, 'management_kubeconfig', {
      type: 'string',
      default: '~/.kube/config',
      description: 'Path of the kubeconfig of the Kamaji management cluster',
    });
    new KubernetesProvider(this, 'management', { configPath: kubeconfig.stringValue });

    this.controlPlane = new TenantControlPlane(this, 'tcp-alpha', {
      name: 'tcp-alpha',
      namespace: 'kamaji-tenant',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
      serviceType: ServiceType.LOAD_BALANCER,
      // A throw-away example: keep `cdktf destroy` working.
      deletionProtection: false,
    });

    new TerraformOutput(this, 'endpoint', { value: this.controlPlane.endpoint });
    new TerraformOutput(this, 'admin_kubeconfig', {
      value: this.controlPlane.adminKubeconfig,
      sensitive: true,
    });
  }
}

export function buildApp(app: App): App {
  new ControlPlaneStack(app, 'control-plane');
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
