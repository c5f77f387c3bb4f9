/**
 * Version changes are never a silent no-op (issue #14 item 2, first step): machines
 * ignore later changes of their user-data (design D3), so a new `kubernetesVersion`
 * reaches only nodes made afterwards. Each node's drain instance records the version it
 * was made with (its `triggers_replace.kubelet_version`, under `ignore_changes`), and the
 * pool's Terraform `check` block (node-checks.ts) warns, in every plan, about each node
 * that runs another version than the pool's, and each node outside the skew policy of
 * the control plane's version: every generation that exists, not only the new one.
 * Pure module: no CDKTF import.
 *
 * Warnings, not errors: rolling the nodes (retiring them) needs applies, which an error
 * would block.
 */
import { NodeFinding } from './node-finding';
import { RECORD_ATTRIBUTE, RECORDED_VERSION } from './node-record';

/** What the version findings need of a pool. */
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
  /** The rollout the configuration holds, if any: the warning then says where it is. */
  readonly rollout?: { readonly step: number; readonly stepCount: number };
}

/**
 * What the pool's check block (src/day-two/node-checks.ts) says about versions: the
 * nodes on another version than the pool's, and, with the control plane's version known
 * at synth, the nodes outside its skew policy.
 */
export function versionFindings(input: VersionCheckInput): NodeFinding[] {
  const version = `d.${RECORD_ATTRIBUTE}.${RECORDED_VERSION}`;
  const listed = (condition: string) =>
    `[for k, d in ${input.drainAddress} : "\${k} (\${${version}})" if ${condition}]`;
  const isOutdated = `${version} != "${input.poolVersion}"`;
  const findings: NodeFinding[] = [
    {
      nodes: listed(isOutdated),
      text:
        `still run another version than the pool's ${input.poolVersion}: ` +
        `machines ignore later changes of their user-data, so only new nodes get it. ${howToRoll(input, isOutdated)}`,
    },
  ];
  if (input.controlPlaneMinor !== undefined) {
    const minor = `tonumber(split(".", ${version})[1])`;
    const highest = input.controlPlaneMinor;
    const lowest = highest - 3;
    findings.push({
      nodes: listed(`${minor} > ${highest} || ${minor} < ${lowest}`),
      text:
        `are outside the version skew policy of the control plane's ${input.controlPlaneVersion} ` +
        `(kubelets from v1.${lowest} to v1.${highest}): retire them with retiredNodes; new nodes get ${input.poolVersion}.`,
    });
  }
  return findings;
}

/**
 * What to write next, so the warning is actionable: where a rollout under way is, else
 * the rollout to add when the outdated nodes share one version (Terraform picks the
 * text at plan time, from the recorded versions), else how to roll by hand.
 */
function howToRoll(input: VersionCheckInput, isOutdated: string): string {
  const guide = '(README, "Version rollouts")';
  // The last step's configuration is the pool's without rollout (an empty plan when
  // rollout is removed), so it says what a pool without one says.
  if (input.rollout && input.rollout.step < input.rollout.stepCount) {
    const { step, stepCount } = input.rollout;
    return `A rollout is under way, at step ${step} of ${stepCount}: raise rollout.step by one per apply ${guide}; until step ${stepCount} this names its old nodes.`;
  }
  const versions = `distinct([for k, d in ${input.drainAddress} : d.${RECORD_ATTRIBUTE}.${RECORDED_VERSION} if ${isOutdated}])`;
  // Inside the interpolation, texts are HCL string literals: their quotes are escaped,
  // the version's own interpolation is not.
  const quoted = (...parts: Array<string | { expression: string }>) =>
    `"${parts
      .map((p) =>
        typeof p === 'string'
          ? p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
          : `\${${p.expression}}`,
      )
      .join('')}"`;
  const version = { expression: `${versions}[0]` };
  const one = quoted(
    'Roll them: set rollout: { fromKubernetesVersion: ',
    version,
    `, step: 1 } on pool ${input.poolName} (KubernetesVersion.of('`,
    version,
    `') in TypeScript) and apply, then raise step by one per apply; the synth says how many ${guide}.`,
  );
  const several = quoted(
    `They run several versions: roll from the oldest with rollout: { fromKubernetesVersion, step: 1 }, or retire them with replicas and retiredNodes ${guide}.`,
  );
  return `\${length(${versions}) == 1 ? ${one} : ${several}}`;
}
