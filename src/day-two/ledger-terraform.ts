/**
 * The Terraform a stack's ledger writes (issue #20 items 3 and 5), as plain data and
 * expression text: its variables, its self-read, its output and its guards. Pure: no
 * construct, only the template escape shared by the library (design D11). `state-ledger.ts` places it in a stack; the benchmark's raw baseline
 * (bench/raw-app.ts) writes the same by hand from it.
 */
import { escapeTemplate } from '../private/terraform-literals';
import {
  ADOPT_ROLLOUT_STEP,
  ALLOW_REMOVAL,
  controlPlaneGoneRefusal,
  hclString,
  LEDGER,
  LedgerRollout,
  NEW_STACK,
  poolGoneFromAppRefusal,
  poolGoneRefusal,
  recordedRollout,
  REMOVAL_OPT_OUT,
  retiredPrecondition,
  stepPrecondition,
} from './ledger-rules';

/** The ledger's construct, a child of its stack. */
export const LEDGER_ID = 'cdktf-kamaji-ledger';

/** The named variables each ledger declares: bool, default false. */
export const LEDGER_VARIABLES: ReadonlyArray<{
  readonly name: string;
  readonly description: string;
}> = [
  {
    name: ALLOW_REMOVAL,
    description:
      'Lets a plan remove pools or control planes that had live nodes at the last apply, undrained',
  },
  {
    name: ADOPT_ROLLOUT_STEP,
    description:
      'Records the rollout step configured when the ledger holds none (a rollout begun before the ledger)',
  },
  {
    name: NEW_STACK,
    description:
      'First apply of a stack with a remote backend: its state does not exist yet, so the ledger is not read',
  },
];

/** The output's description. */
export const LEDGER_DESCRIPTION =
  'What the last complete apply left: read back by the next plan (cdktf-kamaji)';

/** The record of the last apply, as Terraform expressions. */
const RECORD = `try(data.terraform_remote_state.${LEDGER}[0].outputs.${LEDGER}, null)`;
const RECORDED_POOLS = `try(${RECORD}.pools, {})`;
const RECORDED_CONTROL_PLANES = `try(${RECORD}.control_planes, {})`;

/**
 * A pool's key in the ledger: its control plane's namespace and name, and its own (two
 * control planes of one name in two namespaces may each have a `default-pool`).
 */
export function poolKey(namespace: string, controlPlane: string, pool: string): string {
  return `${namespace}/${controlPlane}/${pool}`;
}

/** What a pool's two `terraform_data` records hold (their `input`). */
export function poolRecord(
  pool: string,
  controlPlane: string,
  rollout: LedgerRollout | undefined,
  nodes: readonly string[],
): { [key: string]: unknown } {
  return { pool, control_plane: controlPlane, ...recordedRollout(rollout), nodes: [...nodes] };
}

/** The step guard of a pool with a rollout: a precondition of its `ledger-retired` record. */
export function stepGuard(
  key: string,
  pool: string,
  controlPlane: string,
  rollout: LedgerRollout,
  nodes: readonly string[],
): { condition: string; error_message: string } {
  const guard = stepPrecondition(
    `${RECORDED_POOLS}[${hclString(key)}]`,
    pool,
    // Node names are `<control plane>-<pool>-node-NN` (node-naming.ts): messages show `node-NN`.
    `${controlPlane}-${pool}-`,
    rollout,
    nodes,
  );
  return { condition: guard.condition, error_message: guard.errorMessage };
}

/**
 * The guard against retired nodes made again (a `retiredNodes` that lost indices, a
 * configuration reverted to before a rollout): a precondition of every pool's
 * `ledger-retired` record. `cdktf_kamaji_allow_removal` does not lift it: that opt-out
 * removes pools without draining, while this plan would replace the pool's live nodes
 * with retired ones; keeping the indices retired is always possible and plans nothing.
 */
export function retiredGuard(
  key: string,
  pool: string,
  controlPlane: string,
  live: readonly number[],
  addressSlots: number | undefined,
): { condition: string; error_message: string } {
  const guard = retiredPrecondition(
    `${RECORDED_POOLS}[${hclString(key)}]`,
    pool,
    `${controlPlane}-${pool}-`,
    live,
    addressSlots,
  );
  return { condition: guard.condition, error_message: guard.errorMessage };
}

/** A control plane made in the stack, and the pools of the app (`stack/pool`) pointing at it. */
export interface LedgerControlPlane {
  /** `namespace/name`: its identity across stacks. */
  readonly identity: string;
  readonly name: string;
  /** Every pool pointing at it in the app, and whether it has nodes. */
  readonly pools: ReadonlyArray<readonly [string, boolean]>;
}

/**
 * The output's value: per pool of the stack, its applied record (`recordAddress` is the
 * `terraform_data` address of `ledger-applied`); per control plane, its pools with nodes.
 */
export function ledgerValue(
  pools: ReadonlyArray<readonly [string, string]>,
  controlPlanes: readonly LedgerControlPlane[],
): unknown {
  return {
    version: 1,
    pools: Object.fromEntries(pools.map(([key, address]) => [key, `\${${address}.output}`])),
    control_planes: Object.fromEntries(
      controlPlanes.map((c) => [
        c.identity,
        {
          name: c.name,
          pools: c.pools
            .filter(([, live]) => live)
            .map(([key]) => key)
            .sort(),
        },
      ]),
    ),
  };
}

