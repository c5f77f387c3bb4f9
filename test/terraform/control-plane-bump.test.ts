/**
 * Issue #14 item 7, "control plane version bump with pools following", under the real
 * terraform, offline: a control plane v1.35.7 -> v1.36.2 and a pool without its own
 * version (it follows the control plane), rolled with `rollout` until every node was
 * made with v1.36.2. The order is read from the events of `terraform apply -json`: the
 * control plane's update completes before any machine of the new version is made (a
 * new kubelet must not join an older API server), drains come before destroys, and no
 * apply drains more than `maxUnavailable` nodes.
 *
 * Two layouts. The examples and the fleet file put the control plane and its pools in
 * two stacks (design D1), which `cdktf deploy` applies control plane first; the
 * README's shorter examples put both in one stack, where only the dependencies inside
 * the stack order them.
 */
import * as path from 'path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { useLocalState } from '../../examples/common/control-plane-stack';
import {
  KubernetesVersion,
  NodePool,
  NodePoolOptions,
  TenantControlPlane,
  VSphereInfrastructure,
} from '../../src';
import {
  ApplyEvent,
  applyEvents,
  describeAddress,
  outdatedIn,
  startWithStubKubectl,
  vspherePoolApp,
  applyRecorded,
} from './day-two-pool';
import { SynthesizedApp, TerraformError, TerraformHarness } from './harness';
import { StateResource, machineUserData, writtenFile } from './machine-user-data';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(300_000);

const OLD = 'v1.35.7';
const NEW = 'v1.36.2';

/** The pool: 2 nodes, no version of its own; a rollout from OLD at `step`, if given. */
const poolOptions = (step?: number): Omit<NodePoolOptions, 'name' | 'infrastructure'> => ({
  replicas: 2,
  ...(step !== undefined && {
    rollout: { fromKubernetesVersion: KubernetesVersion.of(OLD), step },
  }),
});

/** Control plane and pool in two stacks, `control-plane` and `nodes`, as the examples. */
const twoStacks = (controlPlane: string, step?: number) =>
  vspherePoolApp(poolOptions(step), {}, KubernetesVersion.of(controlPlane));

