/**
 * What the day-2 terraform scenarios share (retirement, version bump, rollout): the
 * tenant they change, a stub `kubectl` first on PATH that records its calls, and
 * readers of `terraform apply -json` events and of the pool's version warning.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import {
  KubernetesVersion,
  NodePool,
  NodePoolOptions,
  RolloutStrategy,
  VSphereInfrastructure,
  VSphereInfrastructureProps,
} from '../../src';
import { SynthesizedApp, TerraformError, TerraformHarness } from './harness';

/** Node names without this prefix read as `node-03`. */
export const PREFIX = 'tcp-charlie-default-pool-';

/** The vSphere settings of the scenarios' pool. */
export const VSPHERE_POOL: VSphereInfrastructureProps = {
  datacenter: 'dc-1',
  computeCluster: 'cluster-1',
  datastore: 'vsan',
  networks: ['tenant-nodes'],
  template: 'ubuntu-24.04',
};

/**
 * A control plane stack (v1.35.7 unless `controlPlaneVersion` says) and a nodes stack
 * with one vSphere pool `default-pool`, on VSPHERE_POOL with `infrastructure` changed.
 */
export function vspherePoolApp(
  options: Omit<NodePoolOptions, 'name' | 'infrastructure'>,
  infrastructure: Partial<VSphereInfrastructureProps> = {},
  controlPlaneVersion?: KubernetesVersion,
): (app: App) => App {
  return (app: App): App => {
    const { controlPlane } = new ControlPlaneStack(app, 'control-plane', {
      ...(controlPlaneVersion && { kubernetesVersion: controlPlaneVersion }),
    });
    const nodes = new TerraformStack(app, 'nodes');
    useLocalState(nodes);
    new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p' });
    new NodePool(nodes, 'default-pool', {
      ...options,
      controlPlane,
      name: 'default-pool',
      infrastructure: new VSphereInfrastructure({ ...VSPHERE_POOL, ...infrastructure }),
    });
    return app;
  };
}

/**
 * The scenarios' pool of 3 on `version`, at `step` of a rollout from v1.34.2 (maxSurge 1,
 * maxUnavailable 1) when a step is given; `retiredNodes` as given.
 */
export function rollingPoolApp(
  version: string,
  step?: number,
  retiredNodes?: number[],
): (app: App) => App {
  return vspherePoolApp({
    replicas: 3,
    ...(retiredNodes !== undefined && { retiredNodes }),
    kubernetesVersion: KubernetesVersion.of(version),
    ...(step !== undefined && {
      rollout: {
        fromKubernetesVersion: KubernetesVersion.of('v1.34.2'),
        step,
        strategy: RolloutStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 1 }),
      },
    }),
  });
}

/**
 * A harness whose terraform runs the drains against the stub kubectl of test/day-two/stubs,
 * which plays the management cluster too: it serves `tcp-charlie`'s admin kubeconfig
 * Secret, as the stub provider does, to the scripts that read it there. `env` adds to
 * terraform's environment (e.g. KUBE_CTX, the stub's KUBECTL_SECRET_CONTEXT).
 */
export async function startWithStubKubectl(
  env: { [name: string]: string } = {},
): Promise<{ harness: TerraformHarness; log: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-kubectl-'));
  const log = path.join(dir, 'kubectl.log');
  const secret = path.join(dir, 'admin.conf');
  const stubs = path.join(__dirname, '..', 'day-two', 'stubs');
  const harness = await TerraformHarness.start({
    env: {
      PATH: `${stubs}:${process.env.PATH}`,
      CDKTF_KAMAJI_SKIP_DRAIN: '0',
      KUBECTL_LOG: log,
      KUBECTL_SECRET: secret,
      KUBECTL_SECRET_NAME: 'tcp-charlie-admin-kubeconfig',
      KUBECTL_SECRET_NAMESPACE: 'kamaji-tenant',
      ...env,
    },
  });
  fs.writeFileSync(secret, harness.stub.adminConf('tcp-charlie'), { mode: 0o600 });
  return { harness, log };
}

