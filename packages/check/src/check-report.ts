/**
 * The check's report at the end: each stack's result, what the check proves and what it
 * cannot, and the exit code; and why a stack the stubs cannot serve is not checked.
 */
import { shortAddress, StackCoverage } from './stack-coverage';

/** The process exit codes of the command. */
export enum CheckExit {
  /** Every stack validated and planned (and applied, when asked). */
  OK = 0,
  /** The app did not synthesize, a stack failed, or stacks were not checked. */
  FAILED = 1,
  /** Bad arguments, or something the check needs is missing (terraform, a manifest). */
  USAGE = 2,
}

export interface StackResult {
  readonly stack: string;
  readonly status: 'passed' | 'failed' | 'not checked';
  /** Why it failed or was not checked, one line. */
  readonly reason?: string;
}

/** Why a stack the stubs cannot serve is not checked, one reason each. */
export function unservedReasons(coverage: StackCoverage): string[] {
  return [
    ...coverage.unservedProviders.map(
      (address) => `provider ${shortAddress(address)}: no schema file in this package`,
    ),
    ...coverage.unservedTypes.map((type) => `${type}: not in the provider's schema file`),
    ...coverage.remoteModules.map((module) => `${module}: terraform init would download it`),
    ...coverage.remoteStates
      .filter((read) => read.stack === undefined)
      .map(
        (read) =>
          `data.terraform_remote_state.${read.name} (backend ${read.backend}) ` +
          'reads a state outside this app',
      ),
  ];
}

export function summarize(
  results: StackResult[],
  allowUnchecked: boolean,
  print: (line: string) => void,
): CheckExit {
  const by = (status: StackResult['status']) => results.filter((r) => r.status === status);
  const passed = by('passed');
  const failed = by('failed');
  const unchecked = by('not checked');
  print('\n== summary');
  print(`passed:      ${passed.map((r) => r.stack).join(', ') || '-'}`);
  print(`failed:      ${failed.map((r) => `${r.stack} (${r.reason})`).join('; ') || '-'}`);
  print(`not checked: ${unchecked.map((r) => `${r.stack} (${r.reason})`).join('; ') || '-'}`);
  for (const line of PROVES) print(line);
  const exit =
    failed.length > 0 || (unchecked.length > 0 && !allowUnchecked)
      ? CheckExit.FAILED
      : CheckExit.OK;
  if (exit === CheckExit.OK) {
    print(
      unchecked.length > 0
        ? `\nOK with ${unchecked.length} stack(s) not checked (--allow-unchecked)`
        : '\nOK',
    );
  } else if (failed.length === 0) {
    print(
      `\nFAILED: ${unchecked.length} stack(s) not checked; ` +
        'pass --allow-unchecked to accept that (they stay unchecked)',
    );
  } else {
    print(`\nFAILED: ${failed.length} stack(s) failed`);
  }
  return exit;
}

const PROVES = [
  '',
  "What this check proves (terraform itself, against the providers' schemas):",
  '- the synthesized JSON is valid Terraform: no unknown arguments (also those added with',
  '  addOverride), no missing required ones, right types and block counts;',
  '- every reference, function call and cross-stack terraform_remote_state read evaluates,',
  '  in dependency order, and each stack plans;',
  '- with --apply: each stack applies to the stubs and a second plan shows no changes.',
  'What it cannot prove:',
  '- provider-side validation and plan logic (value checks, conflicting arguments,',
  '  defaults, what forces a replacement beyond the few types the stubs model);',
  '- real API behaviour: credentials, whether resources exist or can be created;',
  '  computed values are deterministic fakes; your real backend and its state;',
  '- that the schema files match the provider versions you pin (see the versions above);',
  '- stacks reported as not checked (among them those whose file functions, such as',
  "  file() or templatefile(), name a path outside the stack's folder or no literal path);",
  "- provisioners: none runs, neither the app's nor the library's drains and join health",
  '  checks (each is listed as not exercised under its stack).',
];
