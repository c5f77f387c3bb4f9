import { Token } from 'cdktf';

/** A machine spec value as text: numbers in decimal, a Terraform reference as its token. */
export function specValue(value: string | number): string {
  if (typeof value === 'number' && Token.isUnresolved(value)) return Token.asString(value);
  return String(value);
}
