/**
 * `cdktf-kamaji check` (#13 item 4): what of a stack the stubs can serve, and the
 * command on real apps: an example of this repository, and a consumer's own app with S3
 * backends, an escape-hatch mistake, and a provider the package has no schema for.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckExit, CheckOptions, runCheck } from '../../packages/check/src/check';
import {
  localStateOverride,
  ServedProvider,
  stackCoverage,
} from '../../packages/check/src/stack-coverage';
import { parse } from 'yaml';
import { recordingTerraform } from '../support/recording-terraform';
import { describeWithTerraform } from '../terraform/support';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../..');
// The repository's ts-node, run by this node: `npx` in a folder outside the repository
// would look for ts-node on the registry.
const TS_NODE = `"${process.execPath}" "${require.resolve('ts-node/dist/bin.js')}" --transpile-only --project "${path.join(ROOT, 'tsconfig.json')}"`;
const CLI = path.join(ROOT, 'packages/check/src/cli.ts');
const CONSUMER_APP = `${TS_NODE} "${path.join(__dirname, 'consumer-app.ts')}"`;

describe('stack coverage', () => {
  const served: ServedProvider[] = [
    {
      address: 'registry.terraform.io/hashicorp/kubernetes',
      version: '2.38.0',
      resources: ['kubernetes_manifest'],
      dataSources: ['kubernetes_secret'],
    },
  ];
  const s3 = (key: string) => ({ bucket: 'state', key, region: 'eu-central-1' });
  const stackWithS3 = (key: string) => ({ terraform: { backend: { s3: s3(key) } } });

  test('names providers and types the schema files lack', () => {
    // GIVEN a stack with a served provider, a type its schema lacks, and another provider
    const json = {
      terraform: {
        required_providers: {
          kubernetes: { source: 'hashicorp/kubernetes', version: '2.38.0' },
          aws: { source: 'hashicorp/aws' },
        },
      },
      resource: {
        kubernetes_manifest: { a: {} },
        kubernetes_deployment: { b: {} },
        aws_s3_bucket: { c: {} },
        terraform_data: { d: {} },
      },
      data: { kubernetes_secret: { e: {} }, kubernetes_namespace: { f: {} } },
      module: {
        local: { source: './modules/x' },
        vpc: { source: 'terraform-aws-modules/vpc/aws' },
      },
    };
    // WHEN
    const coverage = stackCoverage(json, served, { s: json });
    // THEN
    expect(coverage.unservedProviders).toEqual(['registry.terraform.io/hashicorp/aws']);
    expect(coverage.unservedTypes).toEqual([
      'data kubernetes_namespace',
      'resource kubernetes_deployment',
    ]);
    expect(coverage.remoteModules).toEqual(['module.vpc (terraform-aws-modules/vpc/aws)']);
  });

  test('a resource of an aliased provider counts for that provider', () => {
    const json = {
      terraform: { required_providers: { k8s: { source: 'hashicorp/kubernetes' } } },
      resource: { kubernetes_manifest: { a: { provider: 'k8s.tenant' } } },
    };
    expect(stackCoverage(json, served, {}).unservedProviders).toEqual([]);
  });

  test('finds the stack a remote state read reads: by CDKTF name, else by backend', () => {
    // GIVEN
    const stacks = { cp: stackWithS3('cp.tfstate'), other: stackWithS3('other.tfstate') };
    const reader = {
      ...stackWithS3('reader.tfstate'),
      data: {
        terraform_remote_state: {
          'cross-stack-reference-input-cp': { backend: 's3', config: s3('cp.tfstate') },
          handwritten: { backend: 's3', config: s3('other.tfstate') },
          elsewhere: { backend: 's3', config: s3('network-team.tfstate') },
        },
      },
    };
    // WHEN
    const coverage = stackCoverage(reader, served, { ...stacks, reader });
    // THEN
    expect(coverage.backend).toBe('s3');
    expect(coverage.remoteStates).toEqual([
      { name: 'cross-stack-reference-input-cp', backend: 's3', stack: 'cp' },
      { name: 'handwritten', backend: 's3', stack: 'other' },
      { name: 'elsewhere', backend: 's3', stack: undefined },
    ]);
    // AND the override keeps the stack's state where it is told, and reads the app's
    // stacks from their local state files
    const backend = { http: { address: 'http://127.0.0.1:9/reader' } };
    expect(localStateOverride(coverage, backend, (stack) => `/w/${stack}.tfstate`)).toEqual({
      terraform: { backend },
      data: {
        terraform_remote_state: {
          'cross-stack-reference-input-cp': {
            backend: 'local',
            config: { path: '/w/cp.tfstate' },
            workspace: 'default',
          },
          handwritten: {
            backend: 'local',
            config: { path: '/w/other.tfstate' },
            workspace: 'default',
          },
        },
      },
    });
  });

  test("a stack's ledger read of its own state maps to its own file, read once it holds a state", () => {
    // GIVEN the read a stack's ledger makes of its own backend (src/day-two/state-ledger.ts)
    const nodes = {
      ...stackWithS3('nodes.tfstate'),
      data: {
        terraform_remote_state: {
          cdktf_kamaji_ledger: {
            backend: 's3',
            config: s3('nodes.tfstate'),
            workspace: '${terraform.workspace}',
            count: '${var.cdktf_kamaji_new_stack ? 0 : 1}',
          },
        },
      },
    };
    // WHEN
    const coverage = stackCoverage(nodes, served, { nodes });
    // THEN it reads the stack itself, from the check's local state file, once that exists
    expect(coverage.remoteStates).toEqual([
      { name: 'cdktf_kamaji_ledger', backend: 's3', stack: 'nodes', counted: true },
    ]);
    expect(
      localStateOverride(
        coverage,
        { local: { path: '/w/nodes.tfstate' } },
        (stack) => `/w/${stack}.tfstate`,
      ),
    ).toEqual({
      terraform: { backend: { local: { path: '/w/nodes.tfstate' } } },
      data: {
        terraform_remote_state: {
          cdktf_kamaji_ledger: {
            backend: 'local',
            config: { path: '/w/nodes.tfstate' },
            workspace: 'default',
            count:
              '${fileexists("/w/nodes.tfstate") && try(trimspace(file("/w/nodes.tfstate")), "") != "" ? 1 : 0}',
          },
        },
      },
    });
  });

  test('a cloud block counts as the backend', () => {
    const json = { terraform: { cloud: { organization: 'o', workspaces: { name: 'w' } } } };
    expect(stackCoverage(json, served, {}).backend).toBe('cloud');
  });
});

/** Runs the command in-process, its report collected. */
async function check(options: Partial<CheckOptions> & { cwd: string }) {
  const lines: string[] = [];
  const code = await runCheck({ ...options, print: (line) => lines.push(line) });
  return { code, output: lines.join('\n') };
}

