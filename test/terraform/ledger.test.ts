/**
 * The stack's ledger under the real terraform, offline (issue #20 items 3 and 5): a
 * rollout step that does not follow the applied one, and a pool or control plane that
 * disappears with live nodes, are refused at plan time, before anything is drained;
 * a failed apply leaves the recorded step as it was. The stub `kubectl` of
 * test/day-two/stubs records what would have touched the tenant.
 */
import * as fs from 'fs';
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import {
  KubernetesVersion,
  NodePool,
  NodePoolOptions,
  RolloutStrategy,
  VSphereInfrastructure,
} from '../../src';
import {
  kubectlCalls,
  rollingPoolApp,
  startWithStubKubectl,
  VSPHERE_POOL,
  vspherePoolApp,
} from './day-two-pool';
import { SynthesizedApp, TerraformHarness, TerraformResult } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(300_000);

/** Terraform's output on one line, its box drawing removed. */
const flat = (output: string) => output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');

/** The run failed, saying `message` (terraform's boxed lines joined). */
function expectRefused(result: TerraformResult, message: string): void {
  expect(result.code).not.toBe(0);
  expect(flat(result.output)).toContain(message);
}

/** Synthesizes `build` into `<workDir>/<name>` as the app's next configuration. */
function reconfigure(
  harness: TerraformHarness,
  app: SynthesizedApp,
  build: (app: App) => App,
  name: string,
): void {
  app.replaceConfiguration(SynthesizedApp.synth(build, path.join(harness.workDir, name)));
}

/** Applies the nodes stack, the stub kubectl's log emptied first. */
function applyNodes(
  harness: TerraformHarness,
  app: SynthesizedApp,
  log: string,
): Promise<TerraformResult> {
  fs.writeFileSync(log, '');
  return harness.terraform(app, 'nodes', ['apply', '-input=false', '-no-color', '-auto-approve']);
}

