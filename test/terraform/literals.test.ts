/**
 * Literals stay literal (design D11), proven by the real terraform: one app carries
 * hostile strings in every user field that reaches Terraform, on all five
 * infrastructures and in the TenantControlPlane manifest; one apply against the stub
 * providers, then the state and outputs must hold each string exactly as given.
 */
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { MaasProvider } from '../../src/.gen/providers/maas/provider';
import { ProxmoxProvider } from '../../src/.gen/providers/proxmox/provider';
import { VcdProvider } from '../../src/.gen/providers/vcd/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { ControlPlaneStack, useLocalState } from '../../examples/common/control-plane-stack';
import {
  BringYourOwnMachines,
  CloudDirectorInfrastructure,
  INodeInfrastructure,
  JoinToken,
  MaasInfrastructure,
  NodePool,
  ProxmoxInfrastructure,
  VSphereInfrastructure,
} from '../../src';
import { SynthesizedApp, TerraformHarness, TerraformError } from './harness';
import { describeWithTerraform } from './support';

jest.setTimeout(180_000);

/** What Terraform would evaluate, or un-escape, if it were read as a template. */
const HOSTILE_LINE =
  '${file("/etc/hostname")} %{ if true }x%{ endif } $${ %%{ $$${ \\ \\n " \' } { $';
const HOSTILE = `${HOSTILE_LINE}\nsecond line\r\n\ttab $`;
const SSH_KEY = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostileKeyMaterial ${HOSTILE_LINE}`;

const bootstrap = {
  sshAuthorizedKeys: [SSH_KEY],
  files: [{ path: '/etc/hostile', content: HOSTILE }],
  preJoinCommands: [`echo '${HOSTILE_LINE.replace(/'/g, '')}'`],
};

function hostileApp(app: App): App {
  const cp = new ControlPlaneStack(app, 'control-plane', {
    // No labels: Kubernetes label syntax refuses every hostile character at synth.
    annotations: { [`example.com/${HOSTILE_LINE}`]: HOSTILE },
    serviceAnnotations: { 'example.com/hostile': HOSTILE },
    specOverrides: { hostile: { [HOSTILE_LINE]: [HOSTILE] } },
  });
  const nodes = new TerraformStack(app, 'nodes');
  useLocalState(nodes);
  new VsphereProvider(nodes, 'vsphere-provider', { user: 'u', password: 'p' });
  new MaasProvider(nodes, 'maas-provider', {});
  new VcdProvider(nodes, 'vcd-provider', { url: 'https://vcd.example/api', org: 'o' });
  new ProxmoxProvider(nodes, 'proxmox-provider', { ssh: [{ agent: true }] });
  const controlPlane = cp.controlPlane;
  const joinToken = new JoinToken(nodes, 'token', { controlPlane, description: HOSTILE });
  const pool = (name: string, infrastructure: INodeInfrastructure) =>
    new NodePool(nodes, name, { controlPlane, name, infrastructure, joinToken, bootstrap });
  pool(
    'vsphere',
    new VSphereInfrastructure({
      datacenter: HOSTILE,
      computeCluster: HOSTILE,
      datastore: HOSTILE,
      networks: [HOSTILE],
      template: HOSTILE,
      folder: HOSTILE,
      folderPerTenant: true,
    }),
  );
  pool(
    'vcd',
    new CloudDirectorInfrastructure({
      org: HOSTILE,
      vdc: HOSTILE,
      catalog: HOSTILE,
      template: HOSTILE,
      orgNetwork: HOSTILE,
      storageProfile: HOSTILE,
    }),
  );
  pool(
    'proxmox',
    new ProxmoxInfrastructure({
      nodes: ['pve-1'],
      templateVmId: 9000,
      snippetsDatastore: HOSTILE,
      cpuType: HOSTILE,
      networkDevices: [{ bridge: HOSTILE, model: HOSTILE }],
    }),
  );
  pool(
    'maas',
    MaasInfrastructure.bareMetal({
      tags: [HOSTILE],
      resourcePool: HOSTILE,
      zones: [HOSTILE],
      hweKernel: HOSTILE,
    }),
  );
  pool('byo', new BringYourOwnMachines());
  return app;
}

