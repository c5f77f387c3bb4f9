/**
 * A running node keeps its static address (issue #20 item 6). Pure module: no CDKTF import.
 *
 * Where nodes go round a static range, a node's address depends on the range's size:
 * a new `count` (or `first`, `cidr`) gives every node whose index went round another
 * address, which its running machine does not take (vSphere and Proxmox keep the
 * address cloud-init set at first boot; MAAS replaces the machine, undrained), and a
 * later node may then be given the address it still holds. Synth cannot see what the
 * range was, so each node's drain instance records the address its node was made with
 * (its `triggers_replace.address`, under `ignore_changes`) and a postcondition fails
 * every plan that would give a recorded node another one. A node recorded before the
 * pool went round its range or had a `count`, or made by an earlier version of the
 * library, has no record: it was made at `first + index`.
 *
 * An error, not a warning (design D13): the plan stops before any machine changes.
 * Measured with terraform 1.11: a postcondition on a `for_each` instance is checked at
 * plan time against the state's ignored `triggers_replace`, and fails the plan.
 */
import { RECORDED_ADDRESS } from './node-record';

export interface AddressCheckInput {
  readonly poolName: string;
  /** Each live node's address now, by node name. */
  readonly addresses: { readonly [node: string]: string };
  /** The address each node has when it has no record: `first + index`, by node name. */
  readonly unrecorded: { readonly [node: string]: string };
}

/** The postcondition of the drain instances (its JSON body), given the record's attribute. */
export function addressPostcondition(
  input: AddressCheckInput,
  recordAttribute: string,
): { condition: string; error_message: string } {
  const map = (entries: { readonly [node: string]: string }) =>
    `{${Object.entries(entries)
      .map(([node, address]) => `${JSON.stringify(node)} = ${JSON.stringify(address)}`)
      .join(', ')}}`;
  const was = `try(self.${recordAttribute}.${RECORDED_ADDRESS}, ${map(input.unrecorded)}[each.key])`;
  const now = `${map(input.addresses)}[each.key]`;
  return {
    condition: `\${${was} == ${now}}`,
    error_message:
      `Pool ${input.poolName}: node \${each.key} was made with the address \${${was}}, and the static range now gives it \${${now}}: ` +
      `addressing changed (count, first or cidr) while nodes live whose index went round the range. A running machine keeps its address, ` +
      `so another node could be given the same one. Put the range back, or retire those nodes first (retiredNodes).`,
  };
}
