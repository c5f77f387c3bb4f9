/**
 * `cdktf-kamaji check`: terraform validate and plan (and, with `apply`, apply and a
 * second plan that must be empty) of any CDKTF app's stacks, in dependency order,
 * against stub providers served from the package's schema files: no credentials, no
 * registry, no network beyond 127.0.0.1. The stacks run in a temporary copy whose
 * backends are replaced by the check's own state server (state-server.ts), which keeps
 * each state in a file of the copy, and whose cross-stack `terraform_remote_state` reads
 * read the states of the stacks checked before them.
 *
 * A stack the stubs cannot serve (a provider, resource or data source type outside the
 * schema files, a module terraform would download, a remote state outside the app) is
 * reported as not checked, with the stacks that read it. Not checked fails the check
 * unless `allowUnchecked` is set: a CI gate fails closed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  copyWithoutLinks,
  LeftOutProvisioner,
  leaveOutProvisioners,
  unsafeStackFiles,
} from './app-copy';
import { appEnvironment, isLocalLeftover, keepCopy, readCdktfJson, synthesize } from './app-source';
import { messageLines, StackMessage, stackMessages } from './annotations';
import { CheckExit, StackResult, summarize, unservedReasons } from './check-report';
import {
  defaultTerraformBinary,
  dependencyOrder,
  SCHEMAS_DIR,
  SynthesizedApp,
  TerraformHarness,
  terraformVersion,
} from './harness';
import { outputsRead, stateWithOutputs } from './read-outputs';
import { StateRehearsal } from './rehearsal';
import { runInDependencyOrder } from './schedule';
import { Failure, planSteps, validateSteps } from './stack-steps';
import {
  localStateOverride,
  RemoteStateRead,
  ServedProvider,
  shortAddress,
  stackCoverage,
} from './stack-coverage';
import { StateServer } from './state-server';
import { asUsage, UsageError } from './usage-error';

export { CheckExit } from './check-report';

export interface CheckOptions {
  /** The app's folder: where cdktf.json is read and the app command runs. */
  readonly cwd: string;
  /** The command that synthesizes the app. @default - `app` of cdktf.json, else none */
  readonly app?: string;
  /**
   * Names of the caller's environment variables the app command gets besides PATH, HOME
   * and node's own (APP_ENVIRONMENT of app-source.ts). @default - none
   */
  readonly appEnv?: readonly string[];
  /** The synthesized app's folder. @default - `output` of cdktf.json, else cdktf.out */
  readonly output?: string;
  /** Apply every stack to the stubs and expect a second plan without changes. */
  readonly apply?: boolean;
  /** Pass (exit 0) when stacks could not be checked; they are still reported. */
  readonly allowUnchecked?: boolean;
  /** Keep the temporary copy, with its override files and states, and say where. */
  readonly keep?: boolean;
  /**
   * Variable files every plan reads (`terraform plan -var-file`); the caller's TF_VAR_*
   * variables never reach the check's terraform. @default - none
   */
  readonly varFiles?: readonly string[];
  /**
   * A folder that keeps the stubs' states between runs (created 0700 when missing): each
   * plan starts from the states the last `apply` run saved there, and prints its changes
   * by address with the drains and Node deletions its apply would run; with `apply`, the
   * states are saved back. @default - every run starts from empty states
   */
  readonly stateDir?: string;
  /** Provider schema files to serve. @default - the package's schemas/ */
  readonly schemasDir?: string;
  /**
   * The Terraform binary, e.g. `tofu` for OpenTofu.
   * @default - TERRAFORM_BINARY_NAME (as cdktf-cli reads it), else `terraform`
   */
  readonly terraformBinary?: string;
  /**
   * How many stacks run at once; a stack starts once the stacks it depends on are done.
   * @default - the number of cores (os.availableParallelism())
   */
  readonly parallelism?: number;
  /** Where the report goes, line by line. @default - standard output */
  readonly print?: (line: string) => void;
}

