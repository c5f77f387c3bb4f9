import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes an executable `file` that appends a line to `record` (`printf` of `format` and
 * `argument`, a shell word) and then runs the real terraform on PATH with its own
 * arguments: the check tests see how, and with what, the check called it.
 */
export function recordingTerraform(
  file: string,
  record: string,
  format: string,
  argument: string,
): void {
  const terraform = spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `#!/bin/sh\nprintf '${format}\\n' ${argument} >> '${record}'\nexec '${terraform.stdout.trim()}' "$@"\n`,
    { mode: 0o755 },
  );
}
