/**
 * Runs the real `terraform` binary on synthesized CDKTF apps, offline, against the
 * stub providers (design D8): one stub server per harness, stacks in dependency order,
 * each stack's state in its own folder so that cross-stack `terraform_remote_state`
 * reads work as they do under `cdktf deploy`. Shipped with the package: the repository's
 * tests, `npm run tf` and `cdktf-kamaji check` all run terraform through it.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// Type only: the check runs apps of either core (cdktf or cdktn) and loads neither itself.
import type { App } from 'cdktf';
import { ClusterPki } from './stub/pki';
import { StubProviderServer } from './stub/server';
import { STUB_TENANT_ENV } from './stub/tenant';

/**
 * The libraries whose `schemas/` the check serves, one per core: both are built from one
 * source with the same schema files (issue #24), so whichever the app installed will do.
 */
const LIBRARIES = ['cdktf-kamaji', 'cdktn-kamaji'];

/**
 * The provider schema files the stubs serve: `schemas/` of the installed cdktf-kamaji or
 * cdktn-kamaji, the library this package is a peer of, so the check serves the provider
 * versions the app's library was generated from. Found through the library's exported
 * `./package.json`.
 */
export const SCHEMAS_DIR = librarySchemasDir();

function librarySchemasDir(): string {
  for (const library of LIBRARIES) {
    let manifest: string;
    try {
      manifest = require.resolve(`${library}/package.json`);
    } catch {
      continue;
    }
    const schemas = path.join(path.dirname(manifest), 'schemas');
    if (fs.existsSync(schemas)) return schemas;
  }
  throw new Error(
    `cdktf-kamaji-check: neither ${LIBRARIES.join(' nor ')} is installed beside it; it serves ` +
      "that library's provider schemas (a peer dependency): npm install cdktf-kamaji (CDKTF) " +
      'or cdktn-kamaji (CDK Terrain)',
  );
}

/**
 * What every process the harness and the check start gets: terraform and the cdktf CLI
 * skip their version check against checkpoint-api.hashicorp.com (offline it fails, and
 * the CLI logs an [ERROR] line for it).
 */
export const OFFLINE_ENV = { CHECKPOINT_DISABLE: '1' } as const;

/** What the management kubeconfig the stacks' `management_kubeconfig` variable names holds. */
export const STUB_MANAGEMENT_KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\n';

/**
 * The Terraform binary to run: `TERRAFORM_BINARY_NAME` when set, as cdktf-cli itself reads
 * it (hashicorp/terraform-cdk packages/@cdktf/commons/src/terraform.ts), so `tofu` runs the
 * check where it runs `cdktf deploy`; else `terraform`.
 */
export function defaultTerraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.TERRAFORM_BINARY_NAME || 'terraform';
}

/**
 * The binary's version, from `version -json` (OpenTofu prints the same `terraform_version`
 * field: opentofu/opentofu internal/command/views/version.go); undefined when it does not run.
 */
export function terraformVersion(binary = defaultTerraformBinary()): string | undefined {
  const result = spawnSync(binary, ['version', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, ...OFFLINE_ENV },
  });
  if (result.error || result.status !== 0) return undefined;
  try {
    return JSON.parse(result.stdout).terraform_version;
  } catch {
    return undefined;
  }
}

export interface TerraformResult {
  /** The command line as run, e.g. `terraform plan -input=false` (`tofu plan ...`). */
  readonly command: string;
  /** Its arguments, e.g. ['plan', '-input=false']. */
  readonly args: readonly string[];
  readonly stack: string;
  readonly code: number;
  /** stdout and stderr, interleaved as terraform wrote them. */
  readonly output: string;
}

/** One planned change from `terraform show -json <plan>`. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode: 'managed' | 'data';
  readonly actions: string[];
  readonly before: any;
  readonly after: any;
}

export interface Plan {
  readonly stack: string;
  /** 0: no changes, 2: changes (terraform plan -detailed-exitcode). */
  readonly code: number;
  readonly output: string;
  readonly changes: ResourceChange[];
  /** Changes that do something: not no-op, not a data source read. */
  readonly actions: ResourceChange[];
  readonly outputChanges: Record<string, { actions: string[] }>;
}

