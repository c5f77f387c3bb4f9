/**
 * Issue #14 item 5, with the real terraform against the stubs: after the machines are
 * made, the runner waits for the pool's nodes to be Ready in the tenant (local-exec,
 * with the harness's stub kubectl first on PATH); a node that never joins fails the
 * apply, or warns with `warnAfter`, through a Terraform `check`.
 */
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import { JoinHealth, NodePool, VSphereInfrastructure } from '../../src';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

const NODE_00 = 'tcp-charlie-default-pool-node-00';
const NODE_01 = 'tcp-charlie-default-pool-node-01';

function joinHealthApp(joinHealth: JoinHealth) {
  return (app: App): App => {
    const { controlPlane } = new ControlPlaneStack(app, 'control-plane');
    const nodes = new TerraformStack(app, 'nodes');
    useLocalState(nodes);
    new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
    new NodePool(nodes, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 2,
      joinHealth,
      infrastructure: new VSphereInfrastructure({
        datacenter: 'dc-1',
        computeCluster: 'cluster-1',
        datastore: 'vsan',
        networks: ['tenant-nodes'],
        template: 'ubuntu-24.04',
      }),
    });
    return app;
  };
}

describeWithTerraform('join health after apply, offline', () => {
  let harness: TerraformHarness;
  beforeAll(async () => {
    harness = await TerraformHarness.start();
  });
  afterAll(async () => {
    await harness?.stop();
  });
  beforeEach(() => harness.stub.tenant.reset());

  const prepare = async (dir: string, joinHealth: JoinHealth) => {
    const app = SynthesizedApp.synth(joinHealthApp(joinHealth), path.join(harness.workDir, dir));
    expectSuccess(await harness.init(app));
    expectSuccess([
      await harness.terraform(app, 'control-plane', [
        'apply',
        '-input=false',
        '-no-color',
        '-auto-approve',
      ]),
    ]);
    return app;
  };
  const applyNodes = (app: SynthesizedApp) =>
    harness.terraform(app, 'nodes', ['apply', '-input=false', '-no-color', '-auto-approve']);
  const readyNodes = async (app: SynthesizedApp) => {
    const result = await harness.terraform(app, 'nodes', ['output', '-json'], true);
    return JSON.parse(result.output)['tcp-charlie-default-pool-ready-nodes'].value;
  };
  const flat = (text: string) => text.replace(/\s+/g, ' ');

  test('a node that never joins fails the apply, naming it; once it joins, the next apply passes', async () => {
    // GIVEN node-01 never registers
    const app = await prepare('fail', JoinHealth.failAfter(2));
    harness.stub.tenant.setNodes({ [NODE_01]: 'absent' });
    // WHEN
    const failed = await applyNodes(app);
    // THEN the machines exist, the wait fails the apply and says which node
    expect(failed.code).toBe(1);
    expect(flat(failed.output)).toContain('vsphere_virtual_machine');
    expect(flat(failed.output)).toContain('local-exec provisioner error');
    expect(flat(failed.output)).toContain(`${NODE_00}: Ready`);
    expect(flat(failed.output)).toContain(`${NODE_01}: not registered`);
    // AND the tenant's admin kubeconfig is in no argv and not in terraform's output
    expect(failed.output).not.toMatch(/client-key-data|BEGIN (EC |RSA )?PRIVATE KEY/);
    // AND the script read the admin kubeconfig from the management cluster when it ran,
    // with the control plane provider's kubeconfig, then asked the tenant with it
    const [read, ...calls] = harness.stub.tenant.calls();
    expect(read.argv.slice(0, 3)).toEqual(['get', 'secret', 'tcp-charlie-admin-kubeconfig']);
    expect(read.kubeconfig).not.toContain('client-key-data');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.argv.join(' ')).not.toMatch(/client-key-data|PRIVATE KEY/);
      expect(call.kubeconfig).toContain('client-key-data');
      expect(call.mode).toBe('600');
    }
    // WHEN node-01 joins after all
    harness.stub.tenant.setNodes({ [NODE_01]: 'Ready' });
    const passed = await applyNodes(app);
    // THEN the wait (tainted by the failure) runs again and passes
    expectSuccess([passed]);
    expect(flat(passed.output)).toContain('terraform_data');
    expect(passed.output).not.toContain('Check block assertion failed');
    expect(await readyNodes(app)).toEqual([NODE_00, NODE_01]);
    // AND the next plan changes nothing and warns of nothing
    const plan = await harness.plan(app, 'nodes');
    expect(plan.actions).toEqual([]);
    expect(plan.output).not.toContain('Warning');
  });

  test('with warnAfter, the apply succeeds and a check warns of the node that is not Ready', async () => {
    // GIVEN node-01 registers but never becomes Ready
    const app = await prepare('warn', JoinHealth.warnAfter(2));
    harness.stub.tenant.setNodes({ [NODE_01]: 'NotReady' });
    // WHEN
    const result = await applyNodes(app);
    // THEN
    expectSuccess([result]);
    expect(flat(result.output)).toContain('Warning: Check block assertion failed');
    expect(flat(result.output)).toContain(
      `Pool default-pool: nodes not Ready in the tenant: ${NODE_01}`,
    );
    expect(await readyNodes(app)).toEqual([NODE_00]);
    // AND every later plan keeps warning until the node is Ready
    expect(flat((await harness.plan(app, 'nodes')).output)).toContain(
      `nodes not Ready in the tenant: ${NODE_01}`,
    );
  });
});
