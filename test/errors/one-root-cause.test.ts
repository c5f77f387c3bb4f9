/**
 * Issue #22 item 6: one root cause, one message. A control plane version the library
 * refuses is reported once, at the control plane; pools that follow it say nothing
 * about it, and pools with a version of their own are checked against nothing they
 * cannot know.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { AppValidationError, KubernetesVersion, NodePool, TenantControlPlane } from '../../src';
import { FakeInfrastructure } from '../support/fake-infrastructure';

const UNSUPPORTED =
  'control-planes/tcp-alpha: kubernetesVersion: received "v1.99.0"; this Kamaji release supports Kubernetes v1.30 to v1.36; choose a version in that range';

/** The lines `app.synth()` throws for a control plane on `version` and its pools. */
function synthLines(version: string, pools: Array<{ name: string; version?: string }>): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-root-cause-'));
  try {
    const app = new App({ outdir, skipValidation: false });
    const controlPlanes = new TerraformStack(app, 'control-planes');
    new KubernetesProvider(controlPlanes, 'kubernetes', { configPath: '~/.kube/config' });
    const tcp = new TenantControlPlane(controlPlanes, 'tcp-alpha', {
      name: 'tcp-alpha',
      kubernetesVersion: KubernetesVersion.of(version),
    });
    const nodes = new TerraformStack(app, 'nodes');
    for (const pool of pools) {
      new NodePool(nodes, pool.name, {
        controlPlane: tcp,
        name: pool.name,
        replicas: 2,
        ...(pool.version && { kubernetesVersion: KubernetesVersion.of(pool.version) }),
        infrastructure: new FakeInfrastructure(),
      });
    }
    try {
      app.synth();
    } catch (e) {
      expect(e).toBeInstanceOf(AppValidationError);
      return (e as Error).message.split('\n');
    }
    throw new Error('expected the app to be refused');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('a refused control plane version is reported once', () => {
  test('pools that follow it say nothing about it', () => {
    // GIVEN a control plane on an unsupported version and five pools without a version
    const pools = ['default-pool', 'system-pool', 'application-pool', 'gpu-pool', 'edge-pool'];
    // WHEN the app is synthesized
    const lines = synthLines(
      'v1.99.0',
      pools.map((name) => ({ name })),
    );
    // THEN one line, at the control plane
    expect(lines).toEqual([UNSUPPORTED]);
  });

  test('also when the version is malformed', () => {
    expect(synthLines('1.33', [{ name: 'default-pool' }, { name: 'system-pool' }])).toEqual([
      'control-planes/tcp-alpha: kubernetesVersion: received "1.33"; must be a Kubernetes release "vMAJOR.MINOR.PATCH", e.g. "v1.33.4"',
    ]);
  });

  test("a pool's own sound version is not held against the refused one (no skew message)", () => {
    expect(synthLines('v1.99.0', [{ name: 'default-pool', version: 'v1.35.7' }])).toEqual([
      UNSUPPORTED,
    ]);
  });

  test("a pool's own bad version is still its own problem", () => {
    expect(synthLines('v1.99.0', [{ name: 'default-pool', version: 'v1.98.0' }])).toEqual([
      UNSUPPORTED,
      'nodes/default-pool: kubernetesVersion: received "v1.98.0"; this Kamaji release supports Kubernetes v1.30 to v1.36; choose a version in that range',
    ]);
  });
});
