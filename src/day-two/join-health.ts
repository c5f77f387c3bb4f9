/**
 * Whether an apply waits for the nodes of a pool to be registered and Ready in the
 * tenant, and what a node that is not does to the apply (issue #14 item 5). Pure
 * module: no CDKTF import.
 */
import { Problem } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { DayTwoMessages } from './day-two-messages';
import { Brand } from '../private/brand';
import { TimeoutAction } from './timeout-action';

/** What a node that is not Ready when the wait ends does to the apply. */
export enum JoinHealthMode {
  /** No wait and no report. */
  NONE = 'none',
  /** The apply succeeds; the runner's script and a Terraform `check` warn. */
  WARN = 'warn',
  /** The apply fails, naming each node that is not registered or not Ready. */
  FAIL = 'fail',
}

/** The longest wait: two hours; a node that has not joined by then will not. */
export const MAX_JOIN_TIMEOUT_SECONDS = 7_200;

export interface JoinHealthOptions {
  /**
   * How long the runner waits for the pool's nodes, in seconds, before `onTimeout`
   * applies (at most {@link MAX_JOIN_TIMEOUT_SECONDS}).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * What a node that is not registered and Ready by then does: with `FAIL_APPLY` the
   * apply fails, naming each such node; with `PROCEED` the runner's script and a
   * Terraform `check` warn, and the apply succeeds.
   * @default TimeoutAction.FAIL_APPLY
   */
  readonly onTimeout?: TimeoutAction;
}

const BRAND = new Brand('JoinHealth');

/**
 * Join health after apply: Terraform's runner waits, with `kubectl` and the tenant's
 * admin kubeconfig, until every node of the pool is registered and Ready, then fails
 * the apply or warns when one is not.
 */
export class JoinHealth {
  /** Whether `x` is a JoinHealth, made by this copy of the library or another. */
  public static isJoinHealth(x: unknown): x is JoinHealth {
    return BRAND.has(x);
  }

  /** No wait: the apply ends once the machines exist, joined or not. */
  public static none(): JoinHealth {
    return new JoinHealth(JoinHealthMode.NONE, 0, undefined);
  }

  /** The join health of a pool that does not say: {@link JoinHealth.none}. */
  public static readonly DEFAULT = JoinHealth.none();

  /**
   * Wait up to `timeoutSeconds` after the machines are made for every node to be
   * registered and Ready; `onTimeout` says what a node that is not does to the apply.
   * The runner needs `kubectl` and a route to the tenant's API.
   */
  public static waitForReady(options: JoinHealthOptions = {}): JoinHealth {
    const onTimeout: unknown = options.onTimeout ?? TimeoutAction.FAIL_APPLY;
    return new JoinHealth(
      onTimeout === TimeoutAction.PROCEED ? JoinHealthMode.WARN : JoinHealthMode.FAIL,
      options.timeoutSeconds ?? 600,
      onTimeout,
    );
  }

  /**
   * Wait up to `timeoutSeconds`; a node that is not Ready by then fails the apply.
   * @deprecated use `JoinHealth.waitForReady({ timeoutSeconds })` (the same value)
   */
  public static failAfter(timeoutSeconds: number): JoinHealth {
    // Not through waitForReady: a missing timeout stays a problem, as it was.
    return new JoinHealth(JoinHealthMode.FAIL, timeoutSeconds, TimeoutAction.FAIL_APPLY);
  }

  /**
   * Wait up to `timeoutSeconds`; a node that is not Ready by then is a warning.
   * @deprecated use `JoinHealth.waitForReady({ timeoutSeconds, onTimeout: TimeoutAction.PROCEED })`
   * (the same value)
   */
  public static warnAfter(timeoutSeconds: number): JoinHealth {
    return new JoinHealth(JoinHealthMode.WARN, timeoutSeconds, TimeoutAction.PROCEED);
  }

  private constructor(
    /** What a node that is not Ready does to the apply. */
    public readonly mode: JoinHealthMode,
    /** How long the runner waits, in seconds (0 with `none()`). */
    public readonly timeoutSeconds: number,
    /** The `onTimeout` given, checked by `validate` (from JavaScript it may be anything). */
    private readonly onTimeout: unknown,
  ) {
    BRAND.mark(this);
  }

  /**
   * Problems of this setting, reported under `field` (e.g. `joinHealth`).
   * @internal For NodePool: the pool reports them under its path.
   */
  public validate(field: string): Problem[] {
    if (this.mode === JoinHealthMode.NONE) return [];
    const problems: Problem[] = [];
    const timeout: unknown = this.timeoutSeconds;
    const fine =
      typeof timeout === 'number' &&
      Number.isInteger(timeout) &&
      timeout >= 1 &&
      timeout <= MAX_JOIN_TIMEOUT_SECONDS;
    if (!fine) {
      problems.push(
        DayTwoMessages.badJoinHealthTimeout(
          `${field}.timeoutSeconds`,
          timeout,
          MAX_JOIN_TIMEOUT_SECONDS,
        ),
      );
    }
    if (!(Object.values(TimeoutAction) as unknown[]).includes(this.onTimeout)) {
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
