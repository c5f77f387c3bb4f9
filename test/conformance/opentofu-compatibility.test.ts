/**
 * What the library writes runs on OpenTofu as on Terraform (issue #24 item 3). No OpenTofu
 * binary can be installed here, so this checks the synthesized JSON of every example, of
 * the benchmark apps and of stacks with each state backend against the features both cores
 * are documented to run (support/opentofu-features.ts), and the two places where they
 * differ: the cloud block's host, and base64gzip's bytes from OpenTofu 1.13 on.
 */
import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StateBackend } from '../../src';
import { newest, SHARED_FEATURES } from '../support/opentofu-features';
import { synthApps } from '../support/synth-apps';
import { featuresOf, functionCalls } from '../support/terraform-json-features';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');

/** Two stacks with the backend, the second reading an output of the first. */
function backendApp(outdir: string, backend: StateBackend): void {
  const app = new App({ outdir });
  const source = new TerraformStack(app, 'control-plane');
  backend.applyTo(source);
  new RandomProvider(source, 'random');
  const value = new StringResource(source, 'value', { length: 4 });
  const reader = new TerraformStack(app, 'nodes');
  backend.applyTo(reader);
  new TerraformOutput(reader, 'copy', { value: value.result });
  app.synth();
}

/** Every stack JSON under `dir`, by path relative to it. */
function stacksUnder(dir: string): Map<string, any> {
  const stacks = new Map<string, any>();
  for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (path.basename(file) === 'cdk.tf.json') {
      stacks.set(file, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    }
  }
  return stacks;
}

/** Features by name, each with the first stack that uses it. */
function featuresIn(stacks: Map<string, any>): Map<string, string> {
  const used = new Map<string, string>();
  for (const [file, stack] of stacks) {
    for (const feature of featuresOf(stack)) if (!used.has(feature)) used.set(feature, file);
  }
  return used;
}

const BACKENDS: Array<[string, StateBackend]> = [
  ['backend-local', StateBackend.local()],
  ['backend-s3', StateBackend.s3({ bucket: 'state', region: 'eu-central-1' })],
  [
    'backend-s3-compatible',
    StateBackend.s3({ bucket: 'state', region: 'minio', endpoint: 'https://s3.example.com' }),
  ],
  ['backend-kubernetes', StateBackend.kubernetes({ namespace: 'tfstate', configPath: '~/.kube' })],
  [
    'backend-hcp-terraform',
    StateBackend.hcpTerraform({ organization: 'acme', hostname: 'tfe.example.com' }),
  ],
];

