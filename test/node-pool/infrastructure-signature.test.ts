import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  KubernetesVersion,
  NodeMachine,
  NodePool,
  NodeSpec,
  Problem,
  TenantControlPlane,
} from '../../src';
import { newStack, synthesize } from '../support/synth';

/**
 * An infrastructure written before issue #23, against the whole `NodePool` rather than
 * `INodePool`. `tsc` (run by `npm test` before jest) compiles this file: method
 * parameters are checked bivariantly, so it still implements `INodeInfrastructure`.
 * At run time it gets the pool itself, and what only `NodePool` has is there.
 */
class PoolClassInfrastructure implements INodeInfrastructure {
  public seenAtValidate?: string;

  public validate(pool: NodePool): Problem[] {
    this.seenAtValidate = pool.kubernetesVersion.version;
    return [];
  }

  public bind(pool: NodePool): IBoundNodeInfrastructure {
    return {
      failureDomains: [],
      createMachine: (scope: Construct, _node: NodeSpec): NodeMachine => {
        new TerraformOutput(scope, 'Drain', { value: pool.drain.enabled });
        return {};
      },
    };
  }
}

describe('INodeInfrastructure written against NodePool', () => {
  test('still binds, and reads what only NodePool has', () => {
    // GIVEN
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.33.4'),
    });
    const infrastructure = new PoolClassInfrastructure();
    // WHEN
    tcp.addNodePool('pool', { name: 'pool', infrastructure, replicas: 1 });
    // THEN
    expect(infrastructure.seenAtValidate).toBe('v1.33.4');
    const outputs = synthesize(stack).json.output ?? {};
    expect(Object.values(outputs).map((o) => (o as { value: unknown }).value)).toContain(true);
  });
});
