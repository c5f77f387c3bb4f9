/**
 * What each node's drain instance records about how its node was made: under
 * `ignore_changes`, so the record keeps the values of the node's first apply while the
 * pool's settings move on (node-retirement.ts says why `triggers_replace` and not
 * `input`). The pool's checks (version-checks.ts, machine-spec-checks.ts,
 * address-checks.ts) compare the record with the pool now. Pure module: no import.
 */

/** The attribute of a drain instance that holds the record. */
export const RECORD_ATTRIBUTE = 'triggers_replace';

/** The key of the record that holds its node's kubelet version. */
export const RECORDED_VERSION = 'kubelet_version';

/** The key of the record that holds its node's machine spec. */
export const RECORDED_SPEC = 'machine_spec';

/** The key of the record that holds its node's address. */
export const RECORDED_ADDRESS = 'address';
