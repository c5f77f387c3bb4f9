/**
 * How apply-time values get into user-data without ever being spliced into YAML or
 * shell text, whatever they turn out to hold (design D7): a file is base64-encoded as
 * a whole; a string of a JSON file, and a scalar of the cloud-config, is a JSON string
 * (JSON is YAML); a value the join script needs is base64 it decodes into a variable;
 * a value of the proxy environment file is backslash-escaped inside double quotes.
 * With literal values that happens here; with Terraform tokens the CDKTF adapter
 * defers it to Terraform's own `base64encode`, `jsonencode` and `replace`. Values known
 * at synth render as before (plain YAML, single-quoted shell words), so the user-data
 * of existing pools does not change. Pure module: no CDKTF import.
 */

/** Encodes text that may hold apply-time values. */
export interface ValueEncoding {
  /** The base64 of `text`. */
  base64(text: string): string;
  /** `text` as a JSON string literal, quotes included. */
  jsonString(text: string): string;
  /** `text` with a backslash before each character of `specials`. */
  backslashEscaped(text: string, specials: string): string;
  /** Whether `value` is known only at apply time (and must be encoded, never spliced). */
  isUnresolved(value: unknown): boolean;
}

/** For values known now: Node's own base64 and JSON. */
export const LITERAL_ENCODING: ValueEncoding = {
  base64: (text) => Buffer.from(text, 'utf8').toString('base64'),
  jsonString: (text) => JSON.stringify(text),
  backslashEscaped: (text, specials) =>
    [...text].map((c) => (specials.includes(c) ? `\\${c}` : c)).join(''),
  isUnresolved: () => false,
};

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * JSON text of `value`, each string rendered by `encoding.jsonString`. Two-space
 * indentation keeps the files readable on the node.
 */
export function toJson(value: Json, encoding: ValueEncoding, indent = ''): string {
  const inner = `${indent}  `;
  if (typeof value === 'string') return encoding.jsonString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + toJson(v, encoding, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const body = entries
    .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, encoding, inner)}`)
    .join(',\n');
  return `{\n${body}\n${indent}}`;
}

export type { Json };
