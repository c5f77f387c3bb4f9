/**
 * The app the check is pointed at: its cdktf.json, its app command run as `cdktf synth`
 * runs it, the leftovers of earlier terraform runs its output folder may hold, and the
 * kept copy of the check's work folder.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OFFLINE_ENV } from './harness';
import { UsageError } from './usage-error';

/**
 * Keeps the work folder in a fresh folder of its own, readable by the caller only: its
 * plans and states hold the variables' values.
 */
export function keepCopy(workDir: string): string {
  const kept = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-check-kept-'));
  fs.cpSync(workDir, kept, { recursive: true, verbatimSymlinks: true });
  const restrict = (file: string) => {
    const stat = fs.lstatSync(file);
    if (stat.isSymbolicLink()) return;
    fs.chmodSync(file, stat.isDirectory() ? 0o700 : stat.mode & 0o700);
    if (stat.isDirectory())
      for (const name of fs.readdirSync(file)) restrict(path.join(file, name));
  };
  restrict(kept);
  return kept;
}

export function isLocalLeftover(name: string): boolean {
  // A previous `cdktf diff` or `deploy` leaves these; none may reach the check.
  return (
    name === '.terraform' ||
    name === '.terraform.lock.hcl' ||
    name === 'tfplan' ||
    /\.tfstate(\.backup)?$/.test(name)
  );
}

export interface CdktfJson {
  readonly app?: string;
  readonly output?: string;
  readonly context?: object;
}

export function readCdktfJson(cwd: string): CdktfJson {
  const file = path.join(cwd, 'cdktf.json');
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
}

/**
 * What of the caller's environment an app command needs to run: where programs are, the
 * user's home (npx and the CLIs keep their caches there), locale and time zone, and
 * node's own settings (its options, module path, extra CA certificates). The rest (a CI
 * job's credentials, tokens, TF_VAR_*) stays with the caller: the app is the pull
 * request's code, as the stacks are. `--app-env NAME` passes more by name.
 */
export const APP_ENVIRONMENT = [
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'LC_ALL',
  'TZ',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
] as const;

/** The app command's environment: APP_ENVIRONMENT and `names`, when the caller sets them. */
export function appEnvironment(
  caller: NodeJS.ProcessEnv,
  names: readonly string[],
): NodeJS.ProcessEnv {
  return Object.fromEntries(
    [...APP_ENVIRONMENT, ...names].flatMap((name) =>
      caller[name] === undefined ? [] : [[name, caller[name]]],
    ),
  );
}

/**
 * Runs the app's command as `cdktf synth` does (CDKTF_OUTDIR and the context set), with
 * `env` only, and prints what it wrote; false when it failed.
 */
export function synthesize(
  app: string,
  cwd: string,
  outdir: string,
  context: object | undefined,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): boolean {
  const result = spawnSync(app, {
    cwd,
    shell: true,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...env,
      CDKTF_OUTDIR: outdir,
      ...(context && { CDKTF_CONTEXT_JSON: JSON.stringify(context) }),
      // The app command may be `cdktf synth`, whose CLI checks for a newer version.
      ...OFFLINE_ENV,
    },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd();
  if (output) for (const line of output.split('\n')) print(`  ${line}`);
  if (result.error) print(`  ${result.error.message}`);
  return result.status === 0;
}
