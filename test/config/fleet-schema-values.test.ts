/**
 * fleet.schema.json checks values the way an editor does (issue #13 item 5): checked
 * here with ajv as an editor runs a schema (the draft of its `$schema`, strict mode off,
 * no keyword of ours), bad files are refused by the schema alone, good ones accepted,
 * and every value the schema refuses is refused by the library's own checks too, so
 * the editor never flags a file the loader would build.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject } from 'ajv';
import { Testing } from 'cdktf';
import { parse, stringify } from 'yaml';
import { buildFleet, KubernetesVersion } from '../../src';
import { parseField } from '../../src/config/fleet-validation';
import { SUPPORTED_MINORS } from '../../src/kamaji/kubernetes-version';
import { parseCidr, parseIp } from '../../src/private/cidr';
import { isRfc1035Label, isRfc1123Label } from '../../src/private/names';
import schema from '../../src/config/fleet.schema.json';

const ROOT = path.join(__dirname, '../..');
type Json = any;

const editorValidate = new Ajv({ strict: false, allErrors: true }).compile(schema);

/** The instance paths (`controlPlanes[0].name`) and keywords the editor reports. */
function editorErrors(data: Json): Array<{ path: string; keyword: string }> {
  if (editorValidate(data)) return [];
  return (editorValidate.errors ?? [])
    .filter((e) => !['if', 'propertyNames', 'allOf'].includes(e.keyword))
    .map((e: ErrorObject) => ({ path: pointerToPath(e), keyword: e.keyword }));
}

function pointerToPath(error: ErrorObject): string {
  const segments: Array<string | number> = error.instancePath
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (error.propertyName !== undefined) segments.push(error.propertyName);
  if (error.keyword === 'uniqueItems') {
    // The later of the two equal entries.
    segments.push(Math.max(Number(error.params.i), Number(error.params.j)));
  }
  return formatPath(segments);
}

function formatPath(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((s, i) =>
      typeof s === 'number'
        ? `[${s}]`
        : /^[A-Za-z_$][\w$-]*$/.test(s)
          ? `${i === 0 ? '' : '.'}${s}`
          : `[${JSON.stringify(s)}]`,
    )
    .join('');
}

interface Line {
  readonly path: string;
  readonly message: string;
}

/** The problems building `text` reports, or [] when it builds. */
function problemsOf(build: (text: string) => unknown, text: string): Line[] {
  try {
    build(text);
    return [];
  } catch (e) {
    const problems = (e as { problems?: Line[] }).problems;
    if (!problems) throw e;
    return problems.map(({ path: p, message }) => ({ path: p, message }));
  }
}

const loader = (text: string) => buildFleet(Testing.app(), text, 'fleet.yaml');

/**
 * The loader with a schema of shapes only (keys, types, enums, required keys): what the
 * library's own checks refuse. Loaded apart, with its own cdktf, so the real schema stays.
 */
function libraryLoader(): (text: string) => unknown {
  const VALUE_KEYWORDS = [
    'pattern',
    'patternErrorMessage',
    'propertyNames',
    'minimum',
    'maximum',
    'multipleOf',
    'minLength',
    'maxLength',
    'minItems',
    'maxItems',
    'uniqueItems',
    'if',
    'then',
    'else',
    // The library checks its enums itself (JavaScript callers can pass any string).
    'enum',
  ];
  const strip = (node: Json): Json =>
    Array.isArray(node)
      ? node.map(strip)
      : typeof node === 'object' && node !== null
        ? Object.fromEntries(
            Object.entries(node)
              .filter(([key]) => !VALUE_KEYWORDS.includes(key))
              .map(([key, value]) => [key, strip(value)]),
          )
        : node;
  let build!: (text: string) => unknown;
  jest.isolateModules(() => {
    jest.doMock('../../src/config/fleet.schema.json', () => strip(schema));
    /* eslint-disable @typescript-eslint/no-require-imports */
    const cdktf = require('cdktf') as typeof import('cdktf');
    const fleet = require('../../src/config/fleet') as typeof import('../../src/config/fleet');
    /* eslint-enable @typescript-eslint/no-require-imports */
    build = (text) => fleet.buildFleet(cdktf.Testing.app(), text, 'fleet.yaml');
  });
  return build;
}

const SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample ops@example.com';

