/**
 * Day 2 rehearsed by the check (issue #21 item 6): with `--state DIR` the stubs' world
 * (each stack's local state file, and the stub cluster's CA and admin credentials that
 * the states hold) outlives the run, so a CI job can apply the main branch's
 * configuration and then plan a pull request's on top of it; and each stack's plan is
 * told by resource address, with the drains and Node deletions its apply would run.
 *
 * DIR is the caller's to choose and may sit anywhere, so it is handled as a place other
 * users might reach: it must be a folder of the caller's own (not a link, not writable
 * by others); files are read without following links and only when they are the
 * caller's, and written 0600 through a fresh file renamed into place. The states hold
 * the stubs' fake secrets only, never a real one: the check's terraform has no other.
 */
import * as fs from 'fs';
import * as path from 'path';
import { STUB_MANAGEMENT_KUBECONFIG } from './harness';
import { checkClientTls, ClusterPki, createClusterPki } from './stub/pki';

/** The stub cluster's CA and admin credentials, kept beside the states they are in. */
const PKI_FILE = 'stub-pki.json';

const stateFileName = (stack: string) => `${stack}.tfstate`;

/**
 * The folder `--state` names, created 0700 when missing; throws when it is a link, not a
 * folder, not the caller's, or writable by group or others (who could then replace the
 * states the next run plans against).
 */
