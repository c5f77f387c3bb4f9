/**
 * Where the runner finds the management cluster, for the retirement scripts to read a
 * tenant's admin kubeconfig Secret when they run (they keep no credential in state).
 * Only the non-secret settings of the control plane's management kubernetes provider
 * travel: its kubeconfig path and context. A provider configured otherwise (host and
 * token, several paths) gives nothing here, and the scripts fall back to the runner's
 * environment (retirement-scripts.ts).
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformProvider, TerraformStack } from 'cdktf';
import type { ITenantControlPlane } from '../kamaji/tenant-control-plane';

/** The management provider's kubeconfig settings; each may be a Terraform expression. */
export interface ManagementKubeconfig {
  /**
   * The kubeconfig file's path (a leading `~/` is the runner's home).
   * @default - the runner's `KUBE_CONFIG_PATH`, else `KUBECONFIG`, else `~/.kube/config`
   */
  readonly configPath?: string;
  /**
   * The context in that kubeconfig.
   * @default - its current context
   */
  readonly configContext?: string;
}

/**
 * The kubeconfig settings of `controlPlane`'s management provider: the one it was given,
 * else the default (unaliased) kubernetes provider of its stack, as it stands when the
 * pool is made. Empty when there is none or it names no kubeconfig file.
 */
export function managementKubeconfigOf(controlPlane: ITenantControlPlane): ManagementKubeconfig {
  const provider = controlPlane.managementProvider ?? defaultKubernetesProvider(controlPlane);
  if (!(provider instanceof KubernetesProvider)) return {};
  return {
    ...(provider.configPath !== undefined && { configPath: provider.configPath }),
    ...(provider.configContext !== undefined && { configContext: provider.configContext }),
  };
}

function defaultKubernetesProvider(
  controlPlane: ITenantControlPlane,
): TerraformProvider | undefined {
  return TerraformStack.of(controlPlane)
    .node.findAll()
    .find((c): c is KubernetesProvider => c instanceof KubernetesProvider && c.alias === undefined);
}