/** Small good fleets, one per area, each accepted by the schema and built by the loader. */
const BASES: { [name: string]: Json } = {
  controlPlane: {
    namespace: 'kamaji-tenant',
    controlPlanes: [
      {
        name: 'tcp-alpha',
        namespace: 'kamaji-tenant',
        kubernetesVersion: 'v1.35.7',
        replicas: 2,
        networkProfile: {
          port: 6443,
          advertiseAddress: '192.0.2.10',
          serviceCidrs: ['10.96.0.0/16'],
          podCidrs: ['10.244.0.0/16'],
          dnsServiceIps: ['10.96.0.10'],
          clusterDomain: 'cluster.local',
          loadBalancerSourceRanges: ['192.0.2.0/24'],
        },
        addons: { konnectivity: { serverPort: 8132, agentReplicas: 0 } },
        timeouts: { create: '20m', update: '1h30m', delete: '10m' },
        labels: { 'app.kubernetes.io/part-of': 'kamaji', tier: '' },
        serviceLabels: { tier: 'api' },
        deployment: { podLabels: { tier: 'control-plane' } },
      },
    ],
  },
  pool: {
    controlPlanes: [
      {
        name: 'tcp-alpha',
        pools: [
          {
            name: 'default-pool',
            replicas: 2,
            kubernetesVersion: 'v1.34.1',
            labels: { 'example.com/role': 'worker', tier: '' },
            taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }],
            addressing: {
              staticRange: {
                cidr: '192.0.2.0/24',
                first: '192.0.2.20',
                gateway: '192.0.2.1',
                dns: ['192.0.2.53'],
              },
            },
            bootstrap: {
              sshAuthorizedKeys: [SSH_KEY],
              adminUser: { name: 'ops', sshAuthorizedKeys: [SSH_KEY] },
              extraPackages: ['jq'],
              files: [
                { path: '/etc/motd', content: 'hi', permissions: '0644', owner: 'root:root' },
              ],
              proxy: {
                httpProxy: 'http://proxy.example.com:3128',
                httpsProxy: 'http://proxy.example.com:3128',
                noProxy: ['10.0.0.0/8'],
              },
              ntpServers: ['ntp.example.com'],
              yaki: { url: 'https://mirror.example.com/yaki', sha256: 'a'.repeat(64) },
              componentVersions: { containerd: 'v2.1.4' },
            },
            infrastructure: { 'bring-your-own': { failureDomains: ['rack-a', 'rack-b'] } },
          },
        ],
      },
    ],
    existingControlPlanes: [
      {
        name: 'tcp-beta',
        namespace: 'kamaji-tenant',
        kubernetesVersion: 'v1.34.1',
        endpoint: 'tcp-beta.example.com:6443',
        pools: [{ name: 'default-pool', infrastructure: { 'bring-your-own': {} } }],
      },
    ],
  },
  vsphere: pool({
    vsphere: {
      datacenter: 'dc-1',
      computeCluster: 'cluster-1',
      datastore: 'ds-1',
      networks: ['tenant'],
      template: 'ubuntu',
      folder: 'kamaji',
      cpus: 2,
      coresPerSocket: 1,
      memoryMiB: 4096,
      diskGiB: 40,
      waitForGuestNetTimeoutMinutes: 5,
    },
  }),
  proxmox: pool({
    proxmox: {
      nodes: ['pve-1'],
      templateVmId: 9000,
      templateNode: 'pve-1',
      snippetsDatastore: 'local',
      diskDatastore: 'local-lvm',
      diskGiB: 20,
      diskInterface: 'scsi0',
      cpuCores: 2,
      cpuSockets: 1,
      cpuType: 'host',
      memoryMiB: 4096,
      networkDevices: [{ bridge: 'vmbr0', vlanId: 20 }],
      tags: ['k8s'],
    },
  }),
  maasBareMetal: pool({
    'maas-bare-metal': {
      distroSeries: 'noble',
      hweKernel: 'hwe-24.04',
      hostnames: ['m-1'],
      tags: ['kamaji'],
      zones: ['zone-a'],
      minCpuCount: 4,
      minMemoryMiB: 8192,
    },
  }),
  maasVmHosts: pool({
    'maas-vm-hosts': {
      vmHosts: ['lxd-1'],
      cores: 2,
      memoryMiB: 4096,
      storageDisks: [{ sizeGiB: 20, pool: 'default' }],
    },
  }),
  cloudDirector: pool({
    'cloud-director': {
      catalog: 'catalog',
      template: 'ubuntu',
      orgNetwork: 'tenant',
      cpus: 2,
      cpuCores: 1,
      memoryMiB: 4096,
      diskGiB: 40,
    },
  }),
  s3: backend({ s3: { bucket: 'tfstate', region: 'eu-west-1', keyPrefix: 'kamaji/prod' } }),
  s3Compatible: backend({
    s3: { bucket: 'tfstate', region: 'minio', endpoint: 'https://minio.example.com:9000' },
  }),
  kubernetes: backend({
    kubernetes: { namespace: 'kamaji-system', configPath: '~/.kube/config' },
  }),
  hcp: backend({
    hcpTerraform: {
      organization: 'example',
      workspacePrefix: 'kamaji-',
      hostname: 'tfe.example.com:8443',
    },
  }),
};

function pool(infrastructure: Json): Json {
  return {
    controlPlanes: [{ name: 'tcp-alpha', pools: [{ name: 'default-pool', infrastructure }] }],
  };
}

function backend(stateBackend: Json): Json {
  return { stateBackend, controlPlanes: [{ name: 'tcp-alpha' }] };
}

/** `base` with `value` at `at` (a path as the loader prints it). */
function withValue(base: Json, at: string, value: unknown): Json {
  const copy = structuredClone(base);
  const segments = parseField(at)!;
  let node = copy;
  for (const segment of segments.slice(0, -1)) node = node[segment];
  node[segments[segments.length - 1]] = value;
  return copy;
}

const P = 'controlPlanes[0].pools[0]';
const INFRA = `${P}.infrastructure`;
const BOOT = `${P}.bootstrap`;
const NET = 'controlPlanes[0].networkProfile';

/**
 * [base, path, bad value, where the library reports it when not at the path itself].
 * One row per small bad value; every family of constraint is here.
 */