/** The commands the stub kubectl recorded on the tenant, without their environment. */
export function kubectlCalls(log: string): string[] {
  return recorded(log)
    .filter((line) => !line.startsWith('get secret '))
    .map((line) => line.split(' | ')[0]);
}

/** The reads of the admin kubeconfig Secret: `<argv> | from <management kubeconfig>`. */
export function secretReads(log: string): string[] {
  return recorded(log)
    .filter((line) => line.startsWith('get secret '))
    .map((line) => {
      const [argv, , from] = line.split(' | ');
      return `${argv} | ${from}`;
    });
}

function recorded(log: string): string[] {
  return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

/** One step of an apply, from its `-json` event stream. */
export interface ApplyEvent {
  readonly type: 'apply_start' | 'apply_complete' | 'apply_errored';
  readonly address: string;
  readonly action: string;
}

/** The resource steps of `terraform apply -json` output. */
export function applyEvents(output: string): ApplyEvent[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter((e) => ['apply_start', 'apply_complete', 'apply_errored'].includes(e.type))
    .map((e) => ({ type: e.type, address: e.hook.resource.addr, action: e.hook.action }));
}

/** `node-drain`, `node-deletion` or `machine`, and the node's suffix (`node-03`). */
export function describeAddress(address: string): { what: string; node: string } | undefined {
  const keyed =
    /retirement_(node-drain|node-deletion)_\w+\["tcp-charlie-default-pool-(node-\d+)"\]$/.exec(
      address,
    );
  if (keyed) return { what: keyed[1], node: keyed[2] };
  const machine = /^vsphere_virtual_machine\.default-pool_(node-\d+)_Machine/.exec(address);
  return machine ? { what: 'machine', node: machine[1] } : undefined;
}

/**
 * The machines a plan of the nodes stack makes (`+node-04`) and destroys (`-node-00`),
 * sorted, with the plan.
 */
export async function plannedMachines(harness: TerraformHarness, app: SynthesizedApp) {
  const plan = await harness.plan(app, 'nodes');
  const machines = plan.actions.flatMap((c) => {
    const d = describeAddress(c.address);
    if (d?.what !== 'machine') return [];
    return c.actions.map((a) => `${a === 'create' ? '+' : a === 'delete' ? '-' : a}${d.node}`);
  });
  return { machines: machines.sort(), plan };
}

/**
 * `terraform apply -json` of `stack`, the stub kubectl's log cleared first: the apply's
 * resource events, and the calls that changed the tenant (`drain tcp-...` read as
 * `drain node-02`; the scripts' `get` lookups left out).
 */
export async function applyRecorded(
  harness: TerraformHarness,
  app: SynthesizedApp,
  stack: string,
  log: string,
): Promise<{ events: ApplyEvent[]; calls: string[] }> {
  fs.writeFileSync(log, '');
  const result = await harness.terraform(app, stack, [
    'apply',
    '-json',
    '-input=false',
    '-auto-approve',
  ]);
  if (result.code !== 0) throw new TerraformError(result);
  const calls = kubectlCalls(log)
    .map((call) => call.split(' --')[0].replace(PREFIX, ''))
    .filter((call) => !call.startsWith('get '));
  return { events: applyEvents(result.output), calls };
}

/** Where in `events` the first `type` of a delete of `node`'s `what` is; -1 when none. */
export function deleteEventIndex(
  events: ApplyEvent[],
  type: string,
  what: string,
  node: string,
): number {
  return events.findIndex((e) => {
    const d = describeAddress(e.address);
    return e.type === type && e.action === 'delete' && d?.what === what && d.node === node;
  });
}

/** The nodes a plan's version warning names, e.g. ['node-00 (v1.34.2)']. */
export function outdatedIn(output: string): string[] {
  const text = output.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');
  const match = /Pool default-pool: (.*?) still run another version than the pool's/.exec(text);
  if (!match) return [];
  return match[1].split(', ').map((n) => n.replace(PREFIX, ''));
}
