/**
 * A stack's ledger (issue #20 items 3 and 5): what the stack's last complete apply left,
 * kept in its own state and read back at plan time, so that Terraform refuses a plan the
 * configuration alone cannot judge: a rollout step that does not follow the applied one,
 * a pool or control plane that disappears while nodes still depend on it.
 *
 * - output `cdktf_kamaji_ledger`: per pool of the stack its rollout identity, step and live
 *   nodes, as two `terraform_data` records per pool hold them; per control plane of the
 *   stack, the pools of the app (any stack) with nodes that point at it;
 * - `data "terraform_remote_state" "cdktf_kamaji_ledger"`: the stack's own backend, read at
 *   plan time (before the apply writes anything);
 * - preconditions: the step guard on each pool's record, the removal guards on the output.
 *
 * A record only moves once its step has fully applied. Terraform updates a dependent
 * before it destroys what the dependent depends on (measured with terraform 1.11), so a
 * record that merely depended on the drains would move before them. Hence two records per
 * pool: `ledger-retired`, depended on by the Node deletions (the last thing a leaving node
 * does), so it is updated after every node left; and `ledger-applied`, which depends on
 * it, on the machines, the drains and the join-health wait. The output reads the latter:
 * a failed drain, machine or wait leaves the recorded step as it was.
 */
