/**
 * `npm run bench -- --consumer [--reps N]`: what a user waits for (issue #15 item 4).
 * Runs `cdktf synth` of the fleet example (examples/fleet: three control planes, three
 * Proxmox pools, from fleet.yaml) through the cdktf CLI, as a platform team runs it on
 * every pull request: its main.ts in a project of its own that imports `cdktf-kamaji`
 * as installed from the registry (compiled JavaScript with declarations, built here by
 * `tsc -p tsconfig.build.json`; the other packages are the repository's), with the app
 * command of each setup:
 *
 * - `npx ts-node main.ts`: ts-node type-checks main.ts against the declarations;
 * - `npx ts-node --transpile-only main.ts`: what the examples' cdktf.json runs;
 * - `node main.js`: compiled JavaScript (`tsc` of the project, done once before);
 * - `npx tsc && node main.js`: compiled by every synth, so type-checked by it too;
 *
 * and, beside them, `tsc --noEmit` of the project: the type check that CI runs once
 * when the app itself only transpiles. The cdktf CLI is not a dependency of the
 * library: cdktf-cli 0.21.0 is installed once from the npm registry into
 * ~/.cache/cdktf-kamaji-bench/ (as `npm run test:consumer` installs it into its project).
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CDKTF_CLI_VERSION = '0.21.0';

/** One way of running the app, and how long `cdktf synth` took with it. */
export interface ConsumerSetup {
  readonly name: string;
  /** The `app` command of cdktf.json. */
  readonly app: string;
  /** Whether it type-checks the app (else CI must, with `tsc --noEmit`). */
  readonly typeChecks: boolean;
  /** Seconds of `cdktf synth`, each repetition. */
  readonly seconds: number[];
  readonly median: number;
}

export interface ConsumerResult {
  readonly example: string;
  readonly setups: ConsumerSetup[];
  /** Seconds of `tsc --noEmit` of the example's program, median. */
  readonly typeCheckSeconds: number;
  /** Seconds of `node main.js` alone, without the CLI, median: what the CLI adds is the rest. */
  readonly appAloneSeconds: number;
  readonly cdktfCliVersion: string;
}

/**
 * Measures `cdktf synth` of the fleet example with each setup, `reps` times, the setups
 * interleaved so a drift of the machine does not favour one.
 */
