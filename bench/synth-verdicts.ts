/**
 * The synth benchmark's targets (issues #9, #13 and #15), the statistics of its
 * repetitions, the verdicts it draws from them and the table it prints (main.ts runs
 * the measurements).
 */
import * as os from 'os';
import { LOAD_TARGET_SECONDS, LoadTime } from './load-time';
import { Analysis, Sample, Variant } from './measurement';
import { Infrastructure } from './scenario';

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

/** The targets of issues #9 and #15. */
export const TARGETS = {
  /** Issue #15: build + synth, library median / raw-L1 median. */
  libraryOverRaw: 1.05,
  /** Issue #9: `app.synth()` alone. */
  librarySynthOverRaw: 1.25,
  perNodeLargeOverSmall: 1.5,
  smallNodes: 30,
  largeNodes: 3000,
  peakRssBytes: 2 * GIB,
  userDataBytes: 16 * 1024,
};

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median, in percent. */
  readonly spreadPct: number;
}

/**
 * Library / raw-L1 time: the ratio of the two medians, each over the repetitions of
 * its variant (which ran interleaved, alternating which goes first, so a drift of the
 * machine weighs on both alike). Medians, not a median of per-pair ratios: in runs of
 * a tenth of a second the noise of one process is its own, and dividing two noisy runs
 * adds their noise up. The 95% interval is a bootstrap (each variant's runs resampled
 * on their own, seeded: the same samples give the same interval), printed so a reader
 * sees how sure the verdict is; the verdict reads the ratio.
 */
export interface RatioEstimate {
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
  readonly runs: number;
  /** The median of per-pair ratios, for comparison. */
  readonly paired: number;
}

export interface Measurement {
  readonly infrastructure: Infrastructure;
  readonly size: string;
  readonly nodes: number;
  readonly variant: Variant;
  readonly samples: Sample[];
  readonly loadAverages: number[];
  readonly buildMs: Stats;
  readonly synthMs: Stats;
  readonly totalMs: Stats;
  readonly peakRssBytes: Stats;
  readonly outputBytes: number;
  readonly analysis?: Analysis;
}

export interface Equivalence {
  readonly infrastructure: Infrastructure;
  readonly size: string;
  readonly identical: boolean;
  readonly difference?: string;
}

export interface Check {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  return { median, min, max, spreadPct: median > 0 ? ((max - min) / median) * 100 : 0 };
}

