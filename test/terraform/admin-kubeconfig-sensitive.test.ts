/**
 * The admin kubeconfig read across stacks is sensitive (issue #22 item 3): CDKTF hands
 * it to the node stack through a terraform_remote_state, whose outputs Terraform does
 * not mark sensitive, so the library marks it where it is read. With the real terraform,
 * a two-stack app whose node stack uses the kubeconfig (its join token's provider, its
 * pools' join health, and a resource of the user's own) is planned and applied; no
 * output shows the kubeconfig or any key, certificate or token in it.
 */
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, Fn, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import { JoinHealth, NodePool, VSphereInfrastructure } from '../../src';
import { TerraformData } from '../../src/private/terraform-data';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

function twoStackApp(app: App): App {
  const { controlPlane } = new ControlPlaneStack(app, 'control-plane');
  const nodes = new TerraformStack(app, 'nodes');
  useLocalState(nodes);
  new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
  new NodePool(nodes, 'default-pool', {
    controlPlane,
    name: 'default-pool',
    replicas: 1,
    joinHealth: JoinHealth.failAfter(60),
    infrastructure: new VSphereInfrastructure({
      datacenter: 'dc-1',
      computeCluster: 'cluster-1',
      datastore: 'vsan',
      networks: ['tenant-nodes'],
      template: 'ubuntu-24.04',
    }),
  });
  // A consumer of the user's own: the kubeconfig, and a value taken out of it.
  const kubeconfig = controlPlane.adminKubeconfig;
  new TerraformData(nodes, 'consumer', {
    input: {
      kubeconfig,
      key: Fn.lookupNested(Fn.yamldecode(kubeconfig), ['users', 0, 'user', 'client-key-data']),
    },
  });
  return app;
}

describeWithTerraform('the admin kubeconfig across stacks, offline', () => {
  let harness: TerraformHarness;
  beforeAll(async () => {
    harness = await TerraformHarness.start();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  test('no plan or apply of either stack prints it or any secret in it', async () => {
    // GIVEN the kubeconfig the stub's Secret holds, and its secrets
    const adminConf = harness.stub.adminConf('tcp-charlie');
    const user = parse(adminConf).users[0].user;
    const secrets = [
      user['client-key-data'],
      user['client-certificate-data'],
      Buffer.from(user['client-key-data'], 'base64').toString('utf8').split('\n')[1],
      Buffer.from(user['client-certificate-data'], 'base64').toString('utf8').split('\n')[1],
    ];
    const app = SynthesizedApp.synth(twoStackApp, path.join(harness.workDir, 'app'));
    expectSuccess(await harness.init(app));
    // WHEN each stack is planned and applied in turn
    const outputs: string[] = [];
    for (const stack of app.stacks) {
      const plan = await harness.plan(app, stack);
      outputs.push(plan.output);
      const apply = await harness.terraform(app, stack, [
        'apply',
        '-input=false',
        '-no-color',
        '-auto-approve',
      ]);
      expectSuccess([apply]);
      outputs.push(apply.output);
    }
    // THEN the node stack did use it (its consumer holds it) ...
    const shown = await harness.terraform(app, 'nodes', ['show', '-json', '-no-color'], true);
    const consumer = JSON.parse(shown.output).values.root_module.resources.find(
      (r: any) => r.address === 'terraform_data.consumer',
    );
    expect(consumer.values.input.kubeconfig).toBe(adminConf);
    expect(consumer.sensitive_values.input).toEqual({ kubeconfig: true, key: true });
    // ... AND no output shows it
    const printed = outputs.join('\n');
    expect(printed).toContain('(sensitive value)');
    for (const secret of secrets) {
      expect({ secret, printed: printed.includes(secret) }).toEqual({ secret, printed: false });
    }
  });
});
