import { TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Problem } from '../errors';
import { FieldChecks } from '../private/field-checks';
import { Construct } from 'constructs';
import { claimName } from '../private/stack-names';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  INodePool,
  NodeMachine,
  NodeSpec,
} from './infrastructure';
import { Brand } from '../private/brand';

const BRAND = new Brand('BringYourOwnMachines');

/**
 * Machines made by any other tool: no VM is created; each node's user-data is a
 * sensitive output named `<node name>-user-data`, to hand to that tool (suffixed when a
 * pool of another control plane of the same name in the stack has that name too).
 */
export class BringYourOwnMachines implements INodeInfrastructure {
  /** Whether `x` is a BringYourOwnMachines, made by this copy of the library or another. */
  public static isBringYourOwnMachines(x: unknown): x is BringYourOwnMachines {
    return BRAND.has(x);
  }

  /**
   * @param failureDomains labels to spread nodes over, round-robin (e.g. racks).
   */
  constructor(private readonly failureDomains: string[] = []) {
    BRAND.mark(this);
  }

  public validate(): Problem[] {
    const check = new FieldChecks('infrastructure.', Token.isUnresolved);
    check.uniqueNames(
      'failureDomains',
      this.failureDomains,
      'failure domains the nodes are spread over',
    );
    return check.problems;
  }

  public bind(pool: INodePool): IBoundNodeInfrastructure {
    const stack = TerraformStack.of(pool);
    return {
      failureDomains: this.failureDomains,
      createMachine: (scope: Construct, node: NodeSpec): NodeMachine => {
        new TerraformOutput(scope, 'UserData', {
          value: node.userData,
          sensitive: true,
          description: `cloud-init user-data of ${node.name}`,
        }).overrideLogicalId(claimName(stack, 'output', `${node.name}-user-data`, pool));
        return {};
      },
    };
  }
}
