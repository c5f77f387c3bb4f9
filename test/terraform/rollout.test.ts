/**
 * A pool version rollout under the real terraform, offline (issue #14 items 2, 7): a
 * pool of 3 on v1.34.2 rolled to v1.35.7 with maxSurge 1 / maxUnavailable 1, one
 * apply per step. Each plan is asserted (which machines are made and destroyed), each
 * apply's order (drain before the machine goes, Node deleted after) from the events of
 * `terraform apply -json`, with a stub `kubectl` first on PATH
 * (test/day-two/stubs/kubectl records its calls).
 */
import * as path from 'path';
import { App } from 'cdktf';
import {
  ApplyEvent,
  plannedMachines as plannedMachinesOf,
  outdatedIn,
  rollingPoolApp,
  startWithStubKubectl,
  applyRecorded,
  deleteEventIndex,
} from './day-two-pool';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(300_000);

const tenant = rollingPoolApp;

describeWithTerraform('a pool version rollout under terraform, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;

  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
    app = SynthesizedApp.synth(tenant('v1.34.2'), path.join(harness.workDir, 'v134'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const configure = (build: (app: App) => App, name: string) =>
    app.replaceConfiguration(SynthesizedApp.synth(build, path.join(harness.workDir, name)));

  const plannedMachines = () => plannedMachinesOf(harness, app);

  const applyNodes = () => applyRecorded(harness, app, 'nodes', log);

  const at = (events: ApplyEvent[], type: string, what: string, node: string) => {
    const index = deleteEventIndex(events, type, what, node);
    if (index < 0) throw new Error(`no ${type} of ${what} ${node}`);
    return index;
  };

  /** Drain done before the machine's destroy starts; Node deletion after it ends. */
  const expectRetiredInOrder = (events: ApplyEvent[], node: string) => {
    const drained = at(events, 'apply_complete', 'node-drain', node);
    const machineStart = at(events, 'apply_start', 'machine', node);
    const machineDone = at(events, 'apply_complete', 'machine', node);
    const deletion = at(events, 'apply_start', 'node-deletion', node);
    expect({ node, drainFirst: drained < machineStart, nodeLast: machineDone < deletion }).toEqual({
      node,
      drainFirst: true,
      nodeLast: true,
    });
  };

  test('step 0 changes nothing; the plan names the three nodes on v1.34.2', async () => {
    configure(tenant('v1.35.7', 0), 'step-0');
    const { machines, plan } = await plannedMachines();
    expect(plan.actions).toEqual([]);
    expect(machines).toEqual([]);
    expect(outdatedIn(plan.output)).toEqual([
      'node-00 (v1.34.2)',
      'node-01 (v1.34.2)',
      'node-02 (v1.34.2)',
    ]);
    // ...and, the rollout being configured, where it is and what to do next
    expect(plan.output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ')).toContain(
      'A rollout is under way, at step 0 of 4: raise rollout.step by one per apply',
    );
  });

  test('one step per apply: new capacity first, at most one node drained per apply, in order', async () => {
    const expected: Array<[number, string[], string[]]> = [
      // [step, planned machines, kubectl calls]
      [1, ['+node-03'], []],
      [2, ['+node-04', '-node-00'], ['cordon node-00', 'drain node-00', 'delete node node-00']],
      [3, ['+node-05', '-node-01'], ['cordon node-01', 'drain node-01', 'delete node node-01']],
      [4, ['-node-02'], ['cordon node-02', 'drain node-02', 'delete node node-02']],
    ];
    for (const [step, planned, kubectl] of expected) {
      configure(tenant('v1.35.7', step), `step-${step}`);
      const { machines } = await plannedMachines();
      expect({ step, machines }).toEqual({ step, machines: planned });
      const { events, calls } = await applyNodes();
      expect({ step, calls }).toEqual({ step, calls: kubectl });
      for (const gone of planned.filter((m) => m.startsWith('-'))) {
        expectRetiredInOrder(events, gone.slice(1));
      }
      // The same configuration again is an empty plan: a step is never taken twice.
      expect({ step, again: (await harness.plan(app, 'nodes')).actions }).toEqual({
        step,
        again: [],
      });
    }
    // THEN every node runs v1.35.7: the version warning is gone
    const last = await harness.plan(app, 'nodes');
    expect(outdatedIn(last.output)).toEqual([]);
    expect(last.output).not.toContain('Check block assertion failed');
  });

  test('once complete, the pool written without rollout is the same configuration', async () => {
    configure(tenant('v1.35.7', undefined, [0, 1, 2]), 'done');
    expect((await harness.plan(app, 'nodes')).actions).toEqual([]);
  });
});
