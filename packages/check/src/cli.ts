#!/usr/bin/env node
/**
 * The `cdktf-kamaji` command of the package. `cdktf-kamaji check --help` says how to use
 * it; exit codes: 0 checked and passed, 1 check failed, 2 usage or environment.
 */
import { CheckExit, CheckOptions, runCheck } from './check';

const USAGE = `usage: cdktf-kamaji check [--app "<command>"] [--app-env <name>]... [--output <dir>] [--apply]
                          [--allow-unchecked] [--keep] [--var-file <file>]...
                          [--state <dir>] [--parallelism <n>] [--terraform <binary>]

Runs terraform validate and plan on every stack of a CDKTF or CDK Terrain app, in
dependency order, against stub providers served from the schema files of cdktf-kamaji
(or cdktn-kamaji): no credentials, no provider registry, no network. Backends are
replaced by the check's state server (on 127.0.0.1, for its own terraform only), which
keeps the states in a temporary copy; the app's own files are not changed.

  --app "<command>"   synthesize with this command first, e.g. "cdktf synth" or
                      "cdktn synth" (default: "app" of cdktf.json; without either, the
                      stacks already in the output folder are checked). The command
                      gets PATH, HOME, TMPDIR, LANG, LC_ALL, TZ and NODE_OPTIONS,
                      NODE_PATH, NODE_EXTRA_CA_CERTS of your environment, nothing else
  --app-env <name>    also pass your variable <name> to the app command (not to
                      terraform); may be given more than once
  --output <dir>      the synthesized app (default: "output" of cdktf.json, else cdktf.out)
  --apply             also apply each stack to the stubs; a second plan must be empty
  --allow-unchecked   pass although stacks use providers or types outside the schema
                      files (they are reported as not checked; by default the check fails)
  --keep              keep the temporary copy with its override files and states in a
                      new folder only you can read
  --var-file <file>   values for the stacks' variables (.tfvars or .tfvars.json), read by
                      every plan; may be given more than once
  --state <dir>       keep the stubs' states in <dir> (created 0700, yours only) between
                      runs, to rehearse day 2: each plan starts from the states the last
                      --apply run saved there, and lists its changes by address with the
                      drains and Node deletions its apply would run. With --apply the
                      states are saved back; without, nothing is saved. E.g. check out
                      main and run --state .kamaji-state --apply, then check out the
                      pull request and run --state .kamaji-state
  --parallelism <n>   check at most n stacks at once (default: the number of cores); a
                      stack starts once the stacks it reads are done, and each stack's
                      report is printed whole, in dependency order
  --terraform <binary>
                      the Terraform binary to run, e.g. tofu for OpenTofu (default:
                      TERRAFORM_BINARY_NAME, as cdktf-cli reads it, else terraform)

Variables without a default get placeholders unless a --var-file sets them. Terraform
runs with a minimal environment: none of yours (no credentials, no TF_* or TF_VAR_*).
The app's provisioners are not run (nor the library's drains and join health checks).
A stack whose file functions (file, templatefile, fileset, ...) name no literal path
inside its own folder is not checked: none reads this machine's files.
Exit codes: 0 passed, 1 failed (or stacks not checked), 2 usage or environment.`;

export function parseArguments(args: string[], cwd: string): CheckOptions | string {
  const [command, ...rest] = args;
  if (command !== 'check')
    return command === undefined ? 'no command' : `unknown command: ${command}`;
  const options: { -readonly [K in keyof CheckOptions]: CheckOptions[K] } = { cwd };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--app':
        options.app = value();
        break;
      case '--app-env': {
        const name = value();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
          throw new Error(`--app-env: a variable name (letters, digits, _), received ${name}`);
        }
        options.appEnv = [...(options.appEnv ?? []), name];
        break;
      }
      case '--output':
        options.output = value();
        break;
      case '--apply':
        options.apply = true;
        break;
      case '--allow-unchecked':
        options.allowUnchecked = true;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--state':
        options.stateDir = value();
        break;
      case '--parallelism': {
        const text = value();
        const n = Number(text);
        if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
          throw new Error(`--parallelism: a whole number of 1 or more, received ${text}`);
        }
        options.parallelism = n;
        break;
      }
      case '--terraform':
        options.terraformBinary = value();
        break;
      case '--var-file':
        options.varFiles = [...(options.varFiles ?? []), value()];
        break;
      default:
        return `unknown argument: ${arg}`;
    }
  }
  return options;
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return CheckExit.OK;
  }
  let parsed: CheckOptions | string;
  try {
    parsed = parseArguments(args, process.cwd());
  } catch (error) {
    parsed = (error as Error).message;
  }
  if (typeof parsed === 'string') {
    console.error(`cdktf-kamaji: ${parsed}\n${USAGE}`);
    return CheckExit.USAGE;
  }
  return runCheck(parsed);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error);
      process.exitCode = CheckExit.USAGE;
    },
  );
}
