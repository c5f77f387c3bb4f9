/**
 * What `npm pack` puts in the published package (issue #13 item 2): the compiled
 * library with the generated bindings, the fleet schema, README, LICENSE and the
 * CHANGELOG (what changed between versions, where a consumer's upgrade tooling looks
 * for it; npm does not include it unless `files` names it, issue #22 item 9); no
 * sources, tests or examples; no script that runs when a consumer installs it.
 *
 * Runs the real `npm pack --dry-run --json`, so `prepack` builds lib/ first, as it
 * does before a publish.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const MIB = 1024 * 1024;

interface PackResult {
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

interface PackageJson {
  readonly main: string;
  readonly types: string;
  readonly exports: Record<string, string | Record<string, string>>;
  readonly scripts: Record<string, string>;
  readonly repository?: { readonly url: string };
  readonly homepage?: string;
  readonly bugs?: { readonly url: string };
  readonly license: string;
}

const pkg: PackageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('npm pack', () => {
  let packed: PackResult;
  let files: Set<string>;

  beforeAll(() => {
    const run = spawnSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * MIB,
    });
    if (run.status !== 0) throw new Error(`npm pack failed:\n${run.stderr}`);
    // prepack's build may print (npm run gen after a change of the generator) before the JSON.
    packed = JSON.parse(run.stdout.slice(run.stdout.search(/^\[/m)))[0];
    files = new Set(packed.files.map((f) => f.path));
    console.warn(
      `npm pack: ${packed.files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked`,
    );
  }, 120_000);

  it('holds the compiled library, the generated bindings, the fleet schema, README, LICENSE and CHANGELOG', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'lib/index.js',
      'lib/index.d.ts',
      'lib/config/fleet.schema.json',
      ...['proxmox', 'maas', 'vcd'].flatMap((p) => [
        `lib/.gen/providers/${p}/provider/index.js`,
        `lib/.gen/providers/${p}/provider/index.d.ts`,
      ]),
    ]) {
      expect([file, files.has(file)]).toEqual([file, true]);
    }
  });

  it('holds no sources, tests, examples, benchmarks, scripts or source maps', () => {
    const unwanted = [...files].filter(
      (f) =>
        /^(src|test|examples|bench|scripts|docs|cdktf\.out|node_modules)\//.test(f) ||
        /(^|\/)\.ci\//.test(f) ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')) ||
        f.endsWith('.map') ||
        f.endsWith('.tsbuildinfo'),
    );
    expect(unwanted).toEqual([]);
  });

  it('holds every file that main, types and the exports map name', () => {
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap(exportTargets)];
    const missing = targets
      .map((t) => t.replace(/^\.\//, ''))
      .filter((t) => !files.has(t) && !files.has(`${t}.js`));
    expect(missing).toEqual([]);
  });

  it('stays small: at most 1 MiB packed', () => {
    expect(packed.size).toBeLessThanOrEqual(MIB);
  });
});

describe('package.json', () => {
  it('runs no script when a consumer installs the package', () => {
    const installTime = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(pkg.scripts).filter((s) => installTime.includes(s))).toEqual([]);
  });

  it('builds the library before packing, so the tarball never lacks lib/.gen', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('says where the code, its home page and its issues are, and the license', () => {
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\/.+\/issues$/);
    expect(pkg.license).toBe('Apache-2.0');
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain(
      'Apache License\n                           Version 2.0, January 2004',
    );
  });

  it('exports the entry point, package.json and the fleet schema, and no internals', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(
      expect.arrayContaining(['.', './fleet.schema.json', './package.json']),
    );
    expect(Object.keys(pkg.exports).filter((k) => k.includes('*') || k.includes('.gen'))).toEqual(
      [],
    );
  });
});

function exportTargets(target: string | Record<string, string>): string[] {
  return typeof target === 'string' ? [target] : Object.values(target);
}
