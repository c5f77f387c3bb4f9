/**
 * What a wait that runs out of time does to the apply: one enum for every wait the
 * library lets Terraform run (a node's drain, a pool's join health), given as the
 * `onTimeout` of its options (issue #23 item 5). Pure module: no CDKTF import.
 */

/** What a wait that does not finish within its timeout leads to. */
export enum TimeoutAction {
  /**
   * The apply fails, saying what did not finish; the next apply waits again. What a
   * careful operator wants (design D13: fail closed).
   */
  FAIL_APPLY = 'fail',
  /**
   * A warning, then the apply goes on: a drained machine goes anyway, evicted or not
   * (Cluster API's nodeDrainTimeout); a pool whose nodes are not Ready is applied.
   */
  PROCEED = 'proceed',
}
