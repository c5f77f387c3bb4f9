/**
 * A pool version rollout under the real terraform, offline (issue #14 items 2, 7): a
 * pool of 3 on v1.34.2 rolled to v1.35.7 with maxSurge 1 / maxUnavailable 1, one
 * apply per step. Each plan is asserted (which machines are made and destroyed), each
 * apply's order (drain before the machine goes, Node deleted after) from the events of
 * `terraform apply -json`, with a stub `kubectl` first on PATH
 * (test/day-two/stubs/kubectl records its calls).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import { KubernetesVersion, NodePool, RolloutStrategy, VSphereInfrastructure } from '../../src';
import { SynthesizedApp, TerraformError, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(300_000);

const STUBS = path.join(__dirname, '..', 'day-two', 'stubs');
const PREFIX = 'tcp-charlie-default-pool-';

function tenant(version: string, step?: number, retiredNodes?: number[]) {
  return (app: App): App => {
    const { controlPlane } = new ControlPlaneStack(app, 'control-plane');
    const nodes = new TerraformStack(app, 'nodes');
    useLocalState(nodes);
    new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p' });
    new NodePool(nodes, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 3,
      retiredNodes,
      kubernetesVersion: KubernetesVersion.of(version),
      ...(step !== undefined && {
        rollout: {
          fromKubernetesVersion: KubernetesVersion.of('v1.34.2'),
          step,
          strategy: RolloutStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 1 }),
        },
      }),
      infrastructure: new VSphereInfrastructure({
        datacenter: 'dc-1',
        computeCluster: 'cluster-1',
        datastore: 'vsan',
        networks: ['tenant-nodes'],
        template: 'ubuntu-24.04',
      }),
    });
    return app;
  };
}

interface ApplyEvent {
  readonly type: string;
  readonly address: string;
  readonly action: string;
}

/** `node-drain`, `node-deletion` or `machine`, and the node's suffix (`node-03`). */
function describeAddress(address: string): { what: string; node: string } | undefined {
  const keyed =
    /retirement_(node-drain|node-deletion)_\w+\["tcp-charlie-default-pool-(node-\d+)"\]$/.exec(
      address,
    );
  if (keyed) return { what: keyed[1], node: keyed[2] };
  const machine = /^vsphere_virtual_machine\.default-pool_(node-\d+)_Machine/.exec(address);
  return machine ? { what: 'machine', node: machine[1] } : undefined;
}

/** The nodes a plan's version warning names, e.g. ['node-00 (v1.34.2)']. */
function outdatedIn(output: string): string[] {
  const text = output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');
  const match = /Pool default-pool: (.*?) still run another version than the pool's/.exec(text);
  if (!match) return [];
  return match[1].split(', ').map((n) => n.replace(PREFIX, ''));
}

describeWithTerraform('a pool version rollout under terraform, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-kubectl-'));
    log = path.join(dir, 'kubectl.log');
    harness = await TerraformHarness.start({
      env: { PATH: `${STUBS}:${process.env.PATH}`, CDKTF_KAMAJI_SKIP_DRAIN: '0', KUBECTL_LOG: log },
    });
    app = SynthesizedApp.synth(tenant('v1.34.2'), path.join(harness.workDir, 'v134'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const configure = (build: (app: App) => App, name: string) =>
    app.replaceConfiguration(SynthesizedApp.synth(build, path.join(harness.workDir, name)));

  /** The machines a plan of the nodes stack makes (`+node-03`) and destroys (`-node-00`). */
  const plannedMachines = async () => {
    const plan = await harness.plan(app, 'nodes');
    const machines = plan.actions.flatMap((c) => {
      const d = describeAddress(c.address);
      if (d?.what !== 'machine') return [];
      return c.actions.map((a) => `${a === 'create' ? '+' : a === 'delete' ? '-' : a}${d.node}`);
    });
    return { machines: machines.sort(), plan };
  };

  const applyNodes = async () => {
    fs.writeFileSync(log, '');
    const result = await harness.terraform(app, 'nodes', [
      'apply',
      '-json',
      '-input=false',
      '-auto-approve',
    ]);
    if (result.code !== 0) throw new TerraformError(result);
    const events: ApplyEvent[] = result.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((e) => ['apply_start', 'apply_complete'].includes(e.type))
      .map((e) => ({ type: e.type, address: e.hook.resource.addr, action: e.hook.action }));
    const calls = fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' | ')[0].split(' --')[0].replace(PREFIX, ''))
      // What changes the tenant; the scripts' `get node` lookups are left out.
      .filter((call) => !call.startsWith('get '));
    return { events, calls };
  };

  const at = (events: ApplyEvent[], type: string, what: string, node: string) => {
    const index = events.findIndex((e) => {
      const d = describeAddress(e.address);
      return e.type === type && e.action === 'delete' && d?.what === what && d.node === node;
    });
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
    // ...and says how to roll them
    expect(plan.output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ')).toContain(
      'Roll the pool with rollout { fromKubernetesVersion, step }, one step per apply',
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
