/**
 * Bootstrap settings given as Terraform values (a variable, a data source, another
 * stack's output) cannot be checked at synth; they are checked where they become known
 * (design D7), by the synth-time rules: one `terraform_data` per pool, whose
 * preconditions fail the plan (or, for a value known only during apply, the apply)
 * with the library's message, construct path, field, value and what is allowed. The
 * pool's machines depend on it, so no machine is made with a value that fails.
 * Nothing is added to a pool whose settings are all known: its Terraform JSON is as
 * before.
 */
import { Fn, Lazy, Op, TerraformLocal, TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { TextSetting, USERINFO } from '../bootstrap/node-bootstrap-validation';
import { TerraformData } from '../private/terraform-data';
import { terraformString } from '../private/terraform-literals';

/**
 * Adds the pool's precondition resource when a setting is unresolved, ordered before
 * every machine of `machines`.
 */
export function addBootstrapPreconditions(
  scope: Construct,
  id: string,
  settings: TextSetting[],
  machines: TerraformResource[],
): void {
  const unresolved = settings.filter((setting) => Token.isUnresolved(setting.value));
  if (unresolved.length === 0) return;
  let secrets = 0;
  // Terraform shows the values a failed condition reads; one that may hold credentials
  // is read through a local marked sensitive, shown as "(sensitive value)" instead.
  const checked = (setting: TextSetting) =>
    setting.rule.mayHoldCredentials
      ? new TerraformLocal(
          scope,
          `${id}-secret-${secrets++}`,
          Fn.sensitive(terraformString(setting.value)),
        ).asString
      : terraformString(setting.value);
  const checks = new TerraformData(scope, id, {
    lifecycle: {
      precondition: unresolved.map((setting) =>
        precondition(scope.node.path, setting, checked(setting)),
      ),
    },
  });
  const address = Lazy.stringValue({
    produce: () => `${checks.terraformResourceType}.${checks.friendlyUniqueId}`,
  });
  for (const machine of machines) {
    machine.dependsOn = [...(machine.dependsOn ?? []), address];
  }
}

/**
 * The rule of `setting` applied to `checked` (its value), with the library's message. A
 * value the user marked sensitive makes Terraform withhold the message (its own rule).
 */
function precondition(
  constructPath: string,
  { field, value, rule }: TextSetting,
  checked: string,
): { condition: unknown; errorMessage: string } {
  const text = terraformString(value);
  // A proxy URL may carry a password: the message shows it without its userinfo.
  const shown = rule.mayHoldCredentials
    ? Fn.replace(
        text,
        terraformString(`/${USERINFO.pattern.source}/`),
        terraformString(USERINFO.replacement),
      )
    : text;
  return {
    condition: rule.refuses
      ? Op.not(Fn.can(Fn.regex(terraformString(rule.pattern.source), checked)))
      : Fn.can(Fn.regex(terraformString(rule.pattern.source), checked)),
    // The same words as a synth-time refusal (errors.ts formatProblems).
    errorMessage: terraformString(
      `${constructPath}: ${field}: received ${Fn.jsonencode(shown)}; ${rule.problem(field, '').allowed}`,
    ),
  };
}
