/**
 * The benchmark's raw-L1 baseline writes the library's Terraform byte for byte (README,
 * "Performance"). `npm run bench` checks that at every size, but nothing in CI runs the
 * benchmark: a library change that alters the JSON fails here, pointing at
 * bench/raw-app.ts, instead of leaving the baseline to drift.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildLibraryApp } from '../../bench/library-app';
import { buildRawApp } from '../../bench/raw-app';
import { Infrastructure, INFRASTRUCTURES } from '../../bench/scenario';
import { DETERMINISM_SIZE } from '../support/synth-apps';

type Build = typeof buildLibraryApp;

/** Each stack's `cdk.tf.json`, as written, by stack name. */
function synthStacks(build: Build, infrastructure: Infrastructure): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'raw-baseline-'));
  try {
    build(new App({ outdir }), infrastructure, DETERMINISM_SIZE).synth();
    const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
    return new Map(
      stacks.map((stack) => [
        stack,
        fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
      ]),
    );
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('raw-L1 baseline of the benchmark', () => {
  it.each(INFRASTRUCTURES)(
    'writes the same stacks as the library, byte for byte, on %s',
    (infrastructure) => {
      // GIVEN: two control planes with three pools of two nodes (shared lookups, folders, rules)
      // WHEN
      const library = synthStacks(buildLibraryApp, infrastructure);
      const raw = synthStacks(buildRawApp, infrastructure);

      // THEN
      expect([...raw.keys()]).toEqual([...library.keys()]);
      for (const [stack, text] of library) {
        // Parsed first, for a readable difference; then the bytes.
        expect({ stack, json: JSON.parse(raw.get(stack)!) }).toEqual({
          stack,
          json: JSON.parse(text),
        });
        expect(raw.get(stack) === text).toBe(true);
      }
    },
  );
});