/**
 * A synthesized app: `manifest.json` under `outdir`, and each stack's folder and
 * `cdk.tf.json` where the manifest says (`stacks/<stack>/` as CDKTF writes them).
 */
export class SynthesizedApp {
  /** Synthesizes `build(new App())` into outdir (created when missing). */
  public static synth(build: (app: App) => App, outdir: string): SynthesizedApp {
    fs.mkdirSync(outdir, { recursive: true });
    // Loaded here, for the repository's tests: the check itself never synthesizes in-process,
    // and a CDK Terrain project has no cdktf to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { App: CdktfApp } = require('cdktf') as typeof import('cdktf');
    build(new CdktfApp({ outdir })).synth();
    return new SynthesizedApp(outdir);
  }

  /** An app synthesized earlier, e.g. by `cdktf synth` or the app's own command. */
  public static open(outdir: string): SynthesizedApp {
    return new SynthesizedApp(outdir);
  }

  /** Stack names, each after the stacks it depends on. */
  public readonly stacks: string[];
  /** The stacks each stack reads outputs of. */
  public readonly dependencies: Record<string, string[]>;

  private readonly workingDirectories: Record<string, string>;

  private constructor(public readonly outdir: string) {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const stacks = Object.entries<any>(manifest.stacks ?? {});
    this.dependencies = Object.fromEntries(
      stacks.map(([name, stack]) => [name, stack.dependencies ?? []]),
    );
    this.workingDirectories = Object.fromEntries(
      stacks.map(([name, stack]) => [name, stackFolder(name, stack.workingDirectory)]),
    );
    this.stacks = dependencyOrder(this.dependencies);
  }

  public stackDir(stack: string): string {
    return path.join(this.outdir, this.workingDirectories[stack]);
  }

  public stackJson(stack: string): any {
    return JSON.parse(fs.readFileSync(path.join(this.stackDir(stack), 'cdk.tf.json'), 'utf8'));
  }

  /** Replaces this app's configuration with that of another synthesis; state stays. */
  public replaceConfiguration(other: SynthesizedApp): void {
    for (const stack of other.stacks) {
      fs.mkdirSync(this.stackDir(stack), { recursive: true });
      fs.copyFileSync(
        path.join(other.stackDir(stack), 'cdk.tf.json'),
        path.join(this.stackDir(stack), 'cdk.tf.json'),
      );
    }
  }

  /** Resources (managed and data) recorded in a stack's local state. */
  public stateResources(stack: string): Array<{ mode: string; type: string; name: string }> {
    const file = path.join(this.stackDir(stack), `terraform.${stack}.tfstate`);
    if (!fs.existsSync(file)) return [];
    return JSON.parse(fs.readFileSync(file, 'utf8')).resources ?? [];
  }
}

/**
 * A stack's folder relative to the output folder, as manifest.json gives it. Checked,
 * because the manifest is the app's to write and the folder is written into: the stack's
 * name becomes a file name, and the folder must stay inside the output folder.
 */
function stackFolder(name: string, workingDirectory: unknown): string {
  // CDKTF's own rules (no "/" in a construct id, no whitespace) keep real names clear of this.
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new Error(
      `manifest.json: stack name ${JSON.stringify(name)} is not allowed: it names a file ` +
        'of the check, so it may not be "." or ".." nor hold "/" or "\\"',
    );
  }
  const folder = workingDirectory ?? path.join('stacks', name);
  const normal = typeof folder === 'string' ? path.normalize(folder) : '';
  if (
    normal === '' ||
    path.isAbsolute(folder as string) ||
    normal === '..' ||
    normal.startsWith(`..${path.sep}`)
  ) {
    throw new Error(
      `manifest.json: stack ${name}: workingDirectory ${JSON.stringify(folder)} is not a ` +
        'relative path inside the output folder, which is all the check writes into',
    );
  }
  return normal;
}

