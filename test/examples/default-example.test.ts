/**
 * The default example (`npm run synth`) synthesizes offline, deterministically and
 * without machine paths (design D6).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildApp } from '../../examples/control-plane/main';

function synthInto(outdir: string): Map<string, string> {
  buildApp(new App({ outdir })).synth();
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(outdir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(outdir);
  return files;
}

describe('default example', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const first = synthInto(path.join(tmp, 'first'));
  const second = synthInto(path.join(tmp, 'second'));

  test('writes cdktf.out/stacks/<stack>/cdk.tf.json', () => {
    expect([...first.keys()].sort()).toEqual([
      'manifest.json',
      path.join('stacks', 'control-plane', 'cdk.tf.json'),
    ]);
  });

  test('two synths are byte-identical', () => {
    expect(second).toEqual(first);
  });

  test('holds no absolute path of this machine', () => {
    const machinePaths = [tmp, process.cwd(), path.resolve(__dirname, '../..'), os.homedir()];
    for (const [file, text] of first) {
      for (const machinePath of machinePaths) {
        expect({ file, leaks: text.includes(machinePath) }).toEqual({ file, leaks: false });
      }
    }
  });

  test('keeps state in a relative local path and names providers fully', () => {
    const stack = JSON.parse(first.get(path.join('stacks', 'control-plane', 'cdk.tf.json'))!);
    expect(stack.terraform.backend).toEqual({ local: { path: 'terraform.control-plane.tfstate' } });
    for (const [name, requirement] of Object.entries<{ source: string }>(
      stack.terraform.required_providers,
    )) {
      expect({ name, source: requirement.source }).toEqual({
        name,
        source: expect.stringMatching(/^[a-z0-9-]+\/[a-z0-9-]+$/),
      });
    }
  });

  test('marks the admin kubeconfig output sensitive', () => {
    const stack = JSON.parse(first.get(path.join('stacks', 'control-plane', 'cdk.tf.json'))!);
    expect(stack.output.admin_kubeconfig.sensitive).toBe(true);
  });
});
