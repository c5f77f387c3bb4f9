/**
 * Issue #12 item 15: a control plane's namespace is part of the TenantControlPlane's
 * identity, so changing it replaces the object and destroys the tenant. The manifest
 * has `prevent_destroy` by default (`deletionProtection`), so terraform refuses such a
 * plan; with `deletionProtection: false` it plans the replacement. The stub replaces a
 * kubernetes_manifest whose namespace changes as the real provider does
 * (hashicorp/terraform-provider-kubernetes manifest/provider/plan.go: RequiresReplace
 * on manifest.metadata.namespace for namespaced kinds).
 */
import * as path from 'path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { useLocalState } from '../../examples/common/control-plane-stack';
import { KubernetesVersion, TenantControlPlane } from '../../src';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(180_000);

function controlPlaneApp(namespace: string, deletionProtection?: boolean) {
  return (app: App): App => {
    const stack = new TerraformStack(app, 'control-plane');
    useLocalState(stack);
    new KubernetesProvider(stack, 'management', { configPath: '~/.kube/config' });
    new TenantControlPlane(stack, 'tcp-alpha', {
      name: 'tcp-alpha',
      namespace,
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
      ...(deletionProtection !== undefined && { deletionProtection }),
    });
    return app;
  };
}

describeWithTerraform('changing the namespace of a control plane, offline', () => {
  let harness: TerraformHarness;
  beforeAll(async () => {
    harness = await TerraformHarness.start();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** Applies the control plane in `kamaji-tenant`, then synthesizes it in `tenants`. */
  const moveNamespace = async (dir: string, deletionProtection?: boolean) => {
    const app = SynthesizedApp.synth(
      controlPlaneApp('kamaji-tenant', deletionProtection),
      path.join(harness.workDir, dir),
    );
    expectSuccess(await harness.init(app));
    expectSuccess(await harness.applyAll(app));
    const moved = SynthesizedApp.synth(
      controlPlaneApp('tenants', deletionProtection),
      path.join(harness.workDir, `${dir}-moved`),
    );
    app.replaceConfiguration(moved);
    return app;
  };

  test('by default, terraform refuses the plan that would destroy the tenant', async () => {
    const app = await moveNamespace('protected');
    const result = await harness.terraform(app, 'control-plane', [
      'plan',
      '-input=false',
      '-no-color',
    ]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('Instance cannot be destroyed');
    expect(result.output).toMatch(/lifecycle\.prevent_destroy/);
  });

  test('with deletionProtection: false, it plans the replacement', async () => {
    const app = await moveNamespace('unprotected', false);
    const plan = await harness.plan(app, 'control-plane');
    const manifest = plan.actions.filter((c) => c.type === 'kubernetes_manifest');
    expect(manifest.map((c) => c.actions.slice().sort())).toEqual([['create', 'delete']]);
  });
});
