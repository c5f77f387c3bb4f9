/**
 * fleet.schema.json: a valid JSON Schema that ships with the package, accepts the
 * example, and stays in step with the TypeScript props it mirrors (a prop added to an
 * interface and missing from the schema fails the type-check of this file).
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import {
  AddonOptions,
  AdminUser,
  CgroupDriver,
  CloudDirectorInfrastructureProps,
  ControlPlaneExtraArgs,
  ControlPlaneResources,
  FLEET_SCHEMA_FILE,
  GatewayOptions,
  GatewayParentReference,
  HcpTerraformStateOptions,
  IngressOptions,
  IpAllocationMode,
  KonnectivityAgentMode,
  KonnectivityOptions,
  KubeletOptions,
  KubernetesStateOptions,
  MaasBareMetalProps,
  MaasStorageDisk,
  MaasVmHostProps,
  NetworkProfileOptions,
  NodeAddressType,
  NodeBootstrapOptions,
  NodeFile,
  NodePoolOptions,
  ProxmoxInfrastructureProps,
  ProxmoxNetworkDevice,
  ProxySettings,
  ResourceRequirements,
  S3StateOptions,
  ServiceType,
  StaticRangeOptions,
  Taint,
  TaintEffect,
  TenantControlPlaneAttributes,
  TenantControlPlaneProps,
  TenantControlPlaneTimeouts,
  Toleration,
  TolerationOperator,
  VSphereInfrastructureProps,
  YakiComponentVersions,
  AddonsOptions,
  ControlPlaneDeploymentOptions,
  PoolRolloutOptions,
  RollingUpdateOptions,
} from '../../src';
import * as library from '../../src';
import schema from '../../src/config/fleet.schema.json';

const ROOT = path.join(__dirname, '../..');
type Schema = { [key: string]: any };

/**
 * The keys of T, all of them: the call fails to type-check when `keys` leaves one out.
 * (An extra key fails too, since each element must be a key of T.)
 */
function allKeys<T>() {
  return <const K extends ReadonlyArray<keyof T>>(
    keys: K & (Exclude<keyof T, K[number]> extends never ? unknown : never),
  ): string[] => [...keys].map(String);
}

function at(pointer: string): Schema {
  return pointer
    .split('/')
    .slice(1)
    .reduce<Schema>((node, key) => node[key], schema as Schema);
}

/**
 * The schema compiled as an editor checks a file: the draft of its `$schema`, no strict
 * mode, no keyword of ours (unknown ones, such as patternErrorMessage, are ignored).
 */
