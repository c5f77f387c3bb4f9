import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { TerraformVariable } from 'cdktf';
import { DataStore, DataStoreDriver, DataStoreProps } from '../../src';
import { newStack, onlyManifestResource, synthesize } from '../support/synth';
import { refusalMessage } from '../support/refusal';

const secret = (key: string) => ({ name: 'etcd-certs', namespace: 'kamaji-system', key });
const etcdTls = {
  certificateAuthority: { certificate: secret('ca.crt'), privateKey: secret('ca.key') },
  clientCertificate: { certificate: secret('tls.crt'), privateKey: secret('tls.key') },
};

function synthDataStore(props: Partial<DataStoreProps> = {}) {
  const stack = newStack();
  const dataStore = new DataStore(stack, 'ds', {
    name: 'etcd-gold',
    driver: DataStoreDriver.ETCD,
    endpoints: ['etcd-0.etcd.kamaji-system.svc:2379'],
    tlsConfig: etcdTls,
    ...props,
  });
  const synth = synthesize(stack);
  return { dataStore, synth, resource: onlyManifestResource(synth) };
}

function failure(props: Partial<DataStoreProps>): string {
  return refusalMessage(() => {
    return synthDataStore(props);
  });
}

describe('DataStore', () => {
  test('an etcd DataStore references its certificates by Secret key', () => {
    // GIVEN / WHEN
    const { resource, dataStore, synth } = synthDataStore();
    // THEN
    expect(resource.manifest).toEqual({
      apiVersion: 'kamaji.clastix.io/v1alpha1',
      kind: 'DataStore',
      metadata: { name: 'etcd-gold' },
      spec: {
        driver: 'etcd',
        endpoints: ['etcd-0.etcd.kamaji-system.svc:2379'],
        tlsConfig: {
          certificateAuthority: {
            certificate: {
              secretReference: {
                name: 'etcd-certs',
                namespace: 'kamaji-system',
                keyPath: 'ca.crt',
              },
            },
            privateKey: {
              secretReference: {
                name: 'etcd-certs',
                namespace: 'kamaji-system',
                keyPath: 'ca.key',
              },
            },
          },
          clientCertificate: {
            certificate: {
              secretReference: {
                name: 'etcd-certs',
                namespace: 'kamaji-system',
                keyPath: 'tls.crt',
              },
            },
            privateKey: {
              secretReference: {
                name: 'etcd-certs',
                namespace: 'kamaji-system',
                keyPath: 'tls.key',
              },
            },
          },
        },
      },
    });
    expect(resource.wait).toEqual({ fields: { 'status.ready': '^true$' } });
    expect(resource.lifecycle).toEqual({ prevent_destroy: true });
    expect(dataStore.name).toBe('etcd-gold');
    expect(dataStore.node.defaultChild).toBeInstanceOf(Manifest);
    expect(synth.text).toMatchSnapshot();
  });

  test.each([DataStoreDriver.MYSQL, DataStoreDriver.POSTGRESQL, DataStoreDriver.NATS])(
    'a %s DataStore with basic auth, labels and annotations',
    (driver) => {
      const { resource } = synthDataStore({
        name: 'sql-bronze',
        driver,
        endpoints: ['db.kamaji-system.svc:5432'],
        tlsConfig: undefined,
        basicAuth: { username: secret('username'), password: secret('password') },
        labels: { tier: 'bronze' },
        annotations: { owner: 'platform' },
        deletionProtection: false,
      });
      expect(resource.manifest.metadata).toEqual({
        name: 'sql-bronze',
        labels: { tier: 'bronze' },
        annotations: { owner: 'platform' },
      });
      expect(resource.manifest.spec).toEqual({
        driver,
        endpoints: ['db.kamaji-system.svc:5432'],
        basicAuth: {
          username: {
            secretReference: {
              name: 'etcd-certs',
              namespace: 'kamaji-system',
              keyPath: 'username',
            },
          },
          password: {
            secretReference: {
              name: 'etcd-certs',
              namespace: 'kamaji-system',
              keyPath: 'password',
            },
          },
        },
      });
      expect(resource.lifecycle).toEqual({ prevent_destroy: false });
    },
  );

  test('fails when the name is not an RFC 1123 subdomain', () => {
    expect(failure({ name: 'Gold_Etcd' })).toBe(
      'test/ds: name: received "Gold_Etcd"; must be an RFC 1123 subdomain: at most 253 characters, dot-separated RFC 1123 labels',
    );
  });

  test('fails when there is no endpoint or one is not host:port', () => {
    expect(failure({ endpoints: [] })).toBe(
      'test/ds: endpoints: received []; needs at least one "host:port" endpoint',
    );
    expect(failure({ endpoints: ['https://etcd:2379'] })).toBe(
      'test/ds: endpoints[0]: received "https://etcd:2379"; must be "host:port" with no scheme, e.g. "etcd-0.etcd.kamaji-system.svc:2379"',
    );
    expect(failure({ endpoints: ['etcd:99999'] })).toContain('endpoints[0]: received "etcd:99999"');
  });

  test('accepts IPv6 endpoints in brackets', () => {
    expect(() => synthDataStore({ endpoints: ['[fd00::5]:2379'] })).not.toThrow();
  });

  test('fails when etcd lacks the CA key or the client certificate', () => {
    const expected =
      'test/ds: tlsConfig: received nothing; the etcd driver authenticates with certificates: give tlsConfig.certificateAuthority.privateKey and tlsConfig.clientCertificate (certificate and privateKey)';
    expect(failure({ tlsConfig: undefined })).toBe(expected);
    expect(
      failure({ tlsConfig: { certificateAuthority: { certificate: secret('ca.crt') } } }),
    ).toBe(expected);
  });

  test('fails when etcd is given basic auth', () => {
    expect(
      failure({ basicAuth: { username: secret('username'), password: secret('password') } }),
    ).toBe(
      'test/ds: basicAuth: received "basicAuth"; the etcd driver does not use basicAuth; authenticate with tlsConfig.clientCertificate',
    );
  });

  test('fails when a SQL driver has neither TLS nor basic auth', () => {
    expect(failure({ driver: DataStoreDriver.MYSQL, tlsConfig: undefined })).toBe(
      'test/ds: tlsConfig, basicAuth: received nothing; the MySQL driver needs tlsConfig or basicAuth',
    );
  });

  test('fails when a Secret reference is incomplete', () => {
    expect(
      failure({
        driver: DataStoreDriver.POSTGRESQL,
        tlsConfig: undefined,
        basicAuth: {
          username: secret('username'),
          password: { name: 'db', namespace: '', key: 'password' },
        },
      }),
    ).toBe(
      'test/ds: basicAuth.password: received {"name":"db","namespace":"","key":"password"}; a Secret reference needs name, namespace and key',
    );
  });

  test('unresolved endpoints are not checked', () => {
    const stack = newStack();
    const endpoint = new TerraformVariable(stack, 'endpoint', { type: 'string' });
    expect(
      () =>
        new DataStore(stack, 'ds', {
          name: 'etcd-gold',
          driver: DataStoreDriver.ETCD,
          endpoints: [endpoint.stringValue],
          tlsConfig: etcdTls,
        }),
    ).not.toThrow();
  });
});

