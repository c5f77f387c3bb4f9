/**
 * The pool's one Terraform `check` block about its nodes (issue #22 item 6): nodes on
 * another version than the pool's, nodes outside the control plane's skew policy, nodes
 * made with another machine spec. Terraform prints one warning per failed assertion,
 * and one per check block whose assertions are unknown at plan time, which is every
 * plan that makes a node, so a rollout's plan carried two warnings, one per block, where
 * one says it all. One block with one assertion: one warning per pool, naming what
 * applies (template `%{ if }` directives leave out the findings that do not).
 * Pure module: no CDKTF import.
 */
import { machineSpecFinding } from './machine-spec-checks';
import { VersionCheckInput, versionFindings } from './version-checks';

/** What the pool's check block needs. */
export interface PoolCheckInput extends VersionCheckInput {
  /**
   * The pool's machine spec, its values known at synth.
   * @default - none recorded, not compared
   */
  readonly machineSpec?: { readonly [attribute: string]: string };
}

/** The JSON body of the pool's check block: one assertion, one message. */
export function poolCheckBlock(input: PoolCheckInput): { assert: object[] } {
  const spec = input.machineSpec ?? {};
  const findings = [
    ...versionFindings(input),
    ...(Object.keys(spec).length > 0
      ? [machineSpecFinding({ drainAddress: input.drainAddress, machineSpec: spec })]
      : []),
  ];
  const none = findings.map((f) => `length(${f.nodes}) == 0`).join(' && ');
  const said = findings
    .map((f) => `%{ if length(${f.nodes}) > 0 } \${join(", ", ${f.nodes})} ${f.text}%{ endif }`)
    .join('');
  return {
    assert: [{ condition: `\${${none}}`, error_message: `Pool ${input.poolName}:${said}` }],
  };
}
