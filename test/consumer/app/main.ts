/**
 * A platform team's own cdktf app, as the consumer test installs it: the packed
 * cdktf-kamaji and its peers from the registry, imports from public paths only (the
 * package's entry point, and the peers' provider submodules). Two tenants with pools on
 * all five infrastructures, state in S3.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import {
  BringYourOwnMachines,
  CloudDirectorInfrastructure,
  KubernetesVersion,
  MaasInfrastructure,
  MaasProvider,
  NodeAddressing,
  NodePool,
  ProxmoxInfrastructure,
  ProxmoxProvider,
  StateBackend,
  TaintEffect,
  TenantControlPlane,
  VcdProvider,
  VSphereInfrastructure,
} from 'cdktf-kamaji';

const app = new App();
const backend = StateBackend.s3({
  bucket: 'platform-tfstate',
  region: 'eu-west-1',
  endpoint: 'https://minio.example.com',
});

const controlPlanes = new TerraformStack(app, 'control-planes');
backend.applyTo(controlPlanes);
new KubernetesProvider(controlPlanes, 'management', { configPath: '~/.kube/config' });
const [alpha, beta] = ['tcp-alpha', 'tcp-beta'].map(
  (name) =>
    new TenantControlPlane(controlPlanes, name, {
      name,
      namespace: 'kamaji-tenant',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
    }),
);

// tcp-alpha: vSphere, Proxmox VE and bring-your-own machines.
const alphaNodes = new TerraformStack(app, 'nodes-tcp-alpha');
backend.applyTo(alphaNodes);
const variable = (stack: TerraformStack, name: string, sensitive = false) =>
  new TerraformVariable(stack, name, { type: 'string', sensitive }).stringValue;
new VsphereProvider(alphaNodes, 'vsphere', {
  vsphereServer: variable(alphaNodes, 'vsphere_server'),
  user: variable(alphaNodes, 'vsphere_user'),
  password: variable(alphaNodes, 'vsphere_password', true),
});
new ProxmoxProvider(alphaNodes, 'proxmox', { ssh: [{ agent: true }] });
new NodePool(alphaNodes, 'default-pool', {
  controlPlane: alpha,
  name: 'default-pool',
  replicas: 3,
  infrastructure: new VSphereInfrastructure({
    datacenter: 'dc-1',
    computeCluster: 'cluster-1',
    datastore: 'vsan-datastore',
    networks: ['tenant-nodes'],
    template: 'templates/ubuntu-24.04-cloudinit',
  }),
});
new NodePool(alphaNodes, 'system-pool', {
  controlPlane: alpha,
  name: 'system-pool',
  replicas: 2,
  infrastructure: new ProxmoxInfrastructure({
    nodes: ['pve-1', 'pve-2'],
    templateVmId: 9000,
    snippetsDatastore: 'local',
  }),
  addressing: NodeAddressing.staticRange({
    cidr: '198.51.100.0/24',
    first: '198.51.100.31',
    gateway: '198.51.100.1',
  }),
  taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
});
new NodePool(alphaNodes, 'edge-pool', {
  controlPlane: alpha,
  name: 'edge-pool',
  replicas: 1,
  infrastructure: new BringYourOwnMachines(),
});

// tcp-beta: MAAS bare metal and Cloud Director.
const betaNodes = new TerraformStack(app, 'nodes-tcp-beta');
backend.applyTo(betaNodes);
new MaasProvider(betaNodes, 'maas', {});
new VcdProvider(betaNodes, 'vcd', {
  url: variable(betaNodes, 'vcd_url'),
  org: variable(betaNodes, 'vcd_org'),
  vdc: variable(betaNodes, 'vcd_vdc'),
  authType: 'api_token',
});
new NodePool(betaNodes, 'application-pool', {
  controlPlane: beta,
  name: 'application-pool',
  replicas: 2,
  infrastructure: MaasInfrastructure.bareMetal({ tags: ['gpu'], zones: ['zone-a', 'zone-b'] }),
});
new NodePool(betaNodes, 'default-pool', {
  controlPlane: beta,
  name: 'default-pool',
  replicas: 2,
  infrastructure: new CloudDirectorInfrastructure({
    catalog: 'kamaji-templates',
    template: 'ubuntu-24.04-cloudimg',
    orgNetwork: 'tenant-nodes',
  }),
});

app.synth();