const BAD_VALUES: Array<[string, string, unknown, string?]> = [
  // Names: RFC 1035 for control planes, RFC 1123 labels for pools and namespaces.
  ['controlPlane', 'controlPlanes[0].name', 'Tcp-Alpha'],
  ['controlPlane', 'controlPlanes[0].name', '1tcp'],
  ['controlPlane', 'controlPlanes[0].name', 'tcp_alpha'],
  ['controlPlane', 'controlPlanes[0].name', `t${'a'.repeat(63)}`],
  ['pool', 'namespace', 'Kamaji_Tenant'],
  ['controlPlane', 'controlPlanes[0].namespace', 'kamaji.tenant'],
  ['pool', 'existingControlPlanes[0].name', 'Tcp-Beta'],
  ['pool', 'existingControlPlanes[0].namespace', '-kamaji'],
  ['pool', 'existingControlPlanes[0].endpoint', 'https://tcp-beta.example.com:6443'],
  ['pool', 'existingControlPlanes[0].endpoint', 'tcp-beta.example.com'],
  ['pool', `${P}.name`, 'Default-Pool'],
  ['pool', `${P}.name`, 'default-pool-'],
  ['kubernetes', 'stateBackend.kubernetes.namespace', 'Kamaji'],
  // Node names <control plane>-<pool>-node-NN within 63 characters, where expressible.
  ['pool', `${P}.name`, 'p'.repeat(54)],
  ['pool', 'controlPlanes[0].name', `t${'a'.repeat(53)}`, `${P}.name`],
  [
    'pool',
    'existingControlPlanes[0].name',
    `t${'a'.repeat(53)}`,
    'existingControlPlanes[0].pools[0].name',
  ],
  // Kubernetes versions: the format, and the minors this Kamaji release runs.
  ['controlPlane', 'controlPlanes[0].kubernetesVersion', 'v1.29.9'],
  ['controlPlane', 'controlPlanes[0].kubernetesVersion', 'v1.37.0'],
  ['controlPlane', 'controlPlanes[0].kubernetesVersion', 'v2.35.0'],
  ['controlPlane', 'controlPlanes[0].kubernetesVersion', '1.35.7'],
  ['controlPlane', 'controlPlanes[0].kubernetesVersion', 'v1.35'],
  ['controlPlane', 'controlPlanes[0].kubernetesVersion', 'v1.35.7-rc.1'],
  ['pool', `${P}.kubernetesVersion`, 'v1.29.0'],
  ['pool', 'existingControlPlanes[0].kubernetesVersion', 'v1.34'],
  // CIDRs and addresses.
  ['controlPlane', `${NET}.serviceCidrs[0]`, '10.96.0.0/33'],
  ['controlPlane', `${NET}.serviceCidrs[0]`, '10.96.0.0'],
  ['controlPlane', `${NET}.serviceCidrs[0]`, 'fd00::/129'],
  ['controlPlane', `${NET}.podCidrs[0]`, '300.244.0.0/16'],
  ['controlPlane', `${NET}.dnsServiceIps[0]`, '10.96.0.300'],
  ['controlPlane', `${NET}.advertiseAddress`, 'api.example.com'],
  ['controlPlane', `${NET}.loadBalancerSourceRanges[0]`, 'everyone'],
  ['pool', `${P}.addressing.staticRange.cidr`, '192.0.2.0'],
  ['pool', `${P}.addressing.staticRange.first`, '192.0.2'],
  ['pool', `${P}.addressing.staticRange.gateway`, 'gateway'],
  ['pool', `${P}.addressing.staticRange.dns[0]`, 'dns.example.com'],
  // Counts and sizes: the ranges the library and the infrastructures check.
  ['controlPlane', 'controlPlanes[0].replicas', -1],
  ['controlPlane', 'controlPlanes[0].replicas', 1.5],
  ['controlPlane', `${NET}.port`, 0],
  ['controlPlane', `${NET}.port`, 65536],
  ['controlPlane', 'controlPlanes[0].addons.konnectivity.serverPort', 70000],
  ['controlPlane', 'controlPlanes[0].addons.konnectivity.agentReplicas', -1],
  ['pool', `${P}.replicas`, 1000],
  ['pool', `${P}.replicas`, -1],
  ['vsphere', `${INFRA}.vsphere.cpus`, 0],
  ['vsphere', `${INFRA}.vsphere.cpus`, 769],
  ['vsphere', `${INFRA}.vsphere.coresPerSocket`, 0],
  ['vsphere', `${INFRA}.vsphere.memoryMiB`, 1020],
  ['vsphere', `${INFRA}.vsphere.memoryMiB`, 4098],
  ['vsphere', `${INFRA}.vsphere.diskGiB`, 63489],
  ['vsphere', `${INFRA}.vsphere.waitForGuestNetTimeoutMinutes`, -1],
  ['vsphere', `${INFRA}.vsphere.waitForGuestNetTimeoutMinutes`, 1441],
  ['proxmox', `${INFRA}.proxmox.templateVmId`, 99],
  ['proxmox', `${INFRA}.proxmox.templateVmId`, 1_000_000_000],
  ['proxmox', `${INFRA}.proxmox.diskGiB`, 0],
  ['proxmox', `${INFRA}.proxmox.cpuCores`, 513],
  ['proxmox', `${INFRA}.proxmox.cpuSockets`, 17],
  ['proxmox', `${INFRA}.proxmox.memoryMiB`, 511],
  ['proxmox', `${INFRA}.proxmox.networkDevices[0].vlanId`, 0],
  ['proxmox', `${INFRA}.proxmox.networkDevices[0].vlanId`, 4095],
  ['maasBareMetal', `${INFRA}.maas-bare-metal.minCpuCount`, 0],
  ['maasBareMetal', `${INFRA}.maas-bare-metal.minMemoryMiB`, 0],
  ['maasVmHosts', `${INFRA}.maas-vm-hosts.cores`, 513],
  ['maasVmHosts', `${INFRA}.maas-vm-hosts.memoryMiB`, 1023],
  ['maasVmHosts', `${INFRA}.maas-vm-hosts.storageDisks[0].sizeGiB`, 65537],
  ['cloudDirector', `${INFRA}.cloud-director.cpus`, 0],
  ['cloudDirector', `${INFRA}.cloud-director.cpuCores`, 769],
  ['cloudDirector', `${INFRA}.cloud-director.memoryMiB`, 1023],
  ['cloudDirector', `${INFRA}.cloud-director.diskGiB`, 0],
  // Lists the library needs entries in, and at most so many.
  ['controlPlane', `${NET}.serviceCidrs`, []],
  ['controlPlane', `${NET}.podCidrs`, ['10.244.0.0/16', 'fd00:10::/56', '10.245.0.0/16']],
  [
    'controlPlane',
    `${NET}.dnsServiceIps`,
    Array.from({ length: 9 }, (_, i) => `10.96.0.${i + 10}`),
  ],
  ['vsphere', `${INFRA}.vsphere.networks`, []],
  ['proxmox', `${INFRA}.proxmox.nodes`, []],
  ['proxmox', `${INFRA}.proxmox.networkDevices`, []],
  ['maasVmHosts', `${INFRA}.maas-vm-hosts.vmHosts`, []],
  ['maasVmHosts', `${INFRA}.maas-vm-hosts.storageDisks`, []],
  // Lists whose duplicates the library refuses.
  ['vsphere', `${INFRA}.vsphere.networks`, ['tenant', 'tenant']],
  ['proxmox', `${INFRA}.proxmox.nodes`, ['pve-1', 'pve-1']],
  ['maasBareMetal', `${INFRA}.maas-bare-metal.hostnames`, ['m-1', 'm-1']],
  ['maasBareMetal', `${INFRA}.maas-bare-metal.zones`, ['zone-a', 'zone-a']],
  ['maasVmHosts', `${INFRA}.maas-vm-hosts.vmHosts`, ['lxd-1', 'lxd-1']],
  ['pool', `${P}.infrastructure.bring-your-own.failureDomains`, ['rack-a', 'rack-a']],
  // Names an infrastructure looks up: not blank.
  ['vsphere', `${INFRA}.vsphere.datacenter`, ' '],
  ['vsphere', `${INFRA}.vsphere.networks[0]`, ''],
  ['proxmox', `${INFRA}.proxmox.snippetsDatastore`, ''],
  ['proxmox', `${INFRA}.proxmox.networkDevices[0].bridge`, ' '],
  ['maasBareMetal', `${INFRA}.maas-bare-metal.tags[0]`, ''],
  ['maasVmHosts', `${INFRA}.maas-vm-hosts.storageDisks[0].pool`, ' '],
  ['cloudDirector', `${INFRA}.cloud-director.catalog`, ''],
  // Other texts with a syntax.
  ['proxmox', `${INFRA}.proxmox.diskInterface`, 'nvme0'],
  ['proxmox', `${INFRA}.proxmox.tags[0]`, 'K8s'],
  ['maasBareMetal', `${INFRA}.maas-bare-metal.distroSeries`, 'Noble'],
  ['controlPlane', 'controlPlanes[0].timeouts.create', '20 minutes'],
  ['controlPlane', `${NET}.clusterDomain`, 'local'],
  ['pool', `${P}.labels["bad key"]`, 'x'],
  ['pool', `${P}.labels.tier`, 'a b'],
  ['controlPlane', 'controlPlanes[0].labels.tier', 'a b'],
  ['controlPlane', 'controlPlanes[0].serviceLabels["bad key"]', 'x'],
  ['controlPlane', 'controlPlanes[0].deployment.podLabels.tier', '-x'],
  ['controlPlane', 'controlPlanes[0].replicas', 100000],
  ['pool', `${P}.taints[0].key`, '-dedicated'],
  ['pool', `${P}.taints[0].value`, 'a/b'],
  ['pool', `${BOOT}.sshAuthorizedKeys[0]`, 'ssh-ed25519 AAAA...'],
  ['pool', `${BOOT}.adminUser.name`, 'Ops'],
  ['pool', `${BOOT}.adminUser.sshAuthorizedKeys[0]`, 'AAAAC3NzaC1lZDI1NTE5'],
  ['pool', `${BOOT}.extraPackages[0]`, 'Vim'],
  ['pool', `${BOOT}.files[0].path`, 'etc/motd'],
  ['pool', `${BOOT}.files[0].permissions`, 'rw-------'],
  ['pool', `${BOOT}.files[0].owner`, 'root'],
  ['pool', `${BOOT}.proxy.httpProxy`, 'proxy.example.com:3128'],
  ['pool', `${BOOT}.proxy.noProxy[0]`, 'a b'],
  ['pool', `${BOOT}.ntpServers[0]`, 'ntp example'],
  ['pool', `${BOOT}.yaki.url`, 'ftp://mirror.example.com/yaki'],
  ['pool', `${BOOT}.yaki.sha256`, 'abc'],
  ['pool', `${BOOT}.componentVersions.containerd`, '2.1'],
  ['s3', 'stateBackend.s3.bucket', 'TFState'],
  ['s3', 'stateBackend.s3.region', 'Europe West'],
  ['s3', 'stateBackend.s3.keyPrefix', '/kamaji'],
  ['s3', 'stateBackend.s3.keyPrefix', 'kamaji//prod'],
  ['s3', 'stateBackend.s3.endpoint', 'minio.example.com:9000'],
  ['s3Compatible', 'stateBackend.s3.region', 'eu west'],
  ['s3Compatible', 'stateBackend.s3.bucket', ' '],
  ['kubernetes', 'stateBackend.kubernetes.configPath', ''],
  ['kubernetes', 'stateBackend.kubernetes.secretSuffixPrefix', ' '],
  ['hcp', 'stateBackend.hcpTerraform.organization', 'my org'],
  ['hcp', 'stateBackend.hcpTerraform.workspacePrefix', ' '],
  ['hcp', 'stateBackend.hcpTerraform.hostname', 'https://tfe.example.com'],
  // Enumerated fields.
  ['controlPlane', 'controlPlanes[0].serviceType', 'LB'],
  ['controlPlane', 'controlPlanes[0].addons.konnectivity.agentMode', 'Pod'],
  ['controlPlane', 'controlPlanes[0].kubelet', { cgroupDriver: 'cgroup' }],
  ['pool', `${P}.taints[0].effect`, 'NoShedule'],
];

