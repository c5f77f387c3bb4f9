/**
 * `cdktf-kamaji check --state DIR` rehearses day 2 (#21 item 6): the main branch's
 * configuration applied to the stubs and kept, the pull request's planned on top of it,
 * each plan told by address with the drains and Node deletions its apply would run. And
 * the library's messages that only `cdktf synth` showed (#21 item 7), printed per stack.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { parse } from 'yaml';
import { KubernetesVersion } from '../../src';
import {
  messageLines,
  stackMessages,
  terraformWarningLines,
} from '../../packages/check/src/annotations';
import { CheckExit, CheckOptions, runCheck } from '../../packages/check/src/check';
import { parseArguments } from '../../packages/check/src/cli';
import { SynthesizedApp } from '../../packages/check/src/harness';
import {
  openStateDir,
  planStory,
  restoreStates,
  saveStates,
} from '../../packages/check/src/rehearsal';
import { rollingPoolApp, vspherePoolApp } from '../terraform/day-two-pool';
import { describeWithTerraform } from '../terraform/support';

jest.setTimeout(240_000);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-rehearsal-test-'));
}

async function check(options: Partial<CheckOptions> & { cwd: string }) {
  const lines: string[] = [];
  const code = await runCheck({ ...options, print: (line) => lines.push(line) });
  return { code, output: lines.join('\n') };
}

/** The lines of one stack's part of the report, from its header to the next. */
function stackPart(output: string, stack: string): string[] {
  const lines = output.split('\n');
  const start = lines.indexOf(`== stack ${stack}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('== '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The `planned changes:` list of a stack's part: `<action> <address>` each. */
function plannedChanges(part: string[]): string[] {
  const start = part.indexOf('   planned changes:');
  if (start < 0) return [];
  const end = part.findIndex((line, i) => i > start && !line.startsWith('     '));
  return part.slice(start + 1, end).map((line) => line.trim().replace(/\s+/, ' '));
}

/** The retirement lines of a stack's part, without their pool. */
function retirements(part: string[]): string[] {
  const start = part.findIndex((line) => line.startsWith('   drains and Node deletions'));
  if (start < 0) return [];
  const end = part.findIndex((line, i) => i > start && !line.startsWith('     '));
  return part.slice(start + 1, end).map((line) => line.trim());
}

describe('the state folder', () => {
  const uid = process.getuid!();

  test('is created 0700 when missing, parents too', () => {
    const dir = path.join(tempDir(), 'a', 'state');
    expect(openStateDir('a/state', path.dirname(path.dirname(dir)))).toBe(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  test('a symbolic link, a file, a folder of another user or writable by others is refused', () => {
    // GIVEN
    const root = tempDir();
    const real = path.join(root, 'real');
    fs.mkdirSync(real, { mode: 0o700 });
    fs.symlinkSync(real, path.join(root, 'link'));
    fs.writeFileSync(path.join(root, 'file'), '');
    fs.mkdirSync(path.join(root, 'shared'));
    fs.chmodSync(path.join(root, 'shared'), 0o777);
    // A folder of another user: one made and given away as root, else the root folder.
    const foreign = uid === 0 ? path.join(root, 'foreign') : '/';
    if (uid === 0) {
      fs.mkdirSync(foreign, { mode: 0o700 });
      fs.chownSync(foreign, 4242, 4242);
    }
    // THEN
    expect(() => openStateDir('link', root)).toThrow(
      `--state ${root}/link: is a symbolic link (to ${real}): give the folder itself`,
    );
    expect(() => openStateDir('file', root)).toThrow(`--state ${root}/file: is not a folder`);
    expect(() => openStateDir(foreign, root)).toThrow(
      new RegExp(`--state ${foreign}: belongs to user \\d+, not to you \\(${uid}\\)`),
    );
    expect(() => openStateDir('shared', root)).toThrow(
      `--state ${root}/shared: is writable by its group (mode 777), who could replace its states: chmod go-w it`,
    );
    expect(openStateDir('real', root)).toBe(real);
  });

  test('states are read without following links, and saved 0600 in place of a link', () => {
    // GIVEN a state folder whose state of `nodes` is a link to a file elsewhere
    const root = tempDir();
    const dir = openStateDir('state', root);
    const elsewhere = path.join(root, 'elsewhere.tfstate');
    fs.writeFileSync(elsewhere, 'not yours to read');
    fs.symlinkSync(elsewhere, path.join(dir, 'nodes.tfstate'));
    fs.writeFileSync(path.join(dir, 'control-plane.tfstate'), '{"version":4}');
    const work = path.join(root, 'work');
    // THEN reading refuses the link
    expect(() => restoreStates(dir, work, ['control-plane', 'nodes'])).toThrow(
      `${dir}/nodes.tfstate is a symbolic link: the check reads no link in --state`,
    );
    // AND saving replaces it with a file of its own, leaving the target untouched
    fs.writeFileSync(path.join(work, 'nodes.tfstate'), '{"version":4,"serial":2}');
    expect(saveStates(work, dir, ['control-plane', 'nodes'])).toEqual(['control-plane', 'nodes']);
    const saved = path.join(dir, 'nodes.tfstate');
    expect(fs.lstatSync(saved).isFile()).toBe(true);
    expect(fs.statSync(saved).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('not yours to read');
    // AND a state of a stack the app no longer has is named, not read
    fs.writeFileSync(path.join(dir, 'old.tfstate'), '{}');
    expect(restoreStates(dir, work, ['control-plane', 'nodes'])).toEqual({
      restored: ['control-plane', 'nodes'],
      unknown: ['old'],
    });
  });

  test('--state takes a folder', () => {
    expect(parseArguments(['check', '--state', '.kamaji-state'], '/w')).toEqual({
      cwd: '/w',
      stateDir: '.kamaji-state',
    });
    expect(() => parseArguments(['check', '--state'], '/w')).toThrow('--state needs a value');
  });
});

describe('the CI recipe', () => {
  test("applies the base branch's configuration with --state, then plans the pull request's", () => {
    const recipe = parse(
      fs.readFileSync(path.resolve(__dirname, '../../examples/ci/github-actions.yml'), 'utf8'),
    );
    const job = recipe.jobs['rehearse-day-2'];
    const steps: any[] = job.steps;
    const index = (found: (step: any) => boolean) => steps.findIndex(found);
    const base = index((step) => step.with?.ref === '${{ github.event.pull_request.base.sha }}');
    const state = '"$RUNNER_TEMP/kamaji-state"';
    const apply = index((step) => step.run === `npx cdktf-kamaji check --state ${state} --apply`);
    const pr = index((step) => step.uses?.startsWith('actions/checkout') && !step.with);
    const plan = index((step) => step.run === `npx cdktf-kamaji check --state ${state}`);
    // The second checkout cleans the workspace: the states must live outside it.
    expect({ base, apply, pr, plan }).toEqual({
      base: 0,
      apply: expect.any(Number),
      pr: apply + 1,
      plan: expect.any(Number),
    });
    expect(plan).toBeGreaterThan(pr);
    expect(JSON.stringify(job)).not.toContain('secrets.');
  });
});

describe("a plan's story", () => {
  test('changes by action then address; replacements and forgotten instances named', () => {
    const change = (address: string, actions: string[], mode = 'managed') => ({
      address,
      mode,
      type: address.split('.')[0],
      name: address.split('.')[1],
      change: { actions },
    });
    const story = planStory(
      {
        resource_changes: [
          change('vsphere_virtual_machine.b', ['delete']),
          change('vsphere_virtual_machine.a', ['delete', 'create']),
          change('terraform_data.c', ['create', 'delete']),
          change('terraform_data.d', ['update']),
          change('terraform_data.e', ['no-op']),
          change('kubernetes_secret_v1.f', ['read'], 'data'),
          change('random_string.g', ['create']),
          change('random_string.h', ['forget']),
        ],
      },
      {},
    );
    expect(story.changes).toEqual([
      { action: 'create', address: 'random_string.g' },
      { action: 'update', address: 'terraform_data.d' },
      { action: 'replace', address: 'terraform_data.c' },
      { action: 'replace', address: 'vsphere_virtual_machine.a' },
      { action: 'destroy', address: 'vsphere_virtual_machine.b' },
      { action: 'forget', address: 'random_string.h' },
    ]);
    expect(story.retirements).toEqual([]);
  });
});

describe("the library's messages", () => {
  test('warnings and infos of manifest.json, without traces, control characters shown as ?', () => {
    // GIVEN annotations as CDKTF records them: the library's without a trace, an app's with
    const manifest = {
      stacks: {
        nodes: {
          annotations: [
            {
              constructPath: 'nodes/default-pool',
              level: '@cdktf/info',
              message: 'nodes/default-pool: rollout v1.34.2 -> v1.35.7, step 1 of 3',
            },
            {
              constructPath: 'nodes/app',
              level: '@cdktf/warn',
              message: 'mind the gap\n\u001b[2Jsecond line',
              stacktrace: ['at /home/someone/app.ts:1'],
            },
          ],
        },
        empty: {},
      },
    };
    // WHEN
    const messages = stackMessages(manifest);
    // THEN warnings come first, a message not naming its construct gets the path
    expect(messages.empty).toEqual([]);
    expect(messageLines(messages.nodes)).toEqual([
      '   warning: nodes/app: mind the gap',
      '            ?[2Jsecond line',
      '   info: nodes/default-pool: rollout v1.34.2 -> v1.35.7, step 1 of 3',
    ]);
  });
});

describe("terraform's warnings of a plan that passed", () => {
  test('summary and message, without the source they point at; errors left to the failure report', () => {
    const output = [
      'No changes. Your infrastructure matches the configuration.',
      '',
      'Warning: Check block assertion failed',
      '',
      '  on cdk.tf.json line 40, in check.x_nodes.assert[0]:',
      '  40:           "condition": "${length([])}",',
      '    ├────────────────',
      '    │ terraform_data.x is object with 2 attributes',
      '',
      'Pool default-pool: node-00 (v1.34.2) still run another version',
      "than the pool's v1.35.7.",
      '',
      'Error: not a warning',
      '',
      'Warning: Deprecated Resource \u001b[31m',
    ].join('\n');
    expect(terraformWarningLines(output)).toEqual([
      '   terraform warning: Check block assertion failed',
      '     Pool default-pool: node-00 (v1.34.2) still run another version',
      "     than the pool's v1.35.7.",
      '   terraform warning: Deprecated Resource ?[31m',
    ]);
  });
});

describeWithTerraform('cdktf-kamaji check --state: day 2 rehearsed', () => {
  const synth = (build: (app: App) => App, root: string, name: string) =>
    SynthesizedApp.synth(build, path.join(root, name)).outdir;

  test('3 -> 2 nodes: node-02 drained, its machine destroyed, its Node deleted, nothing else', async () => {
    // GIVEN the main branch's pool of 3, applied to the stubs with --state
    const cwd = tempDir();
    const main = synth(vspherePoolApp({ replicas: 3 }), cwd, 'main.out');
    const branch = synth(vspherePoolApp({ replicas: 2 }), cwd, 'branch.out');
    const applied = await check({ cwd, output: main, stateDir: '.kamaji-state', apply: true });
    expect(applied.code).toBe(CheckExit.OK);
    expect(applied.output).toContain(
      `states from ${cwd}/.kamaji-state: none (a first run: empty states); saved back after apply`,
    );
    expect(applied.output).toContain(
      `saved the states of control-plane, nodes in ${cwd}/.kamaji-state (0600)`,
    );
    const dir = path.join(cwd, '.kamaji-state');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of fs.readdirSync(dir)) {
      expect({ name, mode: fs.statSync(path.join(dir, name)).mode & 0o777 }).toEqual({
        name,
        mode: 0o600,
      });
    }
    const before = fs.readFileSync(path.join(dir, 'nodes.tfstate'), 'utf8');

    // WHEN the branch's configuration, replicas 2, is checked against it (plan only)
    const { code, output } = await check({ cwd, output: branch, stateDir: '.kamaji-state' });

    // THEN
    expect(code).toBe(CheckExit.OK);
    const nodes = stackPart(output, 'nodes');
    const node02 = '["tcp-charlie-default-pool-node-02"]';
    const changes = plannedChanges(nodes);
    // node-02's machine and retirement records go; only the ledger's records change
    expect(changes.filter((line) => !line.startsWith('update '))).toEqual([
      `destroy terraform_data.default-pool_retirement_node-deletion_3E896F22${node02}`,
      `destroy terraform_data.default-pool_retirement_node-drain_FE839337${node02}`,
      'destroy vsphere_virtual_machine.default-pool_node-02_Machine_5468B7CB',
    ]);
    expect(changes.filter((line) => line.startsWith('update '))).toEqual([
      'update terraform_data.default-pool_ledger-applied_0EC50600',
      'update terraform_data.default-pool_ledger-retired_F57E0DCF',
    ]);
    // AND the apply's drain, machine destroy and Node deletion, in that order
    expect(retirements(nodes)).toEqual([
      'nodes/default-pool: drain node tcp-charlie-default-pool-node-02',
      'nodes/default-pool: destroy the machine of tcp-charlie-default-pool-node-02: ' +
        'vsphere_virtual_machine.default-pool_node-02_Machine_5468B7CB',
      'nodes/default-pool: delete Node tcp-charlie-default-pool-node-02',
    ]);
    expect(nodes).toContain(
      '   summary: 0 to create, 2 to update, 0 to replace, 3 to destroy; 1 drain, 1 Node deletion',
    );
    expect(stackPart(output, 'control-plane')).toContain('   summary: no changes');
    // AND nothing was saved: the state is main's
    expect(output).toContain('plan only, nothing saved');
    expect(fs.readFileSync(path.join(dir, 'nodes.tfstate'), 'utf8')).toBe(before);
  });

  test("a rollout step: the library's step message and warning, then the nodes it makes and retires", async () => {
    // GIVEN a pool of 3 on v1.34.2, then the first step of its rollout to v1.35.7, applied
    const cwd = tempDir();
    const pool = rollingPoolApp;
    for (const [name, build] of [
      ['before.out', pool('v1.34.2')],
      ['main.out', pool('v1.35.7', 1)],
    ] as const) {
      const output = synth(build, cwd, name);
      expect((await check({ cwd, output, stateDir: 'state', apply: true })).code).toBe(
        CheckExit.OK,
      );
    }
    // WHEN the branch holds step 2
    const branch = synth(pool('v1.35.7', 2), cwd, 'branch.out');
    const { code, output } = await check({ cwd, output: branch, stateDir: 'state' });
    // THEN the pool's messages come first in its stack's part, before the plan
    expect(code).toBe(CheckExit.OK);
    const nodes = stackPart(output, 'nodes');
    const plan = nodes.findIndex((line) => line.startsWith('   plan: ok'));
    const messages = nodes.slice(0, plan).filter((line) => /^ {3}(warning|info): /.test(line));
    expect(messages).toEqual([
      expect.stringMatching(/^ {3}warning: nodes: state backend: local \(CDKTF's default/),
      expect.stringMatching(/^ {3}warning: nodes\/default-pool: rollout without joinHealth: /),
      '   info: nodes/default-pool: Pool default-pool: rollout v1.34.2 -> v1.35.7, step 2 of 4: ' +
        'makes node-04; drains and retires node-00. Next apply: step 3.',
    ]);
    // AND the step makes node-04 and retires node-00, drained first, its Node deleted last
    expect(plannedChanges(nodes)).toContainEqual(
      expect.stringMatching(/^create vsphere_virtual_machine\.default-pool_node-04_Machine_/),
    );
    expect(retirements(nodes)).toEqual([
      'nodes/default-pool: drain node tcp-charlie-default-pool-node-00',
      expect.stringMatching(
        /^nodes\/default-pool: destroy the machine of tcp-charlie-default-pool-node-00: vsphere_virtual_machine\.default-pool_node-00_Machine_/,
      ),
      'nodes/default-pool: delete Node tcp-charlie-default-pool-node-00',
    ]);
  });

  test("a version bump without rollout: terraform's warning naming the nodes left behind", async () => {
    // GIVEN a pool of 2 on v1.34.2 applied
    const cwd = tempDir();
    const pool = (version: string) =>
      vspherePoolApp({ replicas: 2, kubernetesVersion: KubernetesVersion.of(version) });
    const main = synth(pool('v1.34.2'), cwd, 'main.out');
    expect((await check({ cwd, output: main, stateDir: 'state', apply: true })).code).toBe(
      CheckExit.OK,
    );
    // WHEN the branch bumps the version without a rollout
    const branch = synth(pool('v1.35.7'), cwd, 'branch.out');
    const { code, output } = await check({ cwd, output: branch, stateDir: 'state' });
    // THEN the plan passes, with the pool's check block warning
    expect(code).toBe(CheckExit.OK);
    const nodes = stackPart(output, 'nodes').join('\n');
    expect(nodes).toContain(
      '   terraform warning: Check block assertion failed\n' +
        '     Pool default-pool: tcp-charlie-default-pool-node-00 (v1.34.2),\n' +
        '     tcp-charlie-default-pool-node-01 (v1.34.2) still run another version than the',
    );
    expect(nodes).toContain('   summary: no changes');
  });
});
