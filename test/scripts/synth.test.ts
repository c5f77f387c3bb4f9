/** `npm run synth` as a user runs it: the default example, a fleet file, a bad fleet file. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

function synth(args: string[]) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-synth-'));
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      require.resolve('ts-node/register/transpile-only'),
      path.join(ROOT, 'scripts/synth.ts'),
      ...args,
    ],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
    },
  );
  const stacks = fs.existsSync(path.join(cwd, 'cdktf.out/stacks'))
    ? fs.readdirSync(path.join(cwd, 'cdktf.out/stacks')).sort()
    : [];
  fs.rmSync(cwd, { recursive: true, force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, stacks };
}

describe('npm run synth', () => {
  test('synthesizes the default example and prints the summary', () => {
    const result = synth([]);
    expect(result).toMatchObject({ status: 0, stacks: ['control-plane'] });
    expect(result.stdout).toContain(
      'Synthesized into cdktf.out/stacks:\n  kamaji-tenant / tcp-alpha\n',
    );
  });

  test('--config builds the fleet a YAML file describes', () => {
    const result = synth(['--config', path.join(ROOT, 'examples/fleet/fleet.yaml')]);
    expect(result).toMatchObject({ status: 0, stacks: ['control-planes', 'nodes-tcp-charlie'] });
    expect(result.stdout).toContain(
      'kamaji-tenant / tcp-charlie / system-pool / tcp-charlie-system-pool-node-01',
    );
  });

  test('fails with the file, path and line of a bad fleet file, and writes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-fleet-'));
    const file = path.join(dir, 'fleet.yaml');
    fs.writeFileSync(file, 'controlPlanes:\n  - name: tcp-x\n    replica: 2\n');
    const result = synth(['--config', file]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${file}:3:5: controlPlanes[0].replica: unknown key "replica"; did you mean "replicas"?`,
    );
    expect(result.stacks).toEqual([]);
  });

  test('a bad fleet file prints only its problem lines: no stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-fleet-'));
    const file = path.join(dir, 'fleet.yaml');
    fs.writeFileSync(
      file,
      'controlPlanes:\n  - name: !Ref Name\n    replicas: 2\n    replicas: 3\n',
    );
    const result = synth(['--config', file]);
    const missing = synth(['--config', path.join(dir, 'missing.yaml')]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result).toMatchObject({ status: 1, stdout: '', stacks: [] });
    expect(result.stderr).toBe(
      [
        `${file}:2:16: controlPlanes[0].name: YAML: received the tag !Ref; a fleet file holds plain values: remove the tag (only the YAML core tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are read)`,
        `${file}:4:5: controlPlanes[0].replicas: YAML: key "replicas" is given twice in this mapping (first at line 3); give each key once`,
        '',
      ].join('\n'),
    );
    expect(missing).toMatchObject({
      status: 1,
      stdout: '',
      stderr: `${path.join(dir, 'missing.yaml')}: no such file\n`,
      stacks: [],
    });
  });
});
