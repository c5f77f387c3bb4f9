/**
 * Upgrading the library never replaces a running machine (design D13, issue #20
 * acceptance), on every infrastructure, with the real terraform against the stubs.
 *
 * The fixture (fixtures/upgrade-base/) is the app of upgrade-app.ts as the library of
 * an older commit synthesized it (the hash is in fixtures/upgrade-base/COMMIT). The test
 * applies it, synthesizes the same app with this checkout's library into the same
 * stack folders (state kept), plans every stack and fails on any planned delete or
 * replacement that would touch a node. It prints the changes the upgrade plans.
 *
 * Regenerate the fixture from another commit (after changing upgrade-app.ts, or to
 * move the baseline to a release) with:
 *
 *   test/terraform/upgrade/upgrade-fixture.sh <commit> test/terraform/upgrade-app.ts upgrade-base
 */
import * as fs from 'fs';
import * as path from 'path';
import { Plan, ResourceChange, SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';
import { upgradeApp } from './upgrade-app';

jest.setTimeout(120_000);

const FIXTURE = path.join(__dirname, 'fixtures', 'upgrade-base');

/** The resource that is a node's machine, per infrastructure. */
const MACHINES: { [type: string]: string } = {
  vsphere_virtual_machine: 'vSphere',
  vcd_vapp_vm: 'Cloud Director',
  proxmox_virtual_environment_vm: 'Proxmox',
  maas_instance: 'MAAS',
  maas_vm_host_machine: 'MAAS (VM host)',
};

/**
 * What may be deleted or replaced by an upgrade, and why no node notices. Anything
 * else deleted or replaced fails the test: machines, the vApp and its network (their
 * VMs go or lose their network with them), the anti-affinity rule, the control plane,
 * and the drain and Node-deletion instances (deleting one drains its node).
 */
const MAY_BE_REPLACED: { [type: string]: (change: ResourceChange) => string | undefined } = {
  // A node's cloud-init snippet is read once, when its VM is created; the VM ignores
  // later changes of `user_data_file_id`, so a new snippet only serves a `-replace`.
  // A change of the metadata snippet's id that the VM does not ignore shows up as a
  // change of the VM, which the test refuses.
  proxmox_virtual_environment_file: () => 'a Proxmox snippet, read only when its VM is made',
  // The join token: a joined kubelet no longer uses it, and machines ignore later
  // changes of their user-data (design D3).
  random_string: joinTokenPart,
  random_password: joinTokenPart,
  time_rotating: joinTokenPart,
  time_offset: joinTokenPart,
  kubernetes_secret_v1: (change) =>
    (change.before ?? change.after)?.type === 'bootstrap.kubernetes.io/token'
      ? 'the bootstrap token Secret'
      : undefined,
};

function joinTokenPart(change: ResourceChange): string | undefined {
  return /-join-token_/.test(change.address) ? 'a part of the join token' : undefined;
}

/**
 * `terraform_data` whose deletion runs nothing on a node (join health): one with a
 * destroy-time provisioner (a drain, a Node deletion) is never allowed to go.
 */
function runsOnDestroy(configuration: any, change: ResourceChange): boolean {
  const name = change.address.replace(/\[.*\]$/, '').split('.')[1];
  const block = configuration.resource?.[change.type]?.[name];
  return (block?.provisioner ?? []).some((p: any) =>
    Object.values<any>(p).some((provisioner) => provisioner.when === 'destroy'),
  );
}

/** `delete`, `replace` (either order) or undefined for a change that keeps the resource. */
function removal(change: ResourceChange): string | undefined {
  if (!change.actions.includes('delete')) return undefined;
  return change.actions.includes('create') ? 'replace' : 'delete';
}

/** Why a removal is refused, or undefined when it touches no node. */
function refusal(change: ResourceChange, configurations: any[]): string | undefined {
  const kind = removal(change);
  if (!kind) return undefined;
  if (MACHINES[change.type]) return `${kind} of a ${MACHINES[change.type]} machine`;
  if (change.type === 'terraform_data') {
    return configurations.some((c) => runsOnDestroy(c, change))
      ? `${kind} of a drain or Node deletion (runs on the node)`
      : undefined;
  }
  const allowed = MAY_BE_REPLACED[change.type]?.(change);
  return allowed ? undefined : `${kind} of a ${change.type}, not known to spare the nodes`;
}

/** The changes of the plans that refusal() refuses, one line each. */
function refusals(plans: Plan[], configurations: { [stack: string]: any[] }): string[] {
  return plans.flatMap((plan) =>
    plan.actions.flatMap((change) => {
      const why = refusal(change, configurations[plan.stack]);
      return why ? [`${plan.stack}: ${change.address}: ${why}`] : [];
    }),
  );
}

describeWithTerraform('a library upgrade replaces no running machine, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let base: string;
  let before: { [stack: string]: any };

  beforeAll(async () => {
    harness = await TerraformHarness.start();
    // The app as the older library synthesized it, applied.
    base = fs.readFileSync(path.join(FIXTURE, 'COMMIT'), 'utf8').trim();
    const dir = path.join(harness.workDir, 'upgrade');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    app = SynthesizedApp.open(dir);
    before = Object.fromEntries(app.stacks.map((s) => [s, app.stackJson(s)]));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  test('the fixture, applied, runs machines on every infrastructure', () => {
    const applied = app.stacks.flatMap((s) => app.stateResources(s));
    expect([...new Set(applied.map((r) => MACHINES[r.type]).filter(Boolean))].sort()).toEqual(
      Object.values(MACHINES).sort(),
    );
    // bring-your-own: machines made elsewhere, known by their drain instances
    expect(applied.map((r) => r.name)).toContainEqual(
      expect.stringMatching(/^byo-pool_retirement_node-drain_/),
    );
  });

  test(`the same app synthesized with this library plans no node's replacement`, async () => {
    // GIVEN the applied fixture
    // WHEN the same app is synthesized with this library into the same stack folders
    const current = SynthesizedApp.synth(upgradeApp, path.join(harness.workDir, 'current'));
    expect(current.stacks).toEqual(app.stacks);
    app.replaceConfiguration(current);
    // a new library may need another provider: init again, as an upgrade does
    expectSuccess(await harness.init(app));
    const plans = await harness.planAll(app);

    // THEN no planned change deletes or replaces a machine or runs on a node
    const changes = plans.flatMap((plan) =>
      plan.actions.map((c) => `  ${plan.stack}: ${c.actions} ${c.address}`),
    );
    console.log(
      [
        `library upgrade from ${base.slice(0, 7)}: ${changes.length} planned change(s)`,
        ...changes,
      ].join('\n'),
    );
    const configurations = Object.fromEntries(
      app.stacks.map((s) => [s, [before[s], app.stackJson(s)]]),
    );
    expect(refusals(plans, configurations)).toEqual([]);
  });

  test('the check refuses what would touch a node, on every infrastructure', async () => {
    // GIVEN the fixture's nodes stack with one machine per type, the vApp and the
    // bring-your-own pool's drains renamed: Terraform destroys what it knew by the old name
    const file = path.join(app.stackDir('nodes'), 'cdk.tf.json');
    const fixture = before.nodes;
    const renamed = [
      ...Object.keys(MACHINES).map((type) => Object.keys(fixture.resource[type])[0]),
      Object.keys(fixture.resource.vcd_vapp)[0],
      Object.keys(fixture.resource.terraform_data).find((n) =>
        /^byo-pool_retirement_node-drain/.test(n),
      )!,
    ];
    let text = JSON.stringify(fixture);
    for (const name of renamed) text = text.split(name).join(`${name}_renamed`);
    fs.writeFileSync(file, text);
    // WHEN
    const plan = await harness.plan(app, 'nodes');
    // THEN
    const refused = refusals([plan], { nodes: [fixture, JSON.parse(text)] }).map((line) =>
      line.replace(/\.[\w-]+?_[0-9A-F]{8}(\[.*\])?:/, ':'),
    );
    expect(refused).toEqual([
      'nodes: maas_instance: delete of a MAAS machine',
      // the machine deployed on the renamed VM host machine goes with it
      'nodes: maas_instance: replace of a MAAS machine',
      'nodes: maas_vm_host_machine: delete of a MAAS (VM host) machine',
      'nodes: proxmox_virtual_environment_vm: delete of a Proxmox machine',
      'nodes: terraform_data: delete of a drain or Node deletion (runs on the node)',
      'nodes: terraform_data: delete of a drain or Node deletion (runs on the node)',
      'nodes: vcd_vapp: delete of a vcd_vapp, not known to spare the nodes',
      'nodes: vcd_vapp_vm: delete of a Cloud Director machine',
      'nodes: vsphere_virtual_machine: delete of a vSphere machine',
    ]);
  });
});
