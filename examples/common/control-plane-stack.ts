/**
 * What the examples share: local state that other stacks can read, and the stack
 * holding the tenant control plane on the Kamaji management cluster (design D1).
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  KubernetesVersion,
  StateBackend,
  TenantControlPlane,
  TenantControlPlaneProps,
} from '../../src';

/** Local state each stack's neighbours can read (see StateBackend.local). */
export function useLocalState(stack: TerraformStack): void {
  StateBackend.local().applyTo(stack);
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
