/**
 * A join token read across stacks is sensitive wherever it is used. A JoinToken made in
 * the control plane stack and given to pools in another stack reaches them through
 * CDKTF's cross-stack outputs and a terraform_remote_state, whose outputs Terraform does
 * not mark sensitive (the class of bug of #22 item 3, the admin kubeconfig). With the
 * real terraform, the node stack's plan redacts the token and everything made from it
 * (a Proxmox snippet's user-data, a bring-your-own `<node>-user-data` output), and
 * Terraform refuses the token in an output not marked sensitive. Marking it changes no
 * value: after upgrading, no machine changes (design D13).
 */
import * as fs from 'fs';
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import {
  BringYourOwnMachines,
  JoinToken,
  NodePool,
  ProxmoxInfrastructure,
  VSphereInfrastructure,
} from '../../src';
import { ProxmoxProvider } from '../../src/.gen/providers/proxmox/provider';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

/** A control plane stack that makes the token, and a node stack whose pools use it. */
function twoStackApp(userOutput: boolean): (app: App) => App {
  return (app) => {
    const cp = new ControlPlaneStack(app, 'control-plane');
    const { controlPlane } = cp;
    const joinToken = new JoinToken(cp, 'join-token', { controlPlane });
    const nodes = new TerraformStack(app, 'nodes');
    useLocalState(nodes);
    new ProxmoxProvider(nodes, 'proxmox', { ssh: [{ agent: true }] });
    new NodePool(nodes, 'proxmox-pool', {
      controlPlane,
      joinToken,
      name: 'proxmox-pool',
      replicas: 1,
      infrastructure: new ProxmoxInfrastructure({
        nodes: ['pve-1'],
        templateVmId: 9000,
        snippetsDatastore: 'local',
      }),
    });
    new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
    new NodePool(nodes, 'vsphere-pool', {
      controlPlane,
      joinToken,
      name: 'vsphere-pool',
      replicas: 1,
      infrastructure: new VSphereInfrastructure({
        datacenter: 'dc-1',
        computeCluster: 'cluster-1',
        datastore: 'vsan',
        networks: ['tenant-nodes'],
        template: 'ubuntu-24.04',
      }),
    });
    new NodePool(nodes, 'byo-pool', {
      controlPlane,
      joinToken,
      name: 'byo-pool',
      replicas: 1,
      infrastructure: new BringYourOwnMachines(),
    });
    // A careless output of the user's own: Terraform must refuse it.
    if (userOutput) new TerraformOutput(nodes, 'careless', { value: joinToken.token });
    return app;
  };
}

describeWithTerraform('a join token across stacks, offline', () => {
  let harness: TerraformHarness;
  beforeAll(async () => {
    harness = await TerraformHarness.start();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  async function appliedControlPlane(name: string, userOutput: boolean) {
    const app = SynthesizedApp.synth(twoStackApp(userOutput), path.join(harness.workDir, name));
    expectSuccess(await harness.init(app));
    const apply = await harness.terraform(app, 'control-plane', [
      'apply',
      '-input=false',
      '-no-color',
      '-auto-approve',
    ]);
    expectSuccess([apply]);
    const shown = await harness.terraform(app, 'control-plane', ['show', '-json'], true);
    const resources: any[] = JSON.parse(shown.output).values.root_module.resources;
    const result = (type: string): string => resources.find((r) => r.type === type).values.result;
    return { app, token: `${result('random_string')}.${result('random_password')}` };
  }

  test("the node stack's plan redacts the token and the user-data made from it", async () => {
    // GIVEN the control plane stack applied: the token is in its state
    const { app, token } = await appliedControlPlane('redacted', false);
    expect(token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    // WHEN the node stack is planned
    const plan = await harness.plan(app, 'nodes');
    const saved = await harness.terraform(
      app,
      'nodes',
      ['show', '-json', '-no-color', 'tfplan'],
      true,
    );
    // THEN the plan prints the token nowhere, in clear or as the user-data has it (base64)
    for (const shown of [token.split('.')[1], Buffer.from(token).toString('base64')]) {
      expect({ shown, printed: plan.output.includes(shown) }).toEqual({ shown, printed: false });
    }
    // ... AND the user-data of both pools is marked sensitive
    const json = JSON.parse(saved.output);
    const snippet = json.resource_changes.find(
      (r: any) => r.type === 'proxmox_virtual_environment_file' && r.name.includes('UserData'),
    );
    expect(snippet.change.after_sensitive.source_raw).toEqual([{ data: true }]);
    const byo = Object.entries(json.output_changes).filter(([name]) => name.endsWith('-user-data'));
    expect(byo.map(([name, change]: [string, any]) => [name, change.after_sensitive])).toEqual([
      ['tcp-charlie-byo-pool-node-00-user-data', true],
    ]);
  });

  test('Terraform refuses the token in an output not marked sensitive', async () => {
    // GIVEN the control plane stack applied, and a node stack with a careless output
    const { app } = await appliedControlPlane('careless', true);
    // WHEN the node stack is planned
    const plan = await harness.terraform(app, 'nodes', ['plan', '-input=false', '-no-color']);
    // THEN terraform stops at the output
    expect(plan.code).not.toBe(0);
    expect(plan.output).toContain('Output refers to sensitive values');
  });

  test('after upgrading, the first plan changes no machine: the snippet is only marked', async () => {
    // GIVEN both stacks applied as a library before this fix made them: the same
    // configuration with the sensitive() around the token taken away
    const { app } = await appliedControlPlane('upgraded', false);
    const today = path.join(app.stackDir('nodes'), 'cdk.tf.json');
    const marked = fs.readFileSync(today, 'utf8');
    const unmarked = marked.replace(/sensitive\((join\([^[]*\[[^\]]*\]\))\)/g, '$1');
    expect(unmarked).not.toContain('sensitive(join');
    fs.writeFileSync(today, unmarked);
    const before = await harness.terraform(app, 'nodes', [
      'apply',
      '-input=false',
      '-no-color',
      '-auto-approve',
    ]);
    expectSuccess([before]);
    // WHEN today's configuration is planned
    fs.writeFileSync(today, marked);
    const plan = await harness.plan(app, 'nodes');
    // THEN only the Proxmox snippet changes, in place, and only its mark: its data is not
    // in ignore_changes (a later VM must boot with the current token), and Terraform
    // plans an update when just the sensitivity of an attribute changes
    expect(plan.actions.map((a) => [a.type, a.actions])).toEqual([
      ['proxmox_virtual_environment_file', ['update']],
    ]);
    expect(plan.actions[0].after).toEqual(plan.actions[0].before);
    expect(plan.output).toContain('The value is unchanged.');
  });
});
