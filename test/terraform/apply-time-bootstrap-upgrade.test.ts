/**
 * Upgrading to the library that encodes apply-time bootstrap values (issue #22 item 1)
 * replaces no machine: a pool whose proxy is a Terraform variable, applied with the
 * user-data of the previous release (values spliced, no bootstrap-checks resource),
 * then planned with this release's configuration, plans the new precondition resource
 * and leaves every machine alone (they ignore later changes of their user-data, D3/D13).
 * The previous release is emulated on the synthesized JSON: its machines carry other
 * user-data, and neither the checks resource nor the machines' dependency on it exist.
 */
import * as fs from 'fs';
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import { NodePool, VSphereInfrastructure } from '../../src';
import { VSPHERE_POOL } from './day-two-pool';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(300_000);

function buildApp(app: App): App {
  const { controlPlane } = new ControlPlaneStack(app, 'control-plane');
  const nodes = new TerraformStack(app, 'nodes');
  useLocalState(nodes);
  new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p' });
  const proxy = new TerraformVariable(nodes, 'http_proxy', {
    type: 'string',
    default: 'http://proxy.example.com:3128',
  });
  new NodePool(nodes, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    replicas: 2,
    infrastructure: new VSphereInfrastructure(VSPHERE_POOL),
    bootstrap: { proxy: { httpProxy: proxy.stringValue, noProxy: ['10.0.0.0/8'] } },
  });
  return app;
}

/** The nodes stack as the previous release wrote it (see the file comment). */
function asPreviousRelease(json: any): any {
  const isCheck = (name: string) => name.includes('bootstrap-checks');
  const previous = structuredClone(json);
  previous.resource.terraform_data = Object.fromEntries(
    Object.entries(previous.resource.terraform_data).filter(([name]) => !isCheck(name)),
  );
  previous.locals = Object.fromEntries(
    Object.entries(previous.locals ?? {}).filter(([name]) => !isCheck(name)),
  );
  for (const vm of Object.values<any>(previous.resource.vsphere_virtual_machine)) {
    vm.depends_on = vm.depends_on.filter((d: string) => !isCheck(d));
    vm.extra_config['guestinfo.userdata'] =
      '${base64gzip("#cloud-config\\n# user-data of the previous release\\n")}';
  }
  return previous;
}

describeWithTerraform('upgrading to encoded apply-time bootstrap values', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  beforeAll(async () => {
    harness = await TerraformHarness.start();
    app = SynthesizedApp.synth(buildApp, path.join(harness.workDir, 'app'));
  });
  afterAll(async () => {
    await harness?.stop();
  });

  test('plans the checks and replaces or updates no machine', async () => {
    // GIVEN the pool applied by the previous release
    const current = app.stackJson('nodes');
    const file = path.join(app.stackDir('nodes'), 'cdk.tf.json');
    fs.writeFileSync(file, JSON.stringify(asPreviousRelease(current)));
    expectSuccess(await harness.init(app));
    expectSuccess(await harness.applyAll(app));
    // WHEN this release's configuration is planned
    fs.writeFileSync(file, JSON.stringify(current));
    const plan = await harness.plan(app, 'nodes');
    // THEN the checks are made, and nothing else changes
    expect(plan.actions.map((c) => [c.address, c.actions])).toEqual([
      [expect.stringMatching(/^terraform_data\.default-pool_bootstrap-checks_/), ['create']],
    ]);
    expect(plan.changes.filter((c) => c.type === 'vsphere_virtual_machine')).toHaveLength(2);
    // AND the apply passes the checks with a valid proxy, after which nothing is left to do
    expectSuccess(await harness.applyAll(app));
    expect((await harness.plan(app, 'nodes')).actions).toEqual([]);
  });
});
