/**
 * A library upgrade never replaces a running machine nor takes more than maxUnavailable
 * nodes out of service (issue #20, design D10, D13), shown for the vSphere changes that
 * could: commit 57abe4a changed every VM's `guestinfo.metadata` (cleanup-guestinfo, the
 * network config matched by MAC) and gave a statically addressed VM's first NIC a
 * static MAC, derived from its address since 851e803. hashicorp/vsphere 2.15 reboots a
 * VM on any `extra_config` change (expandExtraConfig in
 * vsphere/virtual_machine_config_structure.go: `extra_config_reboot_required` defaults
 * to true), so the whole pool would restart in one apply; a new MAC on a running NIC
 * leaves the guest's network config, which matches the NIC by MAC, behind. A tenant synthesized by the library at bfa7b03
 * (the fixture, made by upgrade-fixture.sh) is applied with the real terraform against
 * the stub providers; then today's library synthesizes the same app over that state.
 * The stub need not model reboots: a planned update of `extra_config` is one.
 *
 * Regenerate the fixture with
 * `test/terraform/upgrade/upgrade-fixture.sh bfa7b03 test/terraform/upgrade/vsphere-app.ts
 * vsphere-before-static-mac`.
 */
import { AppliedFixture } from './applied-fixture';
import { describeWithTerraform } from '../support';
import { vsphereApp } from './vsphere-app';

jest.setTimeout(240_000);

const VM = 'vsphere_virtual_machine';

/** The guestinfo metadata document of a VM's values. */
function metadata(values: any): any {
  return JSON.parse(Buffer.from(values.extra_config['guestinfo.metadata'], 'base64').toString());
}

describeWithTerraform('upgrading the library over vSphere VMs made at bfa7b03', () => {
  let tenant: AppliedFixture;

  beforeAll(async () => {
    tenant = await AppliedFixture.apply('vsphere-before-static-mac');
  });
  afterAll(async () => {
    await tenant?.stop();
  });

  /** Each VM's values in state, by address. */
  const vms = () => tenant.resources('nodes', VM);

  test('plans no VM replaced, rebooted by extra_config or given a new MAC; a new VM gets both', async () => {
    // GIVEN four running VMs made with the metadata and NICs of bfa7b03
    const before = await vms();
    expect(
      Object.values(before)
        .map((vm) => vm.name)
        .sort(),
    ).toEqual(
      [
        'default-pool-node-00',
        'default-pool-node-01',
        'static-pool-node-00',
        'static-pool-node-01',
      ].map((node) => `tcp-charlie-${node}`),
    );
    expect(Object.values(before).map((vm) => metadata(vm)['cleanup-guestinfo'])).toEqual(
      Array(4).fill(undefined),
    );

    // WHEN today's library synthesizes the same app over their state
    await tenant.upgradeTo(vsphereApp);
    // the control plane stack first, as `cdktf deploy` would
    await tenant.applyStack('control-plane');
    const plan = await tenant.harness.plan(tenant.app, 'nodes');

    // THEN no VM is deleted or replaced, and none changes its extra_config or NICs
    const vmChanges = plan.actions.filter((c) => c.type === VM);
    expect(
      vmChanges.flatMap((c) => {
        const why = [
          ...(c.actions.includes('delete') ? [`${c.actions}`] : []),
          ...['extra_config', 'network_interface']
            .filter((key) => JSON.stringify(c.before?.[key]) !== JSON.stringify(c.after?.[key]))
            .map((key) => `update of ${key}`),
        ];
        return why.map((w) => `${c.address}: ${w}`);
      }),
    ).toEqual([]);
    await tenant.applyStack('nodes');
    const after = await vms();
    for (const [address, vm] of Object.entries(before)) {
      expect([address, after[address].extra_config, after[address].network_interface]).toEqual([
        address,
        vm.extra_config,
        vm.network_interface,
      ]);
    }

    // AND a VM made afterwards (as a rollout or `-replace` would) gets today's metadata
    // and its first NIC the static MAC that metadata matches
    const staticVm = Object.keys(before).find((a) =>
      before[a].name.endsWith('static-pool-node-00'),
    )!;
    await tenant.applyStack('nodes', [`-replace=${staticVm}`]);
    const made = (await vms())[staticVm];
    const nic = made.network_interface[0];
    expect([nic.use_static_mac, nic.mac_address]).toEqual([true, '00:50:56:00:02:14']);
    expect(metadata(made)).toEqual(
      expect.objectContaining({
        'cleanup-guestinfo': ['userdata'],
        network: expect.objectContaining({
          ethernets: {
            nic0: expect.objectContaining({ match: { macaddress: '00:50:56:00:02:14' } }),
          },
        }),
      }),
    );
  });
});
