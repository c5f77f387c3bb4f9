/**
 * Tells whether a value is a CDKTF token (known only at apply time). Pure modules
 * take it as a parameter so they stay free of CDKTF imports; constructs pass
 * `Token.isUnresolved`.
 */
export type IsUnresolved = (value: unknown) => boolean;
