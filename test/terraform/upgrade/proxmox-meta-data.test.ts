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
import { AppliedFixture } from './applied-fixture';
import { describeWithTerraform } from '../support';
import { proxmoxApp } from './proxmox-app';

jest.setTimeout(240_000);

const VM = 'proxmox_virtual_environment_vm';

describeWithTerraform(
  'upgrading the library over Proxmox VMs made before meta-data snippets',
  () => {
    let tenant: AppliedFixture;

    beforeAll(async () => {
      tenant = await AppliedFixture.apply('proxmox-before-meta-data');
    });
    afterAll(async () => {
      await tenant?.stop();
    });

    /** Each VM's node name and meta-data file id, by address. */
    const vms = async (): Promise<Record<string, string>> =>
      Object.fromEntries(
        Object.entries(await tenant.resources('nodes', VM)).map(([address, values]) => [
          address,
          `${values.name} ${values.initialization[0].meta_data_file_id}`,
        ]),
      );

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
      await tenant.upgradeTo(proxmoxApp);
      // the control plane stack first, as `cdktf deploy` would
      await tenant.applyStack('control-plane');
      const plan = await tenant.harness.plan(tenant.app, 'nodes');

      // THEN no VM is destroyed or replaced
      const vmChanges = plan.changes.filter((c) => c.type === VM);
      expect(vmChanges.map((c) => c.address).sort()).toEqual(Object.keys(before).sort());
      expect(
        vmChanges
          .filter((c) => c.actions.includes('delete'))
          .map((c) => `${c.address}: ${c.actions}`),
      ).toEqual([]);
      await tenant.applyStack('nodes');
      expect(await vms()).toEqual(before);

      // AND a VM made afterwards (as a rollout or a taint would) boots with its snippet
      const [first] = Object.keys(before).sort();
      await tenant.applyStack('nodes', [`-replace=${first}`]);
      const [name] = before[first].split(' ');
      expect((await vms())[first]).toBe(`${name} local:snippets/${name}-meta-data.yaml`);
    });
  },
);
