/**
 * Issue #12 item 17: every problem of an app is reported at once, when it is
 * synthesized, before any stack is written; each problem once, one line each.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack } from 'cdktf';
import {
  AppValidationError,
  DataStore,
  DataStoreDriver,
  describeValue,
  NodePool,
  TenantControlPlane,
  ValidationError,
} from '../../src';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { refusalMessage } from '../support/refusal';
import { synthesize } from '../support/synth';

function appIn(outdir: string): App {
  return new App({ outdir, skipValidation: false });
}

function stackOf(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  return stack;
}

function withOutdir<T>(run: (outdir: string) => T): { result: T; written: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-report-'));
  try {
    const result = run(outdir);
    // The App makes the empty outdir/stacks folder when constructed; files are what counts.
    const entries = fs.readdirSync(outdir, { recursive: true }) as string[];
    const written = entries.filter((entry) => fs.statSync(path.join(outdir, entry)).isFile());
    return { result, written };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const BAD_NAME =
  'control-planes/tcp-alpha: name: received "Alpha"; must be an RFC 1035 label: at most 63 characters, lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';

describe('problems reported at synth', () => {
  test('constructors record bad props instead of throwing', () => {
    // GIVEN a stack; WHEN a control plane with a bad name is made
    const app = newApp();
    const stack = stackOf(app, 'control-planes');
    // THEN nothing is thrown, and nothing is built under it
    const tcp = new TenantControlPlane(stack, 'tcp-alpha', { name: 'Alpha' });
    expect(tcp.node.children).toHaveLength(0);
  });

  test('two bad constructs in two stacks are both reported, and nothing is written', () => {
    const { result, written } = withOutdir((outdir) => {
      // GIVEN a valid stack first, then two stacks with one bad construct each
      const app = appIn(outdir);
      const valid = stackOf(app, 'valid');
      new TenantControlPlane(valid, 'tcp-beta', { name: 'tcp-beta' });
      new TenantControlPlane(stackOf(app, 'control-planes'), 'tcp-alpha', { name: 'Alpha' });
      new DataStore(stackOf(app, 'data-stores'), 'etcd', {
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
        basicAuth: {
          username: { name: 'etcd', namespace: 'kamaji-system', key: 'user' },
          password: { name: 'etcd', namespace: 'kamaji-system', key: 'password' },
        },
      });
      // WHEN the app is synthesized
      try {
        app.synth();
      } catch (e) {
        return e;
      }
      return undefined;
    });
    // THEN one error holds both problems, one line each and nothing else
    expect(result).toBeInstanceOf(AppValidationError);
    const error = result as AppValidationError;
    expect(error.message.split('\n')).toEqual([
      BAD_NAME,
      'data-stores/etcd: basicAuth: received "basicAuth"; the etcd driver does not use basicAuth; authenticate with tlsConfig.clientCertificate',
    ]);
    expect(error.constructProblems.map((e) => e.constructPath)).toEqual([
      'control-planes/tcp-alpha',
      'data-stores/etcd',
    ]);
    // AND no stack (not even the valid one, synthesized first) and no manifest was written
    expect(written).toEqual([]);
  });

  test('a pool under a refused control plane is still checked', () => {
    // GIVEN a control plane with a bad name, and a pool of it with bad props
    const app = newApp();
    const tcp = new TenantControlPlane(stackOf(app, 'control-planes'), 'tcp-alpha', {
      name: 'Alpha',
    });
    const nodes = stackOf(app, 'nodes');
    const pool = new NodePool(nodes, 'default-pool', {
      controlPlane: tcp,
      name: 'Default_Pool',
      replicas: 2,
      infrastructure: new FakeInfrastructure(),
    });
    // THEN the pool builds nothing, and synth reports both
    expect(pool.nodes).toEqual([]);
    expect(refusalMessage(() => synthesize(nodes)).split('\n')).toEqual([
      BAD_NAME,
      'nodes/default-pool: name: received "Default_Pool"; must be an RFC 1123 label: at most 63 characters, lower-case letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });

  test('a valid pool under a refused control plane builds nothing and adds no problem', () => {
    const app = newApp();
    const tcp = new TenantControlPlane(stackOf(app, 'control-planes'), 'tcp-alpha', {
      name: 'Alpha',
    });
    const nodes = stackOf(app, 'nodes');
    const pool = new NodePool(nodes, 'default-pool', {
      controlPlane: tcp,
      name: 'default-pool',
      infrastructure: new FakeInfrastructure(),
    });
    expect(pool.nodes).toEqual([]);
    expect(refusalMessage(() => synthesize(nodes))).toBe(BAD_NAME);
  });

  test('the error prints as its lines: no trace, no fields', () => {
    const error = new AppValidationError([
      new ValidationError('a/b', [{ field: 'x', received: 1, allowed: 'must be 2' }]),
    ]);
    expect(error.stack).toBe('a/b: x: received 1; must be 2');
    expect(Object.keys(error)).toEqual([]);
    expect(Object.keys(error.constructProblems[0])).toEqual([]);
  });
});

function newApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-app-')) });
}

describe('values in messages', () => {
  test('are described whatever they are', () => {
    const circular: { [key: string]: unknown } = { a: 1 };
    circular.self = circular;
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(Infinity)).toBe('Infinity');
    expect(describeValue([-Infinity, 1])).toBe('[-Infinity,1]');
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue({ n: 2n ** 70n })).toBe('{"n":1180591620717411303424n}');
    expect(describeValue(circular)).toBe('{"a":1,"self":[Circular]}');
    expect(describeValue({ a: 'x', b: undefined, c: [undefined] })).toBe('{"a":"x","c":[null]}');
  });
});
