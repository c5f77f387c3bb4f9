/**
 * `npm run bench [-- --check] [--reps N] [--runner js|ts-node] [--sizes 1x3x10,...]
 * [--infrastructures proxmox,vsphere]`, or `npm run bench -- --consumer [--reps N]`
 * (`cdktf synth` of the fleet example through the cdktf CLI: see consumer.ts), or
 * `npm run bench -- --offline-check [--tenants 30,300] [--reps N] [--check]` (the time of
 * `cdktf-kamaji check` on fleets, sequential and parallel: see check-bench.ts)
 *
 * Synthesizes apps of growing size with the library, with the same Terraform written
 * as raw L1 constructs (`raw-app.ts`), and re-serializes the finished documents (the
 * floor); each measurement runs in a fresh child process, so its peak RSS is its own.
 * Prints a table, writes bench/results.json, and with --check asserts the targets of
 * issues #9 and #15 (synth-verdicts.ts), exiting non-zero when one is missed.
 *
 * Children run compiled JavaScript by default (transpiled here into
 * node_modules/.cache/), which measures the library and CDKTF rather than the
 * TypeScript runner; `--runner ts-node` measures what `cdktf synth` costs with the
 * `npx ts-node --transpile-only main.ts` app command of the examples.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import {
  CHECK_TARGETS,
  evaluateCheck,
  measureCheck,
  printCheckRuns,
  writeCheckResults,
} from './check-bench';
import { measureConsumer, printConsumer } from './consumer';
import { measureLoadTime } from './load-time';
import { Job, Sample, Variant } from './measurement';
import { Infrastructure, INFRASTRUCTURES, nodeCount, Size, sizeLabel, SIZES } from './scenario';
import {
  Equivalence,
  evaluate,
  loadCheck,
  Measurement,
  mib,
  MIB,
  ms,
  printChecks,
  printTable,
  stats,
  TARGETS,
} from './synth-verdicts';

const ROOT = path.resolve(__dirname, '..');
/**
 * This run's own folder, removed at its end: the compiled JavaScript, beside a link to
 * the project's node_modules (so `require` finds cdktf and the bindings), and the
 * synthesized apps. Not under node_modules: that may be shared by several checkouts.
 */
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-bench-'));
const COMPILED = path.join(WORK, 'compiled');
const RESULTS = path.join(__dirname, 'results.json');
const CONSUMER_RESULTS = path.join(__dirname, 'consumer-results.json');
const CHECK_RESULTS = path.join(__dirname, 'check-results.json');

enum Runner {
  JS = 'js',
  TS_NODE = 'ts-node',
}

interface Options {
  readonly check: boolean;
  readonly consumer: boolean;
  readonly reps?: number;
  readonly runner: Runner;
  readonly sizes: readonly Size[];
  readonly infrastructures: readonly Infrastructure[];
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--offline-check')) {
    runOfflineCheck(args)
      .catch((error) => {
        process.stderr.write(`${error.stack ?? error}\n`);
        process.exitCode = 1;
      })
      .finally(() => fs.rmSync(WORK, { recursive: true, force: true }));
    return;
  }
  try {
    run(parseOptions(args));
  } finally {
    fs.rmSync(WORK, { recursive: true, force: true });
  }
}

