/**
 * The app of the library-upgrade test (library-upgrade.test.ts): two control planes and
 * node pools on all five infrastructures, with the settings a production fleet has in
 * the middle of its life: static addressing where the infrastructure takes it,
 * bootstrap options (proxy, SSH keys, packages, files), labels and taints, join health,
 * a drain, a retired node and a version rollout in progress.
 *
 * It is synthesized twice: by the library of an older commit into the fixture
 * (test/terraform/upgrade/upgrade-fixture.sh copies this file into a checkout of that commit, so keep
 * it to the public API that commit has), and by the library under test. Run directly,
 * it synthesizes into the folder given as its argument.
 */
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import {
  BringYourOwnMachines,
  CloudDirectorInfrastructure,
  DrainTimeoutAction,
  IpAllocationMode,
  JoinHealth,
  KubernetesVersion,
  MaasInfrastructure,
  MaasProvider,
  NodeAddressing,
  NodeBootstrapOptions,
  NodeDrain,
  NodePool,
  ProxmoxInfrastructure,
  ProxmoxProvider,
  RolloutStrategy,
  TaintEffect,
  VcdProvider,
  VSphereInfrastructure,
} from '../../src';

/** What every pool boots with: a proxy, an admin with a key, packages and a file. */
const BOOTSTRAP: NodeBootstrapOptions = {
  proxy: {
    httpProxy: 'http://proxy.example:3128',
    httpsProxy: 'http://proxy.example:3128',
    noProxy: ['10.0.0.0/8', '.cluster.local'],
  },
  adminUser: { name: 'ops', sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops'] },
  sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBreak break-glass'],
  extraPackages: ['nfs-common', 'open-iscsi'],
  files: [{ path: '/etc/modules-load.d/iscsi.conf', content: 'iscsi_tcp\n', permissions: '0644' }],
};

export function upgradeApp(app: App): App {
  const charlie = new ControlPlaneStack(app, 'control-plane').controlPlane;
  const beta = new ControlPlaneStack(app, 'control-plane-beta', { name: 'tcp-beta' }).controlPlane;

  const nodes = new TerraformStack(app, 'nodes');
  useLocalState(nodes);
  new VsphereProvider(nodes, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc' });
  new VcdProvider(nodes, 'vcd', { url: 'https://vcd.example/api', org: 'o', vdc: 'v' });
  new ProxmoxProvider(nodes, 'proxmox', { ssh: [{ agent: true }] });
  new MaasProvider(nodes, 'maas', {});

  // vSphere: a rollout from v1.34.2 in progress (step 1: a new node made, none drained).
  new NodePool(nodes, 'default-pool', {
    controlPlane: charlie,
    name: 'default-pool',
    replicas: 3,
    kubernetesVersion: KubernetesVersion.of('v1.35.7'),
    rollout: {
      fromKubernetesVersion: KubernetesVersion.of('v1.34.2'),
      step: 1,
      strategy: RolloutStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: 1 }),
    },
    infrastructure: new VSphereInfrastructure({
      datacenter: 'dc-1',
      computeCluster: 'cluster-1',
      datastore: 'vsan',
      networks: ['tenant-nodes'],
      template: 'ubuntu-24.04',
      antiAffinity: true,
    }),
    addressing: NodeAddressing.staticRange({
      cidr: '192.0.2.0/24',
      first: '192.0.2.21',
      gateway: '192.0.2.1',
      dns: ['192.0.2.53'],
    }),
    labels: { 'node.kubernetes.io/pool': 'default-pool' },
    bootstrap: BOOTSTRAP,
    joinHealth: JoinHealth.failAfter(60),
    drain: NodeDrain.evict({ timeoutSeconds: 300, onTimeout: DrainTimeoutAction.FAIL_APPLY }),
  });

  // Cloud Director: static addresses, a tainted system pool with node-00 retired.
  new NodePool(nodes, 'system-pool', {
    controlPlane: charlie,
    name: 'system-pool',
    replicas: 2,
    retiredNodes: [0],
    infrastructure: new CloudDirectorInfrastructure({
      catalog: 'kamaji-templates',
      template: 'ubuntu-24.04-cloudimg',
      orgNetwork: 'tenant-nodes',
      ipAllocationMode: IpAllocationMode.MANUAL,
    }),
    addressing: NodeAddressing.staticRange({
      cidr: '192.0.2.0/24',
      first: '192.0.2.41',
      gateway: '192.0.2.1',
    }),
    labels: { 'node.kubernetes.io/pool': 'system-pool' },
    taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    bootstrap: BOOTSTRAP,
    joinHealth: JoinHealth.warnAfter(60),
  });

  // Proxmox: static addresses; its user-data lives in snippet files of their own.
  new NodePool(nodes, 'proxmox-pool', {
    controlPlane: charlie,
    name: 'proxmox-pool',
    replicas: 2,
    infrastructure: new ProxmoxInfrastructure({
      nodes: ['pve-1', 'pve-2'],
      templateVmId: 9000,
      snippetsDatastore: 'local',
      diskDatastore: 'local-lvm',
      networkDevices: [{ bridge: 'vmbr0', vlanId: 20 }],
      cpuCores: 4,
      memoryMiB: 8192,
    }),
    addressing: NodeAddressing.staticRange({
      cidr: '198.51.100.0/24',
      first: '198.51.100.31',
      gateway: '198.51.100.1',
    }),
    labels: { 'node.kubernetes.io/pool': 'proxmox-pool' },
    bootstrap: BOOTSTRAP,
  });

  // MAAS on the second control plane: bare metal with static addresses, and VM hosts.
  new NodePool(nodes, 'metal-pool', {
    controlPlane: beta,
    name: 'metal-pool',
    replicas: 2,
    infrastructure: MaasInfrastructure.bareMetal({ tags: ['kamaji-worker'], zones: ['az-1'] }),
    addressing: NodeAddressing.staticRange({
      cidr: '203.0.113.0/24',
      first: '203.0.113.11',
      gateway: '203.0.113.1',
    }),
    taints: [{ key: 'dedicated', value: 'metal', effect: TaintEffect.NO_EXECUTE }],
    bootstrap: BOOTSTRAP,
  });
  new NodePool(nodes, 'vm-pool', {
    controlPlane: beta,
    name: 'vm-pool',
    replicas: 2,
    infrastructure: MaasInfrastructure.vmHosts({
      vmHosts: ['lxd-host-1', 'lxd-host-2'],
      storageDisks: [{ sizeGiB: 30 }],
    }),
    drain: NodeDrain.evict({ timeoutSeconds: 120, onTimeout: DrainTimeoutAction.PROCEED }),
  });

  // Machines made by another tool, from the user-data outputs.
  new NodePool(nodes, 'byo-pool', {
    controlPlane: beta,
    name: 'byo-pool',
    replicas: 2,
    infrastructure: new BringYourOwnMachines(['rack-a', 'rack-b']),
    addressing: NodeAddressing.staticRange({
      cidr: '203.0.113.0/24',
      first: '203.0.113.51',
      gateway: '203.0.113.1',
    }),
    labels: { 'node.kubernetes.io/pool': 'byo-pool' },
    bootstrap: BOOTSTRAP,
  });
  return app;
}

if (require.main === module) {
  const outdir = process.argv[2];
  if (!outdir) {
    console.error('usage: ts-node test/terraform/upgrade-app.ts <outdir>');
    process.exit(2);
  }
  upgradeApp(new App({ outdir })).synth();
}
