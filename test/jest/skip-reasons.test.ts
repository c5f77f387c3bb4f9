/**
 * A full `npm test` run names every skipped test file and its reason (issue #13 item 6):
 * jest's default reporter prints nothing for a file whose tests were all skipped, so
 * the reason it printed was lost. Runs jest on a throw-away project with the
 * repository's reporters.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('skip reasons in a jest run', () => {
  it('lists each skipped file with the reason it printed, or says it gave none', () => {
    // GIVEN a wholly skipped file with a reason, one without, and one that passes
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-jest-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'tool.test.js'),
        "console.warn('skipped: frobnicate: `frob` is not installed');\n" +
          "describe.skip('needs frob', () => { it('a', () => {}); it('b', () => {}); });\n",
      );
      fs.writeFileSync(path.join(dir, 'silent.test.js'), "it.skip('quietly', () => {});\n");
      fs.writeFileSync(path.join(dir, 'fine.test.js'), "it('works', () => {});\n");
      const config = {
        rootDir: dir,
        testMatch: ['**/*.test.js'],
        reporters: ['default', path.join(ROOT, 'test', 'support', 'skip-reasons-reporter.js')],
      };
      // WHEN
      const run = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
          '--config',
          JSON.stringify(config),
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      // THEN
      expect(run.status).toBe(0);
      const summary = run.stderr.slice(run.stderr.indexOf('Skipped tests and why:'));
      expect(summary.split('\n').slice(0, 5)).toEqual([
        'Skipped tests and why:',
        '  silent.test.js (1 test skipped)',
        '    no reason given',
        '  tool.test.js (2 tests skipped)',
        '    skipped: frobnicate: `frob` is not installed',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