function ratioEstimate(
  library: Sample[],
  raw: Sample[],
  time: (sample: Sample) => number,
): RatioEstimate {
  const mine = library.map(time);
  const theirs = raw.map(time);
  let seed = 15;
  const random = () => {
    // A linear congruential generator: a deterministic resampling.
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const resample = (values: number[]) =>
    stats(values.map(() => values[Math.floor(random() * values.length)])).median;
  const ratios: number[] = [];
  for (let b = 0; b < 2000; b++) ratios.push(resample(mine) / resample(theirs));
  ratios.sort((a, b) => a - b);
  return {
    ratio: stats(mine).median / stats(theirs).median,
    low: ratios[Math.floor(ratios.length * 0.025)],
    high: ratios[Math.ceil(ratios.length * 0.975) - 1],
    runs: mine.length,
    paired: stats(mine.map((value, i) => value / theirs[i])).median,
  };
}

function fmtRatio(r: RatioEstimate): string {
  return (
    `${ratio(r.ratio)} (95% CI ${r.low.toFixed(2)}-${r.high.toFixed(2)}, ${r.runs} runs each; ` +
    `paired ${ratio(r.paired)})`
  );
}

export function evaluate(
  infrastructures: readonly Infrastructure[],
  measurements: Measurement[],
  equivalences: Equivalence[],
): Check[] {
  const checks: Check[] = [];
  const find = (infrastructure: Infrastructure, nodes: number, variant: Variant) =>
    measurements.find(
      (m) => m.infrastructure === infrastructure && m.nodes === nodes && m.variant === variant,
    );
  for (const infrastructure of infrastructures) {
    const mine = measurements.filter((m) => m.infrastructure === infrastructure);
    const library = mine.filter((m) => m.variant === Variant.LIBRARY);

    for (const e of equivalences.filter((x) => x.infrastructure === infrastructure)) {
      checks.push({
        name: `${infrastructure} ${e.size}: raw-L1 baseline byte-identical to the library`,
        pass: e.identical,
        detail: e.identical ? 'identical' : e.difference!,
      });
    }

    for (const lib of library) {
      const raw = find(infrastructure, lib.nodes, Variant.RAW)!;
      const total = ratioEstimate(lib.samples, raw.samples, (x) => x.buildMs + x.synthMs);
      const synth = ratioEstimate(lib.samples, raw.samples, (x) => x.synthMs);
      checks.push({
        name:
          `${infrastructure} ${lib.size}: library / raw-L1 build + synth <= ${TARGETS.libraryOverRaw}` +
          `, app.synth() <= ${TARGETS.librarySynthOverRaw}`,
        pass: total.ratio <= TARGETS.libraryOverRaw && synth.ratio <= TARGETS.librarySynthOverRaw,
        detail: `build + synth ${fmtRatio(total)}, app.synth() ${fmtRatio(synth)}`,
      });
    }

    const small = find(infrastructure, TARGETS.smallNodes, Variant.LIBRARY);
    const large = find(infrastructure, TARGETS.largeNodes, Variant.LIBRARY);
    if (small && large) {
      const perNode = (m: Measurement) => m.totalMs.median / m.nodes;
      const growth = perNode(large) / perNode(small);
      checks.push({
        name: `${infrastructure}: time per node at ${TARGETS.largeNodes} / at ${TARGETS.smallNodes} nodes <= ${TARGETS.perNodeLargeOverSmall}`,
        pass: growth <= TARGETS.perNodeLargeOverSmall,
        detail: `${ms(perNode(large))} / ${ms(perNode(small))} per node = ${ratio(growth)}`,
      });
      checks.push({
        name: `${infrastructure}: peak RSS at ${TARGETS.largeNodes} nodes <= ${mib(TARGETS.peakRssBytes)}`,
        pass: large.peakRssBytes.max <= TARGETS.peakRssBytes,
        detail: `${mib(large.peakRssBytes.max)} (highest of ${large.samples.length})`,
      });
    } else {
      checks.push({
        name: `${infrastructure}: scaling and peak RSS`,
        pass: false,
        detail: `needs the ${TARGETS.smallNodes}- and ${TARGETS.largeNodes}-node sizes`,
      });
    }

    // Every size has pools, hence lookups: none at all would be a broken analysis.
    const lookups = library.map((m) => m.analysis!.lookups);
    checks.push({
      name: `${infrastructure}: lookups (data sources) independent of the node count`,
      pass: new Set(lookups).size === 1 && lookups[0] > 0,
      detail: library.map((m) => `${m.size}: ${m.analysis!.lookups}`).join(', '),
    });

    const userData = Math.max(...library.map((m) => m.analysis!.maxUserDataBytes!));
    checks.push({
      name: `${infrastructure}: user-data per node <= ${TARGETS.userDataBytes / 1024} KiB`,
      pass: userData <= TARGETS.userDataBytes,
      detail: `largest ${(userData / 1024).toFixed(1)} KiB`,
    });
  }
  return checks;
}

export function printTable(measurements: Measurement[]): void {
  const header = [
    'infrastructure',
    'size',
    'nodes',
    'variant',
    'load ms',
    'build ms',
    'synth ms',
    'total ms (spread)',
    'ms/node',
    'peak RSS',
    'output',
  ];
  const rows = measurements.map((m) => [
    m.infrastructure,
    m.size,
    String(m.nodes),
    m.variant,
    stats(m.samples.map((x) => x.loadMs)).median.toFixed(0),
    m.variant === Variant.FLOOR ? '-' : m.buildMs.median.toFixed(0),
    m.synthMs.median.toFixed(0),
    `${m.totalMs.median.toFixed(0)} (${m.totalMs.spreadPct.toFixed(0)}%)`,
    (m.totalMs.median / m.nodes).toFixed(2),
    mib(m.peakRssBytes.median),
    `${(m.outputBytes / MIB).toFixed(2)} MiB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const loads = measurements.flatMap((m) => m.loadAverages);
  process.stdout.write(
    `\nmedians of each variant's repetitions; spread = (max - min) / median; ` +
      `total = build + synth; load = process start until the modules are loaded\n` +
      `${line(header)}\n${rows.map(line).join('\n')}\n` +
      `1-minute load average before each measurement: ` +
      `${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)} ` +
      `on ${os.cpus().length} CPUs\n`,
  );
}

/** Issue #13: loading the library costs every synth and test file; cdktf itself is the floor. */
export function loadCheck(load: LoadTime): Check {
  return {
    name: `require('cdktf-kamaji') within ${LOAD_TARGET_SECONDS} s`,
    pass: load.library <= LOAD_TARGET_SECONDS,
    detail: `${load.library.toFixed(2)} s, of which cdktf ${load.cdktf.toFixed(2)} s`,
  };
}

export function printChecks(checks: Check[]): void {
  process.stdout.write('\n');
  for (const check of checks) {
    process.stdout.write(`${check.pass ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}\n`);
  }
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)} ms`;
}

export function mib(bytes: number): string {
  return bytes >= GIB ? `${(bytes / GIB).toFixed(2)} GiB` : `${(bytes / MIB).toFixed(0)} MiB`;
}

function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}
