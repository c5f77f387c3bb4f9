/**
 * Every example synthesizes offline, deterministically and without machine paths
 * (design D6); `npm run synth` builds the default one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { EXAMPLES } from '../support/examples';

function synthInto(build: (app: App) => App, outdir: string): Map<string, string> {
  build(new App({ outdir })).synth();
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

describe.each(EXAMPLES)('example %s', (_name, build, stacks) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const first = synthInto(build, path.join(tmp, 'first'));
  const second = synthInto(build, path.join(tmp, 'second'));
  const stackJson = (stack: string) =>
    JSON.parse(first.get(path.join('stacks', stack, 'cdk.tf.json'))!);

  test('writes cdktf.out/stacks/<stack>/cdk.tf.json for each stack', () => {
    expect([...first.keys()].sort()).toEqual(
      ['manifest.json', ...stacks.map((s) => path.join('stacks', s, 'cdk.tf.json'))].sort(),
    );
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

  test('keeps state in a relative path that other stacks resolve too, and names providers fully', () => {
    for (const stack of stacks) {
      const json = stackJson(stack);
      expect(json.terraform.backend).toEqual({
        local: { path: `../${stack}/terraform.${stack}.tfstate` },
      });
      for (const [provider, requirement] of Object.entries<{ source: string }>(
        json.terraform.required_providers,
      )) {
        expect({ provider, source: requirement.source }).toEqual({
          provider,
          source: expect.stringMatching(/^[a-z0-9-]+\/[a-z0-9-]+$/),
        });
      }
    }
  });

  test('marks every output that carries a secret sensitive', () => {
    for (const stack of stacks) {
      for (const [output, value] of Object.entries<any>(stackJson(stack).output ?? {})) {
        // nonsensitive(...) marks what derives from a secret yet is none (the endpoint).
        const text = `${output} ${JSON.stringify(value.value)}`;
        const secret =
          /admin\.conf|random_password|user-data|adminconf/.test(text) &&
          !text.includes('${nonsensitive(');
        if (secret)
          expect({ output, sensitive: value.sensitive }).toEqual({ output, sensitive: true });
      }
    }
  });
});
