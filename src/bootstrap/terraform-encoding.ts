import { Fn, Token } from 'cdktf';
import { ValueEncoding } from './encoding';

/** The placeholder CDKTF leaves in a string for each token it holds. */
const TOKEN = /(\$\{TfToken\[TOKEN\.\d+\]\})/;

/**
 * A ValueEncoding that defers to Terraform for text holding tokens: the text becomes
 * `join("", [literal, token, ...])`, encoded at apply time by `jsonencode` or
 * `base64encode`. Text without tokens is encoded right away, which keeps plans short.
 */
export const TERRAFORM_ENCODING: ValueEncoding = {
  base64: (text) =>
    Token.isUnresolved(text)
      ? Fn.base64encode(terraformString(text))
      : Buffer.from(text, 'utf8').toString('base64'),
  jsonString: (text) =>
    Token.isUnresolved(text) ? Fn.jsonencode(terraformString(text)) : JSON.stringify(text),
};

/**
 * Escapes the literal parts of a string attribute so Terraform reads them as text:
 * `${` and `%{` start template sequences in every Terraform string.
 */
export function escapeTemplateLiterals(text: string): string {
  return text
    .split(TOKEN)
    .map((part) => (TOKEN.test(part) ? part : part.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')))
    .join('');
}

/**
 * The text as a Terraform string expression, literal parts quoted exactly: what a
 * `Fn.*` call needs as argument when the text mixes literals and tokens.
 */
export function terraformString(text: string): string {
  const parts = text.split(TOKEN).filter((part) => part !== '');
  if (parts.length === 1 && TOKEN.test(parts[0])) return parts[0];
  // Fn.rawString escapes quotes, newlines and "${", but not backslashes or "%{".
  return Fn.join(
    '',
    parts.map((part) =>
      TOKEN.test(part)
        ? part
        : Fn.rawString(part.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/%\{/g, '%%{')),
    ),
  );
}
