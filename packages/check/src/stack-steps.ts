/**
 * The terraform steps of one stack: init and validate, which read nothing of other
 * stacks, then plan (and apply, and a second plan) once the stacks it reads are applied.
 * Each prints terraform's own output when it fails and says why the stack failed or
 * cannot be checked.
 */
import { terraformWarningLines } from './annotations';
import { SynthesizedApp, TerraformHarness, TerraformResult } from './harness';
import { planStory, planStoryLines } from './rehearsal';
import { shortAddress } from './stack-coverage';

/** What of the check's options the plan steps read. */
export interface PlanStepOptions {
  /** Apply to the stubs and expect a second plan without changes. */
  readonly apply?: boolean;
  /** Set when the stubs' states are kept between runs: the plan's story is printed. */
  readonly stateDir?: string;
}

/** Why a stack failed or was not checked, or undefined when it passed. */
export type Failure = string | { notChecked: string } | undefined;

/** Runs one terraform step; prints terraform's own output when it fails. */
async function step(
  harness: TerraformHarness,
  app: SynthesizedApp,
  stack: string,
  print: (line: string) => void,
  name: string,
  args: string[],
): Promise<TerraformResult | undefined> {
  return reported(name, await harness.terraform(app, stack, args), print);
}

function reported(
  name: string,
  result: TerraformResult,
  print: (line: string) => void,
): TerraformResult | undefined {
  // `plan` exits 2 for changes.
  const ok = result.code === 0 || (result.args[0] === 'plan' && result.code === 2);
  if (ok) return result;
  print(`   ${name}: FAILED (\`${result.command}\` exited ${result.code}); terraform said:`);
  for (const line of result.output.trimEnd().split('\n')) print(`   | ${line}`);
  return undefined;
}

/**
 * Runs init and validate, which read nothing of other stacks; returns why the stack
 * failed or cannot be checked, or undefined.
 */
export async function validateSteps(
  harness: TerraformHarness,
  app: SynthesizedApp,
  stack: string,
  print: (line: string) => void,
): Promise<Failure> {
  const init = await harness.terraform(app, stack, ['init', '-input=false', '-no-color']);
  const unserved = unservedInModules(init.output);
  if (init.code !== 0 && unserved.length > 0) {
    return {
      notChecked:
        `provider ${unserved.join(', ')} (used in a module): no schema file in this package, ` +
        'and the check installs no provider',
    };
  }
  if (!reported('init', init, print)) return 'terraform init failed';
  if (!(await step(harness, app, stack, print, 'validate', ['validate', '-no-color']))) {
    return 'terraform validate failed';
  }
  print('   validate: ok');
  return undefined;
}

/**
 * Runs plan (and apply, and a second plan), once the stacks it reads are applied;
 * returns why it failed, or undefined when it passed.
 */
export async function planSteps(
  harness: TerraformHarness,
  app: SynthesizedApp,
  stack: string,
  readers: string[],
  options: PlanStepOptions,
  print: (line: string) => void,
): Promise<Failure> {
  const apply = options.apply === true;
  const run = (name: string, args: string[]) => step(harness, app, stack, print, name, args);
  const planArgs = ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=tfplan'];
  const plan = await run('plan', planArgs);
  if (!plan) return 'terraform plan failed';
  print(`   plan: ok (${planSummary(plan.output)})`);
  for (const line of terraformWarningLines(plan.output)) print(line);
  if (options.stateDir !== undefined) {
    const shown = await run('show', ['show', '-json', '-no-color', 'tfplan']);
    const json = shown && parsedJson(shown.output);
    if (!json) return 'terraform show of the plan failed';
    for (const line of planStoryLines(planStory(json, app.stackJson(stack)))) print(line);
  }
  if (!apply && readers.length === 0) return undefined;

  if (!(await run('apply', ['apply', '-input=false', '-no-color', 'tfplan']))) {
    return 'terraform apply (to the stubs) failed';
  }
  const why = readers.length > 0 ? ` (${readers.join(', ')} read its outputs)` : '';
  print(`   applied to the stubs${why}`);
  if (!apply) return undefined;
  const second = await run('second plan', planArgs);
  if (!second) return 'terraform plan after apply failed';
  if (second.code === 2) {
    print('   second plan: FAILED, changes after apply; terraform said:');
    for (const line of second.output.trimEnd().split('\n')) print(`   | ${line}`);
    return 'the plan after apply is not empty';
  }
  print('   second plan: ok (no changes)');
  return undefined;
}

/**
 * Providers `terraform init` could not install: with the check's CLI configuration it
 * installs none, so these are providers the stubs do not serve (read by modules, where
 * stackCoverage does not look).
 */
function unservedInModules(initOutput: string): string[] {
  const text = initOutput.replace(/\s+/g, ' ');
  const found = [...text.matchAll(/provider (\S+) was not found in any of the search locations/g)];
  return [...new Set(found.map((match) => shortAddress(match[1])))];
}

function planSummary(output: string): string {
  const line = output.split('\n').find((l) => /^(Plan: |No changes\.)/.test(l.trim()));
  return line?.trim() ?? 'planned';
}
function parsedJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
