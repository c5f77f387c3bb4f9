/**
 * How a pool's nodes leave the tenant (design D10, issue #14 item 4): cordoned,
 * drained with PodDisruptionBudget-respecting evictions, then their machine destroyed
 * and their `Node` object deleted. Pure module: no CDKTF import.
 */
import { Problem } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { DayTwoMessages } from './day-two-messages';
import { Brand } from '../private/brand';
import { TimeoutAction } from './timeout-action';

/**
 * What a drain that does not finish within its timeout leads to.
 * @deprecated use {@link TimeoutAction}, the same values, which join health takes too
 */
export const DrainTimeoutAction = TimeoutAction;
/** @deprecated use {@link TimeoutAction} */
export type DrainTimeoutAction = TimeoutAction;

export interface NodeDrainOptions {
  /**
   * How long `kubectl drain` may take, in seconds, before `onTimeout` applies.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * What a drain that runs out of time does: with `FAIL_APPLY` the apply fails and the
   * machine is kept, drained again by the next apply (no workload loses its last replica
   * unnoticed); with `PROCEED` a warning, then the machine goes, evicted or not.
   * @default TimeoutAction.FAIL_APPLY
   */
  readonly onTimeout?: TimeoutAction;
}

/** The longest drain timeout: a day; an apply that waits longer is stuck, not careful. */
export const MAX_DRAIN_TIMEOUT_SECONDS = 86_400;

const BRAND = new Brand('NodeDrain');

/**
 * Whether and how Terraform drains a node before its machine is destroyed and deletes
 * its `Node` afterwards. Runs on the Terraform runner, which needs `kubectl` and a
 * route to the tenant's API server.
 */
export class NodeDrain {
  /** Whether `x` is a NodeDrain, made by this copy of the library or another. */
  public static isNodeDrain(x: unknown): x is NodeDrain {
    return BRAND.has(x);
  }

  /** Drain with the defaults: 600 s, then fail the apply. */
  public static readonly DEFAULT = NodeDrain.evict();

  /** Cordon, evict (respecting PodDisruptionBudgets), then delete the Node once the machine is gone. */
  public static evict(options: NodeDrainOptions = {}): NodeDrain {
    return new NodeDrain(
      true,
      options.timeoutSeconds ?? 600,
      options.onTimeout ?? TimeoutAction.FAIL_APPLY,
    );
  }

  /**
   * No drain and no Node deletion: machines are destroyed as they are and their Node
   * objects stay in the tenant. For runners that cannot reach the tenant.
   */
  public static none(): NodeDrain {
    return new NodeDrain(false, 0, TimeoutAction.FAIL_APPLY);
  }

  /** @deprecated use {@link NodeDrain.none} (the same value; "off" is `none()` on every value class) */
  public static disabled(): NodeDrain {
    return NodeDrain.none();
  }

  private constructor(
    /** Whether Terraform drains and deletes nodes at all. */
    public readonly enabled: boolean,
    /** Seconds `kubectl drain` may take. */
    public readonly timeoutSeconds: number,
    public readonly onTimeout: TimeoutAction,
  ) {
    BRAND.mark(this);
  }

  /**
   * Problems of the options (`field` is where the pool holds it).
   * @internal For NodePool: the pool reports them under its path.
   */
  public validate(field: string): Problem[] {
    if (!this.enabled) return [];
    const problems: Problem[] = [];
    const timeout: unknown = this.timeoutSeconds;
    if (!(
      typeof timeout === 'number' &&
      Number.isInteger(timeout) &&
      timeout >= 1 &&
      timeout <= MAX_DRAIN_TIMEOUT_SECONDS
    )) {
      problems.push(
        DayTwoMessages.badDrainTimeout(
          `${field}.timeoutSeconds`,
          timeout,
          MAX_DRAIN_TIMEOUT_SECONDS,
        ),
      );
    }
    const actions = Object.values(TimeoutAction) as string[];
    if (!actions.includes(this.onTimeout)) {
      problems.push(
        CommonMessages.notInEnum(`${field}.onTimeout`, this.onTimeout, [
          'TimeoutAction.FAIL_APPLY',
          'TimeoutAction.PROCEED',
        ]),
      );
    }
    return problems;
  }
}