/**
 * Values the schema refuses and the library's own checks do not: closed sets the
 * providers enforce at plan time (the library passes them through), and a fleet rule
 * with no library counterpart.
 */
const SCHEMA_ONLY: Array<[string, string, unknown, string]> = [
  [
    'pool',
    'existingControlPlanes[0].pools',
    [],
    'a control plane made elsewhere is listed for its pools',
  ],
  [
    'proxmox',
    `${INFRA}.proxmox.networkDevices[0].model`,
    'virtio-net',
    'bpg/proxmox refuses it at plan',
  ],
  ['cloudDirector', `${INFRA}.cloud-director.diskBusType`, 'scsi', 'vmware/vcd refuses it at plan'],
  ['controlPlane', 'providers', { proxmox: { minTls: '1.4' } }, 'bpg/proxmox refuses it at plan'],
  [
    'controlPlane',
    'providers',
    { 'cloud-director': { authType: 'password' } },
    'vmware/vcd refuses it at plan',
  ],
];

describe('fleet.schema.json as an editor checks it', () => {
  const library = libraryLoader();

  test.each(Object.keys(BASES))('accepts the good %s fleet, which the loader builds', (name) => {
    expect(editorErrors(BASES[name])).toEqual([]);
    expect(problemsOf(loader, stringify(BASES[name]))).toEqual([]);
  });

  test.each(BAD_VALUES)('%s: refuses %s = %j, as the library does', (...row) => {
    // (A rest parameter: jest would pass its done callback as a fourth one.)
    const [base, at, value, libraryAt] = row;
    // GIVEN a good fleet with one bad value
    const data = withValue(BASES[base], at, value);
    const text = stringify(data);
    // THEN the schema alone refuses it, at its place
    const editor = editorErrors(data).filter((e) => new RegExp(within(at)).test(e.path));
    expect(editor).not.toEqual([]);
    // AND the library's own checks refuse it too
    const own = problemsOf(library, text);
    expect(own.map((p) => p.path)).toContainEqual(libraryAt ?? expect.stringMatching(within(at)));
    // AND the loader reports it at its place, in the library's words where the value is
    // of the right type (a value not in an enum stops the entry with the schema's list)
    const loaded = problemsOf(loader, text);
    const here = (lines: Line[]) => lines.filter((l) => new RegExp(within(at)).test(l.path));
    expect(here(loaded)).not.toEqual([]);
    if (libraryAt !== undefined) {
      expect(loaded.map((l) => l.path)).toEqual(expect.arrayContaining([at, libraryAt]));
    } else if (!editor.some((e) => e.keyword === 'enum')) {
      expect(here(loaded)).toEqual(here(own));
    }
  });

  test.each(SCHEMA_ONLY)('%s: %s = %j is refused by the schema only (%s)', (base, at, value) => {
    const data = withValue(BASES[base], at, value);
    expect(editorErrors(data).map((e) => e.path)).toEqual([expect.stringMatching(within(at))]);
    expect(problemsOf(library, stringify(data))).toEqual([]);
    expect(problemsOf(loader, stringify(data)).map((l) => l.path)).toEqual([
      expect.stringMatching(within(at)),
    ]);
  });
});

