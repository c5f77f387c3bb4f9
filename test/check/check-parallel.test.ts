/**
 * `cdktf-kamaji check` on many stacks (#21 item 8): stacks run in parallel, each after
 * the stacks it reads, reported whole and in dependency order; each remote state read
 * reads only the outputs it names, so the time per stack does not grow with the fleet.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthCheckFleet } from '../../bench/check-fleet';
import { CheckExit, OVERRIDE_FILE, runCheck } from '../../packages/check/src/check';
import { parseArguments } from '../../packages/check/src/cli';
import { outputsRead, stateWithOutputs } from '../../packages/check/src/read-outputs';
import { runInDependencyOrder } from '../../packages/check/src/schedule';
import { describeWithTerraform } from '../terraform/support';

jest.setTimeout(240_000);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-check-parallel-'));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('checking stacks in dependency order, several at once', () => {
  // control-planes is read by every node stack; nodes-b also reads nodes-a.
  const order = ['control-planes', 'nodes-a', 'nodes-b', 'nodes-c', 'nodes-d'];
  const dependencies: Record<string, string[]> = {
    'control-planes': [],
    'nodes-a': ['control-planes'],
    'nodes-b': ['control-planes', 'nodes-a'],
    'nodes-c': ['control-planes'],
    'nodes-d': ['control-planes'],
  };
  // nodes-a is slow, so nodes-c and nodes-d finish before it.
  const took: Record<string, number> = {
    'control-planes': 30,
    'nodes-a': 60,
    'nodes-b': 5,
    'nodes-c': 5,
    'nodes-d': 5,
  };

  async function schedule(parallelism: number) {
    const events: string[] = [];
    const reports: string[] = [];
    let running = 0;
    let most = 0;
    await runInDependencyOrder(
      order,
      dependencies,
      parallelism,
      async (stack) => {
        events.push(`start ${stack}`);
        most = Math.max(most, ++running);
        await delay(took[stack]);
        running--;
        events.push(`end ${stack}`);
        return `report of ${stack}`;
      },
      (stack, report) => reports.push(`${stack}: ${report}`),
    );
    return { events, reports, most };
  }

  test('a stack starts only after every stack it depends on has ended', async () => {
    // WHEN
    const { events } = await schedule(3);
    // THEN
    for (const [stack, needs] of Object.entries(dependencies)) {
      for (const need of needs) {
        expect(events.indexOf(`end ${need}`)).toBeLessThan(events.indexOf(`start ${stack}`));
      }
    }
  });

  test('at most `parallelism` stacks run at once, and independent ones do run together', async () => {
    // WHEN
    const two = await schedule(2);
    const one = await schedule(1);
    // THEN
    expect(two.most).toBe(2);
    expect(one.most).toBe(1);
    expect(one.events).toEqual(order.flatMap((stack) => [`start ${stack}`, `end ${stack}`]));
  });

  test('reports come whole, in dependency order, though stacks end in another order', async () => {
    // WHEN
    const { events, reports } = await schedule(3);
    // THEN nodes-c ended before nodes-a, and is still reported after nodes-b
    expect(events.indexOf('end nodes-c')).toBeLessThan(events.indexOf('end nodes-a'));
    expect(reports).toEqual(order.map((stack) => `${stack}: report of ${stack}`));
  });

  test('preparations run while a dependency runs; runs still wait for it', async () => {
    // GIVEN preparations (init, validate) that need nothing of other stacks
    const events: string[] = [];
    const step = async (name: string, ms: number) => {
      events.push(`start ${name}`);
      await delay(ms);
      events.push(`end ${name}`);
    };
    // WHEN
    await runInDependencyOrder(
      order,
      dependencies,
      2,
      async (stack, prepared: string) => {
        expect(prepared).toBe(`prepared ${stack}`);
        // control-planes long enough for the four preparations, one after another
        await step(stack, stack === 'control-planes' ? 200 : took[stack]);
      },
      () => {},
      async (stack) => {
        await step(`prepare ${stack}`, 5);
        return `prepared ${stack}`;
      },
    );
    // THEN every node stack was prepared while control-planes ran, and ran after it
    for (const stack of order.slice(1)) {
      expect(events.indexOf(`end prepare ${stack}`)).toBeLessThan(
        events.indexOf('end control-planes'),
      );
      expect(events.indexOf(`start ${stack}`)).toBeGreaterThan(
        events.indexOf('end control-planes'),
      );
    }
    for (const stack of order) {
      expect(events.indexOf(`end prepare ${stack}`)).toBeLessThan(events.indexOf(`start ${stack}`));
    }
  });

  test('fails when a stack comes before a stack it depends on, or parallelism is not >= 1', async () => {
    const run = async () => 'x';
    await expect(
      runInDependencyOrder(['nodes-a', 'control-planes'], dependencies, 2, run, () => {}),
    ).rejects.toThrow('stack nodes-a depends on control-planes, which does not come before it');
    await expect(runInDependencyOrder(order, dependencies, 0, run, () => {})).rejects.toThrow(
      'parallelism: a positive integer, received 0',
    );
  });

  test('--parallelism takes a whole number of 1 or more', () => {
    expect(parseArguments(['check', '--parallelism', '3'], '/app')).toEqual({
      cwd: '/app',
      parallelism: 3,
    });
    for (const bad of ['0', '-1', '1.5', 'two']) {
      expect(() => parseArguments(['check', `--parallelism=${bad}`], '/app')).toThrow(
        `--parallelism: a whole number of 1 or more, received ${bad}`,
      );
    }
  });
});

describe('what a remote state read reads', () => {
  const read = (expression: string) => ({ locals: { x: `\${${expression}}` } });

  test('the outputs a stack names, of this read only', () => {
    // GIVEN reads of cp (also counted, as the ledger's is) and of cp-2, whose name starts alike
    const json = {
      locals: {
        a: '${data.terraform_remote_state.cp.outputs.endpoint}',
        b: '${jsondecode(data.terraform_remote_state.cp[0].outputs.cdktf_kamaji_ledger).pools}',
        c: '${data.terraform_remote_state.cp-2.outputs.other}',
        d: '${data.terraform_remote_state.cp.outputs.admin_conf-1.clusters}',
      },
    };
    // THEN
    expect(outputsRead(json, 'cp')).toEqual(['admin_conf-1', 'cdktf_kamaji_ledger', 'endpoint']);
    expect(outputsRead(json, 'cp-2')).toEqual(['other']);
    expect(outputsRead(json, 'unused')).toEqual([]);
  });

  test('all outputs when the stack uses the read otherwise', () => {
    expect(outputsRead(read('data.terraform_remote_state.cp.outputs'), 'cp')).toBeUndefined();
    expect(outputsRead(read('data.terraform_remote_state.cp.outputs["x"]'), 'cp')).toBeUndefined();
    expect(
      outputsRead({ data: { x: { y: { depends_on: ['data.terraform_remote_state.cp'] } } } }, 'cp'),
    ).toBeUndefined();
  });

  test('the state handed to a read holds the outputs named and no resources', () => {
    // GIVEN
    const state = {
      version: 4,
      terraform_version: '1.11.4',
      serial: 3,
      lineage: 'l',
      outputs: { a: { value: 1, type: 'number' }, b: { value: 2, type: 'number' } },
      resources: [{ mode: 'managed', type: 'terraform_data', name: 'x', instances: [] }],
    };
    // THEN a name the state lacks stays missing, for terraform to refuse as before
    expect(stateWithOutputs(state, ['a', 'missing'])).toEqual({
      version: 4,
      terraform_version: '1.11.4',
      serial: 3,
      lineage: 'l',
      outputs: { a: { value: 1, type: 'number' } },
      resources: [],
      check_results: null,
    });
    expect(stateWithOutputs(state, undefined)).toMatchObject({ outputs: state.outputs });
  });
});

describeWithTerraform('cdktf-kamaji check of a fleet, stacks in parallel', () => {
  test('gives the report of a sequential check, stack by stack, in the same order', async () => {
    // GIVEN a fleet of 3 tenants: control-planes, read by nodes-tcp-000 to nodes-tcp-002
    const cwd = tempDir();
    synthCheckFleet(3, path.join(cwd, 'cdktf.out'));
    const check = async (parallelism: number) => {
      const lines: string[] = [];
      const code = await runCheck({ cwd, parallelism, print: (line) => lines.push(line) });
      return { code, output: lines.join('\n') };
    };
    // WHEN
    const sequential = await check(1);
    const parallel = await check(3);
    // THEN every node stack read the applied control planes and passed, in both
    expect(sequential.code).toBe(CheckExit.OK);
    expect(sequential.output).toContain(
      'passed:      control-planes, nodes-tcp-000, nodes-tcp-001, nodes-tcp-002',
    );
    expect(parallel.output).toEqual(sequential.output);
    expect(parallel.code).toBe(CheckExit.OK);
  });

  test("a node stack's read of the control planes holds its own tenant's outputs only", async () => {
    // GIVEN
    const cwd = tempDir();
    synthCheckFleet(3, path.join(cwd, 'cdktf.out'));
    const lines: string[] = [];
    // WHEN
    const code = await runCheck({ cwd, keep: true, print: (line) => lines.push(line) });
    // THEN
    expect(code).toBe(CheckExit.OK);
    const kept = /kept the checked copy, .* in (\S+) \(yours only\)/.exec(lines.join('\n'))![1];
    const read = (stack: string) =>
      JSON.parse(
        fs.readFileSync(path.join(kept, 'reads', stack, 'control-planes.tfstate'), 'utf8'),
      );
    const all = JSON.parse(
      fs.readFileSync(path.join(kept, 'state/control-planes.tfstate'), 'utf8'),
    );
    const outputs = Object.keys(read('nodes-tcp-001').outputs);
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.length).toBeLessThan(Object.keys(all.outputs).length);
    expect(outputs.filter((name) => /tcp-00[02]/.test(name))).toEqual([]);
    expect(read('nodes-tcp-001').resources).toEqual([]);
    fs.rmSync(kept, { recursive: true, force: true });
  });

  test("every stack's state goes through the check's state server, into the copy", async () => {
    // GIVEN
    const cwd = tempDir();
    synthCheckFleet(2, path.join(cwd, 'cdktf.out'));
    const lines: string[] = [];
    // WHEN
    const code = await runCheck({ cwd, keep: true, print: (line) => lines.push(line) });
    // THEN each stack's backend is the server on 127.0.0.1 (the local backend rewrote the
    // whole state after every resource applied), and the applied state is in the copy
    expect(code).toBe(CheckExit.OK);
    const kept = /kept the checked copy, .* in (\S+) \(yours only\)/.exec(lines.join('\n'))![1];
    for (const stack of ['control-planes', 'nodes-tcp-000', 'nodes-tcp-001']) {
      const override = JSON.parse(
        fs.readFileSync(path.join(kept, 'app/stacks', stack, OVERRIDE_FILE), 'utf8'),
      );
      expect(override.terraform.backend).toEqual({
        http: {
          address: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${stack}$`)),
          username: expect.any(String),
          password: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      });
    }
    const state = JSON.parse(
      fs.readFileSync(path.join(kept, 'state/control-planes.tfstate'), 'utf8'),
    );
    expect(state.resources.map((r: any) => r.type)).toContain('kubernetes_manifest');
    fs.rmSync(kept, { recursive: true, force: true });
  });
});
