/**
 * Whether an apply waits for the nodes of a pool to be registered and Ready in the
 * tenant, and what a node that is not does to the apply (issue #14 item 5). Pure
 * module: no CDKTF import.
 */
import { Errors, Problem } from '../errors';
import { Brand } from '../private/brand';

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

  /** No wait: the apply ends once the machines exist, joined or not (the default). */
  public static none(): JoinHealth {
    return new JoinHealth(JoinHealthMode.NONE, 0);
  }

  /**
   * Wait up to `timeoutSeconds` after the machines are made; a node that is not Ready by
   * then fails the apply. The runner needs `kubectl` and a route to the tenant's API.
   */
  public static failAfter(timeoutSeconds: number): JoinHealth {
    return new JoinHealth(JoinHealthMode.FAIL, timeoutSeconds);
  }

  /**
   * Wait up to `timeoutSeconds`; a node that is not Ready by then is a warning, and the
   * apply succeeds. The runner needs `kubectl` and a route to the tenant's API.
   */
  public static warnAfter(timeoutSeconds: number): JoinHealth {
    return new JoinHealth(JoinHealthMode.WARN, timeoutSeconds);
  }

  private constructor(
    /** What a node that is not Ready does to the apply. */
    public readonly mode: JoinHealthMode,
    /** How long the runner waits, in seconds (0 with `none()`). */
    public readonly timeoutSeconds: number,
  ) {
    BRAND.mark(this);
  }

  /** Problems of this setting, reported under `field` (e.g. `joinHealth`). */
  public validate(field: string): Problem[] {
    if (this.mode === JoinHealthMode.NONE) return [];
    const timeout: unknown = this.timeoutSeconds;
    const fine =
      typeof timeout === 'number' &&
      Number.isInteger(timeout) &&
      timeout >= 1 &&
      timeout <= MAX_JOIN_TIMEOUT_SECONDS;
    return fine
      ? []
      : [Errors.badJoinHealthTimeout(`${field}.timeoutSeconds`, timeout, MAX_JOIN_TIMEOUT_SECONDS)];
  }
}
