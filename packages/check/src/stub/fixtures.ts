/**
 * What the stub's data sources find, per type: the objects an example expects to
 * exist in the management cluster or the infrastructure. Attributes not set here are
 * filled from the schema (see engine.ts).
 */
import { stringify } from 'yaml';
import { digest } from './engine';
import { ObjectValue, StubEnvironment, TENANT_ENDPOINT_HOST } from './behaviours';
import { ClusterPki } from './pki';

export type DataSourceFixture = (config: ObjectValue, env: StubEnvironment) => ObjectValue;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A kubeconfig as Kamaji writes it into `<tcp>-admin-kubeconfig`. */
export function adminKubeconfig(cluster: string, server: string, pki: ClusterPki): string {
  const user = 'kubernetes-admin';
  const context = `${user}@${cluster}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster,
        cluster: { 'certificate-authority-data': b64(pki.caCertificatePem), server },
      },
    ],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
    preferences: {},
    users: [
      {
        name: user,
        user: {
          'client-certificate-data': b64(pki.clientCertificatePem),
          'client-key-data': b64(pki.clientKeyPem),
        },
      },
    ],
  });
}

/** `admin.conf` of a tenant's `<tcp>-admin-kubeconfig`: its public endpoint. */
export function publicAdminConf(tenant: string, pki: ClusterPki): string {
  return adminKubeconfig(tenant, `https://${TENANT_ENDPOINT_HOST}:6443`, pki);
}

/** Kamaji's Secrets for each tenant control plane; any other Secret exists but is empty. */
const kubernetesSecret: DataSourceFixture = (config, env) => {
  const metadata = (config.metadata as ObjectValue[])[0];
  const name = String(metadata.name);
  const namespace = String(metadata.namespace ?? 'default');
  let data: Record<string, string> = {};
  const tenant = name.match(/^(.+)-admin-kubeconfig$/)?.[1];
  if (tenant) {
    data = {
      'admin.conf': publicAdminConf(tenant, env.pki),
      'admin.svc': adminKubeconfig(tenant, `https://${tenant}.${namespace}.svc:6443`, env.pki),
    };
  } else if (name.endsWith('-ca')) {
    data = { 'ca.crt': env.pki.caCertificatePem };
  }
  return { ...config, id: `${namespace}/${name}`, data, type: 'Opaque', immutable: false };
};

/** A vSphere managed object reference id, stable per name. */
const moref = (prefix: string, config: ObjectValue) =>
  `${prefix}-${parseInt(digest(JSON.stringify(config.name ?? '')).slice(0, 6), 16) % 10000}`;

/** An Ubuntu cloud-init template with one 20 GiB thin disk and one vmxnet3 NIC. */
const vsphereTemplate: DataSourceFixture = (config) => ({
  ...config,
  guest_id: 'ubuntu64Guest',
  firmware: config.firmware ?? 'efi',
  scsi_type: 'pvscsi',
  scsi_bus_sharing: 'noSharing',
  disks: [
    {
      label: 'Hard disk 1',
      size: 20,
      thin_provisioned: true,
      eagerly_scrub: false,
      unit_number: 0,
    },
  ],
  network_interface_types: ['vmxnet3'],
  network_interfaces: [
    {
      adapter_type: 'vmxnet3',
      bandwidth_limit: -1,
      bandwidth_reservation: 0,
      bandwidth_share_count: 50,
      bandwidth_share_level: 'normal',
      mac_address: '',
      network_id: 'network-1',
      physical_function: '',
    },
  ],
  guest_ip_addresses: [],
  vtpm: false,
});

/**
 * The tenant's nodes (hashicorp/kubernetes v2.38.0 data_source_kubernetes_nodes.go:
 * metadata, spec and status of each, id a digest of them). The stub ignores a label
 * selector: the library reads all nodes and picks its own by name.
 */
const kubernetesNodes: DataSourceFixture = (config, env) => {
  const nodes = (env.tenant?.registered() ?? []).map(({ name, ready }) => ({
    metadata: [
      { name, labels: { 'kubernetes.io/hostname': name }, annotations: {}, generation: 0 },
    ],
    spec: [{ unschedulable: false, taints: [], pod_cidrs: [] }],
    status: [
      {
        conditions: [
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            reason: ready ? 'KubeletReady' : 'KubeletNotReady',
            message: ready
              ? 'kubelet is posting ready status'
              : 'container runtime network not ready',
            last_heartbeat_time: '2025-01-01T00:00:00Z',
            last_transition_time: '2025-01-01T00:00:00Z',
          },
        ],
        addresses: [],
        allocatable: {},
        capacity: {},
        node_info: [],
      },
    ],
  }));
  return { ...config, nodes, id: digest(JSON.stringify(nodes)) };
};

export const DATA_SOURCE_FIXTURES: Record<string, DataSourceFixture> = {
  kubernetes_secret_v1: kubernetesSecret,
  kubernetes_nodes: kubernetesNodes,
  vsphere_datacenter: (config) => ({
    ...config,
    id: moref('datacenter', config),
    virtual_machines: [],
  }),
  vsphere_compute_cluster: (config) => ({
    ...config,
    id: moref('domain-c', config),
    resource_pool_id: moref('resgroup', config),
  }),
  vsphere_datastore: (config) => ({ ...config, id: moref('datastore', config) }),
  vsphere_network: (config) => ({ ...config, id: moref('network', config), type: 'Network' }),
  vsphere_resource_pool: (config) => ({ ...config, id: moref('resgroup', config) }),
  vsphere_virtual_machine: vsphereTemplate,
  // A template VM (bpg/proxmox's proxmox_vm looks it up by node and VM id, `id`).
  proxmox_vm: (config) => ({
    ...config,
    name: `template-${config.id}`,
    status: 'stopped',
    tags: ['template'],
    template: true,
  }),
};