import * as path from 'path';
import {
  App,
  Lazy,
  TerraformBackend,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { TerraformData } from '../private/terraform-data';
import { escapeTemplate } from '../private/terraform-literals';
import {
  ADOPT_ROLLOUT_STEP,
  ALLOW_REMOVAL,
  controlPlaneGoneRefusal,
  hclString,
  LEDGER,
  NEW_STACK,
  poolGoneFromAppRefusal,
  poolGoneRefusal,
  recordedRollout,
  REMOVAL_OPT_OUT,
  stepPrecondition,
} from './ledger-rules';

/** What a pool gives its stack's ledger. */
export interface LedgerPool {
  /** Where its records go (the pool construct). */
  readonly scope: Construct;
  readonly poolName: string;
  readonly controlPlaneName: string;
  /** The control plane's namespace: with its name, its identity across stacks. */
  readonly controlPlaneNamespace: string;
  /** Names of its live nodes after this configuration is applied. */
  readonly nodeNames: string[];
  /** The rollout under way, if any. */
  readonly rollout?: {
    readonly identity: string;
    readonly step: number;
    readonly stepCount: number;
  };
  /** Its machines, drains and join-health wait: the applied record waits for them. */
  readonly appliedAfter: TerraformResource[];
  /** What is destroyed last when a node leaves (the Node deletions, else the machines). */
  readonly leavesLast: TerraformResource[];
}

const LEDGER_ID = 'cdktf-kamaji-ledger';
/**
 * The pools of each control plane (by `namespace/name`) in the app, `stack/pool`, and
 * whether they have nodes: the control plane's stack records those that have.
 */
const poolsOfApp = new WeakMap<IConstruct, Map<string, Map<string, boolean>>>();

/** The record of the last apply, as Terraform expressions. */
const RECORD = `try(data.terraform_remote_state.${LEDGER}[0].outputs.${LEDGER}, null)`;
const RECORDED_POOLS = `try(${RECORD}.pools, {})`;
const RECORDED_CONTROL_PLANES = `try(${RECORD}.control_planes, {})`;

export class StateLedger extends Construct {
  /** The ledger of `scope`'s stack, made on first use. */
  public static of(scope: IConstruct): StateLedger {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(LEDGER_ID);
    return existing instanceof StateLedger ? existing : new StateLedger(stack, LEDGER_ID);
  }

  private readonly pools = new Map<string, TerraformData>();
  private readonly controlPlanes = new Map<string, string>();

  private constructor(stack: TerraformStack, id: string) {
    super(stack, id);
    new TerraformVariable(this, ALLOW_REMOVAL, {
      type: 'bool',
      default: false,
      description:
        'Lets a plan remove pools or control planes that had live nodes at the last apply, undrained',
    }).overrideLogicalId(ALLOW_REMOVAL);
    new TerraformVariable(this, ADOPT_ROLLOUT_STEP, {
      type: 'bool',
      default: false,
      description:
        'Records the rollout step configured when the ledger holds none (a rollout begun before the ledger)',
    }).overrideLogicalId(ADOPT_ROLLOUT_STEP);
    new TerraformVariable(this, NEW_STACK, {
      type: 'bool',
      default: false,
      description:
        'First apply of a stack with a remote backend: its state does not exist yet, so the ledger is not read',
    }).overrideLogicalId(NEW_STACK);
    new SelfRead(this, 'read');
    const output = new TerraformOutput(this, 'output', {
      description: 'What the last complete apply left: read back by the next plan (cdktf-kamaji)',
      value: Lazy.anyValue({ produce: () => this.record() }),
    });
    output.overrideLogicalId(LEDGER);
    output.addOverride('precondition', Lazy.anyValue({ produce: () => this.removalGuards() }));
  }

  /** Records a pool: its step guard, its records, its entry in the output. */
  public addPool(pool: LedgerPool): void {
    const key = `${pool.controlPlaneName}/${pool.poolName}`;
    const record = {
      pool: pool.poolName,
      control_plane: pool.controlPlaneName,
      ...recordedRollout(pool.rollout),
      nodes: pool.nodeNames,
    };
    const retired = new TerraformData(pool.scope, 'ledger-retired', { input: record });
    if (pool.rollout) {
      const guard = stepPrecondition(
        `${RECORDED_POOLS}[${hclString(key)}]`,
        pool.poolName,
        pool.rollout.identity,
        pool.rollout.step,
        pool.rollout.stepCount,
        pool.nodeNames,
      );
      retired.addOverride('lifecycle.precondition', [
        { condition: guard.condition, error_message: guard.errorMessage },
      ]);
    }
    for (const last of pool.leavesLast) {
      last.dependsOn = [...(last.dependsOn ?? []), address(retired)];
    }
    const applied = new TerraformData(pool.scope, 'ledger-applied', {
      input: record,
      dependsOn: [retired, ...pool.appliedAfter],
    });
    this.pools.set(key, applied);
    const identity = `${pool.controlPlaneNamespace}/${pool.controlPlaneName}`;
    const byControlPlane =
      poolsOfApp.get(this.node.root) ?? new Map<string, Map<string, boolean>>();
    poolsOfApp.set(this.node.root, byControlPlane);
    const pools = byControlPlane.get(identity) ?? new Map<string, boolean>();
    byControlPlane.set(identity, pools);
    pools.set(`${TerraformStack.of(this).node.id}/${pool.poolName}`, pool.nodeNames.length > 0);
  }

  /** Records a control plane made in this stack: the pools pointing at it are guarded. */
  public addControlPlane(namespace: string, name: string): void {
    this.controlPlanes.set(`${namespace}/${name}`, name);
  }

  private record(): unknown {
    const pools = poolsOfApp.get(this.node.root);
    return {
      version: 1,
      pools: Object.fromEntries(
        [...this.pools].map(([key, applied]) => [key, `\${${address(applied)}.output}`]),
      ),
      control_planes: Object.fromEntries(
        [...this.controlPlanes].map(([identity, name]) => [
          identity,
          {
            name,
            pools: [...(pools?.get(identity) ?? [])]
              .filter(([, live]) => live)
              .map(([key]) => key)
              .sort(),
          },
        ]),
      ),
    };
  }

  /** The removal guards, each a precondition of the output (plan time, like the step guard). */
  private removalGuards(): unknown[] {
    const allowed = `var.${ALLOW_REMOVAL}`;
    const keys = `[${[...this.pools.keys()].map(hclString).join(', ')}]`;
    const goneAndLive = `!contains(${keys}, k) && length(try(p.nodes, [])) > 0`;
    const nodes = `join(", ", [for n in p.nodes : trimprefix(n, "\${p.control_plane}-\${p.pool}-")])`;
    const poolMessage = poolGoneRefusal(
      '${p.pool}',
      '${p.control_plane}',
      '${length(p.nodes)}',
      `\${${nodes}}`,
    );
    const guards = [
      {
        condition: `\${${allowed} || alltrue([for k, p in ${RECORDED_POOLS} : !(${goneAndLive})])}`,
        error_message: `\${join("; ", [for k, p in ${RECORDED_POOLS} : "${poolMessage}" if ${goneAndLive}])}${REMOVAL_OPT_OUT}`,
      },
    ];
    const current = `[${[...this.controlPlanes.keys()].map(hclString).join(', ')}]`;
    const cpGone = `!contains(${current}, k) && length(try(c.pools, [])) > 0`;
    guards.push({
      condition: `\${${allowed} || alltrue([for k, c in ${RECORDED_CONTROL_PLANES} : !(${cpGone})])}`,
      error_message: `\${join("; ", [for k, c in ${RECORDED_CONTROL_PLANES} : "${controlPlaneGoneRefusal(
        '${c.name}',
        '${join(", ", c.pools)}',
      )}" if ${cpGone}])}${REMOVAL_OPT_OUT}`,
    });
    const pools = poolsOfApp.get(this.node.root);
    for (const [identity, name] of this.controlPlanes) {
      const now = `[${[...(pools?.get(identity)?.keys() ?? [])].map(hclString).join(', ')}]`;
      const gone = `[for p in try(${RECORDED_CONTROL_PLANES}[${hclString(identity)}].pools, []) : p if !contains(${now}, p)]`;
      guards.push({
        condition: `\${${allowed} || length(${gone}) == 0}`,
        error_message: `${poolGoneFromAppRefusal(name, `\${join(", ", ${gone})}`)}${REMOVAL_OPT_OUT}`,
      });
    }
    return guards;
  }
}

/** `type.name` of a resource, for `depends_on` and references; lazy, as ids may be overridden. */
function address(resource: TerraformResource): string {
  return Lazy.stringValue({
    produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`,
  });
}

/**
 * `data "terraform_remote_state"` of the stack's own backend, built when the stack is
 * synthesized (the backend may be set after the pools, or be CDKTF's default). Its
 * literal settings are escaped (design D11): a `${` in a bucket name stays text.
 * Terraform refuses to read a state that does not exist, so the read is skipped then:
 * for a local backend when the file is missing or empty (an apply creates it empty to
 * lock it, before it plans), for a remote one with `-var cdktf_kamaji_new_stack=true`.
 */
class SelfRead extends TerraformElement {
  constructor(scope: Construct, id: string) {
    super(scope, id, 'data.terraform_remote_state');
  }

  public toTerraform(): Settings {
    const stack = TerraformStack.of(this);
    const backend = stack.node.findAll().find(TerraformBackend.isBackend);
    const synthesized: { backend?: { [type: string]: Settings }; cloud?: Settings } =
      backend?.toTerraform()?.terraform ?? {};
    let read: Settings;
    if (synthesized.cloud) {
      // The `cloud` block has no remote state reader of its own; `remote` reads its workspaces.
      const cloud = synthesized.cloud as {
        organization?: string;
        hostname?: string;
        workspaces?: { name?: string };
      };
      read = {
        backend: 'remote',
        config: escaped({
          organization: cloud.organization,
          ...(cloud.hostname !== undefined && { hostname: cloud.hostname }),
          workspaces: { name: cloud.workspaces?.name },
        }),
        count: `\${var.${NEW_STACK} ? 0 : 1}`,
      };
    } else {
      const [type, config] = Object.entries(synthesized.backend ?? { local: {} })[0];
      if (type === 'local') {
        const file = localPath(stack, config.path as string | undefined);
        const dir = (config.workspace_dir as string | undefined) ?? 'terraform.tfstate.d';
        const state = `terraform.workspace == "default" ? ${hclString(file)} : join("", [${hclString(
          `${dir}/`,
        )}, terraform.workspace, "/terraform.tfstate"])`;
        read = {
          backend: 'local',
          config: escaped({ ...config, path: file }),
          workspace: '${terraform.workspace}',
          count: `\${fileexists(${state}) && try(trimspace(file(${state})), "") != "" ? 1 : 0}`,
        };
      } else {
        read = {
          backend: type,
          config: escaped(config),
          workspace: '${terraform.workspace}',
          count: `\${var.${NEW_STACK} ? 0 : 1}`,
        };
      }
    }
    return { data: { terraform_remote_state: { [LEDGER]: read } } };
  }
}

/**
 * The state file's path as the stack's folder sees it: CDKTF's LocalBackend without a
 * path writes an absolute one (the synthesizing machine's); read it relative to the
 * stack's folder instead (design D6), which is where terraform runs.
 */
function localPath(stack: TerraformStack, file: string | undefined): string {
  if (file === undefined) return 'terraform.tfstate';
  if (!path.isAbsolute(file)) return file;
  const folder = path.resolve(App.of(stack).outdir, 'stacks', stack.node.id);
  return path.relative(folder, file).split(path.sep).join('/');
}

type Settings = { [key: string]: unknown };

/** Every string of a backend's settings as text, for Terraform's templates. */
function escaped(value: unknown): unknown {
  if (typeof value === 'string') return escapeTemplate(value);
  if (Array.isArray(value)) return value.map(escaped);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escaped(v)]));
  }
  return value;
}
