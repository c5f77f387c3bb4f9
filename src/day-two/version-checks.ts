/**
 * Version changes are never a silent no-op (issue #14 item 2, first step): machines
 * ignore later changes of their user-data (design D3), so a new `kubernetesVersion`
 * reaches only nodes made afterwards. Each node's drain instance records the version it
 * was made with (its `input.kubelet_version`, under `ignore_changes`), and a Terraform
 * `check` block per pool warns, in every plan, about each node that runs another
 * version than the pool's, and each node outside the skew policy of the control plane's
 * version: every generation that exists, not only the new one. Pure module: no CDKTF import.
 *
 * Warnings, not errors: rolling the nodes (retiring them) needs applies, which an error
 * would block.
 */

/** What the check block needs of a pool. */
export interface VersionCheckInput {
  /** Address of the pool's drain resource, `terraform_data.<name>`. */
  readonly drainAddress: string;
  readonly poolName: string;
  /** The pool's kubelet version, `v1.36.0`. */
  readonly poolVersion: string;
  /** Minor of the control plane's version, when known at synth. */
  readonly controlPlaneMinor?: number;
  /** The control plane's version, for the message. */
  readonly controlPlaneVersion?: string;
}

/** The attribute of a drain instance's state that holds its node's version. */
export const RECORDED_VERSION = 'kubelet_version';

/** A Terraform `check` block (its JSON body) with one or two assertions. */
export function versionCheckBlock(input: VersionCheckInput): { assert: object[] } {
  const version = `d.output.${RECORDED_VERSION}`;
  const listed = (condition: string) =>
    `[for k, d in ${input.drainAddress} : "\${k} (\${${version}})" if ${condition}]`;
  const outdated = listed(`${version} != "${input.poolVersion}"`);
  const asserts = [
    {
      condition: `\${length(${outdated}) == 0}`,
      error_message:
        `Pool ${input.poolName}: \${join(", ", ${outdated})} still run another version than the pool's ${input.poolVersion}: ` +
        'machines ignore later changes of their user-data, so only new nodes get it. Roll the pool with rollout { fromKubernetesVersion, step }, one step per apply (README, "Version rollouts"); a rollout under way names its old nodes here until its last step.',
    },
  ];
  if (input.controlPlaneMinor !== undefined) {
    const minor = `tonumber(split(".", ${version})[1])`;
    const highest = input.controlPlaneMinor;
    const lowest = highest - 3;
    const skewed = listed(`${minor} > ${highest} || ${minor} < ${lowest}`);
    asserts.push({
      condition: `\${length(${skewed}) == 0}`,
      error_message:
        `Pool ${input.poolName}: \${join(", ", ${skewed})} are outside the version skew policy of the control plane's ${input.controlPlaneVersion} ` +
        `(kubelets from v1.${lowest} to v1.${highest}): retire them with retiredNodes; new nodes get ${input.poolVersion}.`,
    });
  }
  return { assert: asserts };
}
