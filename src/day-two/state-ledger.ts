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
 * - preconditions: the step guard and the retired-nodes guard on each pool's record, the
 *   removal guards on the output.
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
import { LEDGER, LedgerRollout } from './ledger-rules';
import {
  LEDGER_DESCRIPTION,
  LEDGER_ID,
  LEDGER_VARIABLES,
  LedgerControlPlane,
  ledgerValue,
  poolKey,
  poolRecord,
  removalGuards,
  retiredGuard,
  selfRead,
  stepGuard,
  SynthesizedBackend,
} from './ledger-terraform';
import { Brand } from '../private/brand';
import { sharedWeakMap } from '../private/shared-state';

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
  /** Their indices, in the same order. */
  readonly nodeIndices: number[];
  /** Addresses of its static range, when nodes go round it (node-slots.ts). */
  readonly addressSlots?: number;
  /** The rollout under way, if any. */
  readonly rollout?: LedgerRollout;
  /** Its machines, drains and join-health wait: the applied record waits for them. */
  readonly appliedAfter: TerraformResource[];
  /** What is destroyed last when a node leaves (the Node deletions, else the machines). */
  readonly leavesLast: TerraformResource[];
}

/**
 * The pools of each control plane (by `namespace/name`) in the app, `stack/pool`, and
 * whether they have nodes: the control plane's stack records those that have.
 */
const poolsOfApp = sharedWeakMap<IConstruct, Map<string, Map<string, boolean>>>('ledger-pools');

/** A stack's ledger, whichever copy of the library made it: a stack holds one. */
const BRAND = new Brand('StateLedger');

export class StateLedger extends Construct {
  /** The ledger of `scope`'s stack, made on first use. */
  public static of(scope: IConstruct): StateLedger {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(LEDGER_ID);
    return BRAND.has(existing) ? (existing as StateLedger) : new StateLedger(stack, LEDGER_ID);
  }

  private readonly pools = new Map<string, TerraformData>();
  private readonly controlPlanes = new Map<string, string>();

  private constructor(stack: TerraformStack, id: string) {
    super(stack, id);
    BRAND.mark(this);
    for (const { name, description } of LEDGER_VARIABLES) {
      new TerraformVariable(this, name, {
        type: 'bool',
        default: false,
        description,
      }).overrideLogicalId(name);
    }
    new SelfRead(this, 'read');
    const output = new TerraformOutput(this, 'output', {
      description: LEDGER_DESCRIPTION,
      value: Lazy.anyValue({
        produce: () =>
          ledgerValue(
            [...this.pools].map(([key, applied]) => [key, address(applied)]),
            this.controlPlanesOfApp(),
          ),
      }),
    });
    output.overrideLogicalId(LEDGER);
    output.addOverride(
      'precondition',
      Lazy.anyValue({
        produce: () => removalGuards([...this.pools.keys()], this.controlPlanesOfApp()),
      }),
    );
  }

  /** Records a pool: its step guard, its records, its entry in the output. */
  public addPool(pool: LedgerPool): void {
    const key = poolKey(pool.controlPlaneNamespace, pool.controlPlaneName, pool.poolName);
    const record = poolRecord(pool.poolName, pool.controlPlaneName, pool.rollout, pool.nodeNames);
    const retired = new TerraformData(pool.scope, 'ledger-retired', { input: record });
    retired.addOverride('lifecycle.precondition', [
      ...(pool.rollout
        ? [stepGuard(key, pool.poolName, pool.controlPlaneName, pool.rollout, pool.nodeNames)]
        : []),
      retiredGuard(key, pool.poolName, pool.controlPlaneName, pool.nodeIndices, pool.addressSlots),
    ]);
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

  private controlPlanesOfApp(): LedgerControlPlane[] {
    const pools = poolsOfApp.get(this.node.root);
    return [...this.controlPlanes].map(([identity, name]) => ({
      identity,
      name,
      pools: [...(pools?.get(identity) ?? [])],
    }));
  }
}

/** `type.name` of a resource, for `depends_on` and references; lazy, as ids may be overridden. */
function address(resource: TerraformResource): string {
  return Lazy.stringValue({
    produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`,
  });
}

/**
 * The stack's read of its own state, built when the stack is synthesized: the backend
 * may be given after the pools, or be CDKTF's default, added at synth.
 */
class SelfRead extends TerraformElement {
  constructor(scope: Construct, id: string) {
    super(scope, id, 'data.terraform_remote_state');
  }

  public toTerraform(): { [key: string]: unknown } {
    const stack = TerraformStack.of(this);
    const backend = stack.node.findAll().find(TerraformBackend.isBackend);
    const synthesized: SynthesizedBackend = backend?.toTerraform()?.terraform ?? {};
    const read = selfRead(synthesized, (file) => localPath(stack, file));
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
