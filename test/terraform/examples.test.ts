/**
 * Every example, run by the real terraform binary offline against stub providers
 * served from schemas/ (design D8): terraform checks our JSON against the provider
 * schemas, resolves every reference and cross-stack read, and walks the whole
 * lifecycle: validate, plan, apply, an empty second plan, destroy.
 */
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { DataProxmoxVirtualEnvironmentDatastores } from '../../src/.gen/providers/proxmox/data-proxmox-virtual-environment-datastores';
import { ProxmoxProvider } from '../../src/.gen/providers/proxmox/provider';
import { EXAMPLES } from '../support/examples';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(120_000);

describeWithTerraform('examples under terraform, offline', () => {
  let harness: TerraformHarness;
  beforeAll(async () => {
    harness = await TerraformHarness.start();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  describe.each(EXAMPLES)('example %s', (name, build, stacks) => {
    let app: SynthesizedApp;
    beforeAll(() => {
      app = SynthesizedApp.synth(build, path.join(harness.workDir, name));
    });

    test('terraform init and validate pass for every stack', async () => {
      // GIVEN the synthesized stacks, in dependency order
      expect([...app.stacks].sort()).toEqual([...stacks].sort());
      // WHEN / THEN
      expectSuccess(await harness.init(app));
      expectSuccess(await harness.validate(app));
    });

    test('each stack plans only creations and applies, in dependency order', async () => {
      for (const stack of app.stacks) {
        // WHEN
        const plan = await harness.plan(app, stack);
        // THEN a fresh stack only creates, and terraform accepts the stub's results
        expect({ stack, code: plan.code }).toEqual({ stack, code: 2 });
        // No deprecated resource or data source type (the stub warns as the provider does).
        expect({ stack, deprecated: plan.output.match(/Warning: Deprecated.*/g) ?? [] }).toEqual({
          stack,
          deprecated: [],
        });
        const notCreates = plan.actions.filter((c) => c.actions.join() !== 'create');
        expect(notCreates.map((c) => `${c.address}: ${c.actions}`)).toEqual([]);
        expectSuccess([
          await harness.terraform(app, stack, ['apply', '-input=false', '-no-color', 'tfplan']),
        ]);
      }
    });

    test('a second plan after apply shows no changes', async () => {
      for (const plan of await harness.planAll(app)) {
        expect({ stack: plan.stack, code: plan.code, changes: plan.actions }).toEqual({
          stack: plan.stack,
          code: 0,
          changes: [],
        });
      }
    });

    test('destroy leaves every stack with an empty state', async () => {
      expectSuccess(await harness.destroyAll(app));
      for (const stack of app.stacks) {
        expect({ stack, left: app.stateResources(stack) }).toEqual({ stack, left: [] });
      }
    });
  });

  test('the stub warns of a type its schema marks deprecated, as the provider does', async () => {
    // GIVEN a data source bpg/proxmox 0.111.1 deprecates (proxmox_datastores replaces it)
    const app = SynthesizedApp.synth(
      (a) => {
        const stack = new TerraformStack(a, 'deprecated');
        new ProxmoxProvider(stack, 'proxmox', { endpoint: 'https://pve.example.com:8006/' });
        new DataProxmoxVirtualEnvironmentDatastores(stack, 'datastores', { nodeName: 'pve-1' });
        return a;
      },
      path.join(harness.workDir, 'deprecated'),
    );
    expectSuccess(await harness.init(app));
    // WHEN
    const plan = await harness.plan(app, 'deprecated');
    // THEN
    expect(plan.output).toContain('Warning: Deprecated Resource');
    expect(plan.output).toContain('proxmox_virtual_environment_datastores is deprecated');
  });
});
