/**
 * What `joinHealth` adds to a pool's stack (issue #14 item 5):
 * - a `terraform_data` whose create-time `local-exec` runs the join health script on
 *   Terraform's runner once the pool's machines exist, again whenever a node is added or
 *   its machine replaced (its `triggers_replace` holds each node's machine id);
 * - a `kubernetes_nodes` read of the tenant after that wait, and an output
 *   `<control plane>-<pool>-ready-nodes` listing the pool's nodes that are Ready;
 * - a Terraform `check` (Terraform >= 1.5) that warns, on every plan and apply, when a
 *   node of the pool is not Ready. CDKTF 0.21 has no construct for `check` blocks: it
 *   is written with an override on the stack.
 *
 * No credential reaches the script's environment or the state: it reads the tenant's
 * admin kubeconfig when it runs, as the drains do (the management cluster's Secret with
 * the runner's access, or CDKTF_KAMAJI_TENANT_KUBECONFIG), into a file removed on exit.
 */
import { DataKubernetesNodes } from '@cdktf/provider-kubernetes/lib/data-kubernetes-nodes';
import { TerraformOutput, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { TerraformData } from '../private/terraform-data';
import { claimName } from '../private/stack-names';
import { escapeTemplate, terraformLiterals } from '../private/terraform-literals';
import { JoinHealth } from './join-health';
import { renderJoinHealthScript } from './join-health-script';
import {
  ManagementKubeconfig,
  managementEnvironment,
  plain,
  TenantIdentity,
} from './management-kubeconfig';

/** The command local-exec runs: the script comes through the environment. */
export const JOIN_HEALTH_COMMAND = 'sh -c "$KAMAJI_JOIN_HEALTH_SCRIPT" kamaji-join-health';

/** A pool whose join health is watched, as plain data. */
export interface JoinHealthTarget {
  readonly poolName: string;
  readonly controlPlaneName: string;
  /** Its nodes, in order, with their machine ids where the infrastructure gives one. */
  readonly nodes: ReadonlyArray<{ readonly nodeName: string; readonly machineId?: string }>;
  readonly adminKubeconfigSecretName: string;
  readonly adminKubeconfigSecretNamespace: string;
  /** How the runner reaches the management cluster, as the drains do. */
  readonly managementKubeconfig: ManagementKubeconfig;
  /** The tenant's API server and CA the script checks its kubeconfig against. */
  readonly tenant: TenantIdentity;
  /** The provider that reads the tenant's nodes. */
  readonly tenantProvider: TerraformProvider;
}

/**
 * Adds the wait, the read, the output and the check of a pool (`scope`) that waits
 * (not `JoinHealth.none()`) and has nodes.
 */
export function addJoinHealth(scope: Construct, pool: JoinHealthTarget, health: JoinHealth): void {
  const names = pool.nodes.map((n) => n.nodeName);
  const tenant = pool.tenant;
  const wait = new TerraformData(scope, 'JoinHealth', {
    triggersReplace: Object.fromEntries(
      pool.nodes.map((n) => [n.nodeName, n.machineId ?? n.nodeName]),
    ),
  });
  // An override, not the aspect: the script's own "${" must reach the shell as text.
  wait.addOverride('provisioner', [
    {
      'local-exec': {
        command: JOIN_HEALTH_COMMAND,
        environment: {
          KAMAJI_JOIN_HEALTH_SCRIPT: escapeTemplate(renderJoinHealthScript()),
          KAMAJI_POOL: escapeTemplate(pool.poolName),
          KAMAJI_NODES: names.join(' '),
          KAMAJI_TIMEOUT_SECONDS: String(health.timeoutSeconds),
          KAMAJI_ON_TIMEOUT: health.mode,
          // Where the script finds the tenant's kubeconfig when it runs; literals stay literal.
          ...terraformLiterals({
            ADMIN_KUBECONFIG_SECRET_NAMESPACE: pool.adminKubeconfigSecretNamespace,
            ADMIN_KUBECONFIG_SECRET_NAME: pool.adminKubeconfigSecretName,
            ...managementEnvironment(pool.managementKubeconfig),
            TENANT_ENDPOINT: plain(tenant.endpoint),
            TENANT_CA_SHA256: plain(tenant.caSha256),
          }),
        },
      },
    },
  ]);

  const read = new DataKubernetesNodes(scope, 'ReadyNodes', {
    provider: pool.tenantProvider,
    dependsOn: [wait],
  });
  const wanted = `[${names.map((n) => JSON.stringify(n)).join(', ')}]`;
  const ready =
    `[for n in ${read.fqn}.nodes : n.metadata[0].name if contains(${wanted}, n.metadata[0].name) && ` +
    `anytrue([for c in try(n.status[0].conditions, []) : c.type == "Ready" && c.status == "True"])]`;
  const stack = TerraformStack.of(scope);
  const named = !Token.isUnresolved(pool.controlPlaneName) && !Token.isUnresolved(pool.poolName);
  const base = named
    ? `${pool.controlPlaneName}-${pool.poolName}`
    : `pool-${scope.node.addr.slice(0, 8)}`;

  const output = new TerraformOutput(scope, 'ReadyNodesOutput', {
    description: `Nodes of pool ${pool.poolName} registered and Ready in the tenant after the apply`,
    value: read.id,
  });
  // An override: the pool's literal escaping would make the expression text.
  output.addOverride('value', `\${${ready}}`);
  output.overrideLogicalId(claimName(stack, 'output', `${base}-ready-nodes`, scope));

  const missing = `setsubtract(${wanted}, ${ready})`;
  stack.addOverride(`check.${claimName(stack, 'output', `${base}-join-health`, scope)}`, {
    assert: [
      {
        condition: `\${length(${missing}) == 0}`,
        error_message: `Pool ${escapeTemplate(pool.poolName)}: nodes not Ready in the tenant: \${join(", ", sort(${missing}))}`,
      },
    ],
  });
}
