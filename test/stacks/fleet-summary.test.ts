import { Testing } from 'cdktf';
import {
  BringYourOwnMachines,
  KubernetesVersion,
  summarizeFleet,
  TenantControlPlane,
} from '../../src';
import { buildApp as vsphere } from '../../examples/vsphere/main';
import { newStack } from '../support/synth';

describe('summarizeFleet', () => {
  test('one line per node: namespace / control plane / pool / node (address where known)', () => {
    expect(summarizeFleet(vsphere(Testing.app()))).toEqual([
      'kamaji-tenant / tcp-charlie / default-pool / tcp-charlie-default-pool-node-00 (192.0.2.21)',
      'kamaji-tenant / tcp-charlie / default-pool / tcp-charlie-default-pool-node-01 (192.0.2.22)',
      'kamaji-tenant / tcp-charlie / default-pool / tcp-charlie-default-pool-node-02 (192.0.2.23)',
      'kamaji-tenant / tcp-charlie / system-pool / tcp-charlie-system-pool-node-00',
      'kamaji-tenant / tcp-charlie / system-pool / tcp-charlie-system-pool-node-01',
    ]);
  });

  test('control planes without pools, empty pools and imported control planes', () => {
    const stack = newStack();
    new TenantControlPlane(stack, 'alpha', { name: 'tcp-alpha', namespace: 'kamaji-tenant' });
    const beta = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'beta', {
      name: 'tcp-beta',
      namespace: 'kamaji-tenant',
    });
    beta.addNodePool('empty', {
      name: 'spare-pool',
      replicas: 0,
      infrastructure: new BringYourOwnMachines(),
      kubernetesVersion: KubernetesVersion.of('v1.34.1'),
    });
    expect(summarizeFleet(stack)).toEqual([
      'kamaji-tenant / tcp-alpha',
      'kamaji-tenant / tcp-beta / spare-pool (no nodes)',
    ]);
  });
});
