/**
 * Node 22 for the CDK Terrain leg (issue #24 item 2): `cdktn-cli` 0.24 needs Node >= 22.19,
 * while the project and its CI machines run Node 20. The npm package `node` ships the
 * binary, so it comes from the npm registry like everything else.
 *
 * Installed into its own folder under node_modules/.cache, not as a devDependency: the
 * package's `node` bin would be linked into node_modules/.bin, and npm scripts put that
 * folder first on PATH, so every script (jest, tsc, the cdktf CLI) would run on Node 22 and
 * nothing on the Node 20 that the library supports.
 *
 * `npm install` runs this (the postinstall of the private workspace packages/dev-tools: the
 * published packages run nothing at install); when it cannot install, it warns and the
 * tests that need Node 22 skip, saying why. `.ci/run` runs it with `--require`, which fails
 * instead.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The version installed: cdktn-cli 0.24.0 declares engines node >=22.19.0. */
export const NODE22_VERSION = '22.23.3';
const DIR = path.resolve(__dirname, '..', 'node_modules', '.cache', 'cdktf-kamaji-node22');
/** The Node 22 binary, once installed. */
export const NODE22 = path.join(DIR, 'node_modules', 'node', 'bin', 'node');

/** Why Node 22 is missing, for a test's skip message; undefined when it runs. */
export function node22Missing(): string | undefined {
  const run = spawnSync(NODE22, ['--version'], { encoding: 'utf8' });
  if (run.status === 0 && run.stdout.trim() === `v${NODE22_VERSION}`) return undefined;
  return (
    `no Node ${NODE22_VERSION} at ${NODE22} (cdktn-cli 0.24 needs Node >= 22.19): ` +
    'npm install brings it from the npm registry (packages/dev-tools); to install it again, ' +
    'npx ts-node --transpile-only scripts/node22.ts'
  );
}

function install(required: boolean): number {
  if (node22Missing() === undefined) return 0;
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(
    path.join(DIR, 'package.json'),
    `${JSON.stringify({ private: true, dependencies: { node: NODE22_VERSION } }, null, 2)}\n`,
  );
  const run = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
    { cwd: DIR, stdio: 'inherit' },
  );
  const missing = node22Missing();
  if (run.status !== 0 || missing) {
    const problem = missing ?? `npm install node@${NODE22_VERSION} failed`;
    if (required) {
      console.error(`error: ${problem}`);
      return 1;
    }
    console.warn(`warning: ${problem}; the cdktn tests will skip`);
    return 0;
  }
  console.log(`Node ${NODE22_VERSION} for the cdktn leg: ${path.relative(process.cwd(), NODE22)}`);
  return 0;
}

if (require.main === module) process.exitCode = install(process.argv.includes('--require'));
