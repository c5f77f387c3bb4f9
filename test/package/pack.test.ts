/**
 * What `npm pack` puts in the published package (issue #13 item 2): the compiled
 * library with the generated bindings, the fleet schema, README, LICENSE and the
 * CHANGELOG (what changed between versions, where a consumer's upgrade tooling looks
 * for it; npm does not include it unless `files` names it, issue #22 item 9); no
 * sources, tests or examples; no script that runs when a consumer installs it.
 * The offline check is a package of its own, cdktf-kamaji-check (packages/check, issue
 * #21 item 9): the library holds none of it and depends on none of its gRPC, msgpack
 * and X.509 libraries, which only the check uses.
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
  readonly version: string;
  readonly bin?: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
}

const pkg: PackageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const CHECK_ROOT = path.join(ROOT, 'packages', 'check');
const checkPkg: PackageJson & { readonly name: string } = JSON.parse(
  fs.readFileSync(path.join(CHECK_ROOT, 'package.json'), 'utf8'),
);

/** `npm pack --dry-run --json` in dir: prepack builds lib/ first, as before a publish. */
function dryRunPack(dir: string): PackResult {
  const run = spawnSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * MIB,
  });
  if (run.status !== 0) throw new Error(`npm pack in ${dir} failed:\n${run.stderr}`);
  // prepack's build may print (npm run gen after a change of the generator) before the JSON.
  const packed: PackResult = JSON.parse(run.stdout.slice(run.stdout.search(/^\[/m)))[0];
  console.warn(
    `npm pack ${path.relative(ROOT, dir) || '.'}: ${packed.files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked`,
  );
  return packed;
}

/** The packages the library's sources (not the generated bindings) import or require. */
function packagesImportedBySrc(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.gen') walk(file);
      } else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(file, 'utf8');
        for (const [, spec] of text.matchAll(/(?:from|import\(|require\()\s*'([^'.][^']*)'/g)) {
          const parts = spec.split('/');
          names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
        }
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  return names;
}

describe('npm pack', () => {
  let packed: PackResult;
  let files: Set<string>;

  beforeAll(() => {
    packed = dryRunPack(ROOT);
    files = new Set(packed.files.map((f) => f.path));
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

  it('holds none of the offline check, which cdktf-kamaji-check publishes', () => {
    const check = [...files].filter((f) => /(^|\/)check\//.test(f) || /(^|\/)stub\//.test(f));
    expect(check).toEqual([]);
  });
});

describe('npm pack of the check package (packages/check)', () => {
  let packed: PackResult;
  let files: Set<string>;

  beforeAll(() => {
    packed = dryRunPack(CHECK_ROOT);
    files = new Set(packed.files.map((f) => f.path));
  }, 120_000);

  it('holds the compiled command, its harness and stubs, and no sources or schemas', () => {
    for (const file of ['package.json', 'lib/cli.js', 'lib/check.js', 'lib/harness.js']) {
      expect([file, files.has(file)]).toEqual([file, true]);
    }
    expect([...files].filter((f) => f.startsWith('lib/stub/')).length).toBeGreaterThan(0);
    // The schemas are the library's: the check reads those of the installed cdktf-kamaji.
    const unwanted = [...files].filter(
      (f) =>
        /^(src|test|schemas|node_modules)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map'),
    );
    expect(unwanted).toEqual([]);
  });

  it('provides the cdktf-kamaji command, which runs under node', () => {
    expect(checkPkg.bin).toEqual({ 'cdktf-kamaji': 'lib/cli.js' });
    expect(
      fs
        .readFileSync(path.join(CHECK_ROOT, 'lib', 'cli.js'), 'utf8')
        .startsWith('#!/usr/bin/env node\n'),
    ).toBe(true);
  });
});

describe('package.json', () => {
  it('runs no script when a consumer installs either package', () => {
    const installTime = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(pkg.scripts).filter((s) => installTime.includes(s))).toEqual([]);
    expect(Object.keys(checkPkg.scripts).filter((s) => installTime.includes(s))).toEqual([]);
  });

  it('depends only on what the library imports: not on the check, its command or its libraries', () => {
    const imported = packagesImportedBySrc();
    expect(Object.keys(pkg.dependencies).filter((d) => !imported.has(d))).toEqual([]);
    for (const only of ['@grpc/grpc-js', '@grpc/proto-loader', '@msgpack/msgpack', 'node-forge']) {
      expect([only, only in pkg.dependencies]).toEqual([only, false]);
      expect([only, only in (checkPkg.dependencies ?? {})]).toEqual([only, true]);
    }
    // Two packages providing one command would race for node_modules/.bin/cdktf-kamaji.
    expect(pkg.bin).toBeUndefined();
  });

  it('has the check peer on the library of its own version, so it serves the schemas of that version', () => {
    expect(checkPkg.name).toBe('cdktf-kamaji-check');
    expect(checkPkg.version).toBe(pkg.version);
    expect(checkPkg.peerDependencies['cdktf-kamaji']).toBe(pkg.version);
    expect(checkPkg.peerDependencies.cdktf).toBe(pkg.peerDependencies.cdktf);
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
