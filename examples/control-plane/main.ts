/**
 * The default example (`npm run synth`): one Kamaji tenant control plane on a
 * management cluster reached through a kubeconfig file. Synthesizes with no
 * credentials; `terraform plan` reads the kubeconfig named by the
 * `management_kubeconfig` variable (TF_VAR_management_kubeconfig).
 */
import { App, TerraformOutput } from 'cdktf';
import { ServiceType } from '../../src';
import { ControlPlaneStack } from '../common/control-plane-stack';

export function buildApp(app: App): App {
  const stack = new ControlPlaneStack(app, 'control-plane', {
    name: 'tcp-alpha',
    serviceType: ServiceType.LOAD_BALANCER,
  });
  new TerraformOutput(stack, 'endpoint', { value: stack.controlPlane.endpoint });
  new TerraformOutput(stack, 'admin_kubeconfig', {
    value: stack.controlPlane.adminKubeconfig,
    sensitive: true,
  });
  return app;
}

if (require.main === module) {
  buildApp(new App()).synth();
}
