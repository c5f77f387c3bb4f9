import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { Construct } from 'constructs';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  INodePool,
  NodeMachine,
  NodeSpec,
} from '../../src';

/**
 * A stand-in infrastructure: one random_string per machine whose `keepers` carry the
 * user-data, so tests can see what a real VM resource would get. Counts its binds.
 */
export class FakeInfrastructure implements INodeInfrastructure {
  public binds = 0;
  public readonly specs: NodeSpec[] = [];

  constructor(private readonly failureDomains: string[] = []) {}

  public bind(_pool: INodePool): IBoundNodeInfrastructure {
    this.binds += 1;
    return {
      failureDomains: this.failureDomains,
      createMachine: (scope: Construct, node: NodeSpec): NodeMachine => {
        this.specs.push(node);
        const resource = new StringResource(scope, 'Machine', {
          length: 8,
          keepers: { user_data: node.userData, domain: node.failureDomain ?? '' },
        });
        return { resource, userDataAttributes: ['keepers'], machineId: resource.id };
      },
    };
  }
}
