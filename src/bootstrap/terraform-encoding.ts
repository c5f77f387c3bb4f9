import { Fn, Token } from 'cdktf';
import { terraformString } from '../private/terraform-literals';
import { ValueEncoding } from './encoding';

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