describe('OpenTofu compatibility of the synthesized JSON', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-opentofu-'));
  let stacks: Map<string, any>;
  let used: Map<string, string>;

  beforeAll(() => {
    synthApps(outdir);
    for (const [name, backend] of BACKENDS) backendApp(path.join(outdir, name), backend);
    stacks = stacksUnder(outdir);
    used = featuresIn(stacks);
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('every example, bench app and backend uses only features both cores run', () => {
    const unlisted = [...used]
      .filter(([feature]) => !(feature in SHARED_FEATURES))
      .map(([feature, file]) => `${feature} (first in ${file})`);
    expect(unlisted).toEqual([]);
    // The walk saw the stacks it is meant to see.
    expect(used.get('block:check')).toBeDefined();
    expect(used.get('function:base64gzip')).toBeDefined();
    expect(used.get('backend:s3.use_lockfile')).toBeDefined();
    expect(used.get('cloud:hostname')).toBeDefined();
  });

  test('lists only features the stacks use, so that the minimum versions are theirs', () => {
    expect(Object.keys(SHARED_FEATURES).filter((feature) => !used.has(feature))).toEqual([]);
  });

  test('the README states the minimum versions of the features used', () => {
    // GIVEN the newest feature each core needs; S3 locking apart, as the README says
    const features = [...used.keys()].map((name) => SHARED_FEATURES[name]).filter(Boolean);
    const without = [...used.keys()]
      .filter((name) => !name.endsWith('s3.use_lockfile'))
      .map((name) => SHARED_FEATURES[name])
      .filter(Boolean);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## CDK for Terraform, CDK Terrain, Terraform, OpenTofu'),
    );
    // THEN
    expect(section).toContain(
      `Terraform >= ${newest(without.map((f) => f.terraform))} or OpenTofu >= ${newest(without.map((f) => f.opentofu))}`,
    );
    expect(section).toContain(
      `\`StateBackend.s3\` locks with a lock file (\`useLockfile\`, the default): Terraform >= ${newest(features.map((f) => f.terraform))} or OpenTofu >= ${newest(features.map((f) => f.opentofu))}`,
    );
  });

  test('hcpTerraform names the host OpenTofu requires only when given one', () => {
    // GIVEN HCP Terraform without a hostname (Terraform's default, app.terraform.io)
    const dir = path.join(outdir, 'hcp-default');
    backendApp(dir, StateBackend.hcpTerraform({ organization: 'acme' }));
    // WHEN
    const features = featuresIn(stacksUnder(dir));
    // THEN OpenTofu would refuse the cloud block and the cross-stack read
    expect([...features.keys()].filter((name) => !(name in SHARED_FEATURES)).sort()).toEqual([
      'cloud:without-hostname',
      'remote_state:remote.without-hostname',
    ]);
    // AND with one, the cloud block and every read (the other stack's, the ledger's own) carry it
    const withHost = stacksUnder(path.join(outdir, 'backend-hcp-terraform'));
    const nodes = [...withHost.entries()].find(([file]) => file.includes('nodes'))![1];
    expect(nodes.terraform.cloud.hostname).toBe('tfe.example.com');
    const reads = Object.values<any>(nodes.data.terraform_remote_state);
    expect(reads.map((read) => [read.backend, read.config.hostname])).toEqual([
      ['remote', 'tfe.example.com'],
      ['remote', 'tfe.example.com'],
    ]);
  });

  // OpenTofu 1.13's base64gzip returns other bytes for the same text (CHANGELOG of
  // opentofu/opentofu, 1.13.0 upgrade notes): an argument computed with it changes for
  // every resource already created. Under ignore_changes, no running machine sees that.
  test('base64gzip is called only in arguments the resource ignores later', () => {
    const outside: string[] = [];
    let calls = 0;
    for (const [file, stack] of stacks) {
      for (const [type, instances] of Object.entries<any>(stack.resource ?? {})) {
        for (const [name, resource] of Object.entries<any>(instances)) {
          const ignored: string[][] = (resource.lifecycle?.ignore_changes ?? []).map(traversal);
          for (const [at, value] of stringValues(resource)) {
            if (!functionCalls(value).has('base64gzip')) continue;
            calls += 1;
            const covered = ignored.some((ignore) => ignore.every((step, i) => at[i] === step));
            if (!covered) outside.push(`${file}: ${type}.${name}: ${at.join('.')}`);
          }
        }
      }
    }
    expect(outside).toEqual([]);
    expect(calls).toBeGreaterThan(0);
  });
});

describe('the feature walk', () => {
  test('names blocks, meta-arguments and functions, not text that only looks like them', () => {
    // GIVEN a stack with calls in expressions, nested ones, and look-alikes in literals
    const stack = {
      '//': { metadata: { note: '${ignored(1)}' } },
      terraform: { backend: { local: { path: 'x' } } },
      resource: {
        terraform_data: {
          a: {
            input: '${upper(join("-", ["a (b)", lower("C")]))} echo $(date) $${literal(1)}',
            triggers_replace: '%{ if contains(var.x, "y") }y%{ endif }',
            lifecycle: { replace_triggered_by: ['terraform_data.b'] },
            provisioner: [{ 'local-exec': { command: 'true', when: 'destroy' } }],
          },
        },
        vsphere_folder: { f: { count: 2, path: '${provider::kubernetes::manifest_encode(x)}' } },
      },
      moved: [{ from: 'a', to: 'b' }],
    };
    // WHEN
    const features = [...featuresOf(stack)].sort();
    // THEN
    expect(features).toEqual(
      [
        'backend:local',
        'backend:local.path',
        'block:moved',
        'block:resource',
        'block:terraform',
        'function:contains',
        'function:join',
        'function:lower',
        'function:upper',
        'lifecycle:replace_triggered_by',
        'meta:count',
        'meta:lifecycle',
        'provider-function:provider::kubernetes::manifest_encode',
        'provisioner:local-exec',
        'provisioner:local-exec.command',
        'provisioner:local-exec.when=destroy',
        'resource:terraform_data',
        'terraform:backend',
      ].sort(),
    );
  });
});

/** `extra_config["guestinfo.userdata"]` -> ['extra_config', 'guestinfo.userdata']. */
function traversal(address: string): string[] {
  return [...address.matchAll(/([A-Za-z_][\w-]*)|\["([^"]*)"\]|\[(\d+)\]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

/** Every string in a resource's body with its path (list indexes as numbers in text). */
function stringValues(value: unknown, at: string[] = []): Array<[string[], string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringValues(item, [...at, `${i}`]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => stringValues(item, [...at, key]));
  }
  return [];
}
