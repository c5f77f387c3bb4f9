import { Fn, Token } from 'cdktf';
import { terraformString } from '../private/terraform-literals';
import { LITERAL_ENCODING as LITERAL, ValueEncoding } from './encoding';

/**
 * A ValueEncoding that defers to Terraform for text holding tokens: the text becomes
 * `join("", [literal, token, ...])`, encoded at apply time by `jsonencode`,
 * `base64encode` or `replace`. Text without tokens is encoded right away, which keeps
 * plans short.
 */
export const TERRAFORM_ENCODING: ValueEncoding = {
  base64: (text) =>
    Token.isUnresolved(text)
      ? Fn.base64encode(terraformString(text))
      : Buffer.from(text, 'utf8').toString('base64'),
  jsonString: (text) =>
    Token.isUnresolved(text) ? Fn.jsonencode(terraformString(text)) : JSON.stringify(text),
  backslashEscaped: (text, specials) => {
    if (!Token.isUnresolved(text)) return LITERAL.backslashEscaped(text, specials);
    // replace() with a /regex/ expands "$1" in the replacement (Terraform docs, replace function).
    const characterClass = [...specials].map((c) => `\\${c}`).join('');
    return Fn.replace(
      terraformString(text),
      terraformString(`/([${characterClass}])/`),
      terraformString('\\$1'),
    );
  },
  isUnresolved: (value) => Token.isUnresolved(value),
};
