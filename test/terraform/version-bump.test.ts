/**
 * A pool version bump is never a silent no-op (issue #14 items 2, 7), under the real
 * terraform, offline: machines ignore later user-data (design D3), so running nodes
 * keep their version, and every plan warns about each node that runs another version
 * than its pool's until it is rolled (retired) by hand.
 */
import * as path from 'path';
import { App } from 'cdktf';
import { KubernetesVersion } from '../../src';
import { outdatedIn, vspherePoolApp } from './day-two-pool';
import { SynthesizedApp, TerraformError, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

const tenant = (version: string, replicas: number, retiredNodes?: number[]) =>
  vspherePoolApp({ replicas, retiredNodes, kubernetesVersion: KubernetesVersion.of(version) });

describeWithTerraform('a pool version bump under terraform, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;

  beforeAll(async () => {
    harness = await TerraformHarness.start();
    app = SynthesizedApp.synth(tenant('v1.34.2', 2), path.join(harness.workDir, 'v134'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const next = (build: (app: App) => App, name: string) =>
    app.replaceConfiguration(SynthesizedApp.synth(build, path.join(harness.workDir, name)));
  const applyNodes = async () => {
    const result = await harness.terraform(app, 'nodes', [
      'apply',
      '-input=false',
      '-no-color',
      '-auto-approve',
    ]);
    if (result.code !== 0) throw new TerraformError(result);
    return result.output;
  };

  test('before the bump, no warning', async () => {
    const plan = await harness.plan(app, 'nodes');
    expect(plan.actions).toEqual([]);
    expect(plan.output).not.toContain('Check block assertion failed');
  });

  test('the bump changes no machine, and the plan names every node still on v1.34.2', async () => {
    // WHEN
    next(tenant('v1.35.7', 2), 'v135');
    const plan = await harness.plan(app, 'nodes');
    // THEN nothing changes on its own...
    expect(plan.actions.map((c) => `${c.address}: ${c.actions}`)).toEqual([]);
    // ...and the plan says so, naming each node and its version
    expect(plan.output).toContain('Warning: Check block assertion failed');
    expect(outdatedIn(plan.output)).toEqual(['node-00 (v1.34.2)', 'node-01 (v1.34.2)']);
    // ...and what to write to roll them, with the version they share
    expect(plan.output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ')).toContain(
      'Roll them: set rollout: { fromKubernetesVersion: v1.34.2, step: 1 } on pool default-pool',
    );
  });

  test('rolling by hand: a new node first, then the old ones retired, until no warning is left', async () => {
    // WHEN capacity is added: node-02 is made with v1.35.7
    next(tenant('v1.35.7', 3), 'v135-surge');
    await applyNodes();
    expect(outdatedIn((await harness.plan(app, 'nodes')).output)).toEqual([
      'node-00 (v1.34.2)',
      'node-01 (v1.34.2)',
    ]);
    // WHEN node-00 is retired (node-03 made in its place)
    next(tenant('v1.35.7', 3, [0]), 'v135-retire-0');
    await applyNodes();
    expect(outdatedIn((await harness.plan(app, 'nodes')).output)).toEqual(['node-01 (v1.34.2)']);
    // WHEN node-01 is retired and the pool is back to two nodes
    next(tenant('v1.35.7', 2, [0, 1]), 'v135-retire-1');
    await applyNodes();
    // THEN the pool is node-02 and node-03, both on v1.35.7, and the warning is gone
    const plan = await harness.plan(app, 'nodes');
    expect(plan.actions).toEqual([]);
    expect(plan.output).not.toContain('Check block assertion failed');
  });
});