describeWithTerraform('the ledger refuses a skipped rollout step, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;

  const tenant = rollingPoolApp;

  /** The pool at `step` of a rollout back from v1.35.7 to v1.34.2, of node-03..05 unless told. */
  const rollBack = (step: number, replicas = 3) =>
    vspherePoolApp({
      replicas,
      retiredNodes: [0, 1, 2],
      kubernetesVersion: KubernetesVersion.of('v1.34.2'),
      rollout: {
        fromKubernetesVersion: KubernetesVersion.of('v1.35.7'),
        step,
        strategy: RolloutStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 1 }),
      },
    });

  const configure = (build: (app: App) => App, name: string) =>
    reconfigure(harness, app, build, name);

  const apply = () => applyNodes(harness, app, log);

  const recordedStep = async () => {
    const shown = await harness.terraform(app, 'nodes', ['output', '-json', 'cdktf_kamaji_ledger']);
    expectSuccess([shown]);
    const record = JSON.parse(shown.output.slice(shown.output.indexOf('{'))).pools[
      'kamaji-tenant/tcp-charlie/default-pool'
    ];
    return { rollout: record.rollout === '' ? 'none' : 'v1.34.2 -> v1.35.7', step: record.step };
  };

  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
    app = SynthesizedApp.synth(tenant('v1.34.2'), path.join(harness.workDir, 'v134'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  test('step 2 right after step 0 fails at plan, saying to write step 1; nothing is drained', async () => {
    // GIVEN step 0 applied
    configure(tenant('v1.35.7', 0), 'step-0');
    expectSuccess([await apply()]);
    // WHEN step 2 is applied next
    configure(tenant('v1.35.7', 2), 'step-2');
    const result = await apply();
    // THEN the plan is refused, and kubectl never ran against the tenant
    expectRefused(
      result,
      'Pool default-pool: rollout step 2, but no step of this rollout was applied before ' +
        "(none is recorded in the stack's state): write step: 1 (each apply advances one step)",
    );
    expect(kubectlCalls(log)).toEqual([]);
  });

  test('1 -> 3 is refused with the step to write; step 1 again is an empty plan', async () => {
    configure(tenant('v1.35.7', 1), 'step-1');
    expectSuccess([await apply()]);
    expect((await harness.plan(app, 'nodes')).actions).toEqual([]);
    expect(await recordedStep()).toEqual({ rollout: 'v1.34.2 -> v1.35.7', step: 1 });

    configure(tenant('v1.35.7', 3), 'step-3');
    const result = await apply();
    expectRefused(
      result,
      'Pool default-pool: rollout step 3 follows step 1, the last applied: write step: 2 ' +
        '(each apply advances one step)',
    );
    expect(kubectlCalls(log)).toEqual([]);
  });

  test('a failed drain leaves the recorded step: the step after it is still refused', async () => {
    // GIVEN step 2, whose drain of node-00 fails
    configure(tenant('v1.35.7', 2), 'step-2-failing');
    fs.writeFileSync(`${log}.drain-fails`, '');
    let result: TerraformResult;
    try {
      result = await apply();
    } finally {
      fs.rmSync(`${log}.drain-fails`);
    }
    expect(result.code).not.toBe(0);
    expect(kubectlCalls(log).map((c) => c.split(' --')[0])).toContain(
      'drain tcp-charlie-default-pool-node-00',
    );
    // THEN the ledger still says step 1, so step 3 is refused and step 2 retried
    expect(await recordedStep()).toEqual({ rollout: 'v1.34.2 -> v1.35.7', step: 1 });
    configure(tenant('v1.35.7', 3), 'step-3-again');
    expect(flat((await apply()).output)).toContain(
      'rollout step 3 follows step 1, the last applied: write step: 2',
    );
    configure(tenant('v1.35.7', 2), 'step-2-retried');
    expectSuccess([await apply()]);
    expect(await recordedStep()).toEqual({ rollout: 'v1.34.2 -> v1.35.7', step: 2 });
  });

  test('once the rollout completed, writing an earlier step of it again is refused at plan; nothing is drained', async () => {
    // GIVEN steps 3 and 4 (the last) applied, then the pool written without rollout
    for (const step of [3, 4]) {
      configure(tenant('v1.35.7', step), `step-${step}`);
      expectSuccess([await apply()]);
    }
    configure(tenant('v1.35.7', undefined, [0, 1, 2]), 'complete');
    expect((await harness.plan(app, 'nodes')).actions).toEqual([]);
    expectSuccess([await apply()]);
    // WHEN step 1 of that rollout is written again (a revert, a stale branch)
    configure(tenant('v1.35.7', 1), 'step-1-again');
    const result = await apply();
    // THEN the plan is refused: it would make node-00..02 on v1.34.2 again and drain
    // node-04 and node-05; kubectl never ran against the tenant
    expectRefused(
      result,
      'Pool default-pool: rollout v1.34.2 -> v1.35.7, step 1, but the last apply left the pool ' +
        'with node-03, node-04, node-05, the nodes this rollout ends with, and recorded no step ' +
        'of it: the rollout (or one from the same nodes) has completed and its old nodes are ' +
        'gone. Step 1 would make node-00, node-01, node-02 again as they were (v1.34.2) and ' +
        'drain node-04, node-05. To keep the pool as it is, write it without rollout, ' +
        'retiredNodes: [0, 1, 2] (an empty plan); to roll it again, start a new rollout from ' +
        'what its nodes run now',
    );
    expect(kubectlCalls(log)).toEqual([]);
  });

  test('its step 0 is refused too (it would replace every node in one apply); a new rollout back from the current version plans', async () => {
    configure(tenant('v1.35.7', 0), 'step-0-again');
    const result = await apply();
    expectRefused(
      result,
      'Step 0 would make node-00, node-01, node-02 again as they were (v1.34.2) and drain ' +
        'node-03, node-04, node-05',
    );
    expect(kubectlCalls(log)).toEqual([]);
    // The way forward the message names: a rollout from what the nodes run now
    configure(rollBack(1), 'back-step-1');
    expectSuccess([await harness.terraform(app, 'nodes', ['plan', '-input=false', '-no-color'])]);
  });

  test('a rollout that does not start from the nodes last applied is refused, whatever its step', async () => {
    // GIVEN the pool of node-03..05; WHEN a rollout starts with replicas raised to 4: it
    // starts from node-03..06, and its step 1 would make node-06 as it was (v1.35.7)
    configure(rollBack(1, 4), 'back-with-more-replicas');
    const result = await apply();
    // THEN the plan is refused, saying where the rollout starts and where the pool is
    expectRefused(
      result,
      'Pool default-pool: rollout v1.35.7 -> v1.34.2, step 1, starts from node-03, node-04, ' +
        'node-05, node-06 (its step 0), but the last apply left the pool with node-03, node-04, ' +
        'node-05 and ' +
        'recorded no step of this rollout: the step would make or drain nodes outside the ' +
        "rollout's steps",
    );
    expect(kubectlCalls(log)).toEqual([]);
  });

  test('the configuration before the rollout written again (a git revert) is refused: it would replace every node at once', async () => {
    // GIVEN the completed rollout: node-03..05 live, node-00..02 retired; WHEN the pool is
    // written as before it (v1.34.2, no retiredNodes, no rollout)
    configure(tenant('v1.34.2'), 'reverted');
    const result = await apply();
    // THEN the plan is refused, naming the nodes it would bring back; nothing ran
    expectRefused(
      result,
      'Pool default-pool: retiredNodes no longer lists node-00, node-01, node-02, retired at ' +
        "the last apply (the ledger in the stack's state holds node-03, node-04, node-05,",
    );
    expect(kubectlCalls(log)).toEqual([]);
  });
});

