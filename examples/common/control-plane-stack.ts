/**
 * What the examples share: local state that other stacks can read, and the stack
 * holding the tenant control plane on the Kamaji management cluster (design D1).
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesVersion, TenantControlPlane, TenantControlPlaneProps } from '../../src';

/**
 * State in `cdktf.out/stacks/<stack>/terraform.<stack>.tfstate`, written relative to
 * the stack's folder: no machine path in the output, and another stack's
 * cross-stack reads (run from its own folder) resolve it too.
 */
export function useLocalState(stack: TerraformStack): void {
  const id = stack.node.id;
  new LocalBackend(stack, { path: `../${id}/terraform.${id}.tfstate` });
}

/** One stack with one tenant control plane; the management kubeconfig is a variable. */
export class ControlPlaneStack extends TerraformStack {
  public readonly controlPlane: TenantControlPlane;

  constructor(scope: Construct, id: string, props: Partial<TenantControlPlaneProps> = {}) {
    super(scope, id);
    useLocalState(this);
    const kubeconfig = new TerraformVariable(this, 'management_kubeconfig', {
      type: 'string',
      default: '~/.kube/config',
      description: 'Path of the kubeconfig of the Kamaji management cluster',
    });
    new KubernetesProvider(this, 'management', { configPath: kubeconfig.stringValue });
    const name = props.name ?? 'tcp-charlie';
    this.controlPlane = new TenantControlPlane(this, name, {
      name,
      namespace: 'kamaji-tenant',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
      // Examples are throw-away: keep `cdktf destroy` working.
      deletionProtection: false,
      ...props,
    });
  }
}