/** Stack names, each after the stacks it depends on (throws on a cycle). */
export function dependencyOrder(dependencies: Record<string, string[]>): string[] {
  const ordered: string[] = [];
  const visit = (name: string, trail: string[]) => {
    if (ordered.includes(name)) return;
    if (trail.includes(name)) throw new Error(`stacks depend on each other: ${[...trail, name]}`);
    for (const dependency of dependencies[name]) visit(dependency, [...trail, name]);
    ordered.push(name);
  };
  for (const name of Object.keys(dependencies).sort()) visit(name, []);
  return ordered;
}

export interface HarnessOptions {
  /** Print terraform's output as it runs (the `npm run tf` command does). */
  readonly echo?: boolean;
  /** Log every RPC the stub serves to this file. */
  readonly stubLog?: string;
  /** Provider schema files to serve. @default - the package's schemas/ */
  readonly schemasDir?: string;
  /**
   * Variable files (`.tfvars` or `.tfvars.json`) every plan reads, for values the
   * placeholders do not fit. The calling shell's TF_VAR_* variables never pass.
   * @default - none: every variable without a default gets a placeholder
   */
  readonly varFiles?: readonly string[];
  /**
   * Whether variables a provider reads its required arguments from are set (only whether,
   * never their values): see stub/provider-env-defaults.ts.
   * @default - none set
   */
  readonly providerEnvironment?: Readonly<Record<string, string | undefined>>;
  /**
   * More environment for terraform and what it runs (provisioners), e.g. a PATH with a
   * stub `kubectl` first and `CDKTF_KAMAJI_SKIP_DRAIN: '0'` to run the pools' drains.
   * @default - none: drains are skipped, the stub tenant has no API server to drain on
   */
  readonly env?: { [name: string]: string };
  /** The stub cluster's CA and admin credentials. @default - made afresh */
  readonly pki?: ClusterPki;
  /**
   * The Terraform binary, a name on PATH or a path: `tofu` runs OpenTofu.
   * @default - defaultTerraformBinary(): TERRAFORM_BINARY_NAME, else `terraform`
   */
  readonly binary?: string;
}

/** A running stub server and the environment that points terraform at it. */
export class TerraformHarness {
  public static async start(options: HarnessOptions = {}): Promise<TerraformHarness> {
    const stub = await StubProviderServer.start({
      schemasDir: options.schemasDir ?? SCHEMAS_DIR,
      logFile: options.stubLog,
      providerEnvironment: options.providerEnvironment,
      pki: options.pki,
    });
    return new TerraformHarness(stub, options);
  }

  public readonly workDir: string;
  private readonly children = new Set<ChildProcess>();
  private readonly baseEnv: NodeJS.ProcessEnv;

  private constructor(
    public readonly stub: StubProviderServer,
    private readonly options: HarnessOptions,
  ) {
    this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-tf-'));
    process.once('exit', this.cleanUp);
    const cliConfig = path.join(this.workDir, 'terraformrc');
    fs.mkdirSync(path.join(this.workDir, 'no-providers'));
    fs.writeFileSync(cliConfig, offlineCliConfig(path.join(this.workDir, 'no-providers')));
    const kubeconfig = path.join(this.workDir, 'management.kubeconfig');
    fs.writeFileSync(kubeconfig, STUB_MANAGEMENT_KUBECONFIG);
    const home = path.join(this.workDir, 'home');
    const tmp = path.join(this.workDir, 'tmp');
    fs.mkdirSync(home);
    fs.mkdirSync(tmp);
    // Terraform and all it starts see this environment only, never the caller's: a CI
    // job's credentials, and its TF_* and TF_VAR_* settings, stay out of what a stack
    // can read or run.
    this.baseEnv = {
      PATH: [stub.tenant.binDir, process.env.PATH].filter(Boolean).join(path.delimiter),
      HOME: home,
      TMPDIR: tmp,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_REATTACH_PROVIDERS: stub.reattachProviders,
      TF_IN_AUTOMATION: '1',
      TF_VAR_management_kubeconfig: kubeconfig,
      // Scripts that local-exec runs (join health) reach the stub tenant, never a real one.
      [STUB_TENANT_ENV]: stub.tenant.dir,
      // The pools' destroy-time drains would call kubectl on a tenant that does not exist.
      CDKTF_KAMAJI_SKIP_DRAIN: '1',
      ...options.env,
      // Offline: no version check against checkpoint-api.hashicorp.com, whatever the
      // caller's environment says (terraform and what it runs read it).
      ...OFFLINE_ENV,
    };
  }

