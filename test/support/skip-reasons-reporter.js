/**
 * Jest reporter: after the run, lists every skipped test file with the reason it
 * printed (design D8: a skipped test says why, never passes silently). Jest's default
 * reporter prints nothing, console output included, for a file whose tests were all
 * skipped, so a reason given with console.warn at load time was lost in a full run.
 *
 * A reason is any console line of the file containing "skipped" (test/support/tools.ts
 * and kamaji-crds.ts write "skipped: <what>: <why>"). A file with skipped tests and no
 * such line is listed as skipped without a reason. Plain JavaScript: jest loads
 * reporters without transforming them.
 */
const path = require('path');

class SkipReasonsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.files = [];
  }

  onTestResult(_test, result) {
    const reasons = (result.console || [])
      .map((entry) => String(entry.message))
      .filter((message) => /\bskipped\b/i.test(message));
    const skippedTests = result.numPendingTests + result.numTodoTests;
    if (skippedTests === 0 && reasons.length === 0) return;
    this.files.push({
      file: path.relative(this.rootDir, result.testFilePath),
      skippedTests,
      reasons: [...new Set(reasons)],
    });
  }

  onRunComplete() {
    if (this.files.length === 0) return;
    const lines = ['', 'Skipped tests and why:'];
    for (const { file, skippedTests, reasons } of this.files.sort((a, b) =>
      a.file.localeCompare(b.file),
    )) {
      const count =
        skippedTests === 0
          ? 'checks skipped inside passing tests'
          : `${skippedTests} ${skippedTests === 1 ? 'test' : 'tests'} skipped`;
      lines.push(`  ${file} (${count})`);
      if (reasons.length === 0) lines.push('    no reason given');
      for (const reason of reasons) lines.push(`    ${reason}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}

module.exports = SkipReasonsReporter;
