/**
 * A machine created at any time boots with the current join token (issue #12 item 3),
 * and a rotation alone replaces no machine (design D3), on every infrastructure: the
 * token rotates, then each machine is replaced with `terraform apply -replace`, as a
 * template change or a taint would, and the new machine's user-data must carry the new
 * token. Proxmox is the one whose user-data lives in a resource of its own (a snippet).
 */
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import {
  BringYourOwnMachines,
  CloudDirectorInfrastructure,
  INodeInfrastructure,
  MaasInfrastructure,
  NodePool,
  ProxmoxInfrastructure,
  VSphereInfrastructure,
} from '../../src';
import { MaasProvider } from '../../src/.gen/providers/maas/provider';
import { ProxmoxProvider } from '../../src/.gen/providers/proxmox/provider';
import { VcdProvider } from '../../src/.gen/providers/vcd/provider';
import { SynthesizedApp, TerraformError, TerraformHarness } from './harness';
import { joinTokenOf, machineUserData, StateResource } from './machine-user-data';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(180_000);

const MACHINE_TYPES = [
  'vsphere_virtual_machine',
  'vcd_vapp_vm',
  'proxmox_virtual_environment_vm',
  'maas_instance',
  'maas_vm_host_machine',
];

function oneNodePerInfrastructure(app: App): App {
  const { controlPlane } = new ControlPlaneStack(app, 'control-plane');
  const nodes = new TerraformStack(app, 'nodes');
  useLocalState(nodes);
  new VsphereProvider(nodes, 'vsphere-provider', { user: 'u', password: 'p' });
  new MaasProvider(nodes, 'maas-provider', {});
  new VcdProvider(nodes, 'vcd-provider', { url: 'https://vcd.example/api', org: 'o' });
  new ProxmoxProvider(nodes, 'proxmox-provider', { ssh: [{ agent: true }] });
  const pool = (name: string, infrastructure: INodeInfrastructure) =>
    new NodePool(nodes, name, { controlPlane, name, infrastructure });
  pool(
    'vsphere',
    new VSphereInfrastructure({
      datacenter: 'dc-1',
      computeCluster: 'cluster-1',
      datastore: 'vsan',
      networks: ['tenant-nodes'],
      template: 'ubuntu-24.04',
    }),
  );
  pool(
    'vcd',
    new CloudDirectorInfrastructure({ catalog: 'c', template: 't', orgNetwork: 'tenant-nodes' }),
  );
  pool(
    'proxmox',
    new ProxmoxInfrastructure({ nodes: ['pve-1'], templateVmId: 9000, snippetsDatastore: 'local' }),
  );
  pool('maas', MaasInfrastructure.vmHosts({ vmHosts: ['lxd-host-1'] }));
  pool('byo', new BringYourOwnMachines());
  return app;
}

describeWithTerraform('machines replaced after a token rotation, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;

  beforeAll(async () => {
    harness = await TerraformHarness.start();
    app = SynthesizedApp.synth(oneNodePerInfrastructure, path.join(harness.workDir, 'replace'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const apply = async (extra: string[] = []) => {
    const result = await harness.terraform(app, 'nodes', [
      'apply',
      '-input=false',
      '-no-color',
      '-auto-approve',
      ...extra,
    ]);
    if (result.code !== 0) throw new TerraformError(result);
  };

  const shown = async () => {
    const result = await harness.terraform(app, 'nodes', ['show', '-json', '-no-color'], true);
    if (result.code !== 0) throw new TerraformError(result);
    const values = JSON.parse(result.output).values;
    const resources: StateResource[] = values.root_module.resources;
    const secret = resources.find((r) => r.type === 'kubernetes_secret_v1')!.values.data;
    return {
      resources,
      machines: resources.filter(
        (r) =>
          r.mode === 'managed' &&
          MACHINE_TYPES.includes(r.type) &&
          r.type !== 'maas_vm_host_machine',
      ),
      token: `${secret['token-id']}.${secret['token-secret']}`,
      byoUserData: values.outputs['tcp-charlie-byo-node-00-user-data'].value as string,
    };
  };

  const tokensOf = (state: Awaited<ReturnType<typeof shown>>) =>
    Object.fromEntries(
      state.machines.map((m) => [m.type, joinTokenOf(machineUserData(m, state.resources))]),
    );

  test('a rotation replaces no machine; machines made afterwards get the new token', async () => {
    // GIVEN every machine booted with the first token
    const first = await shown();
    expect(first.machines.map((m) => m.type).sort()).toEqual(
      MACHINE_TYPES.filter((t) => t !== 'maas_vm_host_machine').sort(),
    );
    expect(Object.values(tokensOf(first))).toEqual(first.machines.map(() => first.token));

    // WHEN the token's rotation time passes
    harness.stub.clock.advanceMinutes(12 * 60 + 1);
    const plan = await harness.plan(app, 'nodes');
    // THEN the plan touches no machine
    const machines = plan.changes.filter((c) => MACHINE_TYPES.includes(c.type));
    expect(machines.length).toBeGreaterThan(0);
    expect(
      machines.filter((c) => c.actions.join() !== 'no-op').map((c) => `${c.address}: ${c.actions}`),
    ).toEqual([]);
    await apply();
    const rotated = await shown();
    expect(rotated.token).not.toBe(first.token);
    expect(joinTokenOf(rotated.byoUserData)).toBe(rotated.token);

    // WHEN every machine is replaced, as a template change or a taint would
    await apply(rotated.machines.map((m) => `-replace=${m.address}`));
    // THEN each new machine boots with the current token
    const replaced = await shown();
    expect(replaced.token).toBe(rotated.token);
    expect(tokensOf(replaced)).toEqual(
      Object.fromEntries(replaced.machines.map((m) => [m.type, rotated.token])),
    );
  });
});