  /**
   * Placeholders for the variables a stack declares without a default (credentials
   * such as TF_VAR_vsphere_password): the stubs accept any value.
   */
  private envFor(app: SynthesizedApp, stack: string): NodeJS.ProcessEnv {
    const env = { ...this.baseEnv };
    for (const [name, variable] of Object.entries<any>(app.stackJson(stack).variable ?? {})) {
      if (variable.default === undefined && env[`TF_VAR_${name}`] === undefined) {
        env[`TF_VAR_${name}`] = placeholder(name, variable.type);
      }
    }
    return env;
  }

  /** Runs `terraform <args>` in a stack's folder; `quiet` keeps its output from the echo. */
  public terraform(
    app: SynthesizedApp,
    stack: string,
    given: string[],
    quiet = false,
  ): Promise<TerraformResult> {
    const varFiles = (this.options.varFiles ?? []).map((file) => `-var-file=${file}`);
    const args = given[0] === 'plan' ? [...given, ...varFiles] : given;
    const binary = this.options.binary ?? defaultTerraformBinary();
    const command = `${path.basename(binary)} ${args.join(' ')}`;
    const cwd = app.stackDir(stack);
    const echo = this.options.echo && !quiet;
    if (echo) process.stdout.write(`\n### ${stack}: ${command}\n`);
    return new Promise((resolve, reject) => {
      const child = spawn(binary, args, { cwd, env: this.envFor(app, stack) });
      this.children.add(child);
      let output = '';
      const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (echo) stream.write(chunk);
      };
      child.stdout.on('data', collect(process.stdout));
      child.stderr.on('data', collect(process.stderr));
      child.on('error', reject);
      child.on('close', (code) => {
        this.children.delete(child);
        resolve({ command, args, stack, code: code ?? -1, output });
      });
    });
  }

  /** `terraform init` of every stack (in parallel: init touches only its own folder). */
  public async init(app: SynthesizedApp): Promise<TerraformResult[]> {
    return this.eachStack(app, ['init', '-input=false', '-no-color']);
  }

  /** `terraform validate` of every stack; validation reads no state, so in parallel. */
  public async validate(app: SynthesizedApp): Promise<TerraformResult[]> {
    return this.eachStack(app, ['validate', '-no-color']);
  }

  /** Runs the command in every stack: at once, or one by one when the output is echoed. */
  private async eachStack(app: SynthesizedApp, args: string[]): Promise<TerraformResult[]> {
    if (!this.options.echo) {
      return Promise.all(app.stacks.map((stack) => this.terraform(app, stack, args)));
    }
    const results: TerraformResult[] = [];
    for (const stack of app.stacks) results.push(await this.terraform(app, stack, args));
    return results;
  }

  /** Plans one stack into `tfplan` and reads the plan back as JSON. */
  public async plan(app: SynthesizedApp, stack: string, extra: string[] = []): Promise<Plan> {
    const result = await this.terraform(app, stack, [
      'plan',
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      '-out=tfplan',
      ...extra,
    ]);
    if (result.code !== 0 && result.code !== 2) {
      throw new TerraformError(result);
    }
    const shown = await this.terraform(app, stack, ['show', '-json', '-no-color', 'tfplan'], true);
    if (shown.code !== 0) throw new TerraformError(shown);
    const json = JSON.parse(shown.output);
    const changes: ResourceChange[] = (json.resource_changes ?? []).map((rc: any) => ({
      address: rc.address,
      type: rc.type,
      mode: rc.mode,
      actions: rc.change.actions,
      before: rc.change.before,
      after: rc.change.after,
    }));
    return {
      stack,
      code: result.code,
      output: result.output,
      changes,
      actions: changes.filter(
        (c) => c.mode === 'managed' && !(c.actions.length === 1 && c.actions[0] === 'no-op'),
      ),
      outputChanges: Object.fromEntries(
        Object.entries<any>(json.output_changes ?? {}).map(([name, c]) => [
          name,
          { actions: c.actions },
        ]),
      ),
    };
  }

  /** Plans each stack in dependency order (applying none). */
  public async planAll(app: SynthesizedApp): Promise<Plan[]> {
    const plans: Plan[] = [];
    for (const stack of app.stacks) plans.push(await this.plan(app, stack));
    return plans;
  }

  /** Applies every stack in dependency order; throws on the first failure. */
  public async applyAll(app: SynthesizedApp): Promise<TerraformResult[]> {
    return this.runEach(app, app.stacks, 'apply');
  }

  /** Destroys every stack, dependents first; throws on the first failure. */
  public async destroyAll(app: SynthesizedApp): Promise<TerraformResult[]> {
    return this.runEach(app, [...app.stacks].reverse(), 'destroy');
  }

  /** `terraform <command> -auto-approve` in each stack in turn; throws on the first failure. */
  private async runEach(
    app: SynthesizedApp,
    stacks: SynthesizedApp['stacks'],
    command: 'apply' | 'destroy',
  ): Promise<TerraformResult[]> {
    const results: TerraformResult[] = [];
    for (const stack of stacks) {
      const result = await this.terraform(app, stack, [
        command,
        '-input=false',
        '-no-color',
        '-auto-approve',
      ]);
      results.push(result);
      if (result.code !== 0) throw new TerraformError(result);
    }
    return results;
  }

  /** Stops the stub and any terraform still running, and removes the work folder. */
  public async stop(): Promise<void> {
    process.removeListener('exit', this.cleanUp);
    this.cleanUp();
  }

  /** Synchronous, so that it also runs when the process exits without stop(). */
  private readonly cleanUp = (): void => {
    for (const child of this.children) child.kill('SIGTERM');
    this.stub.stop();
    fs.rmSync(this.workDir, { recursive: true, force: true });
  };
}

