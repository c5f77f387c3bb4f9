import { TerraformStack } from 'cdktf';
import {
  BringYourOwnMachines,
  KubernetesVersion,
  NodePool,
  NodePoolOptions,
  TenantControlPlane,
} from '../../src';

/**
 * The pool the synthesis tests start from, in `stack`: control plane `tcp` (tcp-charlie,
 * Kubernetes v1.35.7) and its pool `default-pool` of 2 bring-your-own machines;
 * `options` override the pool's props.
 */
export function addDefaultPool(
  stack: TerraformStack,
  options: Partial<NodePoolOptions> = {},
): NodePool {
  const controlPlane = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.35.7'),
  });
  return new NodePool(stack, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    replicas: 2,
    infrastructure: new BringYourOwnMachines(),
    ...options,
  });
}
