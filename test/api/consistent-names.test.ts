/**
 * One spelling across the value classes (issue #23 item 5): `none()` for off, `DEFAULT`
 * for the default, `{ timeoutSeconds, onTimeout: TimeoutAction }` for every wait, and a
 * DataStore referenced as an `IDataStore`. Each old spelling stays as a deprecated alias
 * and synthesizes the same JSON as the new one (CHANGELOG, Unreleased).
 */
import { TerraformStack } from 'cdktf';
import {
  DataStore,
  DataStoreDriver,
  DrainTimeoutAction,
  IDataStore,
  JoinHealth,
  JoinHealthMode,
  NodeAddressing,
  NodeDrain,
  NodePoolOptions,
  OsFamily,
  TenantControlPlane,
  TenantControlPlaneProps,
  TimeoutAction,
} from '../../src';
import { nodePoolOptions } from '../../src/config/fleet-model';
import { addDefaultPool } from '../support/default-pool';
import { refusalMessage } from '../support/refusal';
import { manifestsOf, newStack, synthesize } from '../support/synth';

/** A control plane and a pool of two, synthesized with validations. */
function poolJson(options: Partial<NodePoolOptions> = {}): string {
  const stack = newStack();
  addDefaultPool(stack, options);
  return synthesize(stack).text;
}

describe('"off" is none()', () => {
  test('NodeDrain.disabled() (deprecated) synthesizes what NodeDrain.none() does', () => {
    // GIVEN
    const none = poolJson({ drain: NodeDrain.none() });
    // THEN
    expect(poolJson({ drain: NodeDrain.disabled() })).toBe(none);
    expect(none).not.toBe(poolJson());
    expect(NodeDrain.none().enabled).toBe(false);
  });

  test('the fleet file says it with drain.enabled: false', () => {
    const options = nodePoolOptions({
      name: 'p',
      drain: { enabled: false },
      infrastructure: { 'bring-your-own': {} },
    });
    expect(options.drain).toEqual(NodeDrain.none());
  });
});

describe('the default is DEFAULT', () => {
  test.each<[string, Partial<NodePoolOptions>]>([
    ['JoinHealth.DEFAULT', { joinHealth: JoinHealth.DEFAULT }],
    ['NodeAddressing.DEFAULT', { addressing: NodeAddressing.DEFAULT }],
    ['OsFamily.DEFAULT', { bootstrap: { osFamily: OsFamily.DEFAULT } }],
    ['NodeDrain.DEFAULT', { drain: NodeDrain.DEFAULT }],
  ])('%s synthesizes what leaving it out does', (_name, options) => {
    expect(poolJson(options)).toBe(poolJson());
  });

  test('the defaults are the values they stand for', () => {
    expect(JoinHealth.DEFAULT).toEqual(JoinHealth.none());
    expect(NodeAddressing.DEFAULT).toEqual(NodeAddressing.dhcp());
    expect(OsFamily.DEFAULT).toBe(OsFamily.DEBIAN);
  });
});