/** Control plane and pool in one stack, `tenant`. */
const oneStack = (controlPlane: string, step?: number) => (app: App) => {
  const stack = new TerraformStack(app, 'tenant');
  useLocalState(stack);
  const kubeconfig = new TerraformVariable(stack, 'management_kubeconfig', { type: 'string' });
  new KubernetesProvider(stack, 'management', { configPath: kubeconfig.stringValue });
  new VsphereProvider(stack, 'vsphere', { user: 'u', password: 'p' });
  const tcp = new TenantControlPlane(stack, 'tcp-charlie', {
    name: 'tcp-charlie',
    namespace: 'kamaji-tenant',
    kubernetesVersion: KubernetesVersion.of(controlPlane),
    deletionProtection: false,
  });
  new NodePool(stack, 'default-pool', {
    ...poolOptions(step),
    controlPlane: tcp,
    name: 'default-pool',
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

/** One stack's apply events, with the stack, so several applies read as one sequence. */
interface DeployEvent extends ApplyEvent {
  readonly stack: string;
}

const flat = (text: string) => text.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');

const KUBELET_PATCHES = 'update spec.kubernetes.kubelet.configurationJSONPatches';

/** An update of the TenantControlPlane, and the spec paths it changes. */
const changedSpec = (change: { actions: string[]; before: any; after: any }): string => {
  const paths = (a: any, b: any, at: string): string[] => {
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    const objects = [a, b].every((v) => typeof v === 'object' && v && !Array.isArray(v));
    if (!objects) return [at];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => paths(a[k], b[k], at ? `${at}.${k}` : k));
  };
  return `${change.actions} ${paths(change.before.manifest, change.after.manifest, '').join(', ')}`;
};

/** The TenantControlPlane's update: done at this index of the sequence. */
const controlPlaneUpdated = (events: DeployEvent[]) =>
  events.findIndex(
    (e) =>
      e.type === 'apply_complete' &&
      e.action === 'update' &&
      e.address.startsWith('kubernetes_manifest.tcp-charlie'),
  );

/** Index of each machine creation's start, by node (`node-02`). */
const machinesMade = (events: DeployEvent[]) =>
  events.flatMap((e, index) => {
    const d = describeAddress(e.address);
    return e.type === 'apply_start' && e.action === 'create' && d?.what === 'machine'
      ? [{ node: d.node, index }]
      : [];
  });

/** Index of the event, failing when it did not happen. */
const at = (events: ApplyEvent[], type: string, what: string, node: string) => {
  const index = events.findIndex((e) => {
    const d = describeAddress(e.address);
    return e.type === type && e.action === 'delete' && d?.what === what && d.node === node;
  });
  if (index < 0) throw new Error(`no ${type} of ${what} ${node}`);
  return index;
};

/** The nodes whose machine an apply destroyed, each drained before and its Node deleted after. */
const retiredInOrder = (events: ApplyEvent[]) => {
  const gone = events
    .filter((e) => e.type === 'apply_complete' && e.action === 'delete')
    .map((e) => describeAddress(e.address))
    .filter((d) => d?.what === 'machine')
    .map((d) => d!.node)
    .sort();
  for (const node of gone) {
    const drained = at(events, 'apply_complete', 'node-drain', node);
    const machineStart = at(events, 'apply_start', 'machine', node);
    const machineDone = at(events, 'apply_complete', 'machine', node);
    const deletion = at(events, 'apply_start', 'node-deletion', node);
    expect({ node, drainFirst: drained < machineStart, nodeLast: machineDone < deletion }).toEqual({
      node,
      drainFirst: true,
      nodeLast: true,
    });
  }
  return gone;
};

/** Each node of the stack's state and the Kubernetes version its user-data joins with. */
async function nodeVersions(
  harness: TerraformHarness,
  app: SynthesizedApp,
  stack: string,
): Promise<Record<string, string>> {
  const shown = await harness.terraform(app, stack, ['show', '-json', '-no-color'], true);
  if (shown.code !== 0) throw new TerraformError(shown);
  const resources: StateResource[] = JSON.parse(shown.output).values.root_module.resources;
  return Object.fromEntries(
    resources
      .filter((r) => r.type === 'vsphere_virtual_machine' && r.mode === 'managed')
      .map((machine) => {
        const script = writtenFile(
          machineUserData(machine, resources),
          '/usr/local/sbin/kamaji-join',
        );
        const version = /export KUBERNETES_VERSION='(v[\d.]+)'/.exec(script)?.[1] ?? 'none';
        return [describeAddress(machine.address)!.node, version];
      }),
  );
}

describeWithTerraform('a control plane bump with a pool following it, two stacks', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;
  /** Every apply's events since the bump, in order. */
  const sequence: DeployEvent[] = [];

  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
    app = SynthesizedApp.synth(twoStacks(OLD), path.join(harness.workDir, 'before'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const configure = (build: (app: App) => App, name: string) =>
    app.replaceConfiguration(SynthesizedApp.synth(build, path.join(harness.workDir, name)));

  /** `terraform apply -json` of one stack; its events join the sequence. */
  const apply = async (stack: string) => {
    const recorded = await applyRecorded(harness, app, stack, log);
    const events = recorded.events.map((e) => ({ ...e, stack }));
    sequence.push(...events);
    return { events, calls: recorded.calls };
  };

  test('the nodes stack depends on the control plane stack, so a deploy applies the control plane first', () => {
    expect(app.dependencies.nodes).toEqual(['control-plane']);
    expect(app.stacks).toEqual(['control-plane', 'nodes']);
  });

  test('step A: the control plane updates in place; the pool following it changes no machine and the plan says what to write', async () => {
    // GIVEN the control plane bumped, the pool following it, no rollout yet
    configure(twoStacks(NEW), 'bump');
    // WHEN
    const plan = await harness.plan(app, 'control-plane');
    // THEN one in-place update of the TenantControlPlane, nothing replaced
    expect(plan.actions.map((c) => c.actions.join())).toEqual(['update']);
    expect(plan.actions[0].type).toBe('kubernetes_manifest');
    expect(plan.actions[0].after.object.spec.kubernetes.version).toBe(NEW);
    // AND its apply waits until Kamaji reports the new version, not a Ready from before
    expect(JSON.stringify(plan.actions[0].after.wait)).toContain(
      JSON.stringify({ 'status.kubernetesResources.version.version': '^v1\\.36\\.2$' }).slice(
        1,
        -1,
      ),
    );
    const { events } = await apply('control-plane');
    expect(events.filter((e) => e.type === 'apply_complete').map((e) => e.action)).toContain(
      'update',
    );
    // AND the pool's plan is empty: machines ignore their user-data...
    const nodes = await harness.plan(app, 'nodes');
    expect(nodes.actions.map((c) => `${c.address}: ${c.actions}`)).toEqual([]);
    // ...but it names both nodes on the old version and the rollout that rolls them
    expect(outdatedIn(nodes.output)).toEqual([`node-00 (${OLD})`, `node-01 (${OLD})`]);
    expect(flat(nodes.output)).toContain(
      `Roll them: set rollout: { fromKubernetesVersion: ${OLD}, step: 1 } on pool default-pool`,
    );
  });

  test('then the pool rolls, one apply per step, until every node was made with v1.36.2', async () => {
    const expected: Array<[number, string[], string[], string[]]> = [
      // [step, control plane changes, machines made (+) and destroyed (-), kubectl calls]
      [1, [KUBELET_PATCHES], ['+node-02'], []],
      [2, [], ['+node-03', '-node-00'], ['cordon node-00', 'drain node-00', 'delete node node-00']],
      [
        3,
        [KUBELET_PATCHES],
        ['-node-01'],
        ['cordon node-01', 'drain node-01', 'delete node node-01'],
      ],
    ];
    for (const [step, kubelet, machines, kubectl] of expected) {
      configure(twoStacks(NEW, step), `step-${step}`);
      // The control plane keeps its version; its kubelet configuration serves the old
      // kubelets again while the steps hold old nodes (issue #20 item 4: a rebuilt old
      // node joins with it), and drops their patches at the last step. Step A, without a
      // rollout, knew of no old node: there a rebuilt node is made with the new version.
      const controlPlane = await harness.plan(app, 'control-plane');
      expect({ step, controlPlane: controlPlane.actions.map(changedSpec) }).toEqual({
        step,
        controlPlane: kubelet,
      });
      if (kubelet.length > 0) await apply('control-plane');
      const { events, calls } = await apply('nodes');
      const made = machinesMade(events).map((m) => `+${m.node}`);
      const gone = retiredInOrder(events).map((node) => `-${node}`);
      expect({ step, machines: [...made, ...gone] }).toEqual({ step, machines });
      // at most maxUnavailable (1) node drained per apply
      expect({ step, calls }).toEqual({ step, calls: kubectl });
      expect(gone.length).toBeLessThanOrEqual(1);
    }
    // THEN the control plane's update completed before any machine of the new version was made
    const updated = controlPlaneUpdated(sequence);
    expect(updated).toBeGreaterThanOrEqual(0);
    expect(machinesMade(sequence).filter((m) => m.index < updated)).toEqual([]);
    // AND every node was made with v1.36.2: no warning is left
    expect(await nodeVersions(harness, app, 'nodes')).toEqual({ 'node-02': NEW, 'node-03': NEW });
    const last = await harness.plan(app, 'nodes');
    expect(last.actions).toEqual([]);
    expect(last.output).not.toContain('Check block assertion failed');
  });
});

describeWithTerraform('the control plane bump and the first rollout step in one deploy', () => {
  let harness: TerraformHarness;
  let log: string;
  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** Applies `before`, then `after` stack by stack in dependency order, as `cdktf deploy`. */
  const deploy = async (
    build: (version: string, step?: number) => (app: App) => App,
    name: string,
  ) => {
    const app = SynthesizedApp.synth(build(OLD), path.join(harness.workDir, `${name}-before`));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
    app.replaceConfiguration(
      SynthesizedApp.synth(build(NEW, 1), path.join(harness.workDir, `${name}-after`)),
    );
    const sequence: DeployEvent[] = [];
    for (const stack of app.stacks) {
      const { events } = await applyRecorded(harness, app, stack, log);
      sequence.push(...events.map((e) => ({ ...e, stack })));
    }
    return { app, sequence };
  };

  test('two stacks: the control plane stack is applied, and its update done, before node-02 is made', async () => {
    const { sequence } = await deploy(twoStacks, 'two');
    const updated = controlPlaneUpdated(sequence);
    expect(updated).toBeGreaterThanOrEqual(0);
    expect(machinesMade(sequence).map((m) => ({ node: m.node, after: m.index > updated }))).toEqual(
      [{ node: 'node-02', after: true }],
    );
  });

  test('two stacks: the node stack applied before the control plane stack stops before making a machine', async () => {
    // GIVEN both changed, and only the node stack applied (the control plane's state
    // still says v1.35.7)
    const app = SynthesizedApp.synth(twoStacks(OLD), path.join(harness.workDir, 'early-before'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
    app.replaceConfiguration(
      SynthesizedApp.synth(twoStacks(NEW, 1), path.join(harness.workDir, 'early-after')),
    );
    const early = await harness.terraform(app, 'nodes', [
      'apply',
      '-json',
      '-input=false',
      '-auto-approve',
    ]);
    // THEN it fails, saying why, once for the pool, not once per node (issue #22 item 6)...
    expect(early.code).toBe(1);
    const errors = early.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((e) => e.type === 'diagnostic' && e.diagnostic.severity === 'error');
    expect(errors.map((e) => e.diagnostic.summary)).toEqual(['Resource precondition failed']);
    // ...and no machine was made
    expect(flat(early.output)).toContain(
      `Pool default-pool: its nodes get ${NEW}, but control plane tcp-charlie was last applied with ${OLD}: apply the control plane first`,
    );
    expect(machinesMade(applyEvents(early.output).map((e) => ({ ...e, stack: 'nodes' })))).toEqual(
      [],
    );
    // WHEN the control plane is applied, then the nodes
    expectSuccess([
      await harness.terraform(app, 'control-plane', ['apply', '-input=false', '-auto-approve']),
    ]);
    const after = await harness.terraform(app, 'nodes', [
      'apply',
      '-json',
      '-input=false',
      '-auto-approve',
    ]);
    // THEN node-02 is made
    expect(after.code).toBe(0);
    const made = machinesMade(applyEvents(after.output).map((e) => ({ ...e, stack: 'nodes' })));
    expect(made.map((m) => m.node)).toEqual(['node-02']);
  });

  test('one stack: node-02 waits for the admin kubeconfig, read again only once the control plane is updated', async () => {
    // WHEN control plane and rollout change in the same apply of one stack
    const { app, sequence } = await deploy(oneStack, 'one');
    // THEN the update completes, then the admin kubeconfig is read (its read depends on the
    // TenantControlPlane, so a change of it defers the read to the apply), then node-02,
    // whose user-data needs the endpoint and CA from that read, is made
    const updated = controlPlaneUpdated(sequence);
    const kubeconfigRead = sequence.findIndex(
      (e) =>
        e.type === 'apply_complete' &&
        e.address.startsWith('data.kubernetes_secret_v1.tcp-charlie_AdminKubeconfigSecret'),
    );
    const made = machinesMade(sequence);
    expect(made.map((m) => m.node)).toEqual(['node-02']);
    expect({ updated, kubeconfigRead, machine: made[0].index }).toEqual({
      updated: expect.any(Number),
      kubeconfigRead: expect.any(Number),
      machine: expect.any(Number),
    });
    expect(updated).toBeGreaterThanOrEqual(0);
    expect(kubeconfigRead).toBeGreaterThan(updated);
    expect(made[0].index).toBeGreaterThan(kubeconfigRead);
    expect(await nodeVersions(harness, app, 'tenant')).toEqual({
      'node-00': OLD,
      'node-01': OLD,
      'node-02': NEW,
    });
  });
});
