/**
 * Same input, byte-identical Terraform JSON (design D6, issue #9): twice in one
 * process, and from a copy of the repository at another path, synthesized there by
 * its own process.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLES } from './support/examples';
import { synthApps } from './support/synth-apps';

const ROOT = path.resolve(__dirname, '..');
/** Not part of a copy: installed packages (linked instead), history and build output. */
const NOT_COPIED = new Set(['node_modules', '.git', 'lib', 'cdktf.out', 'coverage', '.terraform']);

/** Every file under `dir`, by path relative to it. */
function readTree(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) {
      for (const [file, content] of readTree(dir, relative)) files.set(file, content);
    } else {
      files.set(relative, fs.readFileSync(path.join(dir, relative)));
    }
  }
  return files;
}

/** Files missing on either side or different in any byte. */
function differences(expected: Map<string, Buffer>, actual: Map<string, Buffer>): string[] {
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return names.filter((name) => {
    const a = expected.get(name);
    const b = actual.get(name);
    return !a || !b || !a.equals(b);
  });
}

/** A copy of the repository at `target`, with node_modules linked rather than copied. */
function copyRepository(target: string): string {
  fs.cpSync(ROOT, target, {
    recursive: true,
    filter: (source) =>
      !NOT_COPIED.has(path.basename(source)) && !/\.tfstate(\.|$)/.test(path.basename(source)),
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  return target;
}

describe('synthesized Terraform JSON is deterministic', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-determinism-'));
  const first = path.join(tmp, 'first');
  let expected: Map<string, Buffer>;

  beforeAll(() => {
    synthApps(first);
    expected = readTree(first);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('covers every example and the benchmark app on each infrastructure', () => {
    const apps = [...new Set([...expected.keys()].map((file) => file.split(path.sep)[0]))];
    expect(apps.sort()).toEqual(
      [...EXAMPLES.map(([name]) => name), 'bench-proxmox', 'bench-vsphere'].sort(),
    );
  });

  test('two synths of the same apps are byte-identical', () => {
    // GIVEN
    const second = path.join(tmp, 'second');
    // WHEN
    synthApps(second);
    // THEN
    expect(differences(expected, readTree(second))).toEqual([]);
  });

  test('a copy of the repository at another path synthesizes byte-identical JSON', () => {
    // GIVEN
    const copy = copyRepository(path.join(tmp, 'elsewhere', 'cdktf-kamaji'));
    const outdir = path.join(tmp, 'from-copy');
    // WHEN
    execFileSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'test/support/synth-apps.ts', outdir],
      { cwd: copy, stdio: 'pipe' },
    );
    // THEN
    const actual = readTree(outdir);
    expect(differences(expected, actual)).toEqual([]);
    for (const [file, content] of actual) {
      const text = content.toString('utf8');
      expect({ file, mentionsCopy: text.includes(copy) }).toEqual({ file, mentionsCopy: false });
      expect({ file, mentionsOrigin: text.includes(ROOT) }).toEqual({
        file,
        mentionsOrigin: false,
      });
    }
  }, 120_000);
});
