/**
 * A node's drain instance keeps what its node was made with (kubelet version, machine
 * spec) for the checks, holds no credential (its script reads the admin kubeconfig
 * when it runs: terraform_data shows its input unmarked in plans, as `output`), and
 * follows the current management kubeconfig settings for that read. Evaluated by the
 * real terraform on the pool's own `NodeRetirement` (terraform_data is built in: no
 * provider needed).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformVariable } from 'cdktf';
import { NodeDrain } from '../../src';
import { NodeRetirement } from '../../src/day-two/node-retirement';
import { newStack, synthesize } from '../support/synth';
import { describeWithTerraform } from '../terraform/support';

jest.setTimeout(60_000);

/** The retirement of nodes a and b, as a pool of `kubeletVersion` on `template` writes it. */
function retirementConfig(kubeletVersion: string, template: string): object {
  const stack = newStack();
  const kubeconfig = new TerraformVariable(stack, 'kubeconfig', { type: 'string' });
  const endpoint = new TerraformVariable(stack, 'endpoint', { type: 'string', sensitive: true });
  new NodeRetirement(stack, 'retirement', {
    nodeNames: ['a', 'b'],
    adminKubeconfigSecretName: 'tcp-charlie-admin-kubeconfig',
    adminKubeconfigSecretNamespace: 'kamaji-tenant',
    managementKubeconfig: {
      configPath: kubeconfig.stringValue,
      configContext: 'management',
      configContextAuthInfo: 'admin',
    },
    tenant: { endpoint: endpoint.stringValue, caSha256: 'c0ffee' },
    drain: NodeDrain.DEFAULT,
    kubeletVersion,
    poolName: 'default-pool',
    machineSpec: { template },
  });
  // Only what the retirement wrote: the test stack's providers cannot be installed here.
  const { variable, resource, check } = synthesize(stack).json as Record<string, unknown>;
  return { variable, resource, check };
}

describeWithTerraform(
  'a drain instance records its node and follows the management kubeconfig',
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-drain-record-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    function terraform(args: string[], kubeconfig: string): string {
      // `show` takes no -input.
      const flags = args[0] === 'show' ? ['-no-color'] : ['-input=false', '-no-color'];
      const result = spawnSync('terraform', [...args, ...flags], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          CHECKPOINT_DISABLE: '1',
          TF_VAR_kubeconfig: kubeconfig,
          // Sensitive, as a cross-stack output is: the record keeps it plain.
          TF_VAR_endpoint: kubeconfig.startsWith('~') ? 'tenant-api.example:6443' : '10.0.0.1:6443',
        },
      });
      if (result.status !== 0) throw new Error(`${result.stdout}${result.stderr}`);
      return `${result.stdout}${result.stderr}`;
    }

    function write(config: object): void {
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
    }

    function drains(kubeconfig: string): Array<{ input: any; triggers_replace: any }> {
      const state = JSON.parse(terraform(['show', '-json'], kubeconfig));
      return state.values.root_module.resources
        .filter((r: any) => r.address.includes('node-drain'))
        .map((r: any) => r.values);
    }

    test('a new management kubeconfig path and endpoint reach every drain; the version and spec records stay', () => {
      // GIVEN nodes made with v1.35.7 on ubuntu-22.04, the management kubeconfig at one path
      write(retirementConfig('v1.35.7', 'ubuntu-22.04'));
      terraform(['init'], '/first/kubeconfig');
      terraform(['apply', '-auto-approve'], '/first/kubeconfig');
      // WHEN the pool moves on (v1.36.2, ubuntu-24.04), the kubeconfig and the endpoint move
      write(retirementConfig('v1.36.2', 'ubuntu-24.04'));
      const plan = terraform(['plan'], '~/renewed/kubeconfig');
      terraform(['apply', '-auto-approve'], '~/renewed/kubeconfig');
      // THEN the drains and Node deletions are updated in place, never replaced
      expect(plan).toContain('0 to add, 4 to change, 0 to destroy');
      // AND they read the Secret with the new kubeconfig; no credential is in their input
      const after = drains('~/renewed/kubeconfig');
      expect(after.map((d) => d.input)).toEqual(
        ['a', 'b'].map((node) => ({
          node,
          secret_namespace: 'kamaji-tenant',
          secret_name: 'tcp-charlie-admin-kubeconfig',
          management_kubeconfig: '~/renewed/kubeconfig',
          management_context: 'management',
          management_kubeconfig_paths: '',
          management_context_auth_info: 'admin',
          management_context_cluster: '',
          management_unreproducible: '',
          tenant_endpoint: 'tenant-api.example:6443',
          tenant_ca_sha256: 'c0ffee',
        })),
      );
      // AND each still records what its node was made with, which the checks compare
      expect(after.map((d) => d.triggers_replace)).toEqual([
        { kubelet_version: 'v1.35.7', machine_spec: { template: 'ubuntu-22.04' } },
        { kubelet_version: 'v1.35.7', machine_spec: { template: 'ubuntu-22.04' } },
      ]);
      expect(plan).toContain("still run another version than the pool's v1.36.2");
      expect(plan).toContain('were made with another machine spec');
    });
  },
);