describeWithTerraform('the ledger refuses retired nodes made again, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;

  const configure = (build: (app: App) => App, name: string) =>
    reconfigure(harness, app, build, name);

  const apply = () => applyNodes(harness, app, log);

  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
    app = SynthesizedApp.synth(vspherePoolApp({ replicas: 3 }), path.join(harness.workDir, 'pool'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  test('a configuration that no longer retires node-00 is refused at plan; nothing is drained or destroyed', async () => {
    // GIVEN node-00 retired: the pool holds node-01..03
    configure(vspherePoolApp({ replicas: 3, retiredNodes: [0] }), 'retired-0');
    expectSuccess([await apply()]);
    expect(kubectlCalls(log).map((c) => c.split(' --')[0])).toContain(
      'drain tcp-charlie-default-pool-node-00',
    );
    // WHEN the configuration before it is written again (a revert)
    configure(vspherePoolApp({ replicas: 3 }), 'reverted');
    const result = await apply();
    // THEN the plan is refused: it would make node-00 again and drain node-03
    expectRefused(
      result,
      'Pool default-pool: retiredNodes no longer lists node-00, retired at the last apply (the ' +
        "ledger in the stack's state holds node-01, node-02, node-03, the pool's live nodes;",
    );
    expect(flat(result.output)).toContain(
      'Keep them in retiredNodes; to go back to an older version, roll out forward to it with rollout',
    );
    expect(kubectlCalls(log)).toEqual([]);
    // and the state is as the last apply left it: keeping node-00 retired plans nothing
    configure(vspherePoolApp({ replicas: 3, retiredNodes: [0] }), 'retired-0-again');
    expect((await harness.plan(app, 'nodes')).actions).toEqual([]);
  });

  test('the removal opt-out does not lift it; scaling up under new indices plans', async () => {
    configure(vspherePoolApp({ replicas: 3 }), 'reverted-allowed');
    const allowed = await harness.terraform(app, 'nodes', [
      'plan',
      '-input=false',
      '-no-color',
      '-var',
      'cdktf_kamaji_allow_removal=true',
    ]);
    expect(allowed.code).not.toBe(0);
    expect(flat(allowed.output)).toContain('retiredNodes no longer lists node-00');
    configure(vspherePoolApp({ replicas: 4, retiredNodes: [0] }), 'scaled-up');
    expectSuccess([await harness.terraform(app, 'nodes', ['plan', '-input=false', '-no-color'])]);
  });
});

describeWithTerraform('the ledger refuses a pool or control plane that disappears, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;

  /**
   * The control plane stack and a nodes stack with the pools given (replicas each); the
   * control plane, or the whole nodes stack, left out when asked.
   */
  const tenant =
    (pools: Record<string, number>, controlPlane = true, nodesStack = true) =>
    (built: App): App => {
      let tcp;
      if (controlPlane) {
        tcp = new ControlPlaneStack(built, 'control-plane').controlPlane;
      } else {
        const stack = new TerraformStack(built, 'control-plane');
        useLocalState(stack);
        new KubernetesProvider(stack, 'management', { configPath: '~/.kube/config' });
      }
      if (!nodesStack) return built;
      const nodes = new TerraformStack(built, 'nodes');
      useLocalState(nodes);
      new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p' });
      for (const [name, replicas] of Object.entries(pools)) {
        const options: NodePoolOptions = {
          name,
          replicas,
          infrastructure: new VSphereInfrastructure({ ...VSPHERE_POOL }),
        };
        if (tcp) new NodePool(nodes, name, { ...options, controlPlane: tcp });
      }
      return built;
    };

  const configure = (build: (app: App) => App, name: string) =>
    reconfigure(harness, app, build, name);

  const plan = (stack: string) =>
    harness.terraform(app, stack, ['plan', '-input=false', '-no-color']);

  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
    app = SynthesizedApp.synth(
      tenant({ 'default-pool': 2, 'application-pool': 2 }),
      path.join(harness.workDir, 'two-pools'),
    );
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  test('a pool removed from the code with live nodes: both stacks refuse the plan', async () => {
    configure(tenant({ 'default-pool': 2 }), 'one-pool');
    const nodes = await plan('nodes');
    expect(nodes.code).not.toBe(0);
    expect(flat(nodes.output)).toContain(
      'Pool application-pool of control plane tcp-charlie had 2 live nodes (node-00, node-01) at ' +
        'the last apply and is gone from the configuration: set replicas: 0 and apply (its nodes ' +
        'are drained), then remove it',
    );
    const controlPlane = await plan('control-plane');
    expect(controlPlane.code).not.toBe(0);
    expect(flat(controlPlane.output)).toContain(
      'Control plane tcp-charlie: pools nodes/application-pool had live nodes at the last apply',
    );
    // An explicit, named opt-out lets it through
    const allowed = await harness.terraform(app, 'nodes', [
      'plan',
      '-input=false',
      '-no-color',
      '-var',
      'cdktf_kamaji_allow_removal=true',
    ]);
    expectSuccess([allowed]);
  });

  test('after replicas: 0 is applied (its nodes drained), removing the pool plans fine', async () => {
    configure(tenant({ 'default-pool': 2, 'application-pool': 0 }), 'emptied');
    fs.writeFileSync(log, '');
    await harness.applyAll(app);
    expect(kubectlCalls(log).filter((c) => c.startsWith('drain'))).toHaveLength(2);
    configure(tenant({ 'default-pool': 2 }), 'removed');
    expect((await plan('nodes')).code).toBe(0);
    expect((await plan('control-plane')).code).toBe(0);
  });

  test("a whole nodes stack removed from the app is refused by the control plane's stack", async () => {
    configure(tenant({}, true, false), 'no-nodes-stack');
    const result = await plan('control-plane');
    expectRefused(
      result,
      'Control plane tcp-charlie: pools nodes/default-pool had live nodes at the last apply of ' +
        'this stack and are gone from the app: set replicas: 0 on them and apply their stacks',
    );
  });

  test('a control plane removed while pools point at it is refused', async () => {
    configure(tenant({}, false), 'no-control-plane');
    const result = await plan('control-plane');
    expectRefused(
      result,
      'Control plane tcp-charlie had pools with live nodes pointing at it at the last apply ' +
        '(nodes/default-pool) and is gone from the configuration',
    );
  });
});

