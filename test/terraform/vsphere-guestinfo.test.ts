/**
 * The vSphere example applied by the real terraform against the stub providers, then
 * the guestinfo metadata Terraform wrote for each VM decoded and converted by cloud-init
 * itself: the MAC drawn at apply time, the NIC's MAC and the network config agree, and
 * every renderer accepts the result (issue #12 items 7 and 9).
 */
import * as path from 'path';
import { buildApp } from '../../examples/vsphere/main';
import { netConvert, RENDERERS } from '../support/net-convert';
import { hasTool } from '../support/tools';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';
import * as fs from 'fs';

jest.setTimeout(180_000);

describeWithTerraform('vSphere guestinfo metadata as terraform writes it', () => {
  let harness: TerraformHarness;
  let vms: any[] = [];
  beforeAll(async () => {
    harness = await TerraformHarness.start();
    const app = SynthesizedApp.synth(buildApp, path.join(harness.workDir, 'vsphere'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
    const state = JSON.parse(
      fs.readFileSync(path.join(app.stackDir('nodes'), 'terraform.nodes.tfstate'), 'utf8'),
    );
    vms = state.resources
      .filter((r: any) => r.type === 'vsphere_virtual_machine' && r.mode === 'managed')
      .map((r: any) => r.instances[0].attributes);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const metadataOf = (vm: any) =>
    JSON.parse(Buffer.from(vm.extra_config['guestinfo.metadata'], 'base64').toString('utf8'));

  test('static nodes: a distinct MAC from VMware static block, the same in NIC and metadata', () => {
    const statics = vms.filter((vm) => metadataOf(vm).network);
    expect(statics).toHaveLength(3);
    const macs = statics.map((vm) => vm.network_interface[0].mac_address);
    for (const [i, vm] of statics.entries()) {
      expect(macs[i]).toMatch(/^00:50:56:[0-3][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
      expect(vm.network_interface[0].use_static_mac).toBe(true);
      expect(metadataOf(vm).network.ethernets.nic0.match).toEqual({ macaddress: macs[i] });
      expect(metadataOf(vm)['cleanup-guestinfo']).toEqual(['userdata']);
    }
    expect(new Set(macs).size).toBe(3);
  });

  test('DHCP nodes: no network key, user-data still cleared from guestinfo', () => {
    const dhcp = vms.filter((vm) => !metadataOf(vm).network);
    expect(dhcp).toHaveLength(2);
    for (const vm of dhcp) expect(metadataOf(vm)['cleanup-guestinfo']).toEqual(['userdata']);
  });

  const withCloudInit = hasTool('cloud-init') ? test : test.skip;
  if (!hasTool('cloud-init')) {
    console.warn('skipped: net-convert of applied metadata: `cloud-init` is not installed');
  }
  withCloudInit('cloud-init converts the applied network config for every renderer', () => {
    for (const vm of vms.filter((v) => metadataOf(v).network)) {
      for (const renderer of RENDERERS) {
        const result = netConvert(metadataOf(vm).network, renderer);
        expect({ renderer, ok: result.ok, log: result.ok ? '' : result.log }).toEqual({
          renderer,
          ok: true,
          log: '',
        });
        expect(Object.values(result.files).join('\n').toLowerCase()).toContain(
          vm.network_interface[0].mac_address,
        );
      }
    }
  });
});
