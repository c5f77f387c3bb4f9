/**
 * What a pool's `joinHealth` synthesizes (issue #14 item 5): nothing by default; with
 * `failAfter`/`warnAfter`, a wait on the runner, a read of the tenant's nodes, an output
 * and a Terraform `check`. The terraform scenarios are in test/terraform/join-health.test.ts.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct } from 'constructs';
import { JoinHealth, NodePoolOptions } from '../../src';
import { nodePoolOptions } from '../../src/config/fleet-model';
import { JoinHealthMode } from '../../src';
import { addJoinHealth, JOIN_HEALTH_COMMAND } from '../../src/day-two/join-health-check';
import { renderJoinHealthScript } from '../../src/day-two/join-health-script';
import { addDefaultPool } from '../support/default-pool';
import { escapeTemplate } from '../../src/private/terraform-literals';
import { refusalMessage } from '../support/refusal';
import { newStack, synthesize } from '../support/synth';

function pool(options: Partial<NodePoolOptions> = {}) {
  const stack = newStack();
  addDefaultPool(stack, options);
  return stack;
}

describe('NodePool joinHealth', () => {
  test('by default adds no wait, no read, no output and no check', () => {
    const json = synthesize(pool()).json;
    // (the pool's retirement resources are terraform_data too: none of them waits)
    const waits = Object.keys(json.resource?.terraform_data ?? {}).filter((id) =>
      id.includes('JoinHealth'),
    );
    expect(waits).toEqual([]);
    expect(json.data?.kubernetes_nodes).toBeUndefined();
    expect(Object.keys(json.check ?? {}).filter((name) => name.endsWith('join-health'))).toEqual(
      [],
    );
    expect(Object.keys(json.output ?? {})).not.toContain('tcp-charlie-default-pool-ready-nodes');
  });

  test('failAfter waits on the runner with no credential in its environment: only where to read it', () => {
    // WHEN
    const json: any = synthesize(pool({ joinHealth: JoinHealth.failAfter(600) })).json;
    // THEN
    const [wait] = Object.values<any>(json.resource.terraform_data);
    const exec = wait.provisioner[0]['local-exec'];
    expect(exec.command).toBe(JOIN_HEALTH_COMMAND);
    expect(exec.environment).toEqual({
      KAMAJI_JOIN_HEALTH_SCRIPT: escapeTemplate(renderJoinHealthScript()),
      KAMAJI_POOL: 'default-pool',
      KAMAJI_NODES: 'tcp-charlie-default-pool-node-00 tcp-charlie-default-pool-node-01',
      KAMAJI_TIMEOUT_SECONDS: '600',
      KAMAJI_ON_TIMEOUT: 'fail',
      ADMIN_KUBECONFIG_SECRET_NAMESPACE: 'default',
      ADMIN_KUBECONFIG_SECRET_NAME: 'tcp-charlie-admin-kubeconfig',
      MANAGEMENT_KUBECONFIG: '~/.kube/config',
      MANAGEMENT_CONTEXT: '',
      MANAGEMENT_KUBECONFIG_PATHS: '',
      MANAGEMENT_CONTEXT_AUTH_INFO: '',
      MANAGEMENT_CONTEXT_CLUSTER: '',
      MANAGEMENT_UNREPRODUCIBLE: '',
      // the tenant's API server, to refuse another tenant's kubeconfig: an address, plain
      TENANT_ENDPOINT: expect.stringMatching(/^\$\{nonsensitive\(trimprefix\(.*cluster\.server/),
      TENANT_CA_SHA256: expect.stringMatching(/^\$\{nonsensitive\(sha256\(base64decode\(/),
    });
    // AND no value of the environment is the kubeconfig itself
    expect(
      Object.entries<string>(exec.environment).filter(
        ([name, value]) => !name.startsWith('TENANT_') && value.includes('data["admin.conf"]'),
      ),
    ).toEqual([]);
    expect(Object.keys(wait.triggers_replace)).toEqual([
      'tcp-charlie-default-pool-node-00',
      'tcp-charlie-default-pool-node-01',
    ]);
    // AND the read of the tenant's nodes waits for it, through the tenant provider
    const [read] = Object.values<any>(json.data.kubernetes_nodes);
    expect(read.depends_on).toEqual([expect.stringMatching(/^terraform_data\./)]);
    expect(read.provider).toMatch(/^kubernetes\.tenant-tcp-charlie-/);
    // AND an output and a check name the pool
    expect(json.output['tcp-charlie-default-pool-ready-nodes'].value).toMatch(
      /^\$\{\[for n in data\.kubernetes_nodes\./,
    );
    const check = json.check['tcp-charlie-default-pool-join-health'];
    expect(check.assert[0].error_message).toMatch(
      /^Pool default-pool: nodes not Ready in the tenant: \$\{join/,
    );
  });

  test('warnAfter only changes what a timeout does', () => {
    const json: any = synthesize(pool({ joinHealth: JoinHealth.warnAfter(30) })).json;
    const [wait] = Object.values<any>(json.resource.terraform_data);
    expect(wait.provisioner[0]['local-exec'].environment).toMatchObject({
      KAMAJI_TIMEOUT_SECONDS: '30',
      KAMAJI_ON_TIMEOUT: 'warn',
    });
  });

  test.each([0, 1.5, 7201])('fails when the timeout is %p seconds', (seconds) => {
    expect(
      refusalMessage(() => synthesize(pool({ joinHealth: JoinHealth.failAfter(seconds) }))),
    ).toContain(
      `default-pool: joinHealth.timeoutSeconds: received ${seconds}; must be a whole number of seconds from 1 to 7200`,
    );
  });

  test('fails when joinHealth is not made with JoinHealth', () => {
    expect(
      refusalMessage(() => synthesize(pool({ joinHealth: '10m' as unknown as JoinHealth }))),
    ).toContain(
      'default-pool: joinHealth: received "10m"; must be made with JoinHealth.waitForReady({...}) or JoinHealth.none()',
    );
  });

  test('the fleet file sets it with failAfterSeconds or warnAfterSeconds', () => {
    const options = (joinHealth: object) =>
      nodePoolOptions({ name: 'p', joinHealth, infrastructure: { 'bring-your-own': {} } })
        .joinHealth;
    expect(options({ failAfterSeconds: 300 })).toMatchObject({
      mode: JoinHealthMode.FAIL,
      timeoutSeconds: 300,
    });
    expect(options({ warnAfterSeconds: 60 })).toMatchObject({
      mode: JoinHealthMode.WARN,
      timeoutSeconds: 60,
    });
  });
});

describe('addJoinHealth', () => {
  test('takes plain data: a scope and what it reads of the pool, no NodePool', () => {
    // GIVEN
    const stack = newStack();
    const scope = new Construct(stack, 'pool');
    const tenantProvider = new KubernetesProvider(stack, 'tenant', { alias: 'tenant' });
    // WHEN
    addJoinHealth(
      scope,
      {
        poolName: 'workers',
        controlPlaneName: 'tcp-delta',
        nodes: [{ nodeName: 'tcp-delta-workers-node-00', machineId: 'vm-7' }],
        adminKubeconfigSecretName: 'tcp-delta-admin-kubeconfig',
        adminKubeconfigSecretNamespace: 'tenants',
        managementKubeconfig: {},
        tenant: { endpoint: '192.0.2.10:6443', caSha256: 'abc' },
        tenantProvider,
      },
      JoinHealth.failAfter(300),
    );
    // THEN
    const json = synthesize(stack).json as Record<string, any>;
    const wait = Object.values(json.resource.terraform_data)[0] as Record<string, any>;
    expect(wait.triggers_replace).toEqual({ 'tcp-delta-workers-node-00': 'vm-7' });
    expect(wait.provisioner[0]['local-exec'].environment).toEqual(
      expect.objectContaining({
        KAMAJI_POOL: 'workers',
        ADMIN_KUBECONFIG_SECRET_NAMESPACE: 'tenants',
        TENANT_ENDPOINT: '192.0.2.10:6443',
      }),
    );
    expect(Object.keys(json.output)).toContain('tcp-delta-workers-ready-nodes');
    expect(Object.keys(json.check)).toContain('tcp-delta-workers-join-health');
  });
});
