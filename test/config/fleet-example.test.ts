/**
 * examples/fleet: the Kamaji layout from fleet.yaml builds the two-stack layout with the
 * same resources a TypeScript stack file would make, and conforms to the provider schemas.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildApp } from '../../examples/fleet/main';
import { buildFleetFromFile, FleetStacks } from '../../src';
import { checkAppConformance } from '../support/provider-schema-conformance';
import { loadSchemaFiles } from '../support/provider-schema';

const FLEET_FILE = path.join(__dirname, '../../examples/fleet/fleet.yaml');

function synthFleet(): { stacks: FleetStacks; json: Record<string, any>; texts: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-fleet-'));
  try {
    const app = new App({ outdir });
    const stacks = buildFleetFromFile(app, FLEET_FILE);
    app.synth();
    const json: Record<string, any> = {};
    const texts: string[] = [];
    for (const stack of fs.readdirSync(path.join(outdir, 'stacks')).sort()) {
      const text = fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
      texts.push(text);
      json[stack] = JSON.parse(text);
    }
    return { stacks, json, texts };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('examples/fleet', () => {
  const { stacks, json, texts } = synthFleet();
  const controlPlanes = json['control-planes'];
  const nodes = json['nodes-tcp-charlie'];
  const vms = Object.values<any>(nodes.resource.proxmox_virtual_environment_vm);
  // The user-data snippets (each VM also has a meta-data snippet pinning its instance-id).
  const snippets = Object.entries<any>(nodes.resource.proxmox_virtual_environment_file)
    .filter(([id]) => id.includes('UserData'))
    .map(([, snippet]) => snippet);

  test('builds the stack control-planes and one node stack for the control plane with pools', () => {
    expect(Object.keys(json)).toEqual(['control-planes', 'nodes-tcp-charlie']);
    expect(stacks.controlPlaneStack?.node.id).toBe('control-planes');
    expect(stacks.nodeStacks.map((s) => s.node.id)).toEqual(['nodes-tcp-charlie']);
    expect(
      stacks.controlPlanes.map((c) => [c.controlPlane.name, c.nodePools.map((p) => p.name)]),
    ).toEqual([
      ['tcp-alpha', []],
      ['tcp-beta', []],
      ['tcp-charlie', ['default-pool', 'system-pool', 'application-pool']],
    ]);
  });

  test('applies tcp-alpha, tcp-beta and tcp-charlie in kamaji-tenant on the management cluster', () => {
    const manifests = Object.values<any>(controlPlanes.resource.kubernetes_manifest);
    expect(
      manifests.map((m) => [
        m.manifest.metadata.namespace,
        m.manifest.metadata.name,
        m.manifest.spec.kubernetes.version,
        m.manifest.spec.controlPlane.deployment.replicas,
        m.lifecycle.prevent_destroy,
      ]),
    ).toEqual([
      ['kamaji-tenant', 'tcp-alpha', 'v1.35.7', 2, false],
      ['kamaji-tenant', 'tcp-beta', 'v1.34.1', 2, false],
      ['kamaji-tenant', 'tcp-charlie', 'v1.35.7', 3, false],
    ]);
    expect(manifests[1].manifest.spec.networkProfile).toMatchObject({
      serviceCidrs: ['10.97.0.0/16'],
      podCidrs: ['10.245.0.0/16'],
      dnsServiceIPs: ['10.97.0.10'],
    });
    expect(manifests[2].manifest.metadata.labels).toEqual({
      'tenant.example.com/owner': 'team-charlie',
    });
    expect(controlPlanes.variable.management_kubeconfig.default).toBe('~/.kube/config');
    expect(controlPlanes.provider.kubernetes).toEqual([
      { config_path: '${var.management_kubeconfig}' },
    ]);
  });

  test('makes seven Proxmox VMs named <tcp>-<pool>-node-NN, spread over the Proxmox nodes', () => {
    expect(vms.map((vm) => [vm.name, vm.node_name])).toEqual([
      ['tcp-charlie-application-pool-node-00', 'pve-1'],
      ['tcp-charlie-application-pool-node-01', 'pve-2'],
      ['tcp-charlie-default-pool-node-00', 'pve-1'],
      ['tcp-charlie-default-pool-node-01', 'pve-2'],
      ['tcp-charlie-default-pool-node-02', 'pve-3'],
      ['tcp-charlie-system-pool-node-00', 'pve-1'],
      ['tcp-charlie-system-pool-node-01', 'pve-2'],
    ]);
    expect(snippets).toHaveLength(7);
  });

  test('gives default-pool its static range and the others DHCP', () => {
    const addresses = vms.map((vm) => [
      vm.name,
      vm.initialization.ip_config?.[0]?.ipv4?.address ?? 'dhcp',
    ]);
    expect(addresses.filter(([name]) => name.includes('default-pool'))).toEqual([
      ['tcp-charlie-default-pool-node-00', '198.51.100.31/24'],
      ['tcp-charlie-default-pool-node-01', '198.51.100.32/24'],
      ['tcp-charlie-default-pool-node-02', '198.51.100.33/24'],
    ]);
    expect(addresses.filter(([name]) => !name.includes('default-pool')).map(([, a]) => a)).toEqual([
      'dhcp',
      'dhcp',
      'dhcp',
      'dhcp',
    ]);
  });

  test('sizes pools as the file says, application-pool through a YAML alias of default-pool', () => {
    const shape = (vm: any) => [vm.cpu.cores, vm.memory.dedicated, vm.clone.full];
    const byPool = (pool: string) => vms.filter((vm) => vm.name.includes(pool)).map(shape);
    expect(byPool('default-pool')).toEqual(Array(3).fill([4, 8192, true]));
    expect(byPool('application-pool')).toEqual(Array(2).fill([4, 8192, true]));
    expect(byPool('system-pool')).toEqual(Array(2).fill([2, 4096, false]));
  });

  test('taints system-pool only, for system workloads', () => {
    const userData = (pool: string) =>
      snippets
        .filter((s) => s.source_raw.data.includes(`hostname: tcp-charlie-${pool}-node-`))
        .map((s) => s.source_raw.data as string);
    for (const data of userData('system-pool')) {
      expect(data).toMatch(/CriticalAddonsOnly.*true.*NoSchedule/s);
    }
    for (const data of [...userData('default-pool'), ...userData('application-pool')]) {
      expect(data).not.toContain('CriticalAddonsOnly');
    }
    expect(userData('system-pool')).toHaveLength(2);
  });

  test('configures the Proxmox provider with no credential: they come from the environment', () => {
    expect(nodes.provider.proxmox).toEqual([{ ssh: [{ agent: true }] }]);
    // Only the ledger's named switches (issue #20), no credential
    expect(Object.keys(nodes.variable)).toEqual([
      'cdktf_kamaji_adopt_rollout_step',
      'cdktf_kamaji_allow_removal',
      'cdktf_kamaji_new_stack',
    ]);
  });

  test('keeps state locally, relative to each stack folder, as the other examples do', () => {
    expect(controlPlanes.terraform.backend).toEqual({
      local: { path: '../control-planes/terraform.control-planes.tfstate' },
    });
    expect(nodes.terraform.backend).toEqual({
      local: { path: '../nodes-tcp-charlie/terraform.nodes-tcp-charlie.tfstate' },
    });
  });

  test('synthesizes byte-identical output twice, with no machine path', () => {
    expect(synthFleet().texts).toEqual(texts);
    for (const text of texts) {
      expect(text).not.toContain(path.resolve(__dirname, '../..'));
      expect(text).not.toContain(os.homedir());
    }
  });

  test('conforms to the provider schema files', () => {
    const results = checkAppConformance(buildApp, loadSchemaFiles());
    expect(Object.fromEntries(results)).toEqual({ 'control-planes': [], 'nodes-tcp-charlie': [] });
  });
});
