/**
 * buildFleet: each infrastructure with its provider settings, control planes made
 * elsewhere, state backends, and the purity of the parsing and checking modules.
 */
import { Testing, TerraformStack } from 'cdktf';
import { buildFleet, FleetStacks, StateBackend } from '../../src';

function synth(stack: TerraformStack | undefined): Record<string, any> {
  return JSON.parse(Testing.synth(stack!, true));
}

function build(text: string, options = {}): FleetStacks {
  const app = Testing.app();
  const stacks = buildFleet(app, text, 'fleet.yaml', options);
  return stacks;
}

const byName = (stacks: FleetStacks, name: string) =>
  synth(stacks.nodeStacks.find((s) => s.node.id === name));

describe('buildFleet', () => {
  test('puts each infrastructure in its stack with its provider, credentials from the environment', () => {
    // GIVEN a control plane per infrastructure
    const text = `providers:
  vsphere: { allowUnverifiedSsl: true }
  proxmox:
    endpoint: https://pve.example.com:8006/
    ssh: { username: terraform, nodes: [{ name: pve-1, address: 192.0.2.11 }] }
  maas: { apiUrl: http://maas.example.com:5240/MAAS }
  cloud-director: { url: https://vcd.example.com/api, org: tenant-org }
controlPlanes:
  - name: tcp-vsphere
    pools:
      - name: pool
        infrastructure:
          vsphere: { datacenter: dc-1, computeCluster: c-1, datastore: ds, networks: [n], template: t }
  - name: tcp-proxmox
    pools:
      - name: pool
        infrastructure:
          proxmox: { nodes: [pve-1], templateVmId: 9000, snippetsDatastore: local }
  - name: tcp-maas
    pools:
      - name: metal
        infrastructure:
          maas-bare-metal: { tags: [kamaji-worker] }
      - name: vms
        infrastructure:
          maas-vm-hosts: { vmHosts: [lxd-1] }
  - name: tcp-vcd
    pools:
      - name: pool
        infrastructure:
          cloud-director: { catalog: c, template: t, orgNetwork: n }
  - name: tcp-byo
    pools:
      - name: pool
        replicas: 2
        infrastructure:
          bring-your-own: { failureDomains: [rack-a] }
`;
    // WHEN
    const stacks = build(text);
    // THEN
    expect(stacks.nodeStacks.map((s) => s.node.id)).toEqual([
      'nodes-tcp-vsphere',
      'nodes-tcp-proxmox',
      'nodes-tcp-maas',
      'nodes-tcp-vcd',
      'nodes-tcp-byo',
    ]);
    const vsphere = byName(stacks, 'nodes-tcp-vsphere');
    expect(vsphere.provider.vsphere).toEqual([
      {
        allow_unverified_ssl: true,
        vsphere_server: '${var.vsphere_server}',
        user: '${var.vsphere_user}',
        password: '${var.vsphere_password}',
      },
    ]);
    expect(vsphere.variable.vsphere_password.sensitive).toBe(true);
    expect(Object.keys(vsphere.resource.vsphere_virtual_machine)).toHaveLength(1);

    const proxmox = byName(stacks, 'nodes-tcp-proxmox');
    expect(proxmox.provider.proxmox).toEqual([
      {
        endpoint: 'https://pve.example.com:8006/',
        ssh: [
          { agent: true, username: 'terraform', node: [{ name: 'pve-1', address: '192.0.2.11' }] },
        ],
      },
    ]);
    expect(proxmox.provider.vsphere).toBeUndefined();

    const maas = byName(stacks, 'nodes-tcp-maas');
    expect(maas.provider.maas).toEqual([{ api_url: 'http://maas.example.com:5240/MAAS' }]);
    expect(Object.keys(maas.resource.maas_instance)).toHaveLength(2);
    expect(Object.keys(maas.resource.maas_vm_host_machine)).toHaveLength(1);

    const vcd = byName(stacks, 'nodes-tcp-vcd');
    expect(vcd.provider.vcd).toEqual([
      {
        url: 'https://vcd.example.com/api',
        org: 'tenant-org',
        vdc: '${var.vcd_vdc}',
        auth_type: 'api_token',
      },
    ]);

    const byo = byName(stacks, 'nodes-tcp-byo');
    expect(Object.keys(byo.provider)).toEqual(['kubernetes', 'random', 'time']);
    expect(Object.keys(byo.output)).toEqual([
      'cdktf_kamaji_ledger',
      'tcp-byo-pool-node-00-user-data',
      'tcp-byo-pool-node-01-user-data',
    ]);
  });

  test('adds pools to a control plane made elsewhere, reading its kubeconfig in the node stack', () => {
    const text = `managementCluster:
  kubeconfig: /etc/kamaji/admin.conf
  context: kamaji-admin
namespace: kamaji-tenant
existingControlPlanes:
  - name: tcp-beta
    kubernetesVersion: v1.34.1
    pools:
      - name: default-pool
        infrastructure: { bring-your-own: {} }
`;
    const stacks = build(text);
    expect(stacks.controlPlaneStack).toBeUndefined();
    expect(stacks.controlPlanes.map((c) => c.controlPlane.kubernetesVersion.version)).toEqual([
      'v1.34.1',
    ]);
    const nodes = byName(stacks, 'nodes-tcp-beta');
    expect(nodes.variable.management_kubeconfig.default).toBe('/etc/kamaji/admin.conf');
    expect(nodes.provider.kubernetes).toContainEqual({
      config_path: '${var.management_kubeconfig}',
      config_context: 'kamaji-admin',
    });
    expect(Object.values<any>(nodes.data.kubernetes_secret_v1)[0].metadata).toEqual({
      name: 'tcp-beta-admin-kubeconfig',
      namespace: 'kamaji-tenant',
    });
  });

  test('renders the control plane settings the file gives, quantities as strings', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    namespace: kamaji-tenant
    serviceType: NodePort
    dataStore: etcd-gold
    kubelet: { cgroupDriver: cgroupfs }
    addons: { kubeProxy: { enabled: false } }
    deployment:
      resources:
        apiServer: { requests: { cpu: 1, memory: 512Mi } }
      tolerations: [{ key: dedicated, operator: Exists, effect: NoSchedule }]
    timeouts: { create: 30m }
`;
    const stacks = build(text);
    const manifest = Object.values<any>(
      synth(stacks.controlPlaneStack).resource.kubernetes_manifest,
    )[0];
    expect(manifest.manifest.spec).toMatchObject({
      dataStore: 'etcd-gold',
      controlPlane: {
        service: { serviceType: 'NodePort' },
        deployment: {
          resources: { apiServer: { requests: { cpu: '1', memory: '512Mi' } } },
          tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
        },
      },
    });
    expect(manifest.manifest.spec.addons.kubeProxy).toBeUndefined();
    expect(manifest.timeouts.create).toBe('30m');
    expect(manifest.lifecycle.prevent_destroy).toBe(true);
  });

  test("keeps state where the file's stateBackend says, unless the caller decides", () => {
    const text = `stateBackend:
  s3: { bucket: tfstate, region: eu-west-1 }
controlPlanes:
  - name: tcp-alpha
`;
    expect(synth(build(text).controlPlaneStack).terraform.backend.s3).toMatchObject({
      bucket: 'tfstate',
      key: 'cdktf-kamaji/control-planes.tfstate',
    });
    const local = build(text, { stateBackend: StateBackend.local() });
    expect(synth(local.controlPlaneStack).terraform.backend).toEqual({
      local: { path: '../control-planes/terraform.control-planes.tfstate' },
    });
  });

  test('keeps parsing and checking free of CDKTF, as the design asks of domain logic', async () => {
    const loaded: string[] = [];
    await jest.isolateModulesAsync(async () => {
      for (const name of ['cdktf', 'constructs']) {
        jest.doMock(name, () => {
          loaded.push(name);
          return {};
        });
      }
      await import('../../src/config/fleet-source');
      await import('../../src/config/fleet-validation');
      await import('../../src/config/fleet-model');
      await import('../../src/config/fleet-errors');
    });
    expect(loaded).toEqual([]);
  });
});

test('values of the fleet file stay literal in provider settings and pools (#12 item 1)', () => {
  // GIVEN template sequences in a provider setting and a pool field, as YAML text
  const text = `providers:
  proxmox: { endpoint: 'https://pve.example.com/\${file("/etc/hostname")}%{ if true }' }
controlPlanes:
  - name: tcp-proxmox
    pools:
      - name: pool
        infrastructure:
          proxmox: { nodes: [pve-1], templateVmId: 9000, snippetsDatastore: '\${local}' }
`;
  // WHEN
  const json = byName(build(text), 'nodes-tcp-proxmox');
  // THEN Terraform reads them back as the text given
  expect(json.provider.proxmox[0].endpoint).toBe(
    'https://pve.example.com/$${file("/etc/hostname")}%%{ if true }',
  );
  const [file] = Object.values(json.resource.proxmox_virtual_environment_file) as any[];
  expect(file.datastore_id).toBe('$${local}');
});