export function openStateDir(given: string, cwd: string): string {
  const dir = path.resolve(cwd, given);
  if (!fs.existsSync(dir) && !isLink(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  const refuse = (why: string) => new Error(`--state ${dir}: ${why}`);
  if (stat.isSymbolicLink()) {
    throw refuse(
      `is a symbolic link (to ${fs.readlinkSync(dir)}): give the folder itself, which the check ` +
        'creates (0700) when it is missing',
    );
  }
  if (!stat.isDirectory()) throw refuse('is not a folder');
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw refuse(
      `belongs to user ${stat.uid}, not to you (${uid}): another user could plant the states it plans against`,
    );
  }
  if ((stat.mode & 0o022) !== 0) {
    throw refuse(
      `is writable by ${stat.mode & 0o020 ? 'its group' : 'others'} (mode ` +
        `${(stat.mode & 0o777).toString(8)}), who could replace its states: chmod go-w it`,
    );
  }
  return dir;
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * A file of `dir` as text, undefined when there is none; throws on a link, on anything
 * but a regular file, and on a file of another user. Never blocks on a FIFO.
 */
function readOwnFile(dir: string, name: string): string | undefined {
  const file = path.join(dir, name);
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP')
      throw new Error(`${file} is a symbolic link: the check reads no link in --state`);
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      throw new Error(`${file} belongs to user ${stat.uid}, not to you (${uid}): not read`);
    }
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file of `dir`, 0600, replacing what was there (a link too, never through it). */
function writeOwnFile(dir: string, name: string, content: string): void {
  const fresh = path.join(dir, `.${name}.${process.pid}.tmp`);
  fs.rmSync(fresh, { force: true });
  fs.writeFileSync(fresh, content, { mode: 0o600, flag: 'wx' });
  fs.renameSync(fresh, path.join(dir, name));
}

/**
 * The stub cluster's CA and admin credentials of earlier runs, made and kept on the first:
 * the states hold the admin kubeconfig the stubs served, and what is made from it (the
 * drains' record of the tenant's CA), so a new CA would show as changes in every plan.
 */
function stubPki(stateDir: string): ClusterPki {
  const kept = readOwnFile(stateDir, PKI_FILE);
  if (kept === undefined) {
    const pki = createClusterPki();
    writeOwnFile(stateDir, PKI_FILE, `${JSON.stringify(pki, null, 2)}\n`);
    return pki;
  }
  const bad = (why: string) =>
    new Error(`${path.join(stateDir, PKI_FILE)}: ${why}; remove the --state folder to start over`);
  let pki: ClusterPki;
  try {
    pki = JSON.parse(kept);
  } catch (error) {
    throw bad(`not JSON (${(error as Error).message})`);
  }
  const problems = checkClientTls(
    String(pki?.caCertificatePem),
    String(pki?.clientCertificatePem),
    String(pki?.clientKeyPem),
  );
  if (problems.length > 0) throw bad(problems.join('; '));
  return pki;
}

/**
 * The stub management kubeconfig, at a path that stays the same from run to run: its
 * path is what the stacks' `management_kubeconfig` variable holds, and the drains'
 * records keep it in state (a path in the run's own temporary folder would show as a
 * change of every record in every plan).
 */
function stubManagementKubeconfig(stateDir: string): string {
  writeOwnFile(stateDir, 'management.kubeconfig', STUB_MANAGEMENT_KUBECONFIG);
  return path.join(stateDir, 'management.kubeconfig');
}

/**
 * Copies the states `stateDir` holds for `stacks` into `workStateDir`, each as the
 * stack's `<stack>.tfstate`; returns the stacks that had one, and the states of stacks
 * the app no longer has (left where they are, and not checked).
 */
export function restoreStates(
  stateDir: string,
  workStateDir: string,
  stacks: readonly string[],
): { restored: string[]; unknown: string[] } {
  fs.mkdirSync(workStateDir, { recursive: true, mode: 0o700 });
  const restored: string[] = [];
  for (const stack of stacks) {
    const state = readOwnFile(stateDir, stateFileName(stack));
    if (state === undefined) continue;
    fs.writeFileSync(path.join(workStateDir, stateFileName(stack)), state, { mode: 0o600 });
    restored.push(stack);
  }
  const known = new Set(stacks.map(stateFileName));
  const unknown = fs
    .readdirSync(stateDir)
    .filter((name) => name.endsWith('.tfstate') && !known.has(name))
    .map((name) => name.slice(0, -'.tfstate'.length))
    .sort();
  return { restored, unknown };
}

/** Saves the states of `stacks` that `workStateDir` holds into `stateDir`; returns them. */
export function saveStates(
  workStateDir: string,
  stateDir: string,
  stacks: readonly string[],
): string[] {
  return stacks.filter((stack) => {
    const file = path.join(workStateDir, stateFileName(stack));
    if (!fs.existsSync(file)) return false;
    writeOwnFile(stateDir, stateFileName(stack), fs.readFileSync(file, 'utf8'));
    return true;
  });
}

/**
 * `--state DIR` for one run of the check: the folder opened, the stub's CA and management
 * kubeconfig it keeps, and the report lines of restoring and saving the states.
 */
export class StateRehearsal {
  /** Opens (or creates) the folder; throws a message for the user when it is refused. */
  public static open(given: string, cwd: string): StateRehearsal {
    const dir = openStateDir(given, cwd);
    return new StateRehearsal(dir, stubPki(dir), stubManagementKubeconfig(dir));
  }

  private constructor(
    public readonly dir: string,
    /** The stub cluster's CA and admin credentials to serve. */
    public readonly pki: ClusterPki,
    private readonly managementKubeconfig: string,
  ) {}

  /** What terraform's environment gets (TerraformHarness's `env`). */
  public get env(): { [name: string]: string } {
    return { TF_VAR_management_kubeconfig: this.managementKubeconfig };
  }

  /** Restores the states into the run's state folder; returns the lines to print. */
  public restore(workStateDir: string, stacks: readonly string[], apply: boolean): string[] {
    const { restored, unknown } = restoreStates(this.dir, workStateDir, stacks);
    return [
      `states from ${this.dir}: ${restored.join(', ') || 'none (a first run: empty states)'}` +
        (apply ? '; saved back after apply' : '; plan only, nothing saved'),
      ...unknown.map(
        (stack) => `  ${stack}.tfstate: the app has no stack ${stack} (left as it is, not checked)`,
      ),
    ];
  }

  /** Saves the run's states back; returns the line to print. */
  public save(workStateDir: string, stacks: readonly string[]): string {
    const saved = saveStates(workStateDir, this.dir, stacks);
    return `\nsaved the states of ${saved.join(', ') || 'no stack'} in ${this.dir} (0600)`;
  }
}

/** A planned change of a managed resource instance, as `terraform plan` would name it. */
export interface PlannedChange {
  readonly action: 'create' | 'update' | 'replace' | 'destroy' | 'forget';
  readonly address: string;
}

/** One thing the apply would do to the tenant's nodes, in its order. */
export interface RetirementStep {
  /** The pool's construct path, else the drain's address. */
  readonly pool: string;
  readonly kind: 'drain' | 'machine' | 'node-deletion';
  readonly address: string;
  /** The node's name (a machine's: when its address names the node's construct). */
  readonly node?: string;
}

export interface PlanStory {
  readonly changes: PlannedChange[];
  readonly retirements: RetirementStep[];
}

const ACTION_ORDER: PlannedChange['action'][] = [
  'create',
  'update',
  'replace',
  'destroy',
  'forget',
];

/**
 * What a plan would do, from `terraform show -json` of it and the stack's cdk.tf.json
 * (whose `//` metadata gives each resource block's construct path): its changes by
 * action, then address; and per pool, in the order Terraform's dependencies impose on
 * the library's retirement records (src/day-two/node-retirement.ts): the drains
 * (`.../retirement/node-drain` instances that go), which depend on the machines and so
 * run first, then the pool's machines that go (they depend on the Node records), then
 * the Node deletions (`.../retirement/node-deletion` instances that go).
 */
export function planStory(plan: any, stackJson: any): PlanStory {
  const resourceChanges: any[] = Array.isArray(plan?.resource_changes) ? plan.resource_changes : [];
  const changes = resourceChanges
    .filter((rc) => rc?.mode === 'managed')
    .flatMap((rc): PlannedChange[] => {
      const action = actionOf(rc.change?.actions ?? []);
      return action ? [{ action, address: String(rc.address) }] : [];
    })
    .sort(
      (a, b) =>
        ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) ||
        a.address.localeCompare(b.address),
    );

  const going = resourceChanges.filter(
    (rc) => rc?.mode === 'managed' && (rc.change?.actions ?? []).includes('delete'),
  );
  const dependsOn = priorDependencies(plan);
  const retirements: RetirementStep[] = [];
  const records = (kind: 'node-drain' | 'node-deletion', rc: any) =>
    rc.type === 'terraform_data' && recordKind(rc, stackJson) === kind;
  for (const drain of unique(going.filter((rc) => records('node-drain', rc)).map(blockAddress))) {
    const pool = poolOf(drain, stackJson);
    const drained = going.filter((rc) => blockAddress(rc) === drain);
    // The drain records depend on the pool's machines and on its Node records: the
    // state says which, also of a machine whose block has left the configuration.
    const theirs = new Set(drained.flatMap((rc) => dependsOn.get(rc.address) ?? []));
    const deletions = going.filter(
      (rc) => records('node-deletion', rc) && theirs.has(blockAddress(rc)),
    );
    const machines = going.filter(
      (rc) => theirs.has(blockAddress(rc)) && !records('node-deletion', rc),
    );
    const nodeOf = (rc: any) => String(rc.change?.before?.input?.node ?? rc.index ?? '');
    const nodes = unique([...drained, ...deletions].map(nodeOf));
    for (const rc of drained.sort(byNode(nodeOf))) {
      retirements.push({ pool, kind: 'drain', address: rc.address, node: nodeOf(rc) });
    }
    for (const rc of machines.sort((a, b) => a.address.localeCompare(b.address))) {
      // A machine's block is named after its node's construct (`<pool>_node-02_Machine_...`).
      const node = nodes.find((name) => String(rc.name).includes(`_${nodeSuffixOf(name)}_`));
      retirements.push({ pool, kind: 'machine', address: rc.address, ...(node && { node }) });
    }
    for (const rc of deletions.sort(byNode(nodeOf))) {
      retirements.push({ pool, kind: 'node-deletion', address: rc.address, node: nodeOf(rc) });
    }
  }
  return { changes, retirements };
}

function actionOf(actions: string[]): PlannedChange['action'] | undefined {
  const key = [...actions].sort().join(',');
  if (key === 'create') return 'create';
  if (key === 'update') return 'update';
  if (key === 'create,delete') return 'replace';
  if (key === 'delete') return 'destroy';
  if (key.includes('forget')) return 'forget';
  return undefined;
}

/** `terraform_data.x["a"]` -> `terraform_data.x` (modules' addresses kept as they are). */
function blockAddress(rc: any): string {
  return rc.index === undefined
    ? String(rc.address)
    : String(rc.address).replace(/\[[^\]]*\]$/, '');
}