/**
 * A CLI configuration that installs no provider (the stubs are attached, not installed):
 * an empty filesystem mirror is the only installation method, so `terraform init` never
 * asks a registry, and fails on a provider the stubs do not serve. It also keeps the
 * dev_overrides, mirrors and credentials of this machine's user out.
 */
export function offlineCliConfig(emptyMirror: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(emptyMirror)}`,
    '    include = ["*/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A value of the variable's type, in the syntax terraform reads from TF_VAR_*. */
function placeholder(name: string, type: unknown): string {
  const text = typeof type === 'string' ? type.replace(/\s/g, '') : 'string';
  if (text === 'number') return '0';
  if (text === 'bool') return 'false';
  if (/^(list|set|tuple)\b/.test(text)) return '[]';
  if (/^(map|object)\b/.test(text)) return '{}';
  return `placeholder-${name}`;
}

export class TerraformError extends Error {
  constructor(public readonly result: TerraformResult) {
    super(`${result.stack}: \`${result.command}\` exited ${result.code}\n${result.output.trim()}`);
  }
}

/** Addresses of a plan's changes with the given action set, e.g. ['delete']. */
export function addressesWith(plan: Plan, actions: string[]): string[] {
  return plan.actions
    .filter((change) => change.actions.join(',') === actions.join(','))
    .map((change) => change.address)
    .sort();
}
