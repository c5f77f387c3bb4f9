import { TerraformStack, TerraformVariable } from 'cdktf';
import {
  INodeInfrastructure,
  KubernetesVersion,
  NodePool,
  NodePoolOptions,
  TenantControlPlane,
} from '../../src';
import { FakeInfrastructure } from './fake-infrastructure';
import { refusalMessage } from './refusal';
import { newStack, synthesize } from './synth';

/** A control plane of v1.34.1 named and with the id `name`. */
export function controlPlaneIn(stack: TerraformStack, name = 'tcp-charlie'): TenantControlPlane {
  return new TenantControlPlane(stack, name, {
    name,
    kubernetesVersion: KubernetesVersion.of('v1.34.1'),
  });
}

/**
 * The lines synth reports for a pool `test/pool` with these options (on fake machines
 * unless they say otherwise); options are passed as given, so JavaScript misuse can be
 * tried. Fails the test when synth reports nothing.
 */
export function poolProblems(
  options: Partial<NodePoolOptions> & { [key: string]: unknown },
): string[] {
  const stack = newStack();
  const tcp = controlPlaneIn(stack);
  new NodePool(stack, 'pool', {
    controlPlane: tcp,
    name: 'default-pool',
    infrastructure: new FakeInfrastructure(),
    ...options,
  } as any);
  return refusalMessage(() => synthesize(stack)).split('\n');
}

/** The lines synth reports for a pool of `replicas` nodes on `infrastructure`. */
export function infrastructureProblems(
  infrastructure: INodeInfrastructure,
  replicas = 2,
): string[] {
  return poolProblems({ infrastructure, replicas });
}

/**
 * The message synth reports for a pool `test/<id>` whose infrastructure is made by
 * `infrastructure` from a list known only at apply time.
 */
export function tokenListRefusal(
  id: string,
  infrastructure: (list: string[]) => INodeInfrastructure,
): string {
  const stack = newStack();
  const list = new TerraformVariable(stack, 'list', { type: 'list(string)' }).listValue;
  new NodePool(stack, id, {
    controlPlane: controlPlaneIn(stack),
    name: id,
    infrastructure: infrastructure(list),
  });
  return refusalMessage(() => synthesize(stack));
}