function logicalName(address: string): string {
  return address.slice(address.lastIndexOf('.') + 1);
}

/** Whose retirement record a `terraform_data` is, by the construct path of its block. */
function recordKind(rc: any, stackJson: any): string | undefined {
  const constructPath = constructPathOf(rc, stackJson);
  return constructPath?.match(/\/retirement\/(node-drain|node-deletion)$/)?.[1];
}

function constructPathOf(rc: any, stackJson: any): string | undefined {
  if (rc.module_address !== undefined) return undefined;
  const block = stackJson?.resource?.[rc.type]?.[rc.name];
  const found = block?.['//']?.metadata?.path;
  return typeof found === 'string' ? found : undefined;
}

function poolOf(drainBlock: string, stackJson: any): string {
  const [type, name] = [drainBlock.slice(0, drainBlock.indexOf('.')), logicalName(drainBlock)];
  const found = constructPathOf({ type, name }, stackJson);
  return found ? found.replace(/\/retirement\/node-drain$/, '') : drainBlock;
}

/** `tcp-charlie-default-pool-node-02` -> `node-02`, the node's construct id. */
function nodeSuffixOf(nodeName: string): string {
  return nodeName.match(/node-\d+$/)?.[0] ?? nodeName;
}

/** Each instance's `depends_on` in the prior state, by address (child modules included). */
function priorDependencies(plan: any): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (module: any) => {
    for (const resource of module?.resources ?? []) {
      found.set(String(resource.address), (resource.depends_on ?? []).map(String));
    }
    for (const child of module?.child_modules ?? []) visit(child);
  };
  visit(plan?.prior_state?.values?.root_module);
  return found;
}

