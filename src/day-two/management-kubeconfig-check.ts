/**
 * A management kubeconfig path that does not exist is found out early (issue #20 item 8),
 * not at the first drain of a scale-down weeks later: a literal path is looked up on the
 * machine that synthesizes (a synth warning: that machine need not be the runner), an
 * expression at plan time on the runner (a Terraform `check`, a warning too: plans that
 * retire nothing must still work, and CDKTF_KAMAJI_TENANT_KUBECONFIG may stand in).
 * Paths of `config_paths` are left out: the provider ignores the missing ones of a list.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { DayTwoMessages } from './day-two-messages';
import { addWarning } from '../private/annotations';
import { escapeTemplate } from '../private/terraform-literals';
import type { ManagementKubeconfig } from './management-kubeconfig';
import { TENANT_KUBECONFIG_VARIABLE } from './retirement-scripts';
import { sharedWeakMap } from '../private/shared-state';

/** `~` and `~/...` as the kubernetes provider expands them (go-homedir: `HOME` first). */
export function expandHome(file: string, home: string = process.env.HOME || os.homedir()): string {
  if (file === '~') return home;
  return file.startsWith('~/') ? path.join(home, file.slice(2)) : file;
}

/** The paths each stack has had checked: one warning or check per path, not per pool. */
const checked = sharedWeakMap<TerraformStack, Set<string>>('management-kubeconfig-checks');

/**
 * Warns (literal) or checks at plan (expression) that `config_path` names a file, once
 * per stack and path, naming the first pool that needs it.
 */
export function checkManagementKubeconfig(
  pool: IConstruct,
  management: ManagementKubeconfig,
): void {
  const configPath = management.configPath;
  if (configPath === undefined || configPath === '') return;
  const stack = TerraformStack.of(pool);
  const seen = checked.get(stack) ?? new Set<string>();
  checked.set(stack, seen);
  if (seen.has(configPath)) return;
  seen.add(configPath);
  if (!Token.isUnresolved(configPath)) {
    const expanded = expandHome(configPath);
    if (!fs.existsSync(expanded)) {
      addWarning(pool, DayTwoMessages.missingManagementKubeconfig(pool.node.path, expanded));
    }
    return;
  }
  // CDKTF writes a token inside "${...}" as its bare expression.
  const value = `nonsensitive(${configPath})`;
  const name = `cdktf_kamaji_management_kubeconfig${seen.size === 1 ? '' : `_${seen.size}`}`;
  stack.addOverride(`check.${name}`, {
    assert: [
      {
        condition: `\${${value} == "" || fileexists(pathexpand(${value}))}`,
        error_message:
          `${escapeTemplate(pool.node.path)}: the management kubeconfig \${${value}} (config_path of the control plane's kubernetes provider) ` +
          `does not exist on this runner: drains and join health read the tenant's kubeconfig with it; fix the path, or set ${TENANT_KUBECONFIG_VARIABLE}`,
      },
    ],
  });
}
