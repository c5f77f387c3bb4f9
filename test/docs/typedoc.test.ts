/**
 * The public API references no private type, and every doc comment matches its code:
 * typedoc, configured to treat warnings as errors (typedoc.json), documents
 * src/index.ts without a warning (issue #13 item 7). It used to warn that JsonObject
 * and ParsedCidr, private types, were referenced by renderDataStore and
 * NodeAddressing.span, and about the generated providers' @param tags.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('typedoc', () => {
  it('documents the public API without a warning', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    const output = `${run.stdout}${run.stderr}`;
    expect(output.split('\n').filter((l) => /warning|error/i.test(l))).toEqual([]);
    expect(run.status).toBe(0);
  }, 120_000);
});
