/**
 * Issue #14 item 6: a control plane upgrade, then its pools, planned and applied by the
 * real terraform against the stubs. The TenantControlPlane's kubernetes_manifest updates
 * in place (the real provider replaces only on apiVersion, kind, name and, for namespaced
 * kinds, namespace: hashicorp/terraform-provider-kubernetes v2.38.0
 * manifest/provider/plan.go), and Kamaji's webhook refuses skipped minors and downgrades
 * (clastix/kamaji internal/webhook/handlers/tcp_version.go).
 */
import * as path from 'path';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import {
  BringYourOwnMachines,
  KubernetesVersion,
  NodePool,
  VSphereInfrastructure,
} from '../../src';
import { refusalMessage } from '../support/refusal';
import { addressesWith, Plan, SynthesizedApp, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

const MACHINE_TYPES = ['vsphere_virtual_machine'];

/** A control plane and two vSphere pools: one follows it, one is pinned to v1.35.7. */
function upgradeApp(controlPlaneVersion: string) {
  return (app: App): App => {
    const { controlPlane } = new ControlPlaneStack(app, 'control-plane', {
      kubernetesVersion: KubernetesVersion.of(controlPlaneVersion),
    });
    const nodes = new TerraformStack(app, 'nodes');
    useLocalState(nodes);
    new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
    const infrastructure = () =>
      new VSphereInfrastructure({
        datacenter: 'dc-1',
        computeCluster: 'cluster-1',
        datastore: 'vsan',
        networks: ['tenant-nodes'],
        template: 'ubuntu-24.04',
      });
    new NodePool(nodes, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 2,
      infrastructure: infrastructure(),
    });
    new NodePool(nodes, 'pinned-pool', {
      controlPlane,
      name: 'pinned-pool',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
      infrastructure: infrastructure(),
    });
    return app;
  };
}

const describeChange = (c: { address: string; actions: string[] }) =>
  `${c.address}: ${c.actions.join(',')}`;

describeWithTerraform('a control plane upgrade v1.35 -> v1.36, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  beforeAll(async () => {
    harness = await TerraformHarness.start();
    app = SynthesizedApp.synth(upgradeApp('v1.35.7'), path.join(harness.workDir, 'v1.35'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const apply = async (stack: string) =>
    expectSuccess([
      await harness.terraform(app, stack, ['apply', '-input=false', '-no-color', 'tfplan']),
    ]);

  test('the control plane updates in place, and the next plan is empty', async () => {
    // GIVEN
    app.replaceConfiguration(
      SynthesizedApp.synth(upgradeApp('v1.36.2'), path.join(harness.workDir, 'v1.36')),
    );
    // WHEN
    const plan = await harness.plan(app, 'control-plane');
    // THEN one in-place update of the TenantControlPlane, nothing else
    expect(plan.actions.map(describeChange)).toEqual([
      expect.stringMatching(/^kubernetes_manifest\.tcp-charlie_[0-9A-Fa-f]+: update$/),
    ]);
    const [change] = plan.actions;
    expect(change.after.object.spec.kubernetes.version).toBe('v1.36.2');
    // AND it applies, leaving the object at v1.36.2 and a stable plan
    await apply('control-plane');
    const after = await harness.plan(app, 'control-plane');
    expect(after.actions.map(describeChange)).toEqual([]);
    const manifest = after.changes.find((c) => c.type === 'kubernetes_manifest')!;
    expect(manifest.before.object.spec.kubernetes.version).toBe('v1.36.2');
  });

  test('then the pools: no machine changes, the version change stays in user-data nobody reads', async () => {
    // WHEN
    const plan: Plan = await harness.plan(app, 'nodes');
    // THEN today (before #14 item 2): machines ignore their user-data, so nothing
    // happens to them; only new nodes would join with v1.36
    const machines = plan.changes.filter((c) => MACHINE_TYPES.includes(c.type));
    expect(machines).toHaveLength(3);
    expect(machines.filter((c) => c.actions.join() !== 'no-op').map(describeChange)).toEqual([]);
    expect(plan.actions.map(describeChange)).toEqual([]);
    expect(addressesWith(plan, ['create'])).toEqual([]);
  });

  test("a downgrade plans an update, which Kamaji's webhook refuses at apply", async () => {
    // GIVEN
    app.replaceConfiguration(
      SynthesizedApp.synth(upgradeApp('v1.35.7'), path.join(harness.workDir, 'back')),
    );
    const plan = await harness.plan(app, 'control-plane');
    expect(plan.actions.map((c) => c.actions.join())).toEqual(['update']);
    // WHEN
    const result = await harness.terraform(app, 'control-plane', [
      'apply',
      '-input=false',
      '-no-color',
      'tfplan',
    ]);
    // THEN
    expect(result.code).toBe(1);
    // terraform wraps diagnostics at 80 columns
    expect(result.output.replace(/\s+/g, ' ')).toContain(
      'unable to downgrade a TenantControlPlane from v1.36.2 to v1.35.7',
    );
  });
});

describe('the skew policy after a control plane upgrade (synth)', () => {
  /** A control plane at `controlPlane` and one pool pinned at `pool`. */
  const pinned = (controlPlane: string, pool: string) => () => {
    const app = new App();
    const { controlPlane: tcp } = new ControlPlaneStack(app, 'control-plane', {
      kubernetesVersion: KubernetesVersion.of(controlPlane),
    });
    tcp.addNodePool('pinned-pool', {
      name: 'pinned-pool',
      kubernetesVersion: KubernetesVersion.of(pool),
      infrastructure: new BringYourOwnMachines(),
    });
    app.synth();
  };

  test('refuses a pool left more than three minors behind', () => {
    expect(refusalMessage(pinned('v1.36.2', 'v1.32.9'))).toContain(
      'control-plane/tcp-charlie/pinned-pool: kubernetesVersion: received "v1.32.9"; the kubelet may be at most three minors older than its control plane (v1.36.2)',
    );
    expect(pinned('v1.36.2', 'v1.33.9')).not.toThrow();
  });

  test('refuses a pool upgraded before its control plane', () => {
    expect(refusalMessage(pinned('v1.35.7', 'v1.36.2'))).toContain(
      'control-plane/tcp-charlie/pinned-pool: kubernetesVersion: received "v1.36.2"; the kubelet may not be newer than its control plane (v1.35.7)',
    );
  });
});
