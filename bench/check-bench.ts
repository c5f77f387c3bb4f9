/**
 * `npm run bench -- --offline-check [--tenants 30,300] [--reps N] [--check]`: the time of
 * `cdktf-kamaji check` (plan only) on fleets of bring-your-own pools (check-fleet.ts:
 * N tenants, 3 pools x 3 nodes each, N + 1 stacks), one stack at a time and with one
 * stack per core at once. Prints total time, time per stack and CPU time per stack, writes
 * bench/check-results.json, and with --check asserts issue #21 item 8's targets: a
 * 300-tenant fleet checked in 90 s on 2 cores, the time per stack at 301 stacks within
 * 1.2x of that at 31.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthCheckFleet } from './check-fleet';
import { CheckExit, runCheck } from '../packages/check/src/check';

export const CHECK_TARGETS = {
  /** Tenants of the fleet whose check must take at most `largeSeconds` on 2 cores. */
  largeTenants: 300,
  largeSeconds: 90,
  largeCores: 2,
  smallTenants: 30,
  /** Time per stack at largeTenants + 1 stacks over that at smallTenants + 1. */
  perStackLargeOverSmall: 1.2,
};

export interface CheckRun {
  readonly tenants: number;
  readonly stacks: number;
  readonly parallelism: number;
  /** Wall time of each repetition, seconds (stub start, copy, every stack, summary). */
  readonly seconds: number[];
  /** Median of `seconds`. */
  readonly median: number;
  readonly perStack: number;
  /**
   * CPU seconds of each repetition: the check's process (with the stub providers) and
   * every terraform it ran. Unlike wall time it hardly moves with the machine's load, so
   * runs on a busy machine still compare. Linux only (/proc); empty elsewhere.
   */
  readonly cpuSeconds: number[];
  /** Median of `cpuSeconds` over the stacks; undefined without /proc. */
  readonly cpuPerStack?: number;
  /** 1-minute load average when each repetition started. */
  readonly loadAverages: number[];
}

export interface CheckVerdict {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** Checks each fleet size sequentially and with one stack per core, `reps` times each. */
export async function measureCheck(
  work: string,
  tenants: readonly number[],
  reps: number,
): Promise<CheckRun[]> {
  const cores = os.availableParallelism();
  const runs: CheckRun[] = [];
  for (const count of tenants) {
    const cwd = path.join(work, `check-${count}`);
    const started = Date.now();
    synthCheckFleet(count, path.join(cwd, 'cdktf.out'));
    process.stderr.write(`check: ${count} tenants synthesized in ${since(started)} s\n`);
    for (const parallelism of [1, cores]) {
      const seconds: number[] = [];
      const cpuSeconds: number[] = [];
      const loadAverages: number[] = [];
      for (let rep = 0; rep < reps; rep++) {
        loadAverages.push(os.loadavg()[0]);
        const lines: string[] = [];
        const start = Date.now();
        const cpuStart = cpuUsed();
        const code = await runCheck({ cwd, parallelism, print: (line) => lines.push(line) });
        seconds.push(since(start));
        const cpuEnd = cpuUsed();
        if (cpuStart !== undefined && cpuEnd !== undefined) cpuSeconds.push(cpuEnd - cpuStart);
        if (code !== CheckExit.OK) {
          throw new Error(`the check of ${count} tenants failed:\n${lines.join('\n')}`);
        }
        process.stderr.write(
          `check: ${count} tenants, parallelism ${parallelism}, #${rep + 1}/${reps}: ` +
            `${seconds[rep].toFixed(1)} s\n`,
        );
      }
      const stacks = count + 1;
      const cpu = cpuSeconds.length > 0 ? medianOf(cpuSeconds) : undefined;
      runs.push({
        tenants: count,
        stacks,
        parallelism,
        seconds,
        median: medianOf(seconds),
        perStack: medianOf(seconds) / stacks,
        cpuSeconds,
        ...(cpu !== undefined && { cpuPerStack: cpu / stacks }),
        loadAverages,
      });
    }
  }
  return runs;
}

export function printCheckRuns(runs: readonly CheckRun[]): void {
  process.stdout.write(
    '\ncdktf-kamaji check (plan only), bring-your-own fleets, 3 x 3 nodes per tenant\n',
  );
  process.stdout.write(
    'tenants | stacks | parallelism |   total | per stack | CPU per stack | load at start\n',
  );
  for (const run of runs) {
    const cpu = run.cpuPerStack === undefined ? '-' : `${run.cpuPerStack.toFixed(2)} s`;
    process.stdout.write(
      `${String(run.tenants).padStart(7)} | ${String(run.stacks).padStart(6)} | ` +
        `${String(run.parallelism).padStart(11)} | ${run.median.toFixed(1).padStart(5)} s | ` +
        `${run.perStack.toFixed(2).padStart(7)} s | ${cpu.padStart(13)} | ` +
        `${run.loadAverages.map((l) => l.toFixed(1)).join(', ')}\n`,
    );
  }
}

/** The verdicts on issue #21 item 8's targets, for the sizes measured. */
export function evaluateCheck(runs: readonly CheckRun[]): CheckVerdict[] {
  const cores = os.availableParallelism();
  const find = (tenants: number, parallel: boolean) =>
    runs.find((r) => r.tenants === tenants && r.parallelism > 1 === parallel);
  const verdicts: CheckVerdict[] = [];
  const large = find(CHECK_TARGETS.largeTenants, true) ?? find(CHECK_TARGETS.largeTenants, false);
  if (large) {
    verdicts.push({
      name: `check of ${CHECK_TARGETS.largeTenants} tenants <= ${CHECK_TARGETS.largeSeconds} s on ${CHECK_TARGETS.largeCores} cores`,
      pass: large.median <= CHECK_TARGETS.largeSeconds,
      detail:
        `${large.median.toFixed(1)} s with parallelism ${large.parallelism} on ${cores} cores` +
        (cores === CHECK_TARGETS.largeCores ? '' : ' (the target is for 2 cores)'),
    });
  }
  for (const parallel of [false, true]) {
    const small = find(CHECK_TARGETS.smallTenants, parallel);
    const big = find(CHECK_TARGETS.largeTenants, parallel);
    if (!small || !big) continue;
    const ratio = big.perStack / small.perStack;
    verdicts.push({
      name:
        `time per stack at ${big.stacks} stacks <= ${CHECK_TARGETS.perStackLargeOverSmall}x ` +
        `that at ${small.stacks} (${parallel ? `parallelism ${big.parallelism}` : 'sequential'})`,
      pass: ratio <= CHECK_TARGETS.perStackLargeOverSmall,
      detail:
        `${ratio.toFixed(2)}x (${big.perStack.toFixed(2)} s / ${small.perStack.toFixed(2)} s)` +
        (big.cpuPerStack !== undefined && small.cpuPerStack !== undefined
          ? `; CPU per stack ${(big.cpuPerStack / small.cpuPerStack).toFixed(2)}x, what a busy machine still compares`
          : ''),
    });
  }
  return verdicts;
}

function since(start: number): number {
  return (Date.now() - start) / 1000;
}

function medianOf(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/**
 * CPU seconds used so far by this process and the children it has waited for (every
 * terraform the check ran): utime, stime, cutime and cstime of /proc/self/stat, in clock
 * ticks of 1/100 s (USER_HZ, which Linux keeps at 100 for user space); undefined
 * without /proc.
 */
function cpuUsed(): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Fields after "pid (comm) ": the command may hold spaces, so count from its ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime: fields 14 to 17 of proc(5), here from field 3 on.
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
}

export function writeCheckResults(file: string, results: object): void {
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