function editorValidator() {
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

function propertiesAt(pointer: string): string[] {
  return Object.keys(at(pointer).properties).sort();
}

describe('fleet.schema.json', () => {
  test('is a valid draft-07 JSON Schema that ajv compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    // The one keyword beyond draft-07: the VS Code JSON language service's message of a pattern.
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  test('accepts the example fleet file', () => {
    const validate = editorValidator();
    const example = parse(fs.readFileSync(path.join(ROOT, 'examples/fleet/fleet.yaml'), 'utf8'));
    expect(validate(example)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  test('describes every key, for editors to show', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, pointer: string) => {
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as Schema).properties as Schema | undefined;
      for (const [key, value] of Object.entries(properties ?? {})) {
        const described = value.description ?? (value.$ref && at(value.$ref).description);
        if (!described) undescribed.push(`${pointer}/properties/${key}`);
      }
      for (const [key, value] of Object.entries(node)) {
        // Conditions and their refinements restate keys described under "properties".
        if (!['if', 'then', 'else'].includes(key)) walk(value, `${pointer}/${key}`);
      }
    };
    walk(schema, '#');
    expect(undescribed).toEqual([]);
  });

  test("ships with the package, where the example's yaml-language-server line points", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('lib/config/fleet.schema.json');
    // Runtime: buildFleet checks files against this schema with ajv.
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['ajv', 'yaml']));
    expect(fs.existsSync(FLEET_SCHEMA_FILE)).toBe(true);
    const example = fs.readFileSync(path.join(ROOT, 'examples/fleet/fleet.yaml'), 'utf8');
    const line = /^# yaml-language-server: \$schema=(.+)$/m.exec(example);
    expect(path.resolve(ROOT, 'examples/fleet', line![1])).toBe(FLEET_SCHEMA_FILE);
  });

  test("lists the library's enum values, so the file uses Kamaji's and Kubernetes' own words", () => {
    const enumAt = (pointer: string) => at(pointer).enum;
    expect(enumAt('#/definitions/controlPlane/properties/serviceType')).toEqual(
      Object.values(ServiceType),
    );
    expect(enumAt('#/definitions/kubelet/properties/cgroupDriver')).toEqual(
      Object.values(CgroupDriver),
    );
    expect(enumAt('#/definitions/kubelet/properties/preferredAddressTypes/items')).toEqual(
      Object.values(NodeAddressType),
    );
    expect(enumAt('#/definitions/addons/properties/konnectivity/properties/agentMode')).toEqual(
      Object.values(KonnectivityAgentMode),
    );
    expect(enumAt('#/definitions/pool/properties/taints/items/properties/effect')).toEqual(
      Object.values(TaintEffect),
    );
    expect(enumAt('#/definitions/toleration/properties/effect')).toEqual(
      Object.values(TaintEffect),
    );
    expect(enumAt('#/definitions/toleration/properties/operator')).toEqual(
      Object.values(TolerationOperator),
    );
    expect(
      enumAt('#/definitions/infrastructure/properties/cloud-director/properties/ipAllocationMode'),
    ).toEqual(Object.values(IpAllocationMode));
  });

  test('has an enum for every closed set of the library, so a file cannot hold another value', () => {
    // GIVEN: every enum the library exports (an object of string values only).
    const enums = Object.entries(library).filter(
      ([, value]) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).length > 0 &&
        Object.values(value).every((v) => typeof v === 'string'),
    );
    const schemaEnums: string[] = [];
    JSON.stringify(schema, (key, value) => {
      if (key === 'enum') schemaEnums.push(JSON.stringify(value));
      return value;
    });
    // Closed sets a fleet file has no place for.
    // JoinHealthMode: a pool's joinHealth names it by key (failAfterSeconds, warnAfterSeconds).
    const notInFleetFiles = ['DataStoreDriver', 'JoinHealthMode'];
    // THEN
    expect(enums.length).toBeGreaterThanOrEqual(8);
    for (const [name, values] of enums) {
      if (notInFleetFiles.includes(name)) continue;
      expect([name, schemaEnums]).toEqual([
        name,
        expect.arrayContaining([JSON.stringify(Object.values(values))]),
      ]);
    }
  });

  test("lists the providers' own closed sets, as the pinned provider releases validate them", () => {
    const enumAt = (pointer: string) => at(pointer).enum;
    // vmware/vcd v3.14.1 vcd/provider.go (auth_type) and vcd/resource_vcd_vapp_vm.go
    // (override_template_disk.bus_type).
    expect(enumAt('#/definitions/providers/properties/cloud-director/properties/authType')).toEqual(
      [
        'integrated',
        'saml_adfs',
        'token',
        'api_token',
        'api_token_file',
        'service_account_token_file',
      ],
    );
    expect(
      enumAt('#/definitions/infrastructure/properties/cloud-director/properties/diskBusType'),
    ).toEqual(['ide', 'parallel', 'sas', 'paravirtual', 'sata', 'nvme']);
    // bpg/proxmox v0.111.1 proxmoxtf/resource/vm/network/schema.go (network_device.model)
    // and proxmox/api/client.go (min_tls).
    expect(
      enumAt(
        '#/definitions/infrastructure/properties/proxmox/properties/networkDevices/items/properties/model',
      ),
    ).toEqual(['e1000', 'e1000e', 'rtl8139', 'virtio', 'vmxnet3']);
    expect(enumAt('#/definitions/providers/properties/proxmox/properties/minTls')).toEqual([
      '1.0',
      '1.1',
      '1.2',
      '1.3',
    ]);
  });

  // Each schema object against the props it stands for; `provider` objects,
  // `joinToken` and `dataStoreRef` are constructs, which a file cannot hold (a file names
  // its DataStore with `dataStore`).
  const MIRRORS: Array<[string, string[]]> = [
    [
      '#/definitions/controlPlane',
      [
        ...allKeys<Omit<TenantControlPlaneProps, 'provider' | 'dataStoreRef'>>()([
          'name',
          'namespace',
          'kubernetesVersion',
          'replicas',
          'serviceType',
          'serviceLabels',
          'serviceAnnotations',
          'allocateLoadBalancerNodePorts',
          'networkProfile',
          'kubelet',
          'addons',
          'dataStore',
          'dataStoreSchema',
          'dataStoreUsername',
          'deployment',
          'ingress',
          'gateway',
          'labels',
          'annotations',
          'specOverrides',
          'deletionProtection',
          'timeouts',
          'fieldManager',
        ]),
        'pools',
      ],
    ],
    [
      '#/definitions/existingControlPlane',
      [
        ...allKeys<Omit<TenantControlPlaneAttributes, 'provider'>>()([
          'name',
          'namespace',
          'endpoint',
          'kubernetesVersion',
          'oldestKubeletVersion',
        ]),
        'pools',
      ],
    ],
    [
      '#/definitions/networkProfile',
      allKeys<NetworkProfileOptions>()([
        'address',
        'advertiseAddress',
        'allowAddressAsExternalIp',
        'port',
        'certSans',
        'serviceCidrs',
        'podCidrs',
        'dnsServiceIps',
        'clusterDomain',
        'loadBalancerClass',
        'loadBalancerSourceRanges',
      ]),
    ],
    [
      '#/definitions/kubelet',
      allKeys<KubeletOptions>()([
        'cgroupDriver',
        'preferredAddressTypes',
        'oldestKubeletVersion',
        'configurationJsonPatches',
      ]),
    ],
    ['#/definitions/addon', allKeys<AddonOptions>()(['enabled', 'imageRepository', 'imageTag'])],
    ['#/definitions/addons', allKeys<AddonsOptions>()(['coreDns', 'kubeProxy', 'konnectivity'])],
    [
      '#/definitions/addons/properties/konnectivity',
      allKeys<KonnectivityOptions>()([
        'enabled',
        'serverPort',
        'agentMode',
        'agentReplicas',
        'agentHostNetwork',
      ]),
    ],
    ['#/definitions/resourceRequirements', allKeys<ResourceRequirements>()(['requests', 'limits'])],
    [
      '#/definitions/toleration',
      allKeys<Toleration>()(['key', 'operator', 'value', 'effect', 'tolerationSeconds']),
    ],
    [
      '#/definitions/deployment',
      allKeys<ControlPlaneDeploymentOptions>()([
        'resources',
        'extraArgs',
        'nodeSelector',
        'tolerations',
        'podLabels',
        'podAnnotations',
      ]),
    ],
    [
      '#/definitions/deployment/properties/resources',
      allKeys<ControlPlaneResources>()(['apiServer', 'controllerManager', 'scheduler']),
    ],
    [
      '#/definitions/deployment/properties/extraArgs',
      allKeys<ControlPlaneExtraArgs>()(['apiServer', 'controllerManager', 'scheduler']),
    ],
    [
      '#/definitions/ingress',
      allKeys<IngressOptions>()(['hostname', 'ingressClassName', 'labels', 'annotations']),
    ],
    [
      '#/definitions/gateway',
      allKeys<GatewayOptions>()(['hostname', 'parentRefs', 'labels', 'annotations']),
    ],
    [
      '#/definitions/gateway/properties/parentRefs/items',
      allKeys<GatewayParentReference>()(['name', 'namespace', 'sectionName', 'port']),
    ],
    [
      '#/definitions/timeouts',
      allKeys<TenantControlPlaneTimeouts>()(['create', 'update', 'delete']),
    ],
    [
      '#/definitions/pool',
      allKeys<Omit<NodePoolOptions, 'joinToken'>>()([
        'name',
        'infrastructure',
        'replicas',
        'retiredNodes',
        'drain',
        'kubernetesVersion',
        'labels',
        'taints',
        'addressing',
        'bootstrap',
        'joinHealth',
        'rollout',
      ]),
    ],
    [
      '#/definitions/pool/properties/rollout',
      allKeys<PoolRolloutOptions>()([
        'fromKubernetesVersion',
        'fromInfrastructure',
        'step',
        'strategy',
      ]),
    ],
    [
      '#/definitions/pool/properties/rollout/properties/strategy',
      allKeys<RollingUpdateOptions>()(['maxSurge', 'maxUnavailable']),
    ],
    ['#/definitions/pool/properties/taints/items', allKeys<Taint>()(['key', 'value', 'effect'])],
    [
      '#/definitions/pool/properties/addressing/properties/staticRange',
      allKeys<StaticRangeOptions>()(['cidr', 'first', 'gateway', 'dns', 'count']),
    ],
    [
      '#/definitions/bootstrap',
      // osFamily is a value class the file does not offer (Debian-family images).
      allKeys<Omit<NodeBootstrapOptions, 'osFamily'>>()([
        'yaki',
        'componentVersions',
        'preBaked',
        'adminUser',
        'sshAuthorizedKeys',
        'extraPackages',
        'files',
        'preJoinCommands',
        'postJoinCommands',
        'proxy',
        'ntpServers',
      ]),
    ],
    [
      '#/definitions/bootstrap/properties/adminUser',
      allKeys<AdminUser>()(['name', 'sshAuthorizedKeys']),
    ],
    [
      '#/definitions/bootstrap/properties/files/items',
      allKeys<NodeFile>()(['path', 'content', 'permissions', 'owner']),
    ],
    [
      '#/definitions/bootstrap/properties/proxy',
      allKeys<ProxySettings>()(['httpProxy', 'httpsProxy', 'noProxy']),
    ],
    [
      '#/definitions/bootstrap/properties/componentVersions',
      allKeys<YakiComponentVersions>()(['containerd', 'runc', 'cniPlugins', 'crictl']),
    ],
    [
      '#/definitions/infrastructure/properties/vsphere',
      allKeys<Omit<VSphereInfrastructureProps, 'provider'>>()([
        'datacenter',
        'computeCluster',
        'resourcePool',
        'datastore',
        'networks',
        'template',
        'folder',
        'folderPerTenant',
        'cpus',
        'coresPerSocket',
        'memoryMiB',
        'diskGiB',
        'waitForGuestNetTimeoutMinutes',
        'antiAffinity',
      ]),
    ],
    [
      '#/definitions/infrastructure/properties/proxmox',
      allKeys<Omit<ProxmoxInfrastructureProps, 'provider'>>()([
        'nodes',
        'templateVmId',
        'templateNode',
        'fullClone',
        'snippetsDatastore',
        'diskDatastore',
        'cloudInitDatastore',
        'diskGiB',
        'diskInterface',
        'cpuCores',
        'cpuSockets',
        'cpuType',
        'memoryMiB',
        'networkDevices',
        'tags',
      ]),
    ],
    [
      '#/definitions/infrastructure/properties/proxmox/properties/networkDevices/items',
      allKeys<ProxmoxNetworkDevice>()(['bridge', 'vlanId', 'model']),
    ],
    [
      '#/definitions/infrastructure/properties/maas-bare-metal',
      allKeys<Omit<MaasBareMetalProps, 'provider'>>()([
        'distroSeries',
        'hweKernel',
        'staticInterface',
        'hostnames',
        'tags',
        'resourcePool',
        'zones',
        'minCpuCount',
        'minMemoryMiB',
      ]),
    ],
    [
      '#/definitions/infrastructure/properties/maas-vm-hosts',
      allKeys<Omit<MaasVmHostProps, 'provider'>>()([
        'distroSeries',
        'hweKernel',
        'staticInterface',
        'vmHosts',
        'cores',
        'memoryMiB',
        'storageDisks',
        'resourcePool',
        'zone',
      ]),
    ],
    [
      '#/definitions/infrastructure/properties/maas-vm-hosts/properties/storageDisks/items',
      allKeys<MaasStorageDisk>()(['sizeGiB', 'pool']),
    ],
    [
      '#/definitions/infrastructure/properties/cloud-director',
      allKeys<Omit<CloudDirectorInfrastructureProps, 'provider'>>()([
        'org',
        'vdc',
        'catalog',
        'template',
        'orgNetwork',
        'ipAllocationMode',
        'cpus',
        'cpuCores',
        'memoryMiB',
        'diskGiB',
        'diskBusType',
        'storageProfile',
        'antiAffinity',
      ]),
    ],
    [
      '#/definitions/stateBackend/properties/s3',
      allKeys<S3StateOptions>()(['bucket', 'region', 'keyPrefix', 'endpoint', 'useLockfile']),
    ],
    [
      '#/definitions/stateBackend/properties/kubernetes',
      allKeys<KubernetesStateOptions>()(['namespace', 'configPath', 'secretSuffixPrefix']),
    ],
    [
      '#/definitions/stateBackend/properties/hcpTerraform',
      allKeys<HcpTerraformStateOptions>()([
        'organization',
        'workspacePrefix',
        'hostname',
        'project',
      ]),
    ],
  ];

  test.each(MIRRORS)('%s has the keys of the props it mirrors', (pointer, keys) => {
    expect(propertiesAt(pointer)).toEqual([...keys].sort());
  });
});
