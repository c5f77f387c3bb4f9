/**
 * Tells whether a value is a CDKTF token (known only at apply time). Pure modules
 * take it as a parameter so they stay free of CDKTF imports; constructs pass
 * `Token.isUnresolved`.
 */
export type IsUnresolved = (value: unknown) => boolean;

/** Stands for a value known only at apply time (a Terraform token) in a problem. */
export const UNRESOLVED_VALUE = Symbol.for('cdktf-kamaji.unresolved');
