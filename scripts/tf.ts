/**
 * `npm run tf -- <validate|plan|apply|destroy> [example] [--keep]`: runs the real
 * terraform binary on the synthesized examples, offline, against stub providers served
 * from `schemas/` (design D8), and prints terraform's own output.
 *
 * Each run synthesizes into a fresh temporary folder and starts from empty state:
 * - validate: `terraform init` and `terraform validate` of every stack;
 * - plan:     plans the stacks in dependency order; a stack that others read through
 *             `terraform_remote_state` is applied to the stubs first, so they can plan;
 * - apply:    applies every stack in order, then plans again (expecting no changes);
 * - destroy:  applies every stack, then destroys them, dependents first.
 * Without an example name, every example runs. `--keep` keeps the folder to inspect.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES } from '../test/support/examples';
import {
  Plan,
  SynthesizedApp,
  TerraformError,
  TerraformHarness,
  TerraformResult,
  terraformVersion,
} from '../packages/check/src/harness';

const COMMANDS = ['validate', 'plan', 'apply', 'destroy'] as const;
type Command = (typeof COMMANDS)[number];

function usage(message: string): never {
  const names = EXAMPLES.map(([name]) => name).join(', ');
  console.error(`${message}\nusage: npm run tf -- <${COMMANDS.join('|')}> [example] [--keep]`);
  console.error(`examples: ${names}`);
  process.exit(64);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const keep = args.includes('--keep');
  const [command, only, ...rest] = args.filter((arg) => arg !== '--keep');
  if (!COMMANDS.includes(command as Command)) usage(`unknown command: ${command ?? '(none)'}`);
  if (rest.length > 0) usage(`unexpected arguments: ${rest.join(' ')}`);
  const examples = EXAMPLES.filter(([name]) => only === undefined || name === only);
  if (examples.length === 0) usage(`unknown example: ${only}`);

  const version = terraformVersion();
  if (!version) {
    console.error('`terraform` is not on PATH: install Terraform >= 1.6 to run this command.');
    return 69;
  }

  const harness = await TerraformHarness.start({ echo: true });
  const stop = async (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping terraform and the stub providers`);
    await harness.stop();
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  let failed = 0;
  try {
    console.log(`terraform ${version}; stub providers from schemas/ (TF_REATTACH_PROVIDERS)`);
    for (const [name, build] of examples) {
      const outdir = path.join(harness.workDir, name);
      console.log(`\n=== ${name}: ${command} (synthesized into ${outdir})`);
      try {
        const app = SynthesizedApp.synth(build, outdir);
        await run(harness, app, command as Command);
        console.log(`\n=== ${name}: ${command} succeeded`);
      } catch (error) {
        failed++;
        // terraform's own output has been printed already; name what failed.
        const reason =
          error instanceof TerraformError
            ? `${error.result.stack}: \`${error.result.command}\` exited ${error.result.code}`
            : (error as Error).stack;
        console.error(`\n=== ${name}: ${command} FAILED: ${reason}`);
      }
    }
  } finally {
    if (keep) {
      const kept = `${harness.workDir}-kept`;
      fs.cpSync(harness.workDir, kept, { recursive: true });
      console.log(`\nkept the synthesized stacks and their state in ${kept}`);
    }
    await harness.stop();
  }
  console.log(`\n${examples.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function run(harness: TerraformHarness, app: SynthesizedApp, command: Command) {
  ensureSuccess(await harness.init(app));
  switch (command) {
    case 'validate':
      ensureSuccess(await harness.validate(app));
      return;
    case 'plan': {
      const needed = new Set(Object.values(app.dependencies).flat());
      for (const stack of app.stacks) {
        await harness.plan(app, stack);
        if (needed.has(stack)) {
          console.log(`\n### ${stack}: applied to the stubs, for the stacks that read its outputs`);
          ensureSuccess([
            await harness.terraform(app, stack, ['apply', '-input=false', '-no-color', 'tfplan']),
          ]);
        }
      }
      return;
    }
    case 'apply': {
      await harness.applyAll(app);
      const plans: Plan[] = await harness.planAll(app);
      const changed = plans.filter((plan) => plan.code !== 0).map((plan) => plan.stack);
      if (changed.length > 0) throw new Error(`a plan after apply has changes: ${changed}`);
      return;
    }
    case 'destroy':
      await harness.applyAll(app);
      await harness.destroyAll(app);
      for (const stack of app.stacks) {
        const left = app.stateResources(stack);
        if (left.length > 0)
          throw new Error(`${stack}: state still holds ${left.length} resources`);
      }
      return;
  }
}

function ensureSuccess(results: TerraformResult[]): void {
  const failed = results.find((result) => result.code !== 0);
  if (failed) throw new TerraformError(failed);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