/** The check benchmark (check-bench.ts): its own options, results file and verdicts. */
async function runOfflineCheck(args: string[]): Promise<void> {
  const known = ['--offline-check', '--check', '--tenants', '--reps'];
  const value = (name: string): string | undefined => {
    const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return args[i].includes('=') ? args[i].slice(name.length + 1) : args[i + 1];
  };
  const unknown = args.filter(
    (a, i) =>
      a.startsWith('--') && !known.includes(a.split('=')[0]) && !known.includes(args[i - 1]),
  );
  if (unknown.length > 0) throw new Error(`--offline-check takes ${known.slice(1).join(', ')}`);
  const tenants = (
    value('--tenants') ?? `${CHECK_TARGETS.smallTenants},${CHECK_TARGETS.largeTenants}`
  )
    .split(',')
    .map(Number);
  const reps = Number(value('--reps') ?? 1);
  if (
    !tenants.every((t) => Number.isInteger(t) && t > 0) ||
    !(Number.isInteger(reps) && reps > 0)
  ) {
    throw new Error(`--tenants: positive integers, --reps: a positive integer`);
  }
  const check = args.includes('--check');
  if (
    check &&
    !(tenants.includes(CHECK_TARGETS.smallTenants) && tenants.includes(CHECK_TARGETS.largeTenants))
  ) {
    throw new Error(
      `--check measures ${CHECK_TARGETS.smallTenants} and ${CHECK_TARGETS.largeTenants} tenants`,
    );
  }
  const started = Date.now();
  const runs = await measureCheck(WORK, tenants, reps);
  printCheckRuns(runs);
  const verdicts = evaluateCheck(runs);
  printChecks(verdicts);
  writeCheckResults(CHECK_RESULTS, {
    machine: machine(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    targets: CHECK_TARGETS,
    runs,
    verdicts,
  });
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), CHECK_RESULTS)}\n`);
  if (check && verdicts.some((v) => !v.pass)) process.exitCode = 1;
}

function run(options: Options): void {
  if (options.consumer) {
    const result = measureConsumer(ROOT, options.reps ?? 3);
    printConsumer(result);
    fs.writeFileSync(
      CONSUMER_RESULTS,
      `${JSON.stringify({ machine: machine(), ...result }, null, 2)}\n`,
    );
    process.stdout.write(`\nwrote ${path.relative(process.cwd(), CONSUMER_RESULTS)}\n`);
    return;
  }
  const child = prepareChild(options.runner);
  if (options.runner !== Runner.JS) compile();
  const load = measureLoadTime(path.join(COMPILED, 'src', 'index.js'), ROOT, options.reps ?? 7);
  process.stdout.write(
    `require('cdktf-kamaji'): ${load.library.toFixed(2)} s (require('cdktf') alone: ${load.cdktf.toFixed(2)} s), median of ${load.reps} fresh processes\n`,
  );
  const measurements: Measurement[] = [];
  const equivalences: Equivalence[] = [];
  const started = Date.now();
  for (const size of options.sizes) {
    for (const infrastructure of options.infrastructures) {
      const result = measureSize(child, path.join(WORK, 'apps'), options, infrastructure, size);
      measurements.push(...result.measurements);
      equivalences.push(result.equivalence);
    }
  }

  printTable(measurements);
  const checks = [
    loadCheck(load),
    ...evaluate(options.infrastructures, measurements, equivalences),
  ];
  printChecks(checks);
  fs.writeFileSync(
    RESULTS,
    `${JSON.stringify(
      {
        machine: machine(),
        runner: options.runner,
        durationSeconds: Math.round((Date.now() - started) / 1000),
        targets: TARGETS,
        load,
        measurements,
        equivalences,
        checks,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), RESULTS)}\n`);
  if (options.check && checks.some((c) => !c.pass)) process.exitCode = 1;
}

function parseOptions(args: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return args[i].includes('=') ? args[i].slice(name.length + 1) : args[i + 1];
  };
  const sizes = value('--sizes')?.split(',');
  const infrastructures = value('--infrastructures')?.split(',');
  const reps = value('--reps');
  const runner = (value('--runner') ?? Runner.JS) as Runner;
  if (!Object.values(Runner).includes(runner)) throw new Error(`--runner: js or ts-node`);
  const options: Options = {
    check: args.includes('--check'),
    consumer: args.includes('--consumer'),
    reps: reps === undefined ? undefined : Number(reps),
    runner,
    sizes: sizes ? SIZES.filter((s) => sizes.includes(sizeLabel(s))) : SIZES,
    infrastructures: infrastructures
      ? INFRASTRUCTURES.filter((i) => infrastructures.includes(i))
      : INFRASTRUCTURES,
  };
  if (options.reps !== undefined && !(Number.isInteger(options.reps) && options.reps > 0)) {
    throw new Error(`--reps: a positive integer, received ${reps}`);
  }
  if (options.check && options.consumer) throw new Error('--check and --consumer: one at a time');
  if (options.check && (sizes || infrastructures || (options.reps ?? 3) < 3)) {
    throw new Error('--check measures every size and infrastructure, at least 3 times each');
  }
  if (options.sizes.length === 0 || options.infrastructures.length === 0) {
    throw new Error(
      `nothing to measure: sizes are ${SIZES.map(sizeLabel).join(', ')}; ` +
        `infrastructures ${INFRASTRUCTURES.join(', ')}`,
    );
  }
  return options;
}

/**
 * Repetitions per variant: many where a run is short and noise is large relative to it
 * (15 at 3 nodes, 9 at 30), fewer where a run takes seconds (5 at 300, 3 at 3,000).
 */
function repetitions(options: Options, size: Size): number {
  if (options.reps !== undefined) return options.reps;
  const nodes = nodeCount(size);
  return nodes <= 3 ? 15 : nodes <= 30 ? 9 : nodes <= 300 ? 5 : 3;
}

/** The command line that runs one measurement. */
function prepareChild(runner: Runner): string[] {
  if (runner === Runner.TS_NODE) {
    return ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'child.ts')];
  }
  compile();
  return [path.join(COMPILED, 'bench', 'child.js')];
}

/**
 * Transpiles src/ (with the generated bindings) and bench/ to JavaScript, file by
 * file as ts-node does, and copies the other files (JSON) beside them, into this run's
 * folder. Type-checking is `tsc --noEmit`'s job, not the benchmark's.
 */
function compile(): void {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, ROOT);
  fs.rmSync(COMPILED, { recursive: true, force: true });
  if (!fs.existsSync(path.join(WORK, 'node_modules'))) {
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(WORK, 'node_modules'), 'dir');
  }
  const transpile = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        transpile(file);
      } else if (entry.name.endsWith('.ts')) {
        if (entry.name.endsWith('.d.ts')) continue;
        const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
          compilerOptions: options,
          fileName: file,
        });
        const out = path.join(COMPILED, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, outputText);
      } else {
        // Modules may import JSON files and other assets beside them.
        const out = path.join(COMPILED, path.relative(ROOT, file));
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.copyFileSync(file, out);
      }
    }
  };
  transpile(path.join(ROOT, 'src'));
  transpile(__dirname);
}

function runChild(child: string[], job: Job): Sample {
  const result = spawnSync(process.execPath, [...child, JSON.stringify(job)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * MIB,
  });
  if (result.status !== 0) {
    throw new Error(
      `${job.variant} ${job.infrastructure} ${sizeLabel(job.size)} failed ` +
        `(${result.status ?? result.signal}):\n${result.stderr}`,
    );
  }
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/**
 * All repetitions of one size on one infrastructure. Library and raw alternate which
 * goes first, so a slow drift of the machine does not favour either.
 */
function measureSize(
  child: string[],
  tmp: string,
  options: Options,
  infrastructure: Infrastructure,
  size: Size,
): { measurements: Measurement[]; equivalence: Equivalence } {
  const label = sizeLabel(size);
  const dir = path.join(tmp, `${infrastructure}-${label}`);
  const samples = new Map<Variant, Sample[]>(Object.values(Variant).map((v) => [v, []]));
  const loads = new Map<Variant, number[]>(Object.values(Variant).map((v) => [v, []]));
  const outdir = (variant: Variant, rep: number) => path.join(dir, `${variant}-${rep}`);
  const reps = repetitions(options, size);
  fs.mkdirSync(dir, { recursive: true });
  for (let rep = 0; rep < reps; rep++) {
    const order =
      rep % 2 === 0
        ? [Variant.LIBRARY, Variant.RAW, Variant.FLOOR]
        : [Variant.RAW, Variant.LIBRARY, Variant.FLOOR];
    for (const variant of order) {
      const job: Job = {
        variant,
        infrastructure,
        size,
        outdir: outdir(variant, rep),
        input: variant === Variant.FLOOR ? outdir(Variant.LIBRARY, 0) : undefined,
        analyze: rep === 0 && variant !== Variant.FLOOR,
      };
      loads.get(variant)!.push(os.loadavg()[0]);
      const sample = runChild(child, job);
      samples.get(variant)!.push(sample);
      process.stderr.write(
        `${infrastructure} ${label} ${variant} #${rep + 1}/${reps}: ` +
          `build ${ms(sample.buildMs)}, synth ${ms(sample.synthMs)}, ` +
          `peak RSS ${mib(sample.peakRssBytes)}\n`,
      );
      if (rep > 0) fs.rmSync(job.outdir, { recursive: true, force: true });
    }
  }
  const difference = firstDifference(outdir(Variant.LIBRARY, 0), outdir(Variant.RAW, 0));
  fs.rmSync(dir, { recursive: true, force: true });

  const measurements = Object.values(Variant).map((variant): Measurement => {
    const all = samples.get(variant)!;
    return {
      infrastructure,
      size: label,
      nodes: nodeCount(size),
      variant,
      samples: all,
      loadAverages: loads.get(variant)!,
      buildMs: stats(all.map((s) => s.buildMs)),
      synthMs: stats(all.map((s) => s.synthMs)),
      totalMs: stats(all.map((s) => s.buildMs + s.synthMs)),
      peakRssBytes: stats(all.map((s) => s.peakRssBytes)),
      outputBytes: all[0].outputBytes,
      analysis: all[0].analysis,
    };
  });
  return {
    measurements,
    equivalence: { infrastructure, size: label, identical: difference === undefined, difference },
  };
}