describe('a timeout is onTimeout: TimeoutAction', () => {
  test('JoinHealth.failAfter (deprecated) synthesizes what waitForReady does', () => {
    const wait = poolJson({ joinHealth: JoinHealth.waitForReady({ timeoutSeconds: 300 }) });
    expect(poolJson({ joinHealth: JoinHealth.failAfter(300) })).toBe(wait);
    expect(wait).toContain('"KAMAJI_ON_TIMEOUT": "fail"');
  });

  test('JoinHealth.warnAfter (deprecated) synthesizes what onTimeout PROCEED does', () => {
    const wait = poolJson({
      joinHealth: JoinHealth.waitForReady({
        timeoutSeconds: 300,
        onTimeout: TimeoutAction.PROCEED,
      }),
    });
    expect(poolJson({ joinHealth: JoinHealth.warnAfter(300) })).toBe(wait);
    expect(wait).toContain('"KAMAJI_ON_TIMEOUT": "warn"');
  });

  test('waitForReady waits 600 s and fails the apply by default, as a drain does', () => {
    expect(JoinHealth.waitForReady()).toMatchObject({
      mode: JoinHealthMode.FAIL,
      timeoutSeconds: 600,
    });
    expect(NodeDrain.evict()).toMatchObject({
      timeoutSeconds: 600,
      onTimeout: TimeoutAction.FAIL_APPLY,
    });
  });

  test('DrainTimeoutAction (deprecated) is TimeoutAction', () => {
    const proceed = poolJson({
      drain: NodeDrain.evict({ timeoutSeconds: 90, onTimeout: TimeoutAction.PROCEED }),
    });
    expect(
      poolJson({
        drain: NodeDrain.evict({ timeoutSeconds: 90, onTimeout: DrainTimeoutAction.PROCEED }),
      }),
    ).toBe(proceed);
    expect(DrainTimeoutAction).toBe(TimeoutAction);
  });

  test('the fleet file keeps failAfterSeconds and warnAfterSeconds', () => {
    const joinHealth = (config: object) =>
      nodePoolOptions({
        name: 'p',
        joinHealth: config,
        infrastructure: { 'bring-your-own': {} },
      }).joinHealth;
    expect(joinHealth({ failAfterSeconds: 300 })).toEqual(
      JoinHealth.waitForReady({ timeoutSeconds: 300 }),
    );
    expect(joinHealth({ warnAfterSeconds: 60 })).toEqual(
      JoinHealth.waitForReady({ timeoutSeconds: 60, onTimeout: TimeoutAction.PROCEED }),
    );
  });

  test('fails when onTimeout is not a TimeoutAction', () => {
    const joinHealth = JoinHealth.waitForReady({ onTimeout: 'later' as TimeoutAction });
    expect(refusalMessage(() => poolJson({ joinHealth }))).toContain(
      'default-pool: joinHealth.onTimeout: received "later"; must be one of TimeoutAction.FAIL_APPLY or TimeoutAction.PROCEED',
    );
    const drain = NodeDrain.evict({ onTimeout: 'later' as TimeoutAction });
    expect(refusalMessage(() => poolJson({ drain }))).toContain(
      'default-pool: drain.onTimeout: received "later"; must be one of TimeoutAction.FAIL_APPLY or TimeoutAction.PROCEED',
    );
  });
});

describe('a control plane references its DataStore as an IDataStore', () => {
  const secret = (key: string) => ({ name: 'etcd-certs', namespace: 'kamaji-system', key });

  function spec(props: (stack: TerraformStack) => Partial<TenantControlPlaneProps>): unknown {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie', ...props(stack) });
    return manifestsOf(synthesize(stack), 'TenantControlPlane')[0].spec;
  }

  test('dataStore (deprecated) writes what dataStoreRef does', () => {
    // GIVEN
    const byName = spec(() => ({ dataStore: 'etcd-1' }));
    // THEN
    expect(byName).toMatchObject({ dataStore: 'etcd-1' });
    expect(
      spec((stack) => ({ dataStoreRef: DataStore.fromDataStoreName(stack, 'etcd', 'etcd-1') })),
    ).toEqual(byName);
    expect(
      spec((stack) => ({
        dataStoreRef: new DataStore(stack, 'etcd', {
          name: 'etcd-1',
          driver: DataStoreDriver.ETCD,
          endpoints: ['etcd-0.etcd:2379'],
          tlsConfig: {
            certificateAuthority: { certificate: secret('ca.crt'), privateKey: secret('ca.key') },
            clientCertificate: { certificate: secret('tls.crt'), privateKey: secret('tls.key') },
          },
        }),
      })),
    ).toEqual(byName);
  });

  test('an imported DataStore creates nothing', () => {
    const stack = newStack();
    DataStore.fromDataStoreName(stack, 'etcd', 'etcd-1');
    expect(synthesize(stack).json.resource).toBeUndefined();
  });

  test('fails when both dataStore and dataStoreRef are given', () => {
    expect(
      refusalMessage(() =>
        spec((stack) => ({
          dataStore: 'etcd-2',
          dataStoreRef: DataStore.fromDataStoreName(stack, 'etcd', 'etcd-1'),
        })),
      ),
    ).toBe(
      'test/tcp: dataStore: received "etcd-2"; must not be given with dataStoreRef, which names the DataStore too; remove dataStore (deprecated)',
    );
  });

  test('fails when dataStoreRef is a name', () => {
    expect(
      refusalMessage(() => spec(() => ({ dataStoreRef: 'etcd-1' as unknown as IDataStore }))),
    ).toBe(
      'test/tcp: dataStoreRef: received "etcd-1"; must be made with new DataStore(...) or DataStore.fromDataStoreName(scope, id, name)',
    );
  });

  test('fails when the imported name is not a Kubernetes object name', () => {
    const message = refusalMessage(() => {
      const stack = newStack();
      DataStore.fromDataStoreName(stack, 'etcd', 'Etcd_1');
      return synthesize(stack);
    });
    expect(message).toContain('test/etcd: dataStoreName: received "Etcd_1"');
  });
});
