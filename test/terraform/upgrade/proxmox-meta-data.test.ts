/**
 * A library upgrade never replaces a running machine (issue #20, design D13), shown for
 * the change that could: commit 85bc849 gave each Proxmox VM a meta-data snippet
 * (`initialization.meta_data_file_id`), which bpg/proxmox forces a new VM on. A tenant
 * synthesized by the library before it (the fixture, made by upgrade-fixture.sh) is
 * applied with the real terraform against the stub providers; then today's library
 * synthesizes the same app over that state, and the plan must keep every VM.
 *
 * Regenerate the fixture with `test/terraform/upgrade/upgrade-fixture.sh 85bc849~1
 * test/terraform/upgrade/proxmox-app.ts proxmox-before-meta-data`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SynthesizedApp, TerraformError, TerraformHarness } from '../harness';
import { describeWithTerraform, expectSuccess } from '../support';
import { proxmoxApp } from './proxmox-app';

jest.setTimeout(240_000);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'proxmox-before-meta-data');
const VM = 'proxmox_virtual_environment_vm';

describeWithTerraform(
  'upgrading the library over Proxmox VMs made before meta-data snippets',
  () => {
    let harness: TerraformHarness;
    let app: SynthesizedApp;

    beforeAll(async () => {
      harness = await TerraformHarness.start();
      const outdir = path.join(harness.workDir, 'tenant');
      fs.cpSync(FIXTURE, outdir, { recursive: true });
      app = SynthesizedApp.open(outdir);
      expectSuccess(await harness.init(app));
      await harness.applyAll(app);
    });
    afterAll(async () => {
      await harness?.stop();
    });

    const apply = async (stack: string, extra: string[] = []) => {
      const args = ['apply', '-input=false', '-no-color', '-auto-approve', ...extra];
      const result = await harness.terraform(app, stack, args);
      if (result.code !== 0) throw new TerraformError(result);
    };

    /** Each VM's node name and meta-data file id, by address. */
    const vms = async (): Promise<Record<string, string>> => {
      const result = await harness.terraform(app, 'nodes', ['show', '-json', '-no-color'], true);
      if (result.code !== 0) throw new TerraformError(result);
      const resources: any[] = JSON.parse(result.output).values.root_module.resources;
      return Object.fromEntries(
        resources
          .filter((r) => r.mode === 'managed' && r.type === VM)
          .map((r) => [
            r.address,
            `${r.values.name} ${r.values.initialization[0].meta_data_file_id}`,
          ]),
      );
    };

    test('plans no VM destroyed or replaced; old VMs keep booting without the snippet, new ones get it', async () => {
      // GIVEN four running VMs made without a meta-data snippet
      const before = await vms();
      expect(Object.values(before).sort()).toEqual(
        [
          'default-pool-node-00',
          'default-pool-node-01',
          'static-pool-node-00',
          'static-pool-node-01',
        ].map((node) => `tcp-charlie-${node} `),
      );

      // WHEN today's library synthesizes the same app over their state
      app.replaceConfiguration(
        SynthesizedApp.synth(proxmoxApp, path.join(harness.workDir, 'current')),
      );
      expectSuccess(await harness.init(app));
      // the control plane stack first, as `cdktf deploy` would
      await apply('control-plane');
      const plan = await harness.plan(app, 'nodes');

      // THEN no VM is destroyed or replaced
      const vmChanges = plan.changes.filter((c) => c.type === VM);
      expect(vmChanges.map((c) => c.address).sort()).toEqual(Object.keys(before).sort());
      expect(
        vmChanges
          .filter((c) => c.actions.includes('delete'))
          .map((c) => `${c.address}: ${c.actions}`),
      ).toEqual([]);
      await apply('nodes');
      expect(await vms()).toEqual(before);

      // AND a VM made afterwards (as a rollout or a taint would) boots with its snippet
      const [first] = Object.keys(before).sort();
      await apply('nodes', [`-replace=${first}`]);
      const [name] = before[first].split(' ');
      expect((await vms())[first]).toBe(`${name} local:snippets/${name}-meta-data.yaml`);
    });
  },
);
