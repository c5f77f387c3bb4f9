/**
 * `cdktf-kamaji check` runs the Terraform binary that `--terraform` or TERRAFORM_BINARY_NAME
 * (the variable cdktf-cli itself reads) names, e.g. `tofu` (issue #24 item 3). No OpenTofu
 * binary can be installed here: a `tofu` shim that records its calls and runs terraform
 * proves the name is honoured, not that OpenTofu accepts the stacks.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckExit } from '../../packages/check/src/check';
import { parseArguments } from '../../packages/check/src/cli';
import { registryAliases } from '../../packages/check/src/stub/server';
import { recordingTerraform } from '../support/recording-terraform';
import { describeWithTerraform } from '../terraform/support';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../..');
const TS_NODE = `"${process.execPath}" "${require.resolve('ts-node/dist/bin.js')}" --transpile-only --project "${path.join(ROOT, 'tsconfig.json')}"`;
const CLI = path.join(ROOT, 'packages/check/src/cli.ts');
const CONSUMER_APP = `${TS_NODE} "${path.join(__dirname, 'consumer-app.ts')}"`;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-check-binary-'));
}

/** The check's CLI in `cwd` with only `env` and a PATH of `bin`, node's folder and the system's. */
function cli(args: string[], cwd: string, bin: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(`${TS_NODE} "${CLI}" ${args.join(' ')}`, {
    cwd,
    shell: true,
    encoding: 'utf8',
    env: {
      HOME: process.env.HOME,
      PATH: [bin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
      ...env,
    },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('cdktf-kamaji check --terraform', () => {
  test('names the binary to run', () => {
    expect(parseArguments(['check', '--terraform', 'tofu'], '/app')).toEqual({
      cwd: '/app',
      terraformBinary: 'tofu',
    });
    expect(parseArguments(['check', '--terraform=/opt/tofu/tofu'], '/app')).toEqual({
      cwd: '/app',
      terraformBinary: '/opt/tofu/tofu',
    });
    expect(() => parseArguments(['check', '--terraform'], '/app')).toThrow(
      '--terraform needs a value',
    );
  });

  test('a binary that is not on PATH exits 2 and names it', () => {
    const cwd = tempDir();
    const { code, output } = cli(['check', '--terraform', 'tofu'], cwd, path.join(cwd, 'none'));
    expect(code).toBe(CheckExit.USAGE);
    expect(output).toContain('`tofu` is not on PATH');
  });
});

describeWithTerraform('cdktf-kamaji check with a tofu binary', () => {
  let cwd: string;
  let bin: string;
  let record: string;

  beforeAll(() => {
    // GIVEN a consumer's app, synthesized once, and a `tofu` that records each call and
    // runs the real terraform; the PATH the check gets has no `terraform` of its own
    cwd = tempDir();
    const synth = spawnSync(CONSUMER_APP, { cwd, shell: true, encoding: 'utf8' });
    expect(synth.status).toBe(0);
    bin = path.join(cwd, 'bin');
    record = path.join(cwd, 'calls');
    recordingTerraform(path.join(bin, 'tofu'), record, 'tofu %s', '"$1"');
    expect(fs.existsSync(path.join(bin, 'terraform'))).toBe(false);
  });

  beforeEach(() => fs.rmSync(record, { force: true }));

  const calls = () => fs.readFileSync(record, 'utf8').trim().split('\n');

  test.each([
    ['--terraform tofu', ['check', '--terraform', 'tofu'], {}],
    ['TERRAFORM_BINARY_NAME=tofu', ['check'], { TERRAFORM_BINARY_NAME: 'tofu' }],
  ])('%s: every step runs tofu', (_, args, env) => {
    // WHEN
    const { code, output } = cli(args, cwd, bin, env);
    // THEN the stacks passed, checked by tofu alone: its version, then init, validate and
    // plan of each of the two stacks
    expect(output).toMatch(/^tofu 1\.\d+\.\d+; stub providers served from /m);
    expect(output).toContain('passed:      control-planes, workers');
    expect(code).toBe(CheckExit.OK);
    const steps = calls();
    expect(steps[0]).toBe('tofu version');
    for (const step of ['init', 'validate', 'plan']) {
      expect(steps.filter((line) => line === `tofu ${step}`)).toHaveLength(2);
    }
  });
});

describe('stub providers for OpenTofu', () => {
  test("each provider is attached under both registries' hosts", () => {
    // OpenTofu expands `bpg/proxmox` to registry.opentofu.org/bpg/proxmox: without that
    // entry in TF_REATTACH_PROVIDERS `tofu init` would look for the provider elsewhere.
    expect(registryAliases('registry.terraform.io/bpg/proxmox')).toEqual([
      'registry.terraform.io/bpg/proxmox',
      'registry.opentofu.org/bpg/proxmox',
    ]);
    expect(registryAliases('registry.opentofu.org/vmware/vcd')).toEqual([
      'registry.terraform.io/vmware/vcd',
      'registry.opentofu.org/vmware/vcd',
    ]);
    expect(registryAliases('tfe.example.com/acme/internal')).toEqual([
      'tfe.example.com/acme/internal',
    ]);
  });
});
