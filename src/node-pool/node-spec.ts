import type { NodeSpec } from './infrastructure';
import type { NodeAddress } from './node-addressing';
import type { UserDataEncodings } from './pool-user-data';

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
export function lazyNodeSpec(facts: NodeFacts, encodings: UserDataEncodings): NodeSpec {
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
      userData ??= encodings.text();
      return userData;
    },
    get userDataBase64() {
      base64 ??= encodings.base64();
      return base64;
    },
    get userDataGzipBase64() {
      gzipBase64 ??= encodings.gzipBase64();
      return gzipBase64;
    },
  };
}
