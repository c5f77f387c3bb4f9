/**
 * Brands (issue #23 item 4): every class users pass in is recognised by a
 * `Symbol.for('cdktf-kamaji/<Name>')` property, not by `instanceof`. The symbol names are
 * a contract between copies and versions of the library: this test pins each one.
 */
import { Testing, TerraformStack } from 'cdktf';
import {
  BringYourOwnMachines,
  CloudDirectorInfrastructure,
  CloudDirectorInfrastructureProps,
  DataStore,
  DataStoreDriver,
  JoinHealth,
  JoinToken,
  KubernetesVersion,
  MaasInfrastructure,
  NodeAddressing,
  NodeDrain,
  NodePool,
  OsFamily,
  ProxmoxInfrastructure,
  ProxmoxInfrastructureProps,
  RolloutStrategy,
  StateBackend,
  TenantControlPlane,
  ValidationError,
  VSphereInfrastructure,
  VSphereInfrastructureProps,
  YakiSource,
} from '../../src';
import { StateLedger } from '../../src/day-two/state-ledger';
import { Brand } from '../../src/private/brand';
import { isControlPlane } from '../../src/kamaji/tenant-control-plane-interface';

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'test');
}

const brandOf = (name: string) => Symbol.for(`cdktf-kamaji/${name}`);

describe('Brand', () => {
  test('marks with a registry symbol that is not enumerable', () => {
    // GIVEN
    const brand = new Brand('Thing');
    const value = { a: 1 };
    // WHEN
    brand.mark(value);
    // THEN
    expect((value as Record<symbol, unknown>)[brandOf('Thing')]).toBe(true);
    expect({ ...value }).toStrictEqual({ a: 1 });
    expect(Object.getOwnPropertySymbols({ ...value })).toEqual([]);
    expect(JSON.stringify(value)).toBe('{"a":1}');
  });

  test('recognises any object with the symbol, and nothing else', () => {
    const brand = new Brand('Thing');
    expect(brand.has({ [brandOf('Thing')]: true })).toBe(true);
    for (const other of [undefined, null, 'Thing', 1, {}, { [brandOf('Other')]: true }]) {
      expect(brand.has(other)).toBe(false);
    }
  });
});

describe('the brands of the public classes (a contract: these names never change)', () => {
  const s = stack();
  const tcp = new TenantControlPlane(s, 'tcp', { name: 'tcp-charlie' });
  const imported = TenantControlPlane.fromTenantControlPlaneAttributes(s, 'imported', {
    name: 'tcp-delta',
  });
  const cases: Array<[string, object, (x: unknown) => boolean]> = [
    ['KubernetesVersion', KubernetesVersion.of('v1.34.2'), KubernetesVersion.isKubernetesVersion],
    ['NodeDrain', NodeDrain.evict(), NodeDrain.isNodeDrain],
    ['JoinHealth', JoinHealth.none(), JoinHealth.isJoinHealth],
    ['RolloutStrategy', RolloutStrategy.rollingUpdate(), RolloutStrategy.isRolloutStrategy],
    ['NodeAddressing', NodeAddressing.dhcp(), NodeAddressing.isNodeAddressing],
    ['OsFamily', OsFamily.DEBIAN, OsFamily.isOsFamily],
    ['YakiSource', YakiSource.DEFAULT, YakiSource.isYakiSource],
    ['StateBackend', StateBackend.local(), StateBackend.isStateBackend],
    ['TenantControlPlane', tcp, TenantControlPlane.isTenantControlPlane],
    ['ITenantControlPlane', tcp, isControlPlane],
    ['ITenantControlPlane', imported, isControlPlane],
    ['JoinToken', JoinToken.forControlPlane(s, tcp), JoinToken.isJoinToken],
    [
      'DataStore',
      new DataStore(s, 'etcd', {
        name: 'etcd',
        driver: DataStoreDriver.ETCD,
        endpoints: ['e:2379'],
      }),
      DataStore.isDataStore,
    ],
    [
      'NodePool',
      new NodePool(s, 'pool', {
        controlPlane: tcp,
        name: 'default-pool',
        infrastructure: new BringYourOwnMachines(),
      }),
      NodePool.isNodePool,
    ],
    [
      'BringYourOwnMachines',
      new BringYourOwnMachines(),
      BringYourOwnMachines.isBringYourOwnMachines,
    ],
    [
      'VSphereInfrastructure',
      new VSphereInfrastructure({} as VSphereInfrastructureProps),
      VSphereInfrastructure.isVSphereInfrastructure,
    ],
    [
      'ProxmoxInfrastructure',
      new ProxmoxInfrastructure({} as ProxmoxInfrastructureProps),
      ProxmoxInfrastructure.isProxmoxInfrastructure,
    ],
    [
      'CloudDirectorInfrastructure',
      new CloudDirectorInfrastructure({} as CloudDirectorInfrastructureProps),
      CloudDirectorInfrastructure.isCloudDirectorInfrastructure,
    ],
    ['MaasInfrastructure', MaasInfrastructure.bareMetal(), MaasInfrastructure.isMaasInfrastructure],
    ['ValidationError', new ValidationError('test', []), ValidationError.isValidationError],
  ];

  test.each(cases)('cdktf-kamaji/%s', (name, value, isX) => {
    expect((value as Record<symbol, unknown>)[brandOf(name)]).toBe(true);
    expect(isX(value)).toBe(true);
    // A look-alike with the same fields is not one: the brand decides.
    expect(isX({ ...value })).toBe(false);
  });

  test('cdktf-kamaji/StateLedger: a stack keeps one ledger, whichever copy made it', () => {
    const ledger = StateLedger.of(tcp);
    expect((ledger as unknown as Record<symbol, unknown>)[brandOf('StateLedger')]).toBe(true);
    expect(StateLedger.of(s)).toBe(ledger);
  });

  test('cdktf-kamaji/IDataStore: a DataStore made here or imported', () => {
    const imported = DataStore.fromDataStoreName(s, 'default-datastore', 'default');
    const made = s.node.findChild('etcd');
    for (const dataStore of [imported, made]) {
      expect((dataStore as unknown as Record<symbol, unknown>)[brandOf('IDataStore')]).toBe(true);
    }
    expect(DataStore.isDataStore(imported)).toBe(false);
  });

  test('an import is a control plane but not a TenantControlPlane', () => {
    expect(TenantControlPlane.isTenantControlPlane(imported)).toBe(false);
  });
});
