/**
 * Real tools the tests run (design D8): `cloud-init schema` and `shellcheck`, from
 * Debian's packages (`.ci/run` installs them). Missing tools make their tests skip
 * with a printed reason, never pass silently.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function hasTool(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function skipUnless(command: string, purpose: string): boolean {
  const present = hasTool(command);
  if (!present) {
    console.warn(
      `skipped: ${purpose}: \`${command}\` is not installed (apt-get install ${command === 'cloud-init' ? 'cloud-init' : command}; .ci/run does)`,
    );
  }
  return present;
}

/** Runs `cloud-init schema --config-file` on the text; returns its output and status. */
export function cloudInitSchema(userData: string): { ok: boolean; output: string } {
  return withTempFile('user-data.yaml', userData, (file) => {
    const result = spawnSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  });
}

/** Runs shellcheck on a script; returns its findings and status. */
export function shellcheck(script: string): { ok: boolean; output: string } {
  return withTempFile('script.sh', script, (file) => {
    const result = spawnSync('shellcheck', ['--severity=style', file], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  });
}

function withTempFile<T>(name: string, content: string, use: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
