/**
 * What `require('cdktf-kamaji')` costs a consumer (issue #13 item 7): each load in a
 * fresh Node process, as every `cdktf synth` and test file pays it, compiled JavaScript
 * (as the package ships), median of `reps`. `require('cdktf')` alone is the floor the
 * library cannot go below: every construct builds on it.
 */
import { spawnSync } from 'child_process';

export interface LoadTime {
  /** Median seconds of `require(<library entry>)`. */
  readonly library: number;
  /** Median seconds of `require('cdktf')`. */
  readonly cdktf: number;
  readonly reps: number;
}

export const LOAD_TARGET_SECONDS = 0.5;

export function measureLoadTime(libraryEntry: string, cwd: string, reps: number): LoadTime {
  const once = (id: string): number => {
    const code = `const t = process.hrtime.bigint(); require(${JSON.stringify(id)}); console.log(Number(process.hrtime.bigint() - t) / 1e9)`;
    const run = spawnSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`require(${id}) failed:\n${run.stderr}`);
    return Number(run.stdout.trim());
  };
  const median = (id: string) => {
    // Interleaved with the other module's runs would be fairer under load; one warm-up
    // run first, so the first sample does not pay a cold file cache.
    once(id);
    const samples = Array.from({ length: reps }, () => once(id)).sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
  };
  return { cdktf: median('cdktf'), library: median(libraryEntry), reps };
}