/** A regular expression of `at` and the paths inside it. */
function within(at: string): string {
  return `^${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[.[])`;
}

/** `base` with `value` at `at`, creating the mappings and lists on the way. */
function withSet(base: Json, at: string, value: unknown): Json {
  const copy = structuredClone(base);
  const segments = parseField(at)!;
  let node = copy;
  segments.slice(0, -1).forEach((segment, i) => {
    node[segment] ??= typeof segments[i + 1] === 'number' ? [] : {};
    node = node[segment];
  });
  node[segments[segments.length - 1]] = value;
  return copy;
}

/** Every stack the fleet builds, synthesized (validations run). */
function synthesized(data: Json): string[] {
  const stacks = buildFleet(Testing.app(), stringify(data), 'fleet.yaml');
  return [stacks.controlPlaneStack, ...stacks.nodeStacks].map((stack) =>
    stack ? Testing.synth(stack, true) : '',
  );
}

const FILES = { bootstrap: { files: [{ path: '/etc/motd', content: 'hi' }] } };
const DEFAULTS_BASES: { [name: string]: Json } = {
  controlPlane: {
    controlPlanes: [
      {
        name: 'tcp-alpha',
        pools: [{ name: 'default-pool', ...FILES, infrastructure: { 'bring-your-own': {} } }],
      },
    ],
  },
  vsphere: pool({
    vsphere: {
      datacenter: 'dc',
      computeCluster: 'c',
      datastore: 'ds',
      networks: ['n'],
      template: 't',
    },
  }),
  proxmox: pool({ proxmox: { nodes: ['pve-1'], templateVmId: 9000, snippetsDatastore: 'local' } }),
  maas: {
    controlPlanes: [
      {
        name: 'tcp-alpha',
        pools: [
          { name: 'metal', infrastructure: { 'maas-bare-metal': {} } },
          { name: 'vms', infrastructure: { 'maas-vm-hosts': { vmHosts: ['lxd-1'] } } },
        ],
      },
    ],
  },
  cloudDirector: pool({ 'cloud-director': { catalog: 'c', template: 't', orgNetwork: 'n' } }),
  s3: backend({ s3: { bucket: 'tfstate', region: 'eu-west-1' } }),
  kubernetes: backend({ kubernetes: {} }),
  hcp: backend({ hcpTerraform: { organization: 'example' } }),
};

const CP = 'controlPlanes[0]';
const NP = `${CP}.networkProfile`;
const KON = `${CP}.addons.konnectivity`;
const I = `${CP}.pools[0].infrastructure`;
const DEF = '#/definitions';
const INF = `${DEF}/infrastructure/properties`;
/**
 * Where each `default` of the schema goes in a fleet: [pointer, base, path], and, for a
 * default the library leaves to what reads its output, who applies it (the library
 * writes the field only when given, so those change the stack while meaning the same).
 */
