/**
 * Day-2 scenarios on a multi-pool tenant (vSphere, MAAS and Cloud Director pools),
 * run by the real terraform binary against the stub providers (design D4, D3, D8):
 * scaling a pool down destroys only the last node, rotating the join token replaces
 * no machine, and a typo through an escape hatch fails `terraform validate`.
 */
import * as path from 'path';
import { TerraformResource } from 'cdktf';
import { PoolNode } from '../../src';
import { addressesWith, Plan, ResourceChange, SynthesizedApp, TerraformHarness } from './harness';
import { multiPoolApp, MultiPoolOptions } from './multi-pool-app';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(180_000);

/** The resource types that are machines, or that a machine boots from. */
const MACHINE_TYPES = [
  'vsphere_virtual_machine',
  'maas_instance',
  'maas_vm_host_machine',
  'vcd_vapp_vm',
  'proxmox_virtual_environment_vm',
  'proxmox_virtual_environment_file',
];

const describeChange = (c: ResourceChange) => `${c.address}: ${c.actions.join(',')}`;

describeWithTerraform('a multi-pool tenant under terraform, offline', () => {
  let harness: TerraformHarness;
  beforeAll(async () => {
    harness = await TerraformHarness.start();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const synth = (dir: string, options: MultiPoolOptions = {}) =>
    SynthesizedApp.synth(multiPoolApp(options), path.join(harness.workDir, dir));

  describe('day 2', () => {
    let app: SynthesizedApp;
    let created: string[] = [];

    /** Plans the nodes stack, failing with terraform's output if it cannot. */
    const planNodes = async (): Promise<Plan> => harness.plan(app, 'nodes');

    test('validates, applies, and plans no changes afterwards', async () => {
      // GIVEN
      app = synth('day-2');
      expectSuccess(await harness.init(app));
      expectSuccess(await harness.validate(app));
      // WHEN
      for (const stack of app.stacks) {
        const plan = await harness.plan(app, stack);
        if (stack === 'nodes') created = addressesWith(plan, ['create']);
        expectSuccess([
          await harness.terraform(app, stack, ['apply', '-input=false', '-no-color', 'tfplan']),
        ]);
      }
      // THEN
      for (const plan of await harness.planAll(app)) {
        expect({ stack: plan.stack, changes: plan.actions.map(describeChange) }).toEqual({
          stack: plan.stack,
          changes: [],
        });
      }
    });

    test('scaling two pools from 3 to 2 destroys exactly their node-02 and changes nothing else', async () => {
      // GIVEN the resources that make up node-02 of the pools that shrink, and its drain
      // and Node deletion (instances keyed by node name, issue #14)
      const node02 = created.filter(
        (a) =>
          /\.(default|application)-pool_node-02_/.test(a) ||
          /_retirement_node-(drain|deletion)_\w+\["tcp-charlie-(default|application)-pool-node-02"\]$/.test(
            a,
          ),
      );
      expect(node02.length).toBeGreaterThanOrEqual(7); // a VM, a MAAS VM and its instance, 2 x 2 drain and deletion
      // WHEN
      app.replaceConfiguration(synth('day-2-scaled', { replicas: 2 }));
      const plan = await planNodes();
      // THEN node-02 goes, nothing is created or replaced, and only membership lists update
      // (the anti-affinity rules, and each pool's two ledger records, issue #20)
      expect(addressesWith(plan, ['delete'])).toEqual(node02);
      const others = plan.actions.filter((c) => !node02.includes(c.address));
      const membership = (c: (typeof others)[number]) =>
        c.actions.join() === 'update' &&
        (/affinity_rule$/.test(c.type) || /_ledger-(retired|applied)_/.test(c.address));
      expect(others.filter((c) => !membership(c))).toEqual([]);
      expect(
        Object.keys(plan.outputChanges).filter(
          (o) => plan.outputChanges[o].actions.join() !== 'no-op',
        ),
      ).toEqual([
        'cdktf_kamaji_ledger',
        'tcp-charlie-application-pool-nodes',
        'tcp-charlie-default-pool-nodes',
      ]);
      // AND the scaled stack applies and is stable
      expectSuccess([
        await harness.terraform(app, 'nodes', ['apply', '-input=false', '-no-color', 'tfplan']),
      ]);
      expect((await planNodes()).actions.map(describeChange)).toEqual([]);
    });

    test('rotating the join token once it expires replaces the token and no machine', async () => {
      // GIVEN the token's rotation time (12 hours) has passed: time_rotating drops out of state
      const before = await planNodes();
      const oldToken = secretOf(before);
      harness.stub.clock.advanceMinutes(12 * 60 + 1);
      // WHEN
      const plan = await planNodes();
      // THEN a new token Secret replaces the old one...
      const secret = plan.actions.find((c) => c.type === 'kubernetes_secret_v1');
      expect(secret?.actions.slice().sort()).toEqual(['create', 'delete']);
      expect(addressesWith(plan, ['create'])).toEqual([
        expect.stringMatching(/^time_rotating\..*join-token/),
      ]);
      // ...every change belongs to the join token, and no machine changes at all
      expect(
        plan.actions.filter((c) => !c.address.includes('join-token')).map(describeChange),
      ).toEqual([]);
      const machines = plan.changes.filter((c) => MACHINE_TYPES.includes(c.type));
      expect(machines.length).toBeGreaterThan(0);
      expect(machines.filter((c) => c.actions.join() !== 'no-op').map(describeChange)).toEqual([]);
      // AND the rotation applies, yields a different token and leaves a stable plan
      expectSuccess([
        await harness.terraform(app, 'nodes', ['apply', '-input=false', '-no-color', 'tfplan']),
      ]);
      const after = await planNodes();
      expect(after.actions.map(describeChange)).toEqual([]);
      const newToken = secretOf(after);
      expect(newToken.name).toMatch(/^bootstrap-token-[a-z0-9]{6}$/);
      expect(newToken.name).not.toEqual(oldToken.name);
    });

    test('destroy leaves both stacks with an empty state', async () => {
      expectSuccess(await harness.destroyAll(app));
      for (const stack of app.stacks) {
        expect({ stack, left: app.stateResources(stack) }).toEqual({ stack, left: [] });
      }
    });
  });

  // The rotation scenario has teeth: the stubs model which arguments force a new
  // machine, so without the pools' ignore_changes the same rotation replaces machines.
  test('control: without ignore_changes on user-data, a rotation would replace MAAS machines', async () => {
    // GIVEN the same tenant with every machine's ignore_changes emptied, applied
    const app = synth('control', {
      customize: ({ nodes }) => {
        for (const pool of nodes.pools) {
          for (const node of pool.nodes) machineOf(node).lifecycle = {};
        }
      },
    });
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
    // WHEN the token's rotation time passes
    harness.stub.clock.advanceMinutes(12 * 60 + 1);
    const plan = await harness.plan(app, 'nodes');
    // THEN
    const replaced = plan.actions
      .filter((c) => c.type === 'maas_instance' && c.actions.includes('delete'))
      .map((c) => c.address);
    expect(replaced).toHaveLength(3);
    const updated = plan.actions.filter((c) => c.type === 'vsphere_virtual_machine');
    expect(updated.map((c) => c.actions.join())).toEqual(['update', 'update', 'update']);
    await harness.destroyAll(app);
  });

  describe('escape hatches', () => {
    const validateWith = async (dir: string, customize: MultiPoolOptions['customize']) => {
      const app = synth(dir, { customize });
      expectSuccess(await harness.init(app));
      return harness.validate(app);
    };

    test('an unknown attribute added to the TenantControlPlane makes validate fail', async () => {
      // WHEN
      const results = await validateWith('hatch-tcp', ({ controlPlane }) => {
        const resource = controlPlane.controlPlane.node.defaultChild as TerraformResource;
        resource.addOverride('wait_for_rollout', true);
      });
      // THEN terraform names the attribute, from the provider schema alone
      const failed = results.find((r) => r.stack === 'control-plane')!;
      expect(failed.code).toBe(1);
      expect(failed.output).toContain('No argument or block type is named "wait_for_rollout"');
      expect(results.find((r) => r.stack === 'nodes')!.code).toBe(0);
    });

    test('a mistyped machine attribute and a wrong type make validate fail', async () => {
      // WHEN
      const results = await validateWith('hatch-vm', ({ nodes }) => {
        const vm = machineOf(nodes.pools[0].nodes[0]);
        vm.addOverride('num_cpu', 4);
        vm.addOverride('memory', 'lots');
      });
      // THEN
      const failed = results.find((r) => r.stack === 'nodes')!;
      expect(failed.code).toBe(1);
      expect(failed.output).toContain('No argument or block type is named "num_cpu"');
      expect(failed.output).toContain(
        'Inappropriate value for attribute "memory": a number is required',
      );
    });
  });
});

/** The resource a node's machine is, for the escape hatch. */
function machineOf(node: PoolNode): TerraformResource {
  const resource = node.machine.resource;
  if (!resource) throw new Error(`${node.nodeName} has no machine resource`);
  return resource;
}

/** The bootstrap token Secret in a plan: its name, from the prior or planned state. */
function secretOf(plan: Plan): { name: string } {
  const change = plan.changes.find((c) => c.type === 'kubernetes_secret_v1');
  const state = change?.after ?? change?.before;
  return { name: state?.metadata?.[0]?.name };
}
