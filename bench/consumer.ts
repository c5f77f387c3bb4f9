/**
 * `npm run bench -- --consumer [--reps N]`: what a user waits for (issue #15 item 4).
 * Runs `cdktf synth` of the fleet example (examples/fleet: three control planes, three
 * Proxmox pools, from fleet.yaml) through the cdktf CLI, as a platform team runs it on
 * every pull request, with the app command of each setup:
 *
 * - `npx ts-node main.ts`: ts-node type-checks main.ts and everything it imports;
 * - `npx ts-node --transpile-only main.ts`: what the examples' cdktf.json runs;
 * - `node main.js`: compiled JavaScript (transpiled here as `tsc` would emit it).
 *
 * and, beside them, `tsc --noEmit` of the same program: the type check that CI runs
 * once when the app itself only transpiles. The cdktf CLI is not a dependency of the
 * library: cdktf-cli 0.21.0 is installed once from the npm registry into
 * node_modules/.cache/ (as `npm run test:consumer` installs it into its project).
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
  readonly cdktfCliVersion: string;
}

/**
 * Measures `cdktf synth` of examples/fleet with each setup, `reps` times, the setups
 * interleaved so a drift of the machine does not favour one. `compiledMain` is the
 * example transpiled to JavaScript.
 */
export function measureConsumer(root: string, compiledMain: string, reps: number): ConsumerResult {
  const example = path.join(root, 'examples', 'fleet');
  const cli = installCli(path.join(root, 'node_modules', '.cache', 'cdktf-kamaji-cdktf-cli'));
  const setups = [
    { name: 'ts-node', app: 'npx ts-node main.ts', typeChecks: true },
    {
      name: 'ts-node --transpile-only',
      app: 'npx ts-node --transpile-only main.ts',
      typeChecks: false,
    },
    { name: 'node main.js (compiled)', app: `node ${compiledMain}`, typeChecks: false },
  ];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-consumer-bench-'));
  const seconds = setups.map((): number[] => []);
  const typeCheck: number[] = [];
  try {
    const tsconfig = path.join(tmp, 'tsconfig.json');
    fs.writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: path.join(root, 'tsconfig.json'),
        // Outside the repository, @types would not be found from the config's folder.
        compilerOptions: { noEmit: true, typeRoots: [path.join(root, 'node_modules', '@types')] },
        files: [path.join(example, 'main.ts')],
      }),
    );
    for (let rep = 0; rep < reps; rep++) {
      setups.forEach((setup, i) => {
        const out = path.join(tmp, `out-${rep}-${i}`);
        seconds[i].push(
          timed(cli, ['synth', '--app', setup.app, '--output', out], example, setup.name),
        );
        fs.rmSync(out, { recursive: true, force: true });
      });
      typeCheck.push(
        timed(
          process.execPath,
          [require.resolve('typescript/bin/tsc'), '-p', tsconfig],
          example,
          'tsc --noEmit',
        ),
      );
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return {
    example: 'examples/fleet',
    setups: setups.map((setup, i) => ({
      ...setup,
      seconds: seconds[i],
      median: median(seconds[i]),
    })),
    typeCheckSeconds: median(typeCheck),
    cdktfCliVersion: CDKTF_CLI_VERSION,
  };
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
    `  ${result.typeCheckSeconds.toFixed(1).padStart(5)} s  tsc --noEmit of the same program (once in CI)\n`,
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

function timed(command: string, args: string[], cwd: string, what: string): number {
  const start = performance.now();
  run(command, args, {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' },
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
