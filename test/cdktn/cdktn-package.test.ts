/**
 * cdktn-kamaji's package.json and the tree `npm install` makes for it (issue #24 item 1):
 * the same library as cdktf-kamaji under its own peers, and a cdktn with a constructs it
 * accepts, while the cdktf side keeps its own.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = path.join(ROOT, 'packages', 'cdktn-kamaji');
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const root = read(path.join(ROOT, 'package.json'));
const pkg = read(path.join(PACKAGE, 'package.json'));

/** The package.json of `name` as Node resolves it from `from`. */
function installed(name: string, from: string): { version: string; peerDependencies?: object } {
  return read(require.resolve(`${name}/package.json`, { paths: [from] }));
}

/** Whether version x.y.z lies in a `>=a.b.c <d.e.f` range. */
function inRange(version: string, range: string): boolean {
  const [, low, high] = /^>=(\S+) <(\S+)$/.exec(range) ?? [];
  const n = (v: string) => v.split('.').reduce((sum, part) => sum * 1000 + Number(part), 0);
  return low !== undefined && n(version) >= n(low) && n(version) < n(high);
}

describe('cdktn-kamaji package.json', () => {
  test('is the same library as cdktf-kamaji: version, entry points, files, dependencies', () => {
    expect(pkg.name).toBe('cdktn-kamaji');
    for (const key of ['version', 'main', 'types', 'exports', 'files', 'dependencies', 'license']) {
      expect([key, pkg[key]]).toEqual([key, root[key]]);
    }
  });

  test('peers on cdktn 0.24 and the constructs range cdktn itself declares, no CDKTF package', () => {
    const cdktn = installed('cdktn', PACKAGE);
    expect(pkg.peerDependencies).toEqual({
      cdktn: '~0.24.0',
      constructs: (cdktn.peerDependencies as Record<string, string>).constructs,
    });
    expect(cdktn.version).toBe(pkg.devDependencies.cdktn);
    expect(Object.keys(pkg.dependencies).filter((name) => name.includes('cdktf'))).toEqual([]);
  });

  test('runs no script when a consumer installs it', () => {
    const installTime = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(pkg.scripts).filter((s) => installTime.includes(s))).toEqual([]);
  });
});

describe('the tree npm install makes', () => {
  test('cdktn and the cdktn sources load one constructs, in the range cdktn accepts', () => {
    // GIVEN cdktn as the cdktn build resolves it
    const buildSrc = path.join(PACKAGE, 'build', 'src');
    const cdktnDir = path.dirname(require.resolve('cdktn/package.json', { paths: [PACKAGE] }));
    // THEN the build's constructs is cdktn's own, and in cdktn's peer range
    const forBuild = require.resolve('constructs', { paths: [buildSrc] });
    expect(forBuild).toBe(require.resolve('constructs', { paths: [cdktnDir] }));
    const { version } = installed('constructs', cdktnDir);
    expect([version, inRange(version, pkg.peerDependencies.constructs)]).toEqual([version, true]);
  });

  test("the cdktf side keeps the root's constructs", () => {
    const cdktfDir = path.dirname(require.resolve('cdktf/package.json', { paths: [ROOT] }));
    expect(installed('constructs', cdktfDir).version).toBe(root.devDependencies.constructs);
    expect(installed('constructs', path.join(ROOT, 'src')).version).toBe(
      root.devDependencies.constructs,
    );
  });
});

describe('the check package serves either core', () => {
  const check = read(path.join(ROOT, 'packages', 'check', 'package.json'));

  test('peers on both libraries and on cdktf, each optional', () => {
    expect(check.peerDependencies).toEqual({
      cdktf: root.devDependencies.cdktf,
      'cdktf-kamaji': root.version,
      'cdktn-kamaji': pkg.version,
    });
    for (const peer of Object.keys(check.peerDependencies)) {
      expect([peer, check.peerDependenciesMeta[peer]]).toEqual([peer, { optional: true }]);
    }
  });

  test('loads neither cdktf nor cdktn when the command runs, so a project of either core has it', () => {
    // GIVEN a process in which loading either core fails
    const guard = [
      "const Module = require('module');",
      'const load = Module._load;',
      'Module._load = function (request, ...rest) {',
      "  if (/^cdkt[fn](\\/|$)/.test(request)) throw new Error('loaded ' + request);",
      '  return load.call(this, request, ...rest);',
      '};',
      "require('./packages/check/src/check.ts');",
      "console.log('loaded without a core');",
    ].join('\n');
    // WHEN the check's modules load
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', guard],
      { cwd: ROOT, encoding: 'utf8' },
    );
    // THEN
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('loaded without a core');
  });
});
