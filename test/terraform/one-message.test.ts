/**
 * One root cause, one message (issue #22 item 6), as the real terraform prints it,
 * offline: a pool whose nodes differ from it in version and in template has one check
 * block, with one assertion, so each plan of a rollout shows one warning for the pool,
 * naming every finding; not one per check block or per assertion. And the
 * control-plane-first precondition, now on one resource per pool instead of on each
 * Node record, replaces nothing when a library upgrade brings it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { KubernetesVersion, VSphereInfrastructure } from '../../src';
import { PREFIX, VSPHERE_POOL, vspherePoolApp } from './day-two-pool';
import { SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

const OLD = { version: 'v1.34.2', template: 'ubuntu-24.04' };
const NEW = { version: 'v1.35.7', template: 'ubuntu-26.04' };

/** A pool of 2 on `version` and `template`; rolled from OLD at `step`, if given. */
const tenant = (to: typeof OLD, step?: number) =>
  vspherePoolApp(
    {
      replicas: 2,
      kubernetesVersion: KubernetesVersion.of(to.version),
      ...(step !== undefined && {
        rollout: {
          fromKubernetesVersion: KubernetesVersion.of(OLD.version),
          fromInfrastructure: new VSphereInfrastructure({
            ...VSPHERE_POOL,
            template: OLD.template,
          }),
          step,
        },
      }),
    },
    { template: to.template },
  );

/** The check block warnings of a plan's output, each as one line of text. */
function checkWarnings(output: string): string[] {
  return output
    .split(/\n(?=(?:│ )?Warning: )/)
    .filter((block) => /^(?:│ )?Warning: Check block assertion/.test(block))
    .map((block) =>
      block
        .replace(/\s*│\s*/g, ' ')
        .replace(/\s+/g, ' ')
        .replaceAll(PREFIX, '')
        .trim(),
    );
}

describeWithTerraform('a version and template rollout under terraform, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;

  beforeAll(async () => {
    harness = await TerraformHarness.start();
    app = SynthesizedApp.synth(tenant(OLD), path.join(harness.workDir, 'old'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const configure = (build: (app: App) => App, name: string) =>
    app.replaceConfiguration(SynthesizedApp.synth(build, path.join(harness.workDir, name)));

  test.each([0, 1])('step %i: one warning for the pool, naming both findings', async (step) => {
    // GIVEN nodes made with v1.34.2 from ubuntu-24.04, a pool now on v1.35.7 and ubuntu-26.04
    configure(tenant(NEW, step), `step-${step}`);
    // WHEN
    const plan = await harness.plan(app, 'nodes');
    // THEN one warning...
    const warnings = checkWarnings(plan.output);
    expect(warnings).toHaveLength(1);
    // ...that says it all: the old version and the old template of each old node
    expect(warnings[0]).toContain(
      "Pool default-pool: node-00 (v1.34.2), node-01 (v1.34.2) still run another version than the pool's v1.35.7",
    );
    expect(warnings[0]).toContain(
      "node-00 (template ubuntu-24.04), node-01 (template ubuntu-24.04) were made with another machine spec than the pool's (template ubuntu-26.04",
    );
  });
});

/**
 * The nodes stack as the library wrote it before issue #22: the precondition on the
 * node-deletion records, no control-plane-first, and two check blocks (they hold no
 * state; one of them is enough here).
 */
function asBefore(json: any): any {
  const data = json.resource.terraform_data as Record<string, any>;
  const first = Object.keys(data).find((k) => k.includes('control-plane-first'))!;
  const deletion = Object.keys(data).find((k) => k.includes('node-deletion'))!;
  const precondition = data[first].lifecycle.precondition;
  delete data[first];
  delete data[deletion].depends_on;
  data[deletion].lifecycle = { precondition };
  return json;
}

describeWithTerraform('the control-plane-first check after a library upgrade', () => {
  let harness: TerraformHarness;
  afterAll(async () => {
    await harness?.stop();
  });

  test('plans one new resource per pool and replaces nothing', async () => {
    // GIVEN a pool applied as the library wrote it before
    harness = await TerraformHarness.start();
    const app = SynthesizedApp.synth(tenant(OLD), path.join(harness.workDir, 'before'));
    const file = path.join(app.stackDir('nodes'), 'cdk.tf.json');
    const upgraded = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, JSON.stringify(asBefore(JSON.parse(upgraded))));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
    // WHEN the library is upgraded
    fs.writeFileSync(file, upgraded);
    const plan = await harness.plan(app, 'nodes');
    // THEN the one change is the new check, made: no machine or record is touched
    expect(plan.actions.map((c) => `${c.address}: ${c.actions}`)).toEqual([
      expect.stringMatching(
        /^terraform_data\.default-pool_retirement_control-plane-first_\w+: create$/,
      ),
    ]);
  });
});