const DEFAULT_PLACES: Array<[string, string, string, string?]> = [
  ['#/properties/namespace', 'controlPlane', 'namespace'],
  [
    `${DEF}/managementCluster/properties/kubeconfig`,
    'controlPlane',
    'managementCluster.kubeconfig',
  ],
  [`${DEF}/controlPlane/properties/kubernetesVersion`, 'controlPlane', `${CP}.kubernetesVersion`],
  [`${DEF}/controlPlane/properties/replicas`, 'controlPlane', `${CP}.replicas`],
  [`${DEF}/controlPlane/properties/serviceType`, 'controlPlane', `${CP}.serviceType`],
  [`${DEF}/controlPlane/properties/deletionProtection`, 'controlPlane', `${CP}.deletionProtection`],
  [`${DEF}/controlPlane/properties/fieldManager`, 'controlPlane', `${CP}.fieldManager`],
  [`${DEF}/timeouts/properties/create`, 'controlPlane', `${CP}.timeouts.create`],
  [`${DEF}/timeouts/properties/update`, 'controlPlane', `${CP}.timeouts.update`],
  [`${DEF}/timeouts/properties/delete`, 'controlPlane', `${CP}.timeouts.delete`],
  [
    `${DEF}/networkProfile/properties/allowAddressAsExternalIp`,
    'controlPlane',
    `${NP}.allowAddressAsExternalIp`,
    'Kamaji (CRD default false)',
  ],
  [`${DEF}/networkProfile/properties/port`, 'controlPlane', `${NP}.port`],
  [`${DEF}/networkProfile/properties/serviceCidrs`, 'controlPlane', `${NP}.serviceCidrs`],
  [`${DEF}/networkProfile/properties/podCidrs`, 'controlPlane', `${NP}.podCidrs`],
  [`${DEF}/networkProfile/properties/clusterDomain`, 'controlPlane', `${NP}.clusterDomain`],
  [`${DEF}/kubelet/properties/cgroupDriver`, 'controlPlane', `${CP}.kubelet.cgroupDriver`],
  [`${DEF}/addon/properties/enabled`, 'controlPlane', `${CP}.addons.coreDns.enabled`],
  [`${DEF}/addon/properties/enabled`, 'controlPlane', `${CP}.addons.kubeProxy.enabled`],
  [`${DEF}/addons/properties/konnectivity/properties/enabled`, 'controlPlane', `${KON}.enabled`],
  [
    `${DEF}/addons/properties/konnectivity/properties/serverPort`,
    'controlPlane',
    `${KON}.serverPort`,
  ],
  [
    `${DEF}/addons/properties/konnectivity/properties/agentMode`,
    'controlPlane',
    `${KON}.agentMode`,
  ],
  [
    `${DEF}/addons/properties/konnectivity/properties/agentHostNetwork`,
    'controlPlane',
    `${KON}.agentHostNetwork`,
    'Kamaji (CRD default false)',
  ],
  [`${DEF}/pool/properties/replicas`, 'controlPlane', `${CP}.pools[0].replicas`],
  [
    `${DEF}/pool/properties/drain/properties/enabled`,
    'controlPlane',
    `${CP}.pools[0].drain.enabled`,
  ],
  [
    `${DEF}/pool/properties/drain/properties/timeoutSeconds`,
    'controlPlane',
    `${CP}.pools[0].drain.timeoutSeconds`,
  ],
  [
    `${DEF}/pool/properties/drain/properties/onTimeout`,
    'controlPlane',
    `${CP}.pools[0].drain.onTimeout`,
  ],
  [`${DEF}/bootstrap/properties/preBaked`, 'controlPlane', `${CP}.pools[0].bootstrap.preBaked`],
  [
    `${DEF}/bootstrap/properties/files/items/properties/permissions`,
    'controlPlane',
    `${CP}.pools[0].bootstrap.files[0].permissions`,
  ],
  [
    `${DEF}/bootstrap/properties/files/items/properties/owner`,
    'controlPlane',
    `${CP}.pools[0].bootstrap.files[0].owner`,
  ],
  [`${INF}/vsphere/properties/folderPerTenant`, 'vsphere', `${I}.vsphere.folderPerTenant`],
  [`${INF}/vsphere/properties/cpus`, 'vsphere', `${I}.vsphere.cpus`],
  [`${INF}/vsphere/properties/memoryMiB`, 'vsphere', `${I}.vsphere.memoryMiB`],
  [
    `${INF}/vsphere/properties/waitForGuestNetTimeoutMinutes`,
    'vsphere',
    `${I}.vsphere.waitForGuestNetTimeoutMinutes`,
  ],
  [`${INF}/vsphere/properties/antiAffinity`, 'vsphere', `${I}.vsphere.antiAffinity`],
  [
    `${DEF}/providers/properties/proxmox/properties/ssh/properties/agent`,
    'proxmox',
    'providers.proxmox.ssh.agent',
  ],
  [`${INF}/proxmox/properties/fullClone`, 'proxmox', `${I}.proxmox.fullClone`],
  [`${INF}/proxmox/properties/diskDatastore`, 'proxmox', `${I}.proxmox.diskDatastore`],
  [`${INF}/proxmox/properties/diskGiB`, 'proxmox', `${I}.proxmox.diskGiB`],
  [`${INF}/proxmox/properties/diskInterface`, 'proxmox', `${I}.proxmox.diskInterface`],
  [`${INF}/proxmox/properties/cpuCores`, 'proxmox', `${I}.proxmox.cpuCores`],
  [`${INF}/proxmox/properties/cpuSockets`, 'proxmox', `${I}.proxmox.cpuSockets`],
  [`${INF}/proxmox/properties/cpuType`, 'proxmox', `${I}.proxmox.cpuType`],
  [`${INF}/proxmox/properties/memoryMiB`, 'proxmox', `${I}.proxmox.memoryMiB`],
  [`${INF}/proxmox/properties/networkDevices`, 'proxmox', `${I}.proxmox.networkDevices`],
  [
    `${INF}/proxmox/properties/networkDevices/items/properties/model`,
    'proxmox',
    `${I}.proxmox.networkDevices[0].model`,
  ],
  [`${INF}/maas-bare-metal/properties/distroSeries`, 'maas', `${I}.maas-bare-metal.distroSeries`],
  [
    `${INF}/maas-bare-metal/properties/staticInterface`,
    'maas',
    `${I}.maas-bare-metal.staticInterface`,
  ],
  [
    `${INF}/maas-vm-hosts/properties/distroSeries`,
    'maas',
    `${CP}.pools[1].infrastructure.maas-vm-hosts.distroSeries`,
  ],
  [
    `${INF}/maas-vm-hosts/properties/staticInterface`,
    'maas',
    `${CP}.pools[1].infrastructure.maas-vm-hosts.staticInterface`,
  ],
  [
    `${INF}/maas-vm-hosts/properties/cores`,
    'maas',
    `${CP}.pools[1].infrastructure.maas-vm-hosts.cores`,
  ],
  [
    `${INF}/maas-vm-hosts/properties/memoryMiB`,
    'maas',
    `${CP}.pools[1].infrastructure.maas-vm-hosts.memoryMiB`,
  ],
  [
    `${INF}/maas-vm-hosts/properties/storageDisks`,
    'maas',
    `${CP}.pools[1].infrastructure.maas-vm-hosts.storageDisks`,
  ],
  [
    `${DEF}/providers/properties/cloud-director/properties/authType`,
    'cloudDirector',
    'providers.cloud-director.authType',
  ],
  [`${INF}/cloud-director/properties/cpus`, 'cloudDirector', `${I}.cloud-director.cpus`],
  [`${INF}/cloud-director/properties/memoryMiB`, 'cloudDirector', `${I}.cloud-director.memoryMiB`],
  [
    `${INF}/cloud-director/properties/diskBusType`,
    'cloudDirector',
    `${I}.cloud-director.diskBusType`,
  ],
  [
    `${INF}/cloud-director/properties/antiAffinity`,
    'cloudDirector',
    `${I}.cloud-director.antiAffinity`,
  ],
  [`${DEF}/stateBackend/properties/s3/properties/keyPrefix`, 's3', 'stateBackend.s3.keyPrefix'],
  [`${DEF}/stateBackend/properties/s3/properties/useLockfile`, 's3', 'stateBackend.s3.useLockfile'],
  [
    `${DEF}/stateBackend/properties/kubernetes/properties/namespace`,
    'kubernetes',
    'stateBackend.kubernetes.namespace',
    "Terraform's kubernetes backend",
  ],
  [
    `${DEF}/stateBackend/properties/kubernetes/properties/secretSuffixPrefix`,
    'kubernetes',
    'stateBackend.kubernetes.secretSuffixPrefix',
  ],
  [
    `${DEF}/stateBackend/properties/hcpTerraform/properties/workspacePrefix`,
    'hcp',
    'stateBackend.hcpTerraform.workspacePrefix',
  ],
  [
    `${DEF}/stateBackend/properties/hcpTerraform/properties/hostname`,
    'hcp',
    'stateBackend.hcpTerraform.hostname',
    "Terraform's cloud block",
  ],
];