export function measureConsumer(root: string, reps: number): ConsumerResult {
  // The CLI is kept between runs in the user's cache, not in node_modules (which may be
  // shared by several checkouts); the project is this run's own.
  const cli = installCli(
    path.join(os.homedir(), '.cache', 'cdktf-kamaji-bench', `cdktf-cli-${CDKTF_CLI_VERSION}`),
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-consumer-bench-'));
  try {
    return measureIn(root, cli, tmp, reps);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function measureIn(root: string, cli: string, tmp: string, reps: number): ConsumerResult {
  const app = consumerProject(root, path.join(tmp, 'project'));
  const tsc = require.resolve('typescript/bin/tsc');
  timed(process.execPath, [tsc, '-p', 'tsconfig.json'], app, 'tsc (main.js for node)');
  const setups = [
    { name: 'ts-node', app: 'npx ts-node main.ts', typeChecks: true },
    {
      name: 'ts-node --transpile-only',
      app: 'npx ts-node --transpile-only main.ts',
      typeChecks: false,
    },
    { name: 'node main.js (compiled)', app: 'node main.js', typeChecks: false },
    { name: 'tsc, then node main.js', app: 'npx tsc && node main.js', typeChecks: true },
  ];
  const seconds = setups.map((): number[] => []);
  const typeCheck: number[] = [];
  const alone: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    setups.forEach((setup, i) => {
      const out = path.join(tmp, `out-${rep}-${i}`);
      seconds[i].push(timed(cli, ['synth', '--app', setup.app, '--output', out], app, setup.name));
      fs.rmSync(out, { recursive: true, force: true });
    });
    typeCheck.push(
      timed(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], app, 'tsc --noEmit'),
    );
    const out = path.join(tmp, `alone-${rep}`);
    alone.push(
      timed(process.execPath, ['main.js'], app, 'node main.js without the CLI', {
        CDKTF_OUTDIR: out,
      }),
    );
    fs.rmSync(out, { recursive: true, force: true });
  }
  return {
    example: 'examples/fleet',
    setups: setups.map((setup, i) => ({
      ...setup,
      seconds: seconds[i],
      median: median(seconds[i]),
    })),
    typeCheckSeconds: median(typeCheck),
    appAloneSeconds: median(alone),
    cdktfCliVersion: CDKTF_CLI_VERSION,
  };
}

/**
 * A consumer's project in `dir`: node_modules/cdktf-kamaji as the package ships it
 * (package.json, lib/ compiled with declarations, schemas/), every other package a link
 * to the repository's; app/ holds the fleet example's main.ts importing `cdktf-kamaji`,
 * its fleet.yaml, and the consumer test's tsconfig.json (Node16 resolution, so the
 * package's exports map decides what resolves). Returns the app folder.
 */
function consumerProject(root: string, dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  const modules = path.join(dir, 'node_modules');
  const pkg = path.join(modules, 'cdktf-kamaji');
  fs.mkdirSync(pkg, { recursive: true });
  for (const entry of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (entry === '.cache' || entry === 'cdktf-kamaji') continue;
    fs.symlinkSync(path.join(root, 'node_modules', entry), path.join(modules, entry));
  }
  timed(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      path.join(pkg, 'lib'),
    ],
    root,
    'tsc -p tsconfig.build.json (the package)',
  );
  fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  fs.cpSync(path.join(root, 'schemas'), path.join(pkg, 'schemas'), { recursive: true });

  const app = path.join(dir, 'app');
  const example = path.join(root, 'examples', 'fleet');
  fs.mkdirSync(app);
  const main = fs.readFileSync(path.join(example, 'main.ts'), 'utf8');
  if (!main.includes("from '../../src'"))
    throw new Error('examples/fleet/main.ts: no ../../src import');
  fs.writeFileSync(
    path.join(app, 'main.ts'),
    main.replace("from '../../src'", "from 'cdktf-kamaji'"),
  );
  fs.copyFileSync(path.join(example, 'fleet.yaml'), path.join(app, 'fleet.yaml'));
  fs.copyFileSync(path.join(example, 'cdktf.json'), path.join(app, 'cdktf.json'));
  fs.copyFileSync(
    path.join(root, 'test', 'consumer', 'app', 'tsconfig.json'),
    path.join(app, 'tsconfig.json'),
  );
  fs.writeFileSync(path.join(app, 'package.json'), '{ "private": true }\n');
  return app;
}

export function printConsumer(result: ConsumerResult): void {
  process.stdout.write(
    `\ncdktf synth of ${result.example} through cdktf-cli ${result.cdktfCliVersion}, ` +
      `median of ${result.setups[0].seconds.length}:\n`,
  );
  for (const setup of result.setups) {
    process.stdout.write(
      `  ${setup.median.toFixed(1).padStart(5)} s  ${setup.name} (app: ${setup.app})` +
        `${setup.typeChecks ? ', type-checks' : ''}\n`,
    );
  }
  process.stdout.write(
    `  ${result.typeCheckSeconds.toFixed(1).padStart(5)} s  tsc --noEmit of the same program (once in CI)\n` +
      `  ${result.appAloneSeconds.toFixed(1).padStart(5)} s  node main.js without the CLI\n`,
  );
}

/** The cdktf CLI, installed once from the npm registry. */
function installCli(dir: string): string {
  const bin = path.join(dir, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
  if (fs.existsSync(bin)) return bin;
  process.stderr.write(`installing cdktf-cli ${CDKTF_CLI_VERSION} into ${dir}\n`);
  fs.mkdirSync(dir, { recursive: true });
  run(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `cdktf-cli@${CDKTF_CLI_VERSION}`,
    ],
    { cwd: dir },
  );
  if (!fs.existsSync(bin)) throw new Error(`cdktf-cli installed, but ${bin} is missing`);
  return bin;
}

function timed(
  command: string,
  args: string[],
  cwd: string,
  what: string,
  env: Record<string, string> = {},
): number {
  const start = performance.now();
  run(command, args, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0', ...env },
  });
  const seconds = (performance.now() - start) / 1000;
  process.stderr.write(`consumer: ${what}: ${seconds.toFixed(1)} s\n`);
  return seconds;
}

function run(command: string, args: string[], options: SpawnSyncOptions): void {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 ** 2,
    ...options,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n` +
        `${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