const byNode = (nodeOf: (rc: any) => string) => (a: any, b: any) =>
  nodeOf(a).localeCompare(nodeOf(b), undefined, { numeric: true });

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The lines the check prints for a stack's plan under `--state`. */
export function planStoryLines(story: PlanStory, indent = '   '): string[] {
  const lines: string[] = [];
  if (story.changes.length > 0) {
    lines.push(`${indent}planned changes:`);
    for (const change of story.changes) {
      lines.push(`${indent}  ${change.action.padEnd(8)}${change.address}`);
    }
  }
  if (story.retirements.length > 0) {
    lines.push(
      `${indent}drains and Node deletions the apply would run, in order (the check runs none):`,
    );
    for (const step of story.retirements) {
      const node = step.node ? ` ${step.node}` : '';
      const what =
        step.kind === 'drain'
          ? `drain node${node}`
          : step.kind === 'machine'
            ? `destroy the machine of${node || ' a node'}: ${step.address}`
            : `delete Node${node}`;
      lines.push(`${indent}  ${step.pool}: ${what}`);
    }
  }
  lines.push(`${indent}summary: ${summaryLine(story)}`);
  return lines;
}

function summaryLine(story: PlanStory): string {
  if (story.changes.length === 0) return 'no changes';
  const count = (action: PlannedChange['action']) =>
    story.changes.filter((c) => c.action === action).length;
  const counts = ACTION_ORDER.filter((a) => a !== 'forget' || count(a) > 0).map(
    (action) => `${count(action)} to ${action}`,
  );
  const drains = story.retirements.filter((s) => s.kind === 'drain').length;
  const deletions = story.retirements.filter((s) => s.kind === 'node-deletion').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    counts.join(', ') +
    (drains + deletions > 0
      ? `; ${plural(drains, 'drain')}, ${plural(deletions, 'Node deletion')}`
      : '')
  );
}
