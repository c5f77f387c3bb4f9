/**
 * Issue #22 item 5: a stack without the provider its constructs need is refused at
 * synth with one line per stack and missing provider, naming the construct, the
 * provider class and where it comes from; not CDKTF's generic "e.g. new
 * RandomProvider(...)" under a stack trace.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AppValidationError,
  CloudDirectorInfrastructure,
  DataStore,
  DataStoreDriver,
  INodeInfrastructure,
  MaasInfrastructure,
  MaasProvider,
  NodePool,
  ProxmoxInfrastructure,
  ProxmoxProvider,
  TenantControlPlane,
  VcdProvider,
  VSphereInfrastructure,
} from '../../src';

const ROOT = path.join(__dirname, '..', '..');

/** Runs `build` in an app synthesized as the CLI does; the error thrown, and the files written. */
function synthesized(build: (app: App) => void): { error?: Error; written: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-providers-'));
  try {
    const app = new App({ outdir, skipValidation: false });
    build(app);
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    }
    const entries = fs.readdirSync(outdir, { recursive: true }) as string[];
    const written = entries.filter((entry) => fs.statSync(path.join(outdir, entry)).isFile());
    return { error, written };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A control plane stack with its management provider, and its control plane. */
function controlPlaneIn(app: App): TenantControlPlane {
  const stack = new TerraformStack(app, 'control-planes');
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  return new TenantControlPlane(stack, 'tcp-charlie', { name: 'tcp-charlie' });
}

const line = (pool: string, provider: string, className: string, from: string) =>
  `nodes/${pool}: infrastructure.provider: received nothing; stack "nodes" declares no ${provider} provider, which its resources need: add new ${className}(stack, "${provider}", { ... }) to that stack (import { ${className} } from "${from}")`;

const INFRASTRUCTURES: Array<[string, () => INodeInfrastructure, string, string, string]> = [
  [
    'vsphere',
    () =>
      new VSphereInfrastructure({
        datacenter: 'dc-1',
        computeCluster: 'cluster-1',
        datastore: 'vsan',
        networks: ['tenant-nodes'],
        template: 'ubuntu-24.04',
      }),
    'vsphere',
    'VsphereProvider',
    '@cdktf/provider-vsphere/lib/provider',
  ],
  [
    'proxmox',
    () =>
      new ProxmoxInfrastructure({
        nodes: ['pve-1'],
        templateVmId: 9000,
        snippetsDatastore: 'local',
      }),
    'proxmox',
    'ProxmoxProvider',
    'cdktf-kamaji',
  ],
  [
    'cloud-director',
    () =>
      new CloudDirectorInfrastructure({
        catalog: 'templates',
        template: 'ubuntu-24.04',
        orgNetwork: 'tenant-nodes',
      }),
    'vcd',
    'VcdProvider',
    'cdktf-kamaji',
  ],
  [
    'maas',
    () => MaasInfrastructure.bareMetal({ zones: ['az-1'] }),
    'maas',
    'MaasProvider',
    'cdktf-kamaji',
  ],
];

describe('a stack without the provider its constructs need', () => {
  test.each(INFRASTRUCTURES)(
    'a pool on %s names the provider class and where it comes from',
    (_name, infrastructure, provider, className, from) => {
      // GIVEN a node stack that declares no provider
      const { error, written } = synthesized((app) => {
        const controlPlane = controlPlaneIn(app);
        const nodes = new TerraformStack(app, 'nodes');
        new NodePool(nodes, 'default-pool', {
          controlPlane,
          name: 'default-pool',
          infrastructure: infrastructure(),
        });
      });
      // THEN one line, and nothing written
      expect(error).toBeInstanceOf(AppValidationError);
      expect(error!.message.split('\n')).toEqual([line('default-pool', provider, className, from)]);
      expect(written).toEqual([]);
    },
  );

  test('one line per stack and missing provider: two pools of a stack, a control plane, a data store', () => {
    const { error, written } = synthesized((app) => {
      const stack = new TerraformStack(app, 'control-planes');
      new DataStore(stack, 'etcd', {
        name: 'etcd',
        driver: DataStoreDriver.ETCD,
        endpoints: ['etcd-0:2379'],
        tlsConfig: {
          certificateAuthority: {
            certificate: { name: 'etcd', namespace: 'kamaji-system', key: 'ca.crt' },
            privateKey: { name: 'etcd', namespace: 'kamaji-system', key: 'ca.key' },
          },
          clientCertificate: {
            certificate: { name: 'etcd', namespace: 'kamaji-system', key: 'tls.crt' },
            privateKey: { name: 'etcd', namespace: 'kamaji-system', key: 'tls.key' },
          },
        },
      });
      const controlPlane = new TenantControlPlane(stack, 'tcp-charlie', { name: 'tcp-charlie' });
      const nodes = new TerraformStack(app, 'nodes');
      for (const name of ['default-pool', 'system-pool']) {
        new NodePool(nodes, name, {
          controlPlane,
          name,
          infrastructure: new ProxmoxInfrastructure({
            nodes: ['pve-1'],
            templateVmId: 9000,
            snippetsDatastore: 'local',
          }),
        });
      }
    });
    expect(error).toBeInstanceOf(AppValidationError);
    expect(error!.message.split('\n')).toEqual([
      'control-planes/etcd: provider: received nothing; stack "control-planes" declares no kubernetes provider, which its resources need: add new KubernetesProvider(stack, "kubernetes", { ... }) to that stack (import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider")',
      line('default-pool', 'proxmox', 'ProxmoxProvider', 'cdktf-kamaji'),
    ]);
    // AND the error prints as its lines, without a trace into the library or CDKTF
    expect(error!.stack).toBe(error!.message);
    expect(written).toEqual([]);
  });

  test('the providers declared anywhere in the stack, aliased or not, as CDKTF counts them', () => {
    const { error, written } = synthesized((app) => {
      const controlPlane = controlPlaneIn(app);
      const nodes = new TerraformStack(app, 'nodes');
      new ProxmoxProvider(new Construct(nodes, 'providers'), 'proxmox', { alias: 'pve' });
      new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p' });
      new VcdProvider(nodes, 'vcd', { url: 'https://vcd.example.com/api', org: 'o' });
      new MaasProvider(nodes, 'maas', { apiUrl: 'http://maas:5240/MAAS', apiKey: 'k' });
      for (const [name, infrastructure] of INFRASTRUCTURES) {
        new NodePool(nodes, `${name}-pool`, {
          controlPlane,
          name: `${name}-pool`,
          infrastructure: infrastructure(),
        });
      }
    });
    expect(error).toBeUndefined();
    expect(written).toContain(path.join('stacks', 'nodes', 'cdk.tf.json'));
  });

  test('run as `cdktf synth` runs an app: one line per missing provider on stderr, no stack trace', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-providers-'));
    try {
      let stderr = '';
      try {
        execFileSync(
          process.execPath,
          [
            '-r',
            'ts-node/register/transpile-only',
            path.join('test', 'errors', 'apps', 'missing-providers.ts'),
            outdir,
          ],
          { cwd: ROOT, stdio: 'pipe', env: { ...process.env, CHECKPOINT_DISABLE: '1' } },
        );
      } catch (e) {
        stderr = String((e as { stderr: Buffer }).stderr);
      }
      const lines = stderr.split('\n').filter((l) => l.trim() !== '');
      expect(lines).toEqual([
        // Node prints an error whose stack holds no "Error:" header in brackets.
        '[control-planes/tcp-charlie: provider: received nothing; stack "control-planes" declares no kubernetes provider, which its resources need: add new KubernetesProvider(stack, "kubernetes", { ... }) to that stack (import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider")',
        `${line('default-pool', 'proxmox', 'ProxmoxProvider', 'cdktf-kamaji')}]`,
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});
