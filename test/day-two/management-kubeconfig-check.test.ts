/**
 * A management kubeconfig path that does not exist is told at synth (a literal) or at
 * plan (an expression), in one line (issue #20 item 8), not at the first drain.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { NodePool, TenantControlPlane } from '../../src';
import { checkManagementKubeconfig } from '../../src/day-two/management-kubeconfig-check';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { newStack, synthesize } from '../support/synth';
import { describeWithTerraform } from '../terraform/support';

jest.setTimeout(60_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-kubeconfig-check-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A pool whose control plane's provider has `configPath`. */
function pool(configPath: string): NodePool {
  const stack = new TerraformStack(Testing.app(), 'test');
  new KubernetesProvider(stack, 'kubernetes', { configPath });
  const controlPlane = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
  return new NodePool(stack, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    infrastructure: new FakeInfrastructure(),
  });
}
const warnings = (construct: Construct) =>
  construct.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));

describe('a literal management kubeconfig path', () => {
  test('missing on the synthesizing machine: one warning naming the pool and the path', () => {
    const missing = path.join(dir, 'missing.kubeconfig');
    const made = pool(missing);
    expect(warnings(made)).toEqual([
      `${made.node.path}: the management kubeconfig ${missing} (config_path of the control plane's kubernetes provider) does not exist on this machine: drains and join health read the tenant's kubeconfig with it when Terraform runs them; fix the path, run Terraform where it exists, or set CDKTF_KAMAJI_TENANT_KUBECONFIG there`,
    ]);
  });

  test('said once per stack and path, on the first pool that reads it', () => {
    const first = pool(path.join(dir, 'missing.kubeconfig'));
    const second = new NodePool(first.node.scope!, 'system-pool', {
      controlPlane: first.controlPlane,
      name: 'system-pool',
      infrastructure: new FakeInfrastructure(),
    });
    expect(warnings(first)).toHaveLength(1);
    expect(warnings(second)).toEqual([]);
  });

  test('~ is the home folder, as the provider expands it; an existing file gives no warning', () => {
    const home = process.env.HOME;
    process.env.HOME = dir;
    try {
      fs.writeFileSync(path.join(dir, 'present.kubeconfig'), '');
      expect(warnings(pool('~/present.kubeconfig'))).toEqual([]);
      expect(warnings(pool('~/absent.kubeconfig'))).toEqual([
        expect.stringContaining(`the management kubeconfig ${dir}/absent.kubeconfig (config_path`),
      ]);
    } finally {
      process.env.HOME = home;
    }
  });
});

describeWithTerraform('a management kubeconfig path from a variable', () => {
  /** The stack's check and variable, planned by the real terraform with that path. */
  function plan(kubeconfig: string): string {
    const stack = newStack();
    const variable = new TerraformVariable(stack, 'management_kubeconfig', { type: 'string' });
    const scope = new Construct(stack, 'default-pool');
    checkManagementKubeconfig(scope, { configPath: variable.stringValue });
    const { variable: variables, check } = synthesize(stack).json as Record<string, unknown>;
    const work = fs.mkdtempSync(path.join(dir, 'plan-'));
    fs.writeFileSync(
      path.join(work, 'main.tf.json'),
      JSON.stringify({ variable: variables, check }),
    );
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      CHECKPOINT_DISABLE: '1',
      TF_VAR_management_kubeconfig: kubeconfig,
    };
    for (const args of [['init'], ['plan']]) {
      const result = spawnSync('terraform', [...args, '-input=false', '-no-color'], {
        cwd: work,
        encoding: 'utf8',
        env,
      });
      if (result.status !== 0) throw new Error(`${result.stdout}${result.stderr}`);
      if (args[0] === 'plan') return `${result.stdout}${result.stderr}`;
    }
    return '';
  }

  test('missing on the runner: the plan warns, in one line naming it', () => {
    const output = plan('~/nowhere/kubeconfig');
    const text = output.replace(/[\s│]+/g, ' ');
    expect(text).toContain(
      "test/default-pool: the management kubeconfig ~/nowhere/kubeconfig (config_path of the control plane's kubernetes provider) does not exist on this runner",
    );
    fs.writeFileSync(path.join(dir, 'there.kubeconfig'), '');
    expect(plan('~/there.kubeconfig')).not.toContain('does not exist on this runner');
  });
});
