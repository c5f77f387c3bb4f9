/**
 * A template rollout under the real terraform, offline (issue #14 items 3, 7): a
 * vSphere pool of 4 whose template changes from ubuntu-22.04 to ubuntu-24.04, with
 * maxSurge 1 / maxUnavailable 1, one apply per step. Each plan is asserted (which
 * machines are made and destroyed), each apply's order (drain before the machine goes)
 * from the events of `terraform apply -json`, with a stub `kubectl` first on PATH, and
 * the template each machine in the state was cloned from. Before that: the same
 * template change without `rollout` replaces no machine, and the plan names the nodes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { RolloutStrategy, VSphereInfrastructure } from '../../src';
import {
  plannedMachines as plannedMachinesOf,
  PREFIX,
  startWithStubKubectl,
  VSPHERE_POOL,
  vspherePoolApp,
  applyRecorded,
  deleteEventIndex,
} from './day-two-pool';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(300_000);

const OLD = 'ubuntu-22.04';
const NEW = 'ubuntu-24.04';

const tenant = (template: string, step?: number, retiredNodes?: number[]) =>
  vspherePoolApp(
    {
      replicas: 4,
      retiredNodes,
      ...(step !== undefined && {
        rollout: {
          fromInfrastructure: new VSphereInfrastructure({ ...VSPHERE_POOL, template: OLD }),
          step,
          strategy: RolloutStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 1 }),
        },
      }),
    },
    { template },
  );

/** The nodes a plan's machine spec warning names, e.g. ['node-00 (template ubuntu-22.04)']. */
function otherSpecIn(output: string): string[] {
  const text = output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');
  const match = /Pool default-pool: (.*?) were made with another machine spec than the pool's/.exec(
    text,
  );
  if (!match) return [];
  return match[1].split(/, (?=tcp-)/).map((n) => n.replace(PREFIX, ''));
}

describeWithTerraform('a template rollout under terraform, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;

  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
    app = SynthesizedApp.synth(tenant(OLD), path.join(harness.workDir, 'old'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const configure = (build: (app: App) => App, name: string) =>
    app.replaceConfiguration(SynthesizedApp.synth(build, path.join(harness.workDir, name)));

  const plannedMachines = () => plannedMachinesOf(harness, app);

  /** Each machine in the state, by node, and the template it was cloned from. */
  const templates = (): Record<string, string> => {
    const state = app.stateResources('nodes') as any[];
    const lookups = new Map<string, string>(
      state
        .filter((r) => r.mode === 'data' && r.type === 'vsphere_virtual_machine')
        .map((r) => [r.instances[0].attributes.id, r.instances[0].attributes.name]),
    );
    return Object.fromEntries(
      state
        .filter((r) => r.mode === 'managed' && r.type === 'vsphere_virtual_machine')
        .map((r) => [
          /node-\d+/.exec(r.name)![0],
          lookups.get(r.instances[0].attributes.clone[0].template_uuid) ?? 'unknown',
        ]),
    );
  };

  const applyNodes = () => applyRecorded(harness, app, 'nodes', log);
  const at = deleteEventIndex;

  test('a bare template change replaces no machine, and every plan names the nodes', async () => {
    configure(tenant(NEW), 'bare');
    const { machines, plan } = await plannedMachines();
    expect(plan.actions).toEqual([]);
    expect(machines).toEqual([]);
    expect(otherSpecIn(plan.output)).toEqual(
      ['node-00', 'node-01', 'node-02', 'node-03'].map((n) => `${n} (template ${OLD})`),
    );
    expect(plan.output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ')).toContain(
      'Roll the pool with rollout { fromInfrastructure, step }',
    );

    // The same configuration without the machines' ignore_changes: every VM replaced.
    const file = path.join(app.stackDir('nodes'), 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const vm of Object.values(json.resource.vsphere_virtual_machine) as any[]) {
      vm.lifecycle.ignore_changes = vm.lifecycle.ignore_changes.filter(
        (a: string) => a !== 'clone',
      );
    }
    fs.writeFileSync(file, JSON.stringify(json));
    const unguarded = await plannedMachines();
    expect(unguarded.machines).toEqual(
      ['node-00', 'node-01', 'node-02', 'node-03'].flatMap((n) => [`+${n}`, `-${n}`]).sort(),
    );
  });

  test('step 0 changes nothing', async () => {
    configure(tenant(NEW, 0), 'step-0');
    const { plan } = await plannedMachines();
    expect(plan.actions).toEqual([]);
  });

  test('one step per apply: new capacity first, at most one node drained per apply, in order', async () => {
    const expected: Array<[number, string[]]> = [
      [1, ['+node-04']],
      [2, ['+node-05', '-node-00']],
      [3, ['+node-06', '-node-01']],
      [4, ['+node-07', '-node-02']],
      [5, ['-node-03']],
    ];
    for (const [step, planned] of expected) {
      configure(tenant(NEW, step), `step-${step}`);
      const { machines } = await plannedMachines();
      expect({ step, machines }).toEqual({ step, machines: planned });
      const { events, calls } = await applyNodes();
      const gone = planned.filter((m) => m.startsWith('-')).map((m) => m.slice(1));
      const made = planned.filter((m) => m.startsWith('+')).map((m) => m.slice(1));
      // at most maxUnavailable (1) node drained, and only the one retired
      expect({ step, drains: calls.filter((c) => c.startsWith('drain ')) }).toEqual({
        step,
        drains: gone.map((n) => `drain ${n}`),
      });
      for (const node of gone) {
        const drained = at(events, 'apply_complete', 'node-drain', node);
        const destroyed = at(events, 'apply_start', 'machine', node);
        expect({ node, drained: drained >= 0, drainFirst: drained < destroyed }).toEqual({
          node,
          drained: true,
          drainFirst: true,
        });
      }
      // new machines from the new template; the old ones keep theirs
      const now = templates();
      for (const node of made)
        expect({ node, template: now[node] }).toEqual({ node, template: NEW });
      for (const node of ['node-00', 'node-01', 'node-02', 'node-03'].filter((n) => now[n])) {
        expect({ node, template: now[node] }).toEqual({ node, template: OLD });
      }
      expect({ step, again: (await harness.plan(app, 'nodes')).actions }).toEqual({
        step,
        again: [],
      });
    }
    expect(templates()).toEqual({ 'node-04': NEW, 'node-05': NEW, 'node-06': NEW, 'node-07': NEW });
    const last = await harness.plan(app, 'nodes');
    expect(otherSpecIn(last.output)).toEqual([]);
    expect(last.output).not.toContain('Check block assertion failed');
  });

  test('once complete, the pool written without rollout is the same configuration', async () => {
    configure(tenant(NEW, undefined, [0, 1, 2, 3]), 'done');
    expect((await harness.plan(app, 'nodes')).actions).toEqual([]);
  });
});
