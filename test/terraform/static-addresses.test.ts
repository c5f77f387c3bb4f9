/**
 * Static addresses that go round their range, under the real terraform, offline (issue
 * #20 item 6): a node made in an apply takes the address of a node retired in the same
 * apply only once that node's machine is destroyed, and a plan that would give a
 * running node another address (a new `count`) fails before anything changes.
 */
import * as path from 'path';
import { NodeAddressing } from '../../src';
import {
  applyRecorded,
  describeAddress,
  PREFIX,
  startWithStubKubectl,
  vspherePoolApp,
} from './day-two-pool';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

const pool = (retiredNodes: number[], count: number) =>
  vspherePoolApp({
    replicas: 2,
    retiredNodes,
    addressing: NodeAddressing.staticRange({
      cidr: '192.0.2.0/28',
      first: '192.0.2.2',
      gateway: '192.0.2.1',
      count,
    }),
  });

describeWithTerraform('static addresses going round their range, under terraform', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;

  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
    // node-01 (.3) and node-02 (.4) in 3 addresses: node-00 (.2) retired before
    app = SynthesizedApp.synth(pool([0], 3), path.join(harness.workDir, 'start'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const next = (name: string, retiredNodes: number[], count: number) =>
    app.replaceConfiguration(
      SynthesizedApp.synth(pool(retiredNodes, count), path.join(harness.workDir, name)),
    );

  test('a node made in the apply that retires the node whose address it takes comes after its destroy', async () => {
    // GIVEN node-01 (.3) and node-02 (.4) WHEN both are retired in one apply
    next('retire', [0, 1, 2], 3);
    const { events } = await applyRecorded(harness, app, 'nodes', log);
    // THEN node-03 (.2) and node-04 (node-01's .3) are made, node-04 only once node-01's
    // machine is gone
    const at = (type: string, action: string, node: string) =>
      events.findIndex((e) => {
        const d = describeAddress(e.address);
        return e.type === type && e.action === action && d?.what === 'machine' && d.node === node;
      });
    expect(at('apply_complete', 'delete', 'node-01')).toBeGreaterThan(-1);
    expect(at('apply_start', 'create', 'node-04')).toBeGreaterThan(
      at('apply_complete', 'delete', 'node-01'),
    );
    const output = app.stackJson('nodes').output;
    expect(Object.values(output).map((o: any) => o.value)).toContainEqual({
      [`${PREFIX}node-03`]: expect.objectContaining({ address: '192.0.2.2' }),
      [`${PREFIX}node-04`]: expect.objectContaining({ address: '192.0.2.3' }),
    });
  });

  test('fails the plan when a new count would move a running node', async () => {
    // GIVEN node-03 (.2) and node-04 (.3) WHEN count goes from 3 to 4 (they would be .5, .2)
    next('recount', [0, 1, 2], 4);
    const result = await harness.terraform(app, 'nodes', ['plan', '-input=false', '-no-color']);
    // THEN the plan fails, naming the node, its address and the one it would get
    const text = result.output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');
    expect(result.code).not.toBe(0);
    expect(text).toContain(
      `Pool default-pool: node ${PREFIX}node-03 was made with the address 192.0.2.2, and the static range now gives it 192.0.2.5`,
    );
    expect(text).toContain('Put the range back, or retire those nodes first (retiredNodes).');
    // AND with the range put back, the plan is empty
    next('back', [0, 1, 2], 3);
    const plan = await harness.plan(app, 'nodes');
    expect(plan.actions.filter((c) => !c.actions.every((a) => a === 'no-op'))).toEqual([]);
  });
});
