/**
 * What the terraform test files share: whether terraform is here (else they skip and
 * say why, design D8) and assertions that show terraform's output when they fail.
 */
import { terraformVersion, TerraformResult } from './harness';

export const TERRAFORM_VERSION = terraformVersion();

/** `describe` when terraform is on PATH, else `describe.skip` with a printed notice. */
export function describeWithTerraform(name: string, body: () => void): void {
  if (TERRAFORM_VERSION) {
    describe(name, body);
    return;
  }
  console.warn(
    `skipped: ${name}: \`terraform\` is not on PATH (install Terraform >= 1.6 to run these)`,
  );
  describe.skip(name, body);
}

/** Expects every run to have exited 0; a failure shows the command and its output. */
export function expectSuccess(results: TerraformResult[]): void {
  for (const { stack, command, code, output } of results) {
    expect({ stack, command, code, output }).toEqual({ stack, command, code: 0, output });
  }
}
