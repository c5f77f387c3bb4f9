/**
 * Machine spec changes are never silent (issue #14 item 3): machines ignore later
 * changes of their template, image and size (their infrastructure's
 * `machineSpecAttributes`), so a new spec reaches only nodes made afterwards. Each
 * node's drain instance records the spec it was made with (its `triggers_replace.machine_spec`,
 * under `ignore_changes`, readable: `{ template = "ubuntu-24.04", cpus = "2" }`), and the
 * pool's Terraform `check` block (node-checks.ts) names, in every plan, each node made
 * with another spec and what differs. Pure module: no CDKTF import.
 *
 * Only values known at synth are recorded and compared: a Terraform reference (a
 * variable) has no value here to write into the check. A node made before the library
 * recorded specs has no record, and is not named: what it was made with is unknown
 * (`ignore_changes` keeps its record empty, so `try` falls back to the pool's spec).
 */
import { escapeTemplate } from '../private/terraform-literals';
import { NodeFinding } from './node-finding';
import { RECORD_ATTRIBUTE, RECORDED_SPEC } from './node-record';

export interface MachineSpecCheckInput {
  /** Address of the pool's drain resource, `terraform_data.<name>`. */
  readonly drainAddress: string;
  /** The pool's machine spec now, its values known at synth. */
  readonly machineSpec: { readonly [attribute: string]: string };
}

/** What the pool's check block (src/day-two/node-checks.ts) says about machine specs. */
export function machineSpecFinding(input: MachineSpecCheckInput): NodeFinding {
  const spec = hclObject(input.machineSpec);
  const record = `try(d.${RECORD_ATTRIBUTE}.${RECORDED_SPEC}, ${spec})`;
  const differs = `[for a, v in ${record} : "\${a} \${v}" if lookup(${spec}, a, null) != v]`;
  const wanted = Object.entries(input.machineSpec)
    .map(([attribute, value]) => `${attribute} ${value}`)
    .join(', ');
  return {
    nodes: `[for k, d in ${input.drainAddress} : "\${k} (\${join(", ", ${differs})})" if ${record} != ${spec}]`,
    text:
      `were made with another machine spec than the pool's (${escapeTemplate(wanted)}): ` +
      'machines ignore later changes of their template, image and size, so only new nodes get them. Roll the pool with rollout { fromInfrastructure, step }, fromInfrastructure being the infrastructure as it was, one step per apply (README, "Template, image and size rollouts").',
  };
}

/** An HCL object constructor of string values, every value a literal. */
function hclObject(values: { readonly [key: string]: string }): string {
  const entries = Object.entries(values).map(
    ([key, value]) =>
      `${escapeTemplate(JSON.stringify(key))} = ${escapeTemplate(JSON.stringify(value))}`,
  );
  return `{${entries.join(', ')}}`;
}
