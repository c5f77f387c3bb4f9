/**
 * How a pool replaces its nodes when what forces new machines changes (issue #14 items
 * 2 and 3): its kubelet version, or the machine spec its infrastructure declares as
 * replacement-forcing (template, image, size). Pure module: no CDKTF import.
 *
 * Immutable generations with surge (README "Day-2 operations"): new nodes under new
 * indices, old nodes drained and retired, over as many applies as it takes.
 */
import { Problem } from '../errors';
import { DayTwoMessages } from './day-two-messages';
import { Brand } from '../private/brand';

export interface RollingUpdateOptions {
  /**
   * How many nodes the pool may hold above `replicas` while it rolls: new capacity made
   * before old capacity goes. 0 replaces in place: old nodes go first.
   * @default 1
   */
  readonly maxSurge?: number;
  /**
   * How many of the pool's nodes one apply may take out of service (drain and retire).
   * At least 1: a rollout that may drain no node never ends. With `maxSurge` above 0
   * the pool never has fewer than `replicas` nodes that were there before the apply;
   * with `maxSurge` 0, it has at least `replicas - maxUnavailable`.
   * @default 1
   */
  readonly maxUnavailable?: number;
}

/** The largest batch: a pool holds at most 999 nodes, and a batch that large is no rollout. */
export const MAX_ROLLOUT_BATCH = 999;

const BRAND = new Brand('RolloutStrategy');

/**
 * Rolling replacement in generations, as Cluster API's MachineDeployment `RollingUpdate`,
 * carried out by successive applies.
 */
export class RolloutStrategy {
  /** Whether `x` is a RolloutStrategy, made by this copy of the library or another. */
  public static isRolloutStrategy(x: unknown): x is RolloutStrategy {
    return BRAND.has(x);
  }

  /** `maxSurge` 1, `maxUnavailable` 1. */
  public static readonly DEFAULT = RolloutStrategy.rollingUpdate();

  /** New nodes first, at most `maxSurge` above `replicas`; at most `maxUnavailable` drained per apply. */
  public static rollingUpdate(options: RollingUpdateOptions = {}): RolloutStrategy {
    return new RolloutStrategy(options.maxSurge ?? 1, options.maxUnavailable ?? 1);
  }

  private constructor(
    /** Nodes the pool may hold above `replicas` while it rolls. */
    public readonly maxSurge: number,
    /** Nodes one apply may drain and retire. */
    public readonly maxUnavailable: number,
  ) {
    BRAND.mark(this);
  }

  /**
   * Problems of the options (`field` is where the pool holds it).
   * @internal For the pool's rollout: it reports them under its path.
   */
  public validate(field: string): Problem[] {
    const problems: Problem[] = [];
    if (!isWhole(this.maxSurge, 0)) {
      problems.push(
        DayTwoMessages.badMaxSurge(`${field}.maxSurge`, this.maxSurge, MAX_ROLLOUT_BATCH),
      );
    }
    if (!isWhole(this.maxUnavailable, 1)) {
      problems.push(
        DayTwoMessages.badMaxUnavailable(
          `${field}.maxUnavailable`,
          this.maxUnavailable,
          MAX_ROLLOUT_BATCH,
        ),
      );
    }
    return problems;
  }
}

function isWhole(value: unknown, lowest: number): boolean {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= lowest &&
    value <= MAX_ROLLOUT_BATCH
  );
}
