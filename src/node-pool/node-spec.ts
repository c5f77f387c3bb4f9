import { Fn, Token } from 'cdktf';
import { terraformLiteral, terraformString } from '../private/terraform-literals';
import type { NodeSpec } from './infrastructure';
import type { NodeAddress } from './node-addressing';

/** What a node is, before its user-data is encoded for a machine. */
export interface NodeFacts {
  readonly index: number;
  readonly name: string;
  readonly failureDomain?: string;
  readonly address?: NodeAddress;
}

/**
 * The node as an infrastructure sees it, with each user-data encoding built the first
 * time it is read and kept: a machine reads one of the three (a Proxmox snippet the
 * text, MAAS and Cloud Director base64, vSphere gzip+base64), and building the others
 * cost a third of a node's build time in CDKTF tokens (issue #15). The same token is
 * returned on every read, so the JSON is as if they had been built up front.
 */
export function lazyNodeSpec(facts: NodeFacts, rendered: string): NodeSpec {
  let userData: string | undefined;
  let base64: string | undefined;
  let gzipBase64: string | undefined;
  // Own enumerable getters, not a class: a custom infrastructure that spreads the spec
  // (`{ ...node }`) still gets every encoding.
  return {
    index: facts.index,
    name: facts.name,
    failureDomain: facts.failureDomain,
    address: facts.address,
    get userData() {
      userData ??= userDataValue(rendered);
      return userData;
    },
    get userDataBase64() {
      base64 ??= Fn.base64encode(terraformString(rendered));
      return base64;
    },
    get userDataGzipBase64() {
      gzipBase64 ??= Fn.base64gzip(terraformString(rendered));
      return gzipBase64;
    },
  };
}

/**
 * The user-data as an argument value that stays right wherever an infrastructure puts
 * it, inside the pool or not: unchanged or a token, so escaping it again changes nothing.
 */
function userDataValue(rendered: string): string {
  return Token.isUnresolved(rendered) ? terraformLiteral(rendered) : terraformString(rendered);
}