/**
 * A synthesized file as compared: the manifest without its annotations, which are
 * the library's warnings to the user (a stack with secrets on local state), not
 * Terraform configuration; every other file as is.
 */
function comparable(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  if (path.basename(file) !== 'manifest.json') return bytes;
  const manifest = JSON.parse(bytes.toString('utf8'));
  for (const stack of Object.values<{ annotations?: unknown }>(manifest.stacks ?? {})) {
    delete stack.annotations;
  }
  return Buffer.from(JSON.stringify(manifest, null, 2));
}

/** Where two synthesized outdirs first differ, byte for byte (the manifest without annotations); undefined when identical. */
function firstDifference(a: string, b: string): string | undefined {
  const files = (dir: string, prefix = ''): string[] =>
    fs
      .readdirSync(path.join(dir, prefix), { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? files(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)],
      )
      .sort();
  const left = files(a);
  const right = files(b);
  if (left.join('\n') !== right.join('\n')) {
    return `files differ: ${left.join(', ')} / ${right.join(', ')}`;
  }
  for (const file of left) {
    const x = comparable(path.join(a, file));
    const y = comparable(path.join(b, file));
    if (!x.equals(y)) {
      let i = 0;
      while (i < x.length && x[i] === y[i]) i++;
      const around = (buffer: Buffer) => JSON.stringify(buffer.subarray(i, i + 80).toString());
      return `${file} at byte ${i}: library ${around(x)}, raw ${around(y)}`;
    }
  }
  return undefined;
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryBytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverageAtEnd: os.loadavg(),
    date: new Date().toISOString(),
  };
}

main();