/** The file the check writes beside each stack's cdk.tf.json in its temporary copy. */
export const OVERRIDE_FILE = 'zz_check_override.tf.json';

export async function runCheck(options: CheckOptions): Promise<CheckExit> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  try {
    return await check(options, print);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    print(`cdktf-kamaji check: ${error.message}`);
    return CheckExit.USAGE;
  }
}

async function check(options: CheckOptions, print: (line: string) => void): Promise<CheckExit> {
  const binary = options.terraformBinary ?? defaultTerraformBinary();
  const version = terraformVersion(binary);
  if (!version) {
    throw new UsageError(
      `\`${binary}\` is not on PATH: install Terraform >= 1.6 (or OpenTofu >= 1.6, run as ` +
        '`--terraform tofu`) to run the check.',
    );
  }
  const config = readCdktfJson(options.cwd);
  const app = options.app ?? config.app;
  const output = path.resolve(options.cwd, options.output ?? config.output ?? 'cdktf.out');
  const schemasDir = options.schemasDir ?? SCHEMAS_DIR;

  if (app) {
    print(`$ ${app}   (synthesizing into ${output})`);
    const env = appEnvironment(process.env, options.appEnv ?? []);
    if (!synthesize(app, options.cwd, output, config.context, env, print)) {
      print('FAILED: the app did not synthesize (its output is above); nothing was checked.');
      return CheckExit.FAILED;
    }
  }
  if (!fs.existsSync(path.join(output, 'manifest.json'))) {
    throw new UsageError(
      `no ${path.join(output, 'manifest.json')}` +
        (app
          ? ': does the app set its own outdir? Pass it with --output.'
          : ': synthesize first (cdktf synth or cdktn synth), or pass --app "<command>".'),
    );
  }

  const varFiles = (options.varFiles ?? []).map((file) => path.resolve(options.cwd, file));
  for (const file of varFiles) {
    if (!fs.existsSync(file)) throw new UsageError(`--var-file ${file}: no such file`);
  }
  const rehearsal =
    options.stateDir === undefined
      ? undefined
      : asUsage(() => StateRehearsal.open(options.stateDir!, options.cwd));
  const harness = await TerraformHarness.start({
    binary,
    schemasDir,
    ...(rehearsal && { pki: rehearsal.pki, env: rehearsal.env }),
    varFiles,
    // Only whether VSPHERE_USER and the like are set is read: see provider-env-defaults.ts.
    providerEnvironment: process.env,
  });
  const stop = () => harness.stop().then(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const copy = path.join(harness.workDir, 'app');
    let synthesized: SynthesizedApp;
    let leftOut: LeftOutProvisioner[];
    try {
      copyWithoutLinks(output, copy, isLocalLeftover);
      synthesized = SynthesizedApp.open(copy);
      leftOut = leaveOutProvisioners(copy);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (synthesized.stacks.length === 0) throw new UsageError(`${output}: the app has no stacks`);

    const served: ServedProvider[] = harness.stub.providers.map((provider) => ({
      address: provider.address,
      version: provider.version,
      resources: Object.keys(provider.resources),
      dataSources: Object.keys(provider.dataSources),
    }));
    print(`${path.basename(binary)} ${version}; stub providers served from ${schemasDir}:`);
    print(`  ${served.map((p) => `${shortAddress(p.address)} ${p.version}`).join(', ')}`);

    const messages = stackMessages(
      JSON.parse(fs.readFileSync(path.join(copy, 'manifest.json'), 'utf8')),
    );
    const workStates = path.join(harness.workDir, 'state');
    const restored = rehearsal
      ? asUsage(() => rehearsal.restore(workStates, synthesized.stacks, options.apply === true))
      : [];
    for (const line of restored) print(line);
    const states = await StateServer.start(workStates, synthesized.stacks);
    let results: StackResult[];
    try {
      results = await checkStacks(
        harness,
        synthesized,
        states,
        served,
        leftOut,
        messages,
        options,
        print,
      );
    } finally {
      await states.stop();
    }
    if (rehearsal && options.apply) print(rehearsal.save(workStates, synthesized.stacks));
    if (options.keep) {
      const kept = keepCopy(harness.workDir);
      print(`\nkept the checked copy, its override files and states in ${kept} (yours only)`);
    }
    return summarize(results, options.allowUnchecked === true, print);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await harness.stop();
  }
}

async function checkStacks(
  harness: TerraformHarness,
  app: SynthesizedApp,
  states: StateServer,
  served: ServedProvider[],
  leftOut: LeftOutProvisioner[],
  messages: Record<string, StackMessage[]>,
  options: CheckOptions,
  print: (line: string) => void,
): Promise<StackResult[]> {
  const json = Object.fromEntries(app.stacks.map((stack) => [stack, app.stackJson(stack)]));
  const coverage = Object.fromEntries(
    app.stacks.map((stack) => [stack, stackCoverage(json[stack], served, json)]),
  );
  // Remote state reads order the stacks as well: a hand-written read may not be a
  // dependency CDKTF knows of. A stack's read of its own state (its ledger) orders nothing.
  const reads = (stack: string) =>
    coverage[stack].remoteStates.flatMap((read) =>
      read.stack && read.stack !== stack ? [read.stack] : [],
    );
  const dependencies = Object.fromEntries(
    app.stacks.map((stack) => [stack, unique([...app.dependencies[stack], ...reads(stack)])]),
  );
  const order = dependencyOrder(dependencies);
  const stateFile = (stack: string) => states.stateFile(stack);
  fs.mkdirSync(path.join(harness.workDir, 'state'), { recursive: true });
  // What a stack reads of another's state, in a folder of its own (see read-outputs.ts).
  const readFile = (stack: string, read: string) =>
    path.join(harness.workDir, 'reads', stack, `${read}.tfstate`);

  // A stack's state is final once it is done, when its readers start: parsed once, not
  // once per reader (a fleet's control-planes state is read by every node stack).
  const outputStates = new Map<string, object | undefined>();
  const outputsOf = (target: string) => {
    if (!outputStates.has(target)) {
      const file = stateFile(target);
      const state = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
      outputStates.set(target, state && stateWithOutputs(state, undefined));
    }
    return outputStates.get(target);
  };

  const results = new Map<string, StackResult>();
  // What needs nothing of the stacks a stack reads (its files, init, validate) runs as
  // soon as a slot is free, so that a fleet's node stacks get ready while the
  // control-planes stack is applied; its log waits in a buffer like the rest.
  const prepare = async (stack: string): Promise<Prepared> => {
    const override = localStateOverride(coverage[stack], states.backend(stack), (target) =>
      target === stack ? stateFile(stack) : readFile(stack, target),
    );
    const notServed = [
      ...unservedReasons(coverage[stack]),
      ...unsafeStackFiles(app.outdir, app.stackDir(stack), override),
    ];
    if (notServed.length > 0) return { notServed, lines: [] };
    fs.writeFileSync(
      path.join(app.stackDir(stack), OVERRIDE_FILE),
      `${JSON.stringify(override, null, 2)}\n`,
    );
    const lines: string[] = [];
    const failure = await validateSteps(harness, app, stack, (line) => lines.push(line));
    return { notServed, lines, failure };
  };
  // Each stack reports into its own buffer, printed whole and in dependency order.
  const checkOne = async (stack: string, prepared: Prepared): Promise<string[]> => {
    const lines: string[] = [];
    const say = (line: string) => lines.push(line);
    say(`\n== stack ${stack}`);
    for (const line of messageLines(messages[stack] ?? [])) say(line);
    const { notServed } = prepared;
    const blocked = dependencies[stack].filter((d) => results.get(d)?.status !== 'passed');
    if (notServed.length > 0 || blocked.length > 0) {
      const reasons = [
        ...notServed,
        ...blocked.map((d) => `reads stack ${d}, which ${results.get(d)?.status ?? 'did not run'}`),
      ];
      for (const reason of reasons) say(`   ${reason}`);
      say('   NOT CHECKED');
      results.set(stack, { stack, status: 'not checked', reason: reasons.join('; ') });
      return lines;
    }
    const reads = coverage[stack].remoteStates.filter(
      (read) => read.stack !== undefined && read.stack !== stack,
    );
    for (const target of unique(reads.map((read) => read.stack!))) {
      writeReadState(json[stack], reads, target, outputsOf(target), readFile(stack, target));
    }
    const backend = coverage[stack].backend;
    say(
      `   backend: ${backend ? `${backend}, replaced by` : 'none, set to'} the check's state ` +
        `server on 127.0.0.1, which keeps the state in its temporary copy (${OVERRIDE_FILE})`,
    );
    for (const read of coverage[stack].remoteStates) {
      say(
        read.stack === stack
          ? `   data.terraform_remote_state.${read.name} reads this stack's own local state (its ledger)`
          : `   data.terraform_remote_state.${read.name} reads the local state of ${read.stack}`,
      );
    }
    for (const provisioner of leftOutBy.get(app.stackDir(stack)) ?? []) {
      say(
        `   ${provisioner.resource}: provisioner ${provisioner.type} not exercised ` +
          '(the check runs no provisioner)',
      );
    }
    lines.push(...prepared.lines);
    const readers = order.filter((other) => dependencies[other].includes(stack));
    const failure =
      prepared.failure ?? (await planSteps(harness, app, stack, readers, options, say));
    const result = outcome(failure);
    results.set(stack, { stack, ...result });
    if (result.status === 'not checked') say(`   ${result.reason}\n   NOT CHECKED`);
    else say(result.status === 'failed' ? `   FAILED: ${result.reason}` : '   PASSED');
    return lines;
  };
  const leftOutBy = provisionersByStackDir(app, leftOut);
  await runInDependencyOrder(
    order,
    dependencies,
    options.parallelism ?? os.availableParallelism(),
    checkOne,
    (_, lines) => lines.forEach((line) => print(line)),
    prepare,
  );
  return order.map((stack) => results.get(stack)!);
}

/**
 * Writes the state that a stack's reads of `target` read (`json` is the stack's): the
 * outputs they name of target's state. Nothing when target has no state (it was not
 * applied): the read then fails, as it would have.
 */
function writeReadState(
  json: any,
  reads: RemoteStateRead[],
  target: string,
  state: object | undefined,
  file: string,
): void {
  if (state === undefined) return;
  const named = reads.filter((read) => read.stack === target).map((r) => outputsRead(json, r.name));
  const outputs = named.some((o) => o === undefined) ? undefined : unique(named.flat() as string[]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(stateWithOutputs(state, outputs))}\n`);
}

/**
 * The provisioners left out of the copy, under each stack folder that holds them: found
 * from each file's folders up, so that the time per stack does not grow with the app.
 */
function provisionersByStackDir(
  app: SynthesizedApp,
  leftOut: LeftOutProvisioner[],
): Map<string, LeftOutProvisioner[]> {
  const stackDirs = new Set(app.stacks.map((stack) => app.stackDir(stack)));
  const byDir = new Map<string, LeftOutProvisioner[]>();
  for (const provisioner of leftOut) {
    let dir = path.dirname(path.join(app.outdir, provisioner.file));
    for (;;) {
      if (stackDirs.has(dir)) byDir.set(dir, [...(byDir.get(dir) ?? []), provisioner]);
      if (dir === app.outdir || path.dirname(dir) === dir) break;
      dir = path.dirname(dir);
    }
  }
  return byDir;
}

/** What a stack's preparation found: why it cannot be checked, or its init and validate. */
interface Prepared {
  readonly notServed: string[];
  readonly lines: string[];
  readonly failure?: Failure;
}

function outcome(failure: Failure): Omit<StackResult, 'stack'> {
  if (failure === undefined) return { status: 'passed' };
  return typeof failure === 'string'
    ? { status: 'failed', reason: failure }
    : { status: 'not checked', reason: failure.notChecked };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