describeWithTerraform(
  "the ledger reads a state file whose path holds a literal '${', offline",
  () => {
    let harness: TerraformHarness;
    let app: SynthesizedApp;

    /** The rollout tenant, its nodes stack's state in `terraform.${literal}.tfstate` (design D11). */
    const tenant =
      (step: number) =>
      (built: App): App => {
        const { controlPlane } = new ControlPlaneStack(built, 'control-plane');
        const nodes = new TerraformStack(built, 'nodes');
        new LocalBackend(nodes, { path: '../nodes/terraform.${literal}.tfstate' });
        new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p' });
        new NodePool(nodes, 'default-pool', {
          controlPlane,
          name: 'default-pool',
          replicas: 3,
          kubernetesVersion: KubernetesVersion.of('v1.35.7'),
          rollout: {
            fromKubernetesVersion: KubernetesVersion.of('v1.34.2'),
            step,
            strategy: RolloutStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 1 }),
          },
          infrastructure: new VSphereInfrastructure({ ...VSPHERE_POOL }),
        });
        return built;
      };

    beforeAll(async () => {
      ({ harness } = await startWithStubKubectl());
      app = SynthesizedApp.synth(tenant(1), path.join(harness.workDir, 'step-1'));
      expectSuccess(await harness.init(app));
      await harness.applyAll(app);
    });
    afterAll(async () => {
      await harness?.stop();
    });

    test('the state is found under its literal name, and step 3 after step 1 is refused', async () => {
      expect(fs.existsSync(path.join(app.stackDir('nodes'), 'terraform.${literal}.tfstate'))).toBe(
        true,
      );
      app.replaceConfiguration(
        SynthesizedApp.synth(tenant(3), path.join(harness.workDir, 'step-3')),
      );
      const result = await harness.terraform(app, 'nodes', ['plan', '-input=false', '-no-color']);
      expectRefused(
        result,
        'Pool default-pool: rollout step 3 follows step 1, the last applied: write step: 2',
      );
    });
  },
);