describeWithTerraform('hostile literals under terraform, offline', () => {
  let harness: TerraformHarness;
  let resources: Array<{ address: string; type: string; values: any }>;
  let app: SynthesizedApp;
  let outputs: Record<string, { value: any }>;

  beforeAll(async () => {
    harness = await TerraformHarness.start();
    app = SynthesizedApp.synth(hostileApp, path.join(harness.workDir, 'literals'));
    const init = await harness.init(app);
    for (const result of init) if (result.code !== 0) throw new TerraformError(result);
    await harness.applyAll(app);
    resources = [];
    outputs = {};
    for (const stack of app.stacks) {
      const shown = await harness.terraform(app, stack, ['show', '-json', '-no-color'], true);
      if (shown.code !== 0) throw new TerraformError(shown);
      const values = JSON.parse(shown.output).values;
      resources.push(...values.root_module.resources);
      Object.assign(outputs, values.outputs ?? {});
    }
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const one = (type: string, mode = 'managed') => {
    const found = resources.filter(
      (r) => r.type === type && r.address.startsWith(mode === 'data' ? 'data.' : type),
    );
    expect(found.map((r) => r.address)).toHaveLength(1);
    return found[0].values;
  };

  /** The Proxmox node's user-data snippet (its meta-data snippet is the other file). */
  const userDataSnippet = () => {
    const found = resources.filter(
      (r) => r.type === 'proxmox_virtual_environment_file' && r.address.includes('UserData'),
    );
    expect(found.map((r) => r.address)).toHaveLength(1);
    return found[0].values;
  };

  test('the TenantControlPlane manifest keeps annotations and specOverrides', () => {
    const manifest = one('kubernetes_manifest').manifest;
    expect(manifest.metadata.annotations).toEqual({ [`example.com/${HOSTILE_LINE}`]: HOSTILE });
    expect(manifest.spec.controlPlane.service.additionalMetadata.annotations).toEqual({
      'example.com/hostile': HOSTILE,
    });
    expect(manifest.spec.hostile).toEqual({ [HOSTILE_LINE]: [HOSTILE] });
  });

  test('the join token Secret keeps its description', () => {
    expect(one('kubernetes_secret_v1').data.description).toBe(HOSTILE);
  });

  test('vSphere: folder, lookups and the tenant folder path', () => {
    expect(one('vsphere_folder').path).toBe(`${HOSTILE}/tcp-charlie`);
    expect(one('vsphere_virtual_machine').folder).toBe(`${HOSTILE}/tcp-charlie`);
    for (const type of [
      'vsphere_datacenter',
      'vsphere_compute_cluster',
      'vsphere_datastore',
      'vsphere_network',
      'vsphere_virtual_machine',
    ]) {
      expect({ type, name: one(type, 'data').name }).toEqual({ type, name: HOSTILE });
    }
  });

  test('Cloud Director: org, VDC, catalog, template, network and storage profile', () => {
    const vm = one('vcd_vapp_vm');
    expect([vm.org, vm.vdc, vm.storage_profile, vm.network[0].name]).toEqual([
      HOSTILE,
      HOSTILE,
      HOSTILE,
      HOSTILE,
    ]);
    expect(one('vcd_catalog', 'data').name).toBe(HOSTILE);
    expect(one('vcd_catalog_vapp_template', 'data').name).toBe(HOSTILE);
    expect(one('vcd_vapp_org_network').org_network_name).toBe(HOSTILE);
  });

  // Proxmox tags are refused at synth unless they are [a-z0-9_.+-]: no hostile tag.
  test('Proxmox: datastore, CPU type and network device', () => {
    const vm = one('proxmox_virtual_environment_vm');
    expect(vm.cpu[0].type).toBe(HOSTILE);
    expect(vm.network_device[0].bridge).toBe(HOSTILE);
    expect(vm.network_device[0].model).toBe(HOSTILE);
    expect(userDataSnippet().datastore_id).toBe(HOSTILE);
  });

  test('MAAS: tags, resource pool, zone and kernel', () => {
    const instance = one('maas_instance');
    expect(instance.allocate_params[0]).toEqual(
      expect.objectContaining({ tags: [HOSTILE], pool: HOSTILE, zone: HOSTILE }),
    );
    expect(instance.deploy_params[0].hwe_kernel).toBe(HOSTILE);
  });

  /** Each infrastructure's user-data, decoded as the machine reads it. */
  const userData = (): Record<string, string> => ({
    vsphere: gunzipSync(
      Buffer.from(one('vsphere_virtual_machine').extra_config['guestinfo.userdata'], 'base64'),
    ).toString('utf8'),
    vcd: Buffer.from(one('vcd_vapp_vm').guest_properties['user-data'], 'base64').toString('utf8'),
    proxmox: userDataSnippet().source_raw[0].data,
    maas: Buffer.from(one('maas_instance').deploy_params[0].user_data, 'base64').toString('utf8'),
    byo: outputs['tcp-charlie-byo-node-00-user-data'].value,
  });

  test.each(['vsphere', 'vcd', 'proxmox', 'maas', 'byo'])(
    '%s: user-data keeps the SSH key comment and the user file',
    (infrastructure) => {
      const cloudConfig = parse(userData()[infrastructure]);
      expect(cloudConfig.ssh_authorized_keys).toEqual([SSH_KEY]);
      const file = cloudConfig.write_files.find((f: any) => f.path === '/etc/hostile');
      expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe(HOSTILE);
    },
  );

  test('each node records its machine spec as given, and the check reads it back as equal', async () => {
    const drains = (pool: string) =>
      resources.filter(
        (r) => r.type === 'terraform_data' && r.address.includes(`.${pool}_retirement_node-drain`),
      );
    expect(drains('vsphere').map((d) => d.values.triggers_replace.machine_spec.template)).toEqual([
      HOSTILE,
    ]);
    expect(drains('vcd').map((d) => d.values.triggers_replace.machine_spec.template)).toEqual([
      HOSTILE,
    ]);
    expect(drains('proxmox').map((d) => d.values.triggers_replace.machine_spec.cpu_type)).toEqual([
      HOSTILE,
    ]);
    expect(drains('maas').map((d) => d.values.triggers_replace.machine_spec.hwe_kernel)).toEqual([
      HOSTILE,
    ]);
    // The check compares the record with the spec written as a literal in its condition:
    // had either been evaluated, they would differ and the plan would name the node.
    const plan = await harness.plan(app, 'nodes');
    expect(plan.output).not.toContain('another machine spec');
  });
});