describe('DataStore refusals of input once accepted silently (issue #12 items 13 and 14)', () => {
  const js = (value: unknown) => value as any;

  test('a driver outside its enum', () => {
    const stack = newStack();
    new DataStore(stack, 'ds', {
      name: 'etcd',
      driver: 'etcd3',
      endpoints: ['etcd:2379'],
      basicAuth: {
        username: { name: 's', namespace: 'n', key: 'u' },
        password: { name: 's', namespace: 'n', key: 'p' },
      },
    } as any);
    expect(refusalMessage(() => synthesize(stack))).toContain(
      'test/ds: driver: received "etcd3"; must be one of DataStoreDriver.ETCD ("etcd"), DataStoreDriver.MYSQL ("MySQL"), DataStoreDriver.POSTGRESQL ("PostgreSQL") or DataStoreDriver.NATS ("NATS")',
    );
  });

  test('a DataStore given no props object at all, from JavaScript', () => {
    const stack = newStack();
    new DataStore(stack, 'ds', js(undefined));
    const lines = refusalMessage(() => synthesize(stack)).split('\n');
    expect(lines).toContain('test/ds: endpoints: received nothing; is required');
    expect(lines.join('\n')).not.toMatch(/TypeError|Cannot read/);
  });

  test('a DataStore without endpoints or credentials, from JavaScript', () => {
    const stack = newStack();
    new DataStore(stack, 'ds', js({ name: 'etcd', driver: 'MySQL', basicAuth: {} }));
    expect(refusalMessage(() => synthesize(stack)).split('\n')).toEqual([
      'test/ds: endpoints: received nothing; is required',
      'test/ds: basicAuth.username: received nothing; is required',
      'test/ds: basicAuth.password: received nothing; is required',
    ]);
  });
});
