/**
 * What a stack's `terraform_remote_state` read needs of the state it reads: the outputs
 * it names. In a fleet every node stack reads the control-planes stack, whose state
 * holds every tenant (300 tenants: every TenantControlPlane, every admin kubeconfig
 * Secret read, and each tenant's outputs); Terraform loads all of it for each read and
 * carries the read's whole `outputs` object through the plan, so the time per stack grew
 * with the fleet. The check hands each read a state of its own holding only the outputs
 * the reader names: what it evaluates is the same, and a name the state lacks still fails
 * as it would against the whole state.
 */

/**
 * The outputs `json` (a stack's cdk.tf.json) reads through `data.terraform_remote_state.<name>`,
 * sorted; undefined when it uses the read otherwise than as `.outputs.<output>` (the
 * whole `outputs` object, an index expression, a depends_on), where it needs them all.
 */
export function outputsRead(json: unknown, name: string): string[] | undefined {
  const text = JSON.stringify(json);
  const prefix = `data.terraform_remote_state.${name}`;
  const found = new Set<string>();
  let from = text.indexOf(prefix);
  while (from >= 0) {
    const rest = text.slice(from + prefix.length);
    // A counted read (the ledger's) is indexed: `...name[0].outputs.x`.
    const use = /^(?:\[\d+\])?\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(rest);
    // `...name_more` or `...name-more` is another read whose name starts with this one.
    if (!/^[A-Za-z0-9_-]/.test(rest)) {
      if (!use) return undefined;
      found.add(use[1]);
    }
    from = text.indexOf(prefix, from + prefix.length);
  }
  return [...found].sort();
}

/**
 * A state (terraform.tfstate JSON, version 4) with only the given outputs, or all of them
 * when `outputs` is undefined, and no resources: all a `terraform_remote_state` read
 * takes from it.
 */
export function stateWithOutputs(state: any, outputs: readonly string[] | undefined): object {
  const all: Record<string, unknown> = state?.outputs ?? {};
  return {
    version: state?.version,
    terraform_version: state?.terraform_version,
    serial: state?.serial,
    lineage: state?.lineage,
    outputs: outputs
      ? Object.fromEntries(outputs.filter((o) => Object.hasOwn(all, o)).map((o) => [o, all[o]]))
      : all,
    resources: [],
    check_results: null,
  };
}