/** Runs the command as a user does: its own process, its exit code. */
function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(`${TS_NODE} "${CLI}" ${args.join(' ')}`, {
    cwd,
    shell: true,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `text` in single quotes for sh. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-check-test-'));
}

describe('cdktf-kamaji check: packaging', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/check/package.json'), 'utf8'));
  const library = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  test('the check package names the command and ships what it runs on', () => {
    expect(pkg.bin).toEqual({ 'cdktf-kamaji': 'lib/cli.js' });
    expect(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    // The schemas it serves are the library's, a peer of the check package.
    expect(library.files).toContain('schemas/*.json');
    expect(pkg.peerDependencies['cdktf-kamaji']).toBe(library.version);
    for (const runtime of [
      '@grpc/grpc-js',
      '@grpc/proto-loader',
      '@msgpack/msgpack',
      'node-forge',
    ]) {
      expect({ runtime, dependency: pkg.dependencies[runtime] !== undefined }).toEqual({
        runtime,
        dependency: true,
      });
    }
  });

  test('the CI recipe checks offline, with no secrets, before it plans', () => {
    const recipe = parse(
      fs.readFileSync(path.join(ROOT, 'examples/ci/github-actions.yml'), 'utf8'),
    );
    const job = recipe.jobs['offline-check'];
    expect(job.steps.map((step: any) => step.run)).toContain('npx cdktf-kamaji check --apply');
    expect(JSON.stringify(job)).not.toContain('secrets.');
    expect(recipe.jobs.plan.needs).toBe('offline-check');
    // No version check from the runner (the cdktf CLI logs an [ERROR] when it fails).
    expect(recipe.env).toEqual({ CHECKPOINT_DISABLE: '1' });
  });
});

describe('cdktf-kamaji check: usage', () => {
  test('an unknown argument exits 2 with the usage', () => {
    const { code, output } = cli(['check', '--frobnicate'], tempDir());
    expect(code).toBe(CheckExit.USAGE);
    expect(output).toContain('unknown argument: --frobnicate');
    expect(output).toContain('usage: cdktf-kamaji check');
  });

  test('without terraform on PATH it exits 2 and says so', () => {
    const { code, output } = cli(['check'], tempDir(), { PATH: path.dirname(process.execPath) });
    expect(code).toBe(CheckExit.USAGE);
    expect(output).toContain('`terraform` is not on PATH');
  });
});

describeWithTerraform('cdktf-kamaji check on apps', () => {
  test('an example of this repository passes, applied, with an empty second plan', async () => {
    // GIVEN the vsphere example, synthesized by its own command
    const app = `${TS_NODE} "${path.join(ROOT, 'examples/vsphere/main.ts')}"`;
    // WHEN
    const { code, output } = await check({ cwd: tempDir(), app, apply: true });
    // THEN
    expect(output).toMatch(/== stack control-plane\n(.*\n)*? {3}second plan: ok \(no changes\)/);
    expect(output).toMatch(/== stack nodes\n(.*\n)*? {3}second plan: ok \(no changes\)/);
    expect(output).toContain(
      'data.terraform_remote_state.cross-stack-reference-input-control-plane reads the local state of control-plane',
    );
    expect(output).toContain('What it cannot prove:');
    expect(code).toBe(CheckExit.OK);
  });

  test("a consumer's app with S3 backends passes, from cdktf.json's app", () => {
    // GIVEN a consumer's project: cdktf.json names the app
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'cdktf.json'), JSON.stringify({ app: CONSUMER_APP }));
    // WHEN
    const { code, output } = cli(['check'], cwd);
    // THEN the backends were replaced, and both stacks planned
    expect(output).toContain(
      "== stack control-planes\n   backend: s3, replaced by the check's state server on 127.0.0.1, which keeps the state in its temporary copy",
    );
    expect(output).toContain('passed:      control-planes, workers');
    expect(code).toBe(CheckExit.OK);
    // AND the consumer's own output folder holds no override or state
    const stackDir = path.join(cwd, 'cdktf.out/stacks/control-planes');
    expect(fs.readdirSync(stackDir).sort()).toEqual(['cdk.tf.json']);
  });

  test('terraform and the app command run with CHECKPOINT_DISABLE=1, whatever the caller has', () => {
    // GIVEN a terraform first on PATH that records its environment, then runs the real one,
    // an app command that records its own, and a caller without CHECKPOINT_DISABLE
    const cwd = tempDir();
    const bin = path.join(cwd, 'bin');
    const record = path.join(cwd, 'environments');
    recordingTerraform(
      path.join(bin, 'terraform'),
      record,
      'terraform %s',
      '"${CHECKPOINT_DISABLE-unset}"',
    );
    const app = `printf 'app %s\\n' "\${CHECKPOINT_DISABLE-unset}" >> '${record}' && ${CONSUMER_APP}`;
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name !== 'CHECKPOINT_DISABLE'),
    );
    // WHEN
    const result = spawnSync(`${TS_NODE} "${CLI}" check --app ${shellQuote(app)}`, {
      cwd,
      shell: true,
      encoding: 'utf8',
      env: { ...env, PATH: `${bin}${path.delimiter}${env.PATH}` },
    });
    // THEN every terraform run and the app had it
    expect(result.status).toBe(CheckExit.OK);
    const lines = fs.readFileSync(record, 'utf8').trim().split('\n');
    expect(lines.filter((line) => line.startsWith('terraform ')).length).toBeGreaterThan(3);
    expect([...new Set(lines)].sort()).toEqual(['app 1', 'terraform 1']);
  });

  test("an unknown attribute added by an escape hatch fails with terraform's message", () => {
    // GIVEN
    const cwd = tempDir();
    // WHEN
    const { code, output } = cli(
      ['check', '--app', `'${CONSUMER_APP}'`, '--app-env', 'CONSUMER_VARIANT'],
      cwd,
      { CONSUMER_VARIANT: 'unknown-attribute' },
    );
    // THEN
    expect(output).toContain('validate: FAILED (`terraform validate -no-color` exited 1)');
    expect(output).toContain('| No argument or block type is named "wait_for_rollout".');
    expect(output).toContain('failed:      control-planes (terraform validate failed)');
    expect(output).toContain('not checked: workers (reads stack control-planes, which failed)');
    expect(code).toBe(CheckExit.FAILED);
  });

  test('a provider outside the schema files is reported not checked, and fails closed', async () => {
    // GIVEN an app with a stack on hashicorp/aws, synthesized once
    const cwd = tempDir();
    const synth = spawnSync(CONSUMER_APP, {
      cwd,
      shell: true,
      encoding: 'utf8',
      env: { ...process.env, CONSUMER_VARIANT: 'unknown-provider' },
    });
    expect(synth.status).toBe(0);
    // WHEN the synthesized stacks are checked (no app command: cdktf.out as it is)
    const strict = await check({ cwd });
    const lenient = await check({ cwd, allowUnchecked: true });
    // THEN the stack is named with its provider, the others pass
    for (const { output } of [strict, lenient]) {
      expect(output).toContain(
        '== stack audit\n   provider hashicorp/aws: no schema file in this package\n   NOT CHECKED',
      );
      expect(output).toContain('passed:      control-planes, workers');
      expect(output).toContain('not checked: audit (provider hashicorp/aws');
    }
    expect(strict.code).toBe(CheckExit.FAILED);
    expect(strict.output).toContain('pass --allow-unchecked to accept that');
    expect(lenient.code).toBe(CheckExit.OK);
    expect(lenient.output).toContain('OK with 1 stack(s) not checked (--allow-unchecked)');
  });
});
