/**
 * A stack that holds secrets and keeps its state on local disk gets a warning that
 * `cdktf synth` shows (issue #13 item 6): Terraform's state holds the join token and
 * the admin kubeconfig in clear.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  BringYourOwnMachines,
  DataStore,
  DataStoreDriver,
  KubernetesVersion,
  NodePool,
  StateBackend,
  TenantControlPlane,
} from '../../src';
import { newStack, synthesize } from '../support/synth';

function warnings(stack: TerraformStack): string[] {
  synthesize(stack);
  return stack.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}

function controlPlane(stack: TerraformStack): TenantControlPlane {
  return new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-alpha',
    kubernetesVersion: KubernetesVersion.of('v1.35.7'),
  });
}

describe('warning on local state', () => {
  it('warns when a stack with a TenantControlPlane has no backend', () => {
    // GIVEN
    const stack = newStack();
    controlPlane(stack);
    // THEN
    expect(warnings(stack)).toEqual([
      "test: state backend: local (CDKTF's default when a stack has none); this stack holds a tenant control plane's admin kubeconfig, which Terraform's state keeps in clear: give it an encrypted remote backend, e.g. StateBackend.s3({ bucket, region }).applyTo(stack), or StateBackend.kubernetes() or hcpTerraform()",
    ]);
  });

  it('warns once, naming every secret, when a node stack with a join token has a local backend', () => {
    // GIVEN
    const stack = newStack();
    StateBackend.local().applyTo(stack);
    new NodePool(stack, 'default-pool', {
      controlPlane: controlPlane(stack),
      name: 'default-pool',
      infrastructure: new BringYourOwnMachines(),
    });
    // THEN
    const found = warnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(
      "this stack holds a join token, a tenant control plane's admin kubeconfig, which",
    );
  });

  it('says nothing when the stack has a remote backend', () => {
    const stack = newStack();
    StateBackend.s3({ bucket: 'tfstate', region: 'eu-west-1' }).applyTo(stack);
    controlPlane(stack);
    expect(warnings(stack)).toEqual([]);
  });

  it('says nothing for a stack without secrets', () => {
    const stack = newStack();
    new DataStore(stack, 'etcd', {
      name: 'etcd-gold',
      driver: DataStoreDriver.POSTGRESQL,
      endpoints: ['postgres.kamaji-system.svc:5432'],
      basicAuth: {
        username: { name: 'pg', namespace: 'kamaji-system', key: 'username' },
        password: { name: 'pg', namespace: 'kamaji-system', key: 'password' },
      },
    });
    expect(warnings(stack)).toEqual([]);
  });

  it('reaches the manifest cdktf synth prints warnings from', () => {
    // GIVEN an app whose control plane stack has no backend
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-warn-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'control-planes');
      new KubernetesProvider(stack, 'management', { configPath: '~/.kube/config' });
      controlPlane(stack);
      // WHEN
      app.synth();
      // THEN
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
      const annotations = manifest.stacks['control-planes'].annotations;
      expect(annotations).toEqual([
        expect.objectContaining({
          constructPath: 'control-planes',
          level: '@cdktf/warn',
          message: expect.stringContaining('state backend: local'),
        }),
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