/**
 * The removal guards, preconditions of the output: a pool of the stack gone with live
 * nodes; a control plane of the stack gone while pools with nodes pointed at it; a pool
 * with nodes gone from the app (its stack removed, say), seen from its control plane.
 */
export function removalGuards(
  poolKeys: readonly string[],
  controlPlanes: readonly LedgerControlPlane[],
): Array<{ condition: string; error_message: string }> {
  const allowed = `var.${ALLOW_REMOVAL}`;
  const list = (items: readonly string[]) => `[${items.map(hclString).join(', ')}]`;
  const goneAndLive = `!contains(${list(poolKeys)}, k) && length(try(p.nodes, [])) > 0`;
  const nodes = `join(", ", [for n in p.nodes : trimprefix(n, "\${p.control_plane}-\${p.pool}-")])`;
  const poolMessage = poolGoneRefusal(
    '${p.pool}',
    '${p.control_plane}',
    '${length(p.nodes)}',
    `\${${nodes}}`,
  );
  const cpGone = `!contains(${list(controlPlanes.map((c) => c.identity))}, k) && length(try(c.pools, [])) > 0`;
  const cpMessage = controlPlaneGoneRefusal('${c.name}', '${join(", ", c.pools)}');
  return [
    {
      condition: `\${${allowed} || alltrue([for k, p in ${RECORDED_POOLS} : !(${goneAndLive})])}`,
      error_message: `\${join("; ", [for k, p in ${RECORDED_POOLS} : "${poolMessage}" if ${goneAndLive}])}${REMOVAL_OPT_OUT}`,
    },
    {
      condition: `\${${allowed} || alltrue([for k, c in ${RECORDED_CONTROL_PLANES} : !(${cpGone})])}`,
      error_message: `\${join("; ", [for k, c in ${RECORDED_CONTROL_PLANES} : "${cpMessage}" if ${cpGone}])}${REMOVAL_OPT_OUT}`,
    },
    ...controlPlanes.map((c) => {
      const now = list(c.pools.map(([key]) => key));
      const gone = `[for p in try(${RECORDED_CONTROL_PLANES}[${hclString(c.identity)}].pools, []) : p if !contains(${now}, p)]`;
      return {
        condition: `\${${allowed} || length(${gone}) == 0}`,
        error_message: `${poolGoneFromAppRefusal(c.name, `\${join(", ", ${gone})}`)}${REMOVAL_OPT_OUT}`,
      };
    }),
  ];
}

/** A stack's backend as it synthesizes: `terraform.backend` or `terraform.cloud`. */
export interface SynthesizedBackend {
  readonly backend?: { readonly [type: string]: { readonly [key: string]: unknown } };
  readonly cloud?: { readonly [key: string]: unknown };
}

/**
 * `data "terraform_remote_state"` of the stack's own backend: its settings as text (design
 * D11: a `${` in a bucket name stays text), `localPath` turning the local backend's path
 * into one relative to the stack's folder. Terraform refuses to read a state that does
 * not exist, so the read is counted: for a local backend, once the file holds a state (an
 * apply creates it empty to lock it, before it plans); for a remote one, unless
 * `-var cdktf_kamaji_new_stack=true` says it has none yet.
 */
export function selfRead(
  synthesized: SynthesizedBackend,
  localPath: (path: string | undefined) => string,
): { [key: string]: unknown } {
  const remote = `\${var.${NEW_STACK} ? 0 : 1}`;
  if (synthesized.cloud) {
    // The `cloud` block has no remote state reader of its own; `remote` reads its workspaces.
    const cloud = synthesized.cloud as {
      organization?: string;
      hostname?: string;
      workspaces?: { name?: string };
    };
    // Workspaces chosen by tags: which one the stack uses is known only to `terraform
    // init`, so there is nothing to read and no guard (the read must exist: the guards
    // name it).
    if (cloud.workspaces?.name === undefined) {
      return { backend: 'remote', config: asText({ organization: cloud.organization }), count: 0 };
    }
    return {
      backend: 'remote',
      config: asText({
        organization: cloud.organization,
        ...(cloud.hostname !== undefined && { hostname: cloud.hostname }),
        workspaces: { name: cloud.workspaces?.name },
      }),
      count: remote,
    };
  }
  const [type, config] = Object.entries(synthesized.backend ?? { local: {} })[0];
  if (type !== 'local') {
    return {
      backend: type,
      config: asText(config),
      workspace: '${terraform.workspace}',
      count: remote,
    };
  }
  const file = localPath(config.path as string | undefined);
  const dir = (config.workspace_dir as string | undefined) ?? 'terraform.tfstate.d';
  const state = `terraform.workspace == "default" ? ${hclString(file)} : join("", [${hclString(
    `${dir}/`,
  )}, terraform.workspace, "/terraform.tfstate"])`;
  return {
    backend: 'local',
    config: asText({ ...config, path: file }),
    workspace: '${terraform.workspace}',
    count: `\${fileexists(${state}) && try(trimspace(file(${state})), "") != "" ? 1 : 0}`,
  };
}

/** Every string of a backend's settings as text, for Terraform's templates. */
function asText(value: unknown): unknown {
  if (typeof value === 'string') return escapeTemplate(value);
  if (Array.isArray(value)) return value.map(asText);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)]));
  }
  return value;
}
