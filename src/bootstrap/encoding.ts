/**
 * How apply-time values (endpoint, CA, token) get into user-data without ever being
 * spliced into YAML or shell text: every file that holds one is JSON whose strings
 * are encoded by a `ValueEncoding`, then base64-encoded as a whole. With literal
 * values that happens here; with Terraform tokens the CDKTF adapter defers it to
 * Terraform's own `jsonencode` and `base64encode`, so whatever the values turn out
 * to be, the cloud-config stays valid YAML. Pure module: no CDKTF import.
 */

/** Encodes text that may hold apply-time values. */
export interface ValueEncoding {
  /** The base64 of `text`. */
  base64(text: string): string;
  /** `text` as a JSON string literal, quotes included. */
  jsonString(text: string): string;
}

/** For values known now: Node's own base64 and JSON. */
export const LITERAL_ENCODING: ValueEncoding = {
  base64: (text) => Buffer.from(text, 'utf8').toString('base64'),
  jsonString: (text) => JSON.stringify(text),
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