/** The pointer of every schema node with a `default`. */
function schemaDefaults(): string[] {
  const found: string[] = [];
  const walk = (node: Json, pointer: string) => {
    if (typeof node !== 'object' || node === null) return;
    if ('default' in node && !Array.isArray(node)) found.push(pointer);
    for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${key}`);
  };
  walk(schema, '#');
  return found;
}

describe("fleet.schema.json's defaults", () => {
  test('each has a place in a fleet here, where the test below checks it', () => {
    expect([...new Set(DEFAULT_PLACES.map(([pointer]) => pointer))].sort()).toEqual(
      schemaDefaults().sort(),
    );
  });

  test.each(Object.keys(DEFAULTS_BASES))(
    "are the library's own: writing them in a %s fleet changes no stack",
    (base) => {
      // GIVEN a fleet that leaves every defaulted field out, and the same with each written
      const places = DEFAULT_PLACES.filter(([, b, , appliedBy]) => b === base && !appliedBy);
      const written = places.reduce(
        (data, [pointer, , at]) => withSet(data, at, at_(pointer).default),
        DEFAULTS_BASES[base],
      );
      // THEN the schema accepts both, and they make the same stacks
      expect(editorErrors(written)).toEqual([]);
      expect(synthesized(written)).toEqual(synthesized(DEFAULTS_BASES[base]));
    },
  );
});

function at_(pointer: string): Json {
  return pointer
    .split('/')
    .slice(1)
    .reduce((node: Json, key) => node[key], schema);
}

/**
 * The YAML fleets written in the tests (template literals with a control plane list and
 * no interpolation), and the example.
 */
function fleetsOfTheTests(): Array<[string, string]> {
  const found: Array<[string, string]> = [
    [
      'examples/fleet/fleet.yaml',
      fs.readFileSync(path.join(ROOT, 'examples/fleet/fleet.yaml'), 'utf8'),
    ],
  ];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith('.test.ts')) {
        const source = fs.readFileSync(file, 'utf8');
        for (const match of source.matchAll(/`((?:[^`\\]|\\.)*)`/gs)) {
          const raw = match[1];
          if (!/^(controlPlanes|existingControlPlanes):/m.test(raw) || /(^|[^\\])\$\{/.test(raw)) {
            continue;
          }
          const text = raw.replace(/\\([`$\\])/g, '$1');
          found.push([
            `${path.relative(ROOT, file)}:${source.slice(0, match.index).split('\n').length}`,
            text,
          ]);
        }
      }
    }
  };
  visit(path.join(ROOT, 'test'));
  return found;
}

describe('fleet.schema.json on the fleets of the tests and the example', () => {
  const fleets = fleetsOfTheTests();

  test('finds them', () => {
    expect(fleets.length).toBeGreaterThanOrEqual(20);
  });

  test.each(fleets)('%s: accepted by the schema when the loader builds it', (_, text) => {
    const built = problemsOf(loader, text).length === 0;
    let data: Json;
    try {
      // As the loader reads YAML: 1.2, with merge keys.
      data = parse(text, { merge: true, logLevel: 'error' });
    } catch {
      // Not YAML an editor can read: nothing to check against the schema.
      expect(built).toBe(false);
      return;
    }
    // A fleet the loader builds is one the editor accepts; one the editor refuses the
    // loader refuses.
    if (built) expect(editorErrors(data)).toEqual([]);
    else if (editorErrors(data).length > 0) expect(built).toBe(false);
  });

  test('accepts the example and builds it', () => {
    const [, text] = fleets[0];
    expect(editorErrors(parse(text))).toEqual([]);
    expect(problemsOf(loader, text)).toEqual([]);
  });
});

describe("fleet.schema.json's patterns against the library's own checks", () => {
  const patternOf = (pointer: string) => new RegExp(at_(pointer).pattern, 'u');

  test('Kubernetes versions: the format, and exactly the minors this Kamaji release runs', () => {
    const format = patternOf('#/definitions/kubernetesVersion');
    const supported = new RegExp(at_('#/definitions/kubernetesVersion/then').pattern, 'u');
    for (let major = 0; major <= 2; major++) {
      for (let minor = 0; minor <= 60; minor++) {
        const version = KubernetesVersion.of(`v${major}.${minor}.3`);
        expect([version.version, supported.test(version.version)]).toEqual([
          version.version,
          version.isSupported,
        ]);
      }
    }
    for (const text of ['v1.35.7', 'v1.35.07', '1.35.7', 'v1.35', 'v1.35.7-rc.1', 'v1.35.7 ']) {
      expect([text, format.test(text)]).toEqual([
        text,
        KubernetesVersion.of(text).parts !== undefined,
      ]);
    }
    const { lowest, highest } = SUPPORTED_MINORS;
    expect(at_('#/definitions/kubernetesVersion').description).toContain(
      `v${lowest.major}.${lowest.minor} to v${highest.major}.${highest.minor}`,
    );
  });

  const NAMES = [
    'a',
    'tcp-alpha',
    'tcp-',
    '-tcp',
    '1tcp',
    'Tcp',
    'tcp_a',
    'tcp.a',
    'é',
    'a'.repeat(63),
    'a'.repeat(64),
    '',
  ];
  test.each(NAMES)('names: %j is an RFC 1035 / RFC 1123 label for both or neither', (name) => {
    expect(patternOf('#/definitions/rfc1035Label').test(name)).toBe(isRfc1035Label(name));
    expect(patternOf('#/definitions/rfc1123Label').test(name)).toBe(isRfc1123Label(name));
  });

  const ADDRESSES = [
    '10.96.0.0/16',
    '10.96.0.0/0',
    '10.96.0.0/32',
    '10.96.0.0/33',
    '10.96.0.0/016',
    '10.96.0.0/08',
    '010.96.0.0/16',
    '10.96.0/16',
    '256.0.0.0/8',
    '10.96.0.0',
    ' 10.96.0.0/16',
    '10.96.0.0/16 ',
    'fd00::/108',
    'FD00::/8',
    'fd00::/0',
    'fd00::/128',
    'fd00::/129',
    'fd00::/0108',
    'fd00::/08',
    'fd00:::/64',
    '1::2::3/64',
    '::ffff:10.0.0.1/96',
    'fe80::1%eth0/64',
    '[fd00::]/64',
    'fd00::',
    '1.2.3.4',
    '01.2.3.4',
    '1.2.3.256',
    'fe80::1%eth0',
    '::',
    '::1',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
    'api.example.com',
    '',
  ];
  test.each(ADDRESSES)('addresses: %j refused by a pattern is refused by the library', (text) => {
    // The IPv6 patterns are looser than an address parser; never stricter.
    if (!patternOf('#/definitions/cidr').test(text)) expect(parseCidr(text)).toBeUndefined();
    if (!patternOf('#/definitions/ipAddress').test(text)) expect(parseIp(text)).toBeUndefined();
    // IPv4 is exact.
    if (!text.includes(':')) {
      expect(patternOf('#/definitions/cidr').test(text)).toBe(parseCidr(text) !== undefined);
      expect(patternOf('#/definitions/ipAddress').test(text)).toBe(parseIp(text) !== undefined);
    }
  });

  test('every object says which keys it takes: no key of a typo passes an editor', () => {
    const open: string[] = [];
    const walk = (node: Json, pointer: string) => {
      if (typeof node !== 'object' || node === null) return;
      if (node.properties && node.additionalProperties !== false) open.push(pointer);
      const keysUnsaid = node.additionalProperties === undefined && !node.allOf;
      if (node.type === 'object' && !node.properties && keysUnsaid) {
        open.push(pointer);
      }
      for (const [key, value] of Object.entries(node)) {
        // Conditions and refinements restate keys of the object they sit in.
        if (!['if', 'then', 'else'].includes(key)) walk(value, `${pointer}/${key}`);
      }
    };
    walk(schema, '#');
    // specOverrides is raw spec, deep-merged: any key of Kamaji's spec.
    expect(open).toEqual(['#/definitions/controlPlane/properties/specOverrides']);
  });
});

/** One bad file per family of constraint: what the editor flags, what the loader prints. */
const BAD_FILES: Array<[string, string, string[]]> = [
  [
    'names',
    `namespace: Kamaji_Tenant
controlPlanes:
  - name: Tcp-Alpha
    pools:
      - name: default_pool
        infrastructure: { bring-your-own: {} }
      - name: ${'p'.repeat(54)}
        infrastructure: { bring-your-own: {} }
`,
    [
      'namespace',
      'controlPlanes[0].name',
      'controlPlanes[0].pools[0].name',
      'controlPlanes[0].pools[1].name',
    ],
  ],
  [
    'versions',
    `controlPlanes:
  - name: tcp-alpha
    kubernetesVersion: v1.37.0
existingControlPlanes:
  - name: tcp-beta
    kubernetesVersion: "1.34"
    pools:
      - name: default-pool
        kubernetesVersion: v1.29.1
        infrastructure: { bring-your-own: {} }
`,
    [
      'controlPlanes[0].kubernetesVersion',
      'existingControlPlanes[0].kubernetesVersion',
      'existingControlPlanes[0].pools[0].kubernetesVersion',
    ],
  ],
  [
    'CIDRs and addresses',
    `controlPlanes:
  - name: tcp-alpha
    networkProfile:
      advertiseAddress: api.example.com
      serviceCidrs: [10.96.0.0/33]
      dnsServiceIps: [10.96.0.300]
    pools:
      - name: default-pool
        addressing:
          staticRange: { cidr: 192.0.2.0, first: 192.0.2.10, gateway: 192.0.2.1 }
        infrastructure: { bring-your-own: {} }
`,
    [
      'controlPlanes[0].networkProfile.advertiseAddress',
      'controlPlanes[0].networkProfile.serviceCidrs[0]',
      'controlPlanes[0].networkProfile.dnsServiceIps[0]',
      'controlPlanes[0].pools[0].addressing.staticRange.cidr',
    ],
  ],
  [
    'counts and sizes',
    `controlPlanes:
  - name: tcp-alpha
    replicas: -1
    pools:
      - name: default-pool
        replicas: 1000
        infrastructure:
          proxmox: { nodes: [pve-1], templateVmId: 99, snippetsDatastore: local, memoryMiB: 256 }
`,
    [
      'controlPlanes[0].replicas',
      'controlPlanes[0].pools[0].replicas',
      'controlPlanes[0].pools[0].infrastructure.proxmox.templateVmId',
      'controlPlanes[0].pools[0].infrastructure.proxmox.memoryMiB',
    ],
  ],
  [
    'list sizes and duplicates',
    `controlPlanes:
  - name: tcp-alpha
    networkProfile:
      podCidrs: []
    pools:
      - name: default-pool
        infrastructure:
          vsphere: { datacenter: dc, computeCluster: c, datastore: ds, networks: [a, a], template: t }
existingControlPlanes:
  - name: tcp-beta
    kubernetesVersion: v1.34.1
    pools: []
`,
    [
      'controlPlanes[0].networkProfile.podCidrs',
      'controlPlanes[0].pools[0].infrastructure.vsphere.networks[1]',
      'existingControlPlanes[0].pools',
    ],
  ],
  [
    'enumerated values',
    `controlPlanes:
  - name: tcp-alpha
    serviceType: Ingress
    kubelet: { cgroupDriver: cgroup }
    pools:
      - name: default-pool
        taints: [{ key: dedicated, effect: NoShedule }]
        infrastructure: { bring-your-own: {} }
`,
    [
      'controlPlanes[0].serviceType',
      'controlPlanes[0].kubelet.cgroupDriver',
      'controlPlanes[0].pools[0].taints[0].effect',
    ],
  ],
];

describe('fleet.schema.json refuses a bad file of each family by itself', () => {
  test.each(BAD_FILES)('%s', (_, text, paths) => {
    // THEN the editor flags each bad value, and nothing else
    expect([...new Set(editorErrors(parse(text)).map((e) => e.path))].sort()).toEqual(
      [...paths].sort(),
    );
    // AND the loader refuses the file at each of them
    expect(problemsOf(loader, text).map((l) => l.path)).toEqual(expect.arrayContaining(paths));
  });

  test('the loader prints them with the lines and words of the library', () => {
    const text = BAD_FILES.find(([family]) => family === 'counts and sizes')![1];
    let message = '';
    try {
      loader(text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'fleet.yaml:3:15: controlPlanes[0].replicas: received -1; must be a whole number, 0 or more',
      'fleet.yaml:6:19: controlPlanes[0].pools[0].replicas: received 1000; must be a whole number from 0 to 999',
      'fleet.yaml:8:52: controlPlanes[0].pools[0].infrastructure.proxmox.templateVmId: received 99; must be a whole number from 100 to 999999999',
      'fleet.yaml:8:93: controlPlanes[0].pools[0].infrastructure.proxmox.memoryMiB: received 256; must be a whole number from 512 to 4194304',
    ]);
  });
});
