/**
 * Two control planes of one name (other namespaces, or other management clusters) are
 * different tenants (issue #12 item 2): in one stack, nothing per tenant may be shared
 * between them, whether they are made here or imported.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { TerraformStack } from 'cdktf';
import {
  BringYourOwnMachines,
  ITenantControlPlane,
  JoinToken,
  KubernetesVersion,
  NodePool,
  TenantControlPlane,
  VSphereInfrastructure,
  VSphereInfrastructureProps,
} from '../../src';
import { newStack, synthesize } from '../support/synth';
import { refusalMessage } from '../support/refusal';

const VERSION = KubernetesVersion.of('v1.34.1');

/** Two control planes named tcp-charlie, in namespaces tenant-a and tenant-b. */
function twoTenants(imported: boolean) {
  const stack = newStack();
  const make = (id: string, namespace: string): ITenantControlPlane =>
    imported
      ? TenantControlPlane.fromTenantControlPlaneAttributes(stack, id, {
          name: 'tcp-charlie',
          namespace,
          kubernetesVersion: VERSION,
        })
      : new TenantControlPlane(stack, id, {
          name: 'tcp-charlie',
          namespace,
          kubernetesVersion: VERSION,
        });
  return { stack, a: make('a', 'tenant-a'), b: make('b', 'tenant-b') };
}

/** The locals (join token endpoint and CA) a user-data expression refers to. */
function localsOf(userData: string): string[] {
  return [...new Set(userData.match(/local\.[\w-]+/g) ?? [])].sort();
}

describe.each([
  ['made here', false],
  ['imported', true],
])('two control planes of one name, %s', (_, imported) => {
  test('each pool joins with the token, endpoint and CA of its own control plane', () => {
    // GIVEN
    const { stack, a, b } = twoTenants(imported);
    // WHEN
    const poolA = new NodePool(stack, 'pool-a', {
      controlPlane: a,
      name: 'default-pool',
      infrastructure: new BringYourOwnMachines(),
    });
    const poolB = new NodePool(stack, 'pool-b', {
      controlPlane: b,
      name: 'default-pool',
      infrastructure: new BringYourOwnMachines(),
    });
    const json = synthesize(stack).json;
    // THEN two tokens, the first keeping today's id
    expect(poolA.joinToken).not.toBe(poolB.joinToken);
    expect(poolA.joinToken.node.id).toBe('tcp-charlie-join-token');
    expect(poolB.joinToken.node.id).toMatch(/^tcp-charlie-join-token-[0-9a-f]{8}$/);
    expect(Object.keys(json.resource!.kubernetes_secret_v1)).toHaveLength(2);
    expect(JoinToken.forControlPlane(stack, b)).toBe(poolB.joinToken);
    // AND each token's endpoint reads its own control plane's admin kubeconfig
    const locals = json.locals as Record<string, string>;
    const kubeconfigOf = (token: JoinToken) =>
      locals[Object.keys(locals).find((l) => l.startsWith(`${token.node.id}_Endpoint`))!];
    expect(kubeconfigOf(poolA.joinToken)).not.toEqual(kubeconfigOf(poolB.joinToken));
    // AND each node's user-data (an output here) uses only its own pool's token
    const outputs = json.output as Record<string, { value: string }>;
    const userDataA = outputs['tcp-charlie-default-pool-node-00-user-data'].value;
    const nameB = Object.keys(outputs).find((o) =>
      o.startsWith('tcp-charlie-default-pool-node-00-user-data-'),
    )!;
    expect(nameB).toMatch(/-user-data-[0-9a-f]{8}$/);
    const userDataB = outputs[nameB].value;
    expect(localsOf(userDataA).every((l) => l.includes(`${poolA.joinToken.node.id}_`))).toBe(true);
    expect(localsOf(userDataB).every((l) => l.includes(`${poolB.joinToken.node.id}_`))).toBe(true);
  });

  test('each gets its own vSphere folder, and one folder path is refused for both', () => {
    const placement: VSphereInfrastructureProps = {
      datacenter: 'dc-1',
      computeCluster: 'cluster-1',
      datastore: 'vsan',
      networks: ['tenant-nodes'],
      template: 'ubuntu-24.04',
      folderPerTenant: true,
    };
    const build = (folderB: string) => {
      const { stack, a, b } = twoTenants(imported);
      new VsphereProvider(stack, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
      new NodePool(stack, 'pool-a', {
        controlPlane: a,
        name: 'default-pool',
        infrastructure: new VSphereInfrastructure({ ...placement, folder: 'tenants-a' }),
      });
      new NodePool(stack, 'pool-b', {
        controlPlane: b,
        name: 'default-pool',
        infrastructure: new VSphereInfrastructure({ ...placement, folder: folderB }),
      });
      return synthesize(stack).json;
    };
    // WHEN the tenants' pools name other parent folders
    const json = build('tenants-b');
    // THEN two folders, each VM in its own tenant's
    const folders = json.resource!.vsphere_folder as Record<string, any>;
    expect(Object.values(folders).map((f) => f.path)).toEqual([
      'tenants-a/tcp-charlie',
      'tenants-b/tcp-charlie',
    ]);
    const vms = Object.values(json.resource!.vsphere_virtual_machine) as any[];
    expect(new Set(vms.map((vm) => vm.folder)).size).toBe(2);
    // AND the same parent folder is refused: both tenants' VMs would share one folder
    expect(
      refusalMessage(() => {
        build('tenants-a');
      }),
    ).toContain(
      'pool-b: infrastructure.folder: received "tenants-a"; would put this control plane\'s VMs in vSphere folder "tenants-a/tcp-charlie"',
    );
  });

  test('each pool keeps its nodes output', () => {
    const { stack, a, b } = twoTenants(imported);
    new VsphereProvider(stack, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
    const placement: VSphereInfrastructureProps = {
      datacenter: 'dc-1',
      computeCluster: 'cluster-1',
      datastore: 'vsan',
      networks: ['tenant-nodes'],
      template: 'ubuntu-24.04',
    };
    for (const [id, controlPlane] of [
      ['pool-a', a],
      ['pool-b', b],
    ] as const) {
      new NodePool(stack, id, {
        controlPlane,
        name: 'default-pool',
        infrastructure: new VSphereInfrastructure(placement),
      });
    }
    const outputs = Object.keys(synthesize(stack).json.output!).filter((o) => o.includes('nodes'));
    expect(outputs).toEqual([
      'tcp-charlie-default-pool-nodes',
      expect.stringMatching(/^tcp-charlie-default-pool-nodes-[0-9a-f]{8}$/),
    ]);
  });
});

test('the same control plane in two stacks gets one token per stack, with the same id', () => {
  const stack = newStack();
  const other = new TerraformStack(stack.node.scope!, 'other');
  const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
  expect(JoinToken.forControlPlane(stack, tcp).node.id).toBe('tcp-charlie-join-token');
  expect(JoinToken.forControlPlane(other, tcp).node.id).toBe('tcp-charlie-join-token');
});
