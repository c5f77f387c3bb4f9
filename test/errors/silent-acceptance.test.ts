/**
 * Issue #12 items 11 to 14: input that used to be accepted silently, or crashed with a
 * raw TypeError, is refused at synth with a line naming construct, field, value and
 * what is allowed.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VcdProvider } from '../../src/.gen/providers/vcd/provider';
import {
  buildFleet,
  CloudDirectorInfrastructure,
  DataStore,
  describeValue,
  FleetFileError,
  INodeInfrastructure,
  JoinToken,
  KubernetesVersion,
  MaasInfrastructure,
  NodeAddressing,
  NodePool,
  NodeBootstrapConfig,
  NodePoolOptions,
  OsFamily,
  ProxmoxInfrastructure,
  renderUserData,
  TaintEffect,
  TenantControlPlane,
  VSphereInfrastructure,
  YakiSource,
} from '../../src';
import { parse } from 'yaml';
import { JOIN_SCRIPT_PATH } from '../../src/bootstrap/join-script';
import { createClusterPki } from '../../packages/check/src/stub/pki';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { refusalMessage } from '../support/refusal';
import { newStack, synthesize } from '../support/synth';

const VSPHERE = {
  datacenter: 'dc-1',
  computeCluster: 'cluster-1',
  datastore: 'vsan',
  networks: ['tenant-nodes'],
  template: 'ubuntu-24.04',
};
const PROXMOX = { nodes: ['pve-1'], templateVmId: 9000, snippetsDatastore: 'local' };
const VCD = { catalog: 'templates', template: 'ubuntu-24.04', orgNetwork: 'tenant-nodes' };

function controlPlaneIn(stack: TerraformStack, name = 'tcp-charlie'): TenantControlPlane {
  return new TenantControlPlane(stack, name, {
    name,
    kubernetesVersion: KubernetesVersion.of('v1.34.1'),
  });
}

/** The lines synth reports for a pool with these options. */
function poolProblems(options: Partial<NodePoolOptions> & { [key: string]: unknown }): string[] {
  const stack = newStack();
  const tcp = controlPlaneIn(stack);
  new NodePool(stack, 'pool', {
    controlPlane: tcp,
    name: 'default-pool',
    infrastructure: new FakeInfrastructure(),
    ...options,
  } as any);
  return refusalMessage(() => synthesize(stack)).split('\n');
}

function infrastructureProblems(infrastructure: INodeInfrastructure, replicas = 2): string[] {
  return poolProblems({ infrastructure, replicas });
}

describe('item 11: two pools of one name on one control plane', () => {
  test('are refused in one stack', () => {
    const stack = newStack();
    const tcp = controlPlaneIn(stack);
    tcp.addNodePool('a', { name: 'default-pool', infrastructure: new FakeInfrastructure() });
    tcp.addNodePool('b', { name: 'default-pool', infrastructure: new FakeInfrastructure() });
    expect(refusalMessage(() => synthesize(stack))).toBe(
      'test/tcp-charlie/b: name: received "default-pool"; is also the name of node pool test/tcp-charlie/a of the same control plane, whose machines, outputs and user-data would collide; give each pool of a control plane its own name',
    );
  });

  test('are refused across the stacks of an app, also when the control plane is imported there', () => {
    const app = Testing.app();
    const planes = new TerraformStack(app, 'control-planes');
    new KubernetesProvider(planes, 'kubernetes', { configPath: '~/.kube/config' });
    const tcp = controlPlaneIn(planes);
    const nodesA = new TerraformStack(app, 'nodes-a');
    new NodePool(nodesA, 'system', {
      controlPlane: tcp,
      name: 'system-pool',
      infrastructure: new FakeInfrastructure(),
    });
    const nodesB = new TerraformStack(app, 'nodes-b');
    const imported = TenantControlPlane.fromTenantControlPlaneAttributes(nodesB, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.34.1'),
    });
    new NodePool(nodesB, 'system', {
      controlPlane: imported,
      name: 'system-pool',
      infrastructure: new FakeInfrastructure(),
    });
    expect(refusalMessage(() => app.synth())).toContain(
      'nodes-b/system: name: received "system-pool"; is also the name of node pool nodes-a/system of the same control plane',
    );
  });

  test('pools of one name on two control planes are fine', () => {
    const stack = newStack();
    for (const name of ['tcp-alpha', 'tcp-beta']) {
      controlPlaneIn(stack, name).addNodePool('pool', {
        name: 'default-pool',
        infrastructure: new FakeInfrastructure(),
      });
    }
    expect(() => synthesize(stack)).not.toThrow();
  });
});

describe('item 12: counts known only at apply time', () => {
  test('replicas given as a Terraform token are refused, not a pool of 0 nodes', () => {
    const stack = newStack();
    const replicas = new TerraformVariable(stack, 'replicas', { type: 'number' });
    new NodePool(stack, 'pool', {
      controlPlane: controlPlaneIn(stack),
      name: 'default-pool',
      replicas: replicas.numberValue,
      infrastructure: new FakeInfrastructure(),
    });
    expect(refusalMessage(() => synthesize(stack))).toBe(
      'test/pool: replicas: received a Terraform value known only at apply time; must be known at synth: it decides how many machines the configuration holds; give a plain number or list, not a Terraform variable or reference',
    );
  });

  test('lists whose length makes NICs, nodes or placements are refused as tokens', () => {
    const stack = newStack();
    const list = new TerraformVariable(stack, 'list', { type: 'list(string)' }).listValue;
    const tcp = controlPlaneIn(stack);
    const infrastructures: Array<[string, INodeInfrastructure]> = [
      ['vsphere', new VSphereInfrastructure({ ...VSPHERE, networks: list })],
      ['proxmox', new ProxmoxInfrastructure({ ...PROXMOX, nodes: list })],
      ['maas', MaasInfrastructure.bareMetal({ hostnames: list })],
      ['maas-vm', MaasInfrastructure.vmHosts({ vmHosts: list })],
    ];
    for (const [id, infrastructure] of infrastructures) {
      new NodePool(stack, id, { controlPlane: tcp, name: id, infrastructure });
    }
    const message = refusalMessage(() => synthesize(stack));
    for (const line of [
      'test/vsphere: infrastructure.networks: received a Terraform value known only at apply time; must be known at synth: it decides how many network interfaces',
      'test/proxmox: infrastructure.nodes: received a Terraform value known only at apply time',
      'test/maas: infrastructure.hostnames: received a Terraform value known only at apply time',
      'test/maas-vm: infrastructure.vmHosts: received a Terraform value known only at apply time',
    ]) {
      expect(message).toContain(line);
    }
  });

  test('join token lifetimes given as tokens are refused', () => {
    const stack = newStack();
    const hours = new TerraformVariable(stack, 'hours', { type: 'number' }).numberValue;
    new JoinToken(stack, 'token', { controlPlane: controlPlaneIn(stack), ttlHours: hours });
    expect(refusalMessage(() => synthesize(stack))).toBe(
      'test/token: ttlHours: received a Terraform value known only at apply time; must be known at synth (the token lifetime is computed in minutes at synth); give a plain value, not a Terraform variable or reference',
    );
  });

  test('a Cloud Director disk size given as a token is multiplied by Terraform', () => {
    const stack = newStack();
    new VcdProvider(stack, 'vcd', { url: 'https://vcd.example.com/api', org: 'org' });
    const size = new TerraformVariable(stack, 'disk', { type: 'number' }).numberValue;
    new NodePool(stack, 'pool', {
      controlPlane: controlPlaneIn(stack),
      name: 'default-pool',
      infrastructure: new CloudDirectorInfrastructure({ ...VCD, diskGiB: size }),
    });
    const vm = Object.values(synthesize(stack).json.resource!.vcd_vapp_vm)[0] as any;
    expect(vm.override_template_disk[0].size_in_mb).toBe('${(var.disk * 1024)}');
  });
});

describe('item 13: values outside their enum, empty names, addresses, lifetimes', () => {
  test('enum props outside their enum, from JavaScript or YAML', () => {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-alpha',
      serviceType: 'LoadBalancr',
      kubelet: { cgroupDriver: 'systemD', preferredAddressTypes: ['InternalIp'] },
      addons: { konnectivity: { agentMode: 'Daemonset' } },
      deployment: { tolerations: [{ key: 'a', operator: 'equal', effect: 'NoSchedul' }] },
    } as any);
    const message = refusalMessage(() => synthesize(stack));
    expect(message).toContain(
      'test/tcp: serviceType: received "LoadBalancr"; must be one of ServiceType.CLUSTER_IP ("ClusterIP"), ServiceType.NODE_PORT ("NodePort") or ServiceType.LOAD_BALANCER ("LoadBalancer")',
    );
    for (const field of [
      'kubelet.cgroupDriver: received "systemD"; must be one of CgroupDriver.',
      'kubelet.preferredAddressTypes[0]: received "InternalIp"; must be one of NodeAddressType.',
      'addons.konnectivity.agentMode: received "Daemonset"; must be one of KonnectivityAgentMode.',
      'deployment.tolerations[0].operator: received "equal"; must be one of TolerationOperator.',
      'deployment.tolerations[0].effect: received "NoSchedul"; must be one of TaintEffect.',
    ]) {
      expect(message).toContain(`test/tcp: ${field}`);
    }
  });

  test('a taint effect, an OS family and a DataStore driver outside their enum', () => {
    expect(
      poolProblems({
        taints: [{ key: 'dedicated', effect: 'NoSchedul' }],
        bootstrap: { osFamily: 'debian' },
      } as any),
    ).toEqual([
      'test/pool: taints[0].effect: received "NoSchedul"; must be one of TaintEffect.NO_SCHEDULE ("NoSchedule"), TaintEffect.PREFER_NO_SCHEDULE ("PreferNoSchedule") or TaintEffect.NO_EXECUTE ("NoExecute")',
      'test/pool: bootstrap.osFamily: received "debian"; must be made with OsFamily.DEBIAN or OsFamily.custom(name, packages)',
    ]);
    const stack = newStack();
    new DataStore(stack, 'ds', {
      name: 'etcd',
      driver: 'etcd3',
      endpoints: ['etcd:2379'],
      basicAuth: {
        username: { name: 's', namespace: 'n', key: 'u' },
        password: { name: 's', namespace: 'n', key: 'p' },
      },
    } as any);
    expect(refusalMessage(() => synthesize(stack))).toContain(
      'test/ds: driver: received "etcd3"; must be one of DataStoreDriver.ETCD ("etcd"), DataStoreDriver.MYSQL ("MySQL"), DataStoreDriver.POSTGRESQL ("PostgreSQL") or DataStoreDriver.NATS ("NATS")',
    );
  });

  test('a Cloud Director IP allocation mode outside its enum', () => {
    expect(
      infrastructureProblems(
        new CloudDirectorInfrastructure({ ...VCD, ipAllocationMode: 'STATIC' } as any),
      ),
    ).toEqual([
      'test/pool: infrastructure.ipAllocationMode: received "STATIC"; must be one of IpAllocationMode.DHCP ("DHCP"), IpAllocationMode.POOL ("POOL") or IpAllocationMode.MANUAL ("MANUAL")',
    ]);
  });

  test('MAAS host names given twice', () => {
    expect(
      infrastructureProblems(MaasInfrastructure.bareMetal({ hostnames: ['m-1', 'm-1', 'm-2'] })),
    ).toEqual(['test/pool: infrastructure.hostnames[1]: received "m-1"; must appear only once']);
  });

  test('empty names of every infrastructure', () => {
    expect(infrastructureProblems(new VSphereInfrastructure({ ...VSPHERE, template: '' }))).toEqual(
      ['test/pool: infrastructure.template: received ""; must not be empty'],
    );
    expect(
      infrastructureProblems(new VSphereInfrastructure({ ...VSPHERE, networks: [' '] })),
    ).toEqual(['test/pool: infrastructure.networks[0]: received " "; must not be empty']);
    expect(
      infrastructureProblems(new CloudDirectorInfrastructure({ ...VCD, catalog: '' })),
    ).toEqual(['test/pool: infrastructure.catalog: received ""; must not be empty']);
    expect(
      infrastructureProblems(new ProxmoxInfrastructure({ ...PROXMOX, snippetsDatastore: '' })),
    ).toEqual(['test/pool: infrastructure.snippetsDatastore: received ""; must not be empty']);
    expect(infrastructureProblems(MaasInfrastructure.vmHosts({ vmHosts: [''] }))).toEqual([
      'test/pool: infrastructure.vmHosts[0]: received ""; must not be empty',
    ]);
  });

  test('a static range CIDR with host bits', () => {
    expect(
      poolProblems({
        addressing: NodeAddressing.staticRange({
          cidr: '192.0.2.10/24',
          first: '192.0.2.21',
          gateway: '192.0.2.1',
        }),
      }),
    ).toEqual([
      'test/pool: addressing.cidr: received "192.0.2.10/24"; must be given by its network address: did you mean "192.0.2.0/24"?',
    ]);
  });

  test.each([
    ['192.0.2.0/24', '192.0.2.0', 'network address'],
    ['192.0.2.0/24', '192.0.2.255', 'broadcast address'],
    ['2001:db8::/64', '2001:db8::', 'subnet-router anycast address'],
  ])('a gateway that is the %s %s', (cidr, gateway, what) => {
    const first = cidr.includes(':') ? '2001:db8::21' : '192.0.2.21';
    expect(
      poolProblems({ addressing: NodeAddressing.staticRange({ cidr, first, gateway }) }),
    ).toEqual([
      `test/pool: addressing.gateway: received "${gateway}"; is the ${what} of ${cidr}, not a host; give the router's address`,
    ]);
  });

  test('join token lifetimes that round to 0 minutes or exceed a year', () => {
    const stack = newStack();
    const tcp = controlPlaneIn(stack);
    new JoinToken(stack, 't1', { controlPlane: tcp, ttlHours: 0.005 });
    new JoinToken(stack, 't2', { controlPlane: tcp, ttlHours: 9000, rotationHours: 24 });
    new JoinToken(stack, 't3', { controlPlane: tcp, ttlHours: 1, rotationHours: 0.001 });
    expect(refusalMessage(() => synthesize(stack)).split('\n')).toEqual([
      'test/t1: ttlHours: received 0.005; rounds to 0 minutes; give at least 1/60 hour (one minute)',
      'test/t2: ttlHours: received 9000; must be at most 8760 hours (one year): a join token that lives longer is a standing credential',
      'test/t3: rotationHours: received 0.001; rounds to 0 minutes; give at least 1/60 hour (one minute)',
    ]);
  });
});

describe('item 14: undefined required props from JavaScript', () => {
  const js = (value: unknown) => value as any;

  test('constructors given no props object at all', () => {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', js(undefined));
    new DataStore(stack, 'ds', js(undefined));
    new NodePool(stack, 'pool', js(undefined));
    new JoinToken(stack, 'token', js(undefined));
    const lines = refusalMessage(() => synthesize(stack)).split('\n');
    expect(lines).toContain('test/tcp: props: received nothing; needs its props object: { ... }');
    expect(lines).toContain('test/tcp: name: received nothing; is required');
    expect(lines).toContain('test/ds: endpoints: received nothing; is required');
    expect(lines).toContain(
      'test/pool: controlPlane: received nothing; must be a TenantControlPlane, or one from TenantControlPlane.fromTenantControlPlaneAttributes()',
    );
    expect(lines).toContain('test/token: props: received nothing; needs its props object: { ... }');
    expect(lines.join('\n')).not.toMatch(/TypeError|Cannot read/);
  });

  test('missing required props of pools and infrastructures', () => {
    expect(poolProblems({ infrastructure: js(undefined) })).toEqual([
      'test/pool: infrastructure: received nothing; must be an infrastructure such as new VSphereInfrastructure({...}), MaasInfrastructure.bareMetal() or new BringYourOwnMachines()',
    ]);
    expect(
      infrastructureProblems(new VSphereInfrastructure({ ...VSPHERE, networks: js(undefined) })),
    ).toEqual(['test/pool: infrastructure.networks: received nothing; is required']);
    expect(
      infrastructureProblems(new ProxmoxInfrastructure({ ...PROXMOX, nodes: js(undefined) })),
    ).toEqual(['test/pool: infrastructure.nodes: received nothing; is required']);
    expect(infrastructureProblems(MaasInfrastructure.vmHosts(js({})))).toEqual([
      'test/pool: infrastructure.vmHosts: received nothing; is required',
    ]);
    expect(infrastructureProblems(new VSphereInfrastructure(js(undefined)))).toEqual([
      'test/pool: infrastructure: received nothing; needs its props object: { ... }',
    ]);
  });

  test('a DataStore without endpoints, and a control plane without a name', () => {
    const stack = newStack();
    new DataStore(stack, 'ds', js({ name: 'etcd', driver: 'MySQL', basicAuth: {} }));
    new TenantControlPlane(stack, 'tcp', js({}));
    expect(refusalMessage(() => synthesize(stack)).split('\n')).toEqual([
      'test/ds: endpoints: received nothing; is required',
      'test/ds: basicAuth.username: received nothing; is required',
      'test/ds: basicAuth.password: received nothing; is required',
      'test/tcp: name: received nothing; is required',
    ]);
  });

  test('a value of the wrong shape is reported, not thrown as a TypeError', () => {
    expect(poolProblems({ addressing: js({ cidr: '192.0.2.0/24' }) })).toEqual([
      'test/pool: addressing: received {"cidr":"192.0.2.0/24"}; must be made with NodeAddressing.dhcp() or NodeAddressing.staticRange({...})',
    ]);
    // A shape no check foresaw still names the construct, never a raw TypeError.
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', js({ name: 'tcp-a', networkProfile: { podCidrs: 'x' } }));
    expect(refusalMessage(() => synthesize(stack))).toMatch(
      /^test\/tcp: props: received \{.*\}; hold a value of the wrong type that the checks could not read \(.*\); compare them with the documented prop types$/,
    );
  });

  test('values are described whatever they are', () => {
    const circular: { [key: string]: unknown } = { a: 1 };
    circular.self = circular;
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue(Infinity)).toBe('Infinity');
    expect(describeValue([-Infinity, 1])).toBe('[-Infinity,1]');
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue({ n: 2n ** 70n })).toBe('{"n":1180591620717411303424n}');
    expect(describeValue(circular)).toBe('{"a":1,"self":[Circular]}');
    expect(describeValue({ a: 'x', b: undefined, c: [undefined] })).toBe('{"a":"x","c":[null]}');
    expect(
      poolProblems({ replicas: NaN, labels: { a: 'b' } }).filter((l) => l.includes('replicas')),
    ).toEqual(['test/pool: replicas: received NaN; must be a whole number from 0 to 999']);
  });
});

const SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample ops@example.com';
const NODE: NodeBootstrapConfig = {
  nodeName: 'tcp-charlie-default-pool-node-00',
  kubernetesVersion: 'v1.34.1',
  endpoint: '203.0.113.10:6443',
  caCertificate: createClusterPki().caCertificatePem,
  token: 'abcdef.0123456789abcdef',
};

/** The join script in rendered user-data, as the node writes it. */
function scriptOf(userData: string): string {
  const file = parse(userData).write_files.find((f: any) => f.path === JOIN_SCRIPT_PATH);
  return Buffer.from(file.content, 'base64').toString('utf8');
}

/** The lines synth reports for a control plane with these props. */
function controlPlaneProblems(props: { [key: string]: unknown }): string[] {
  const stack = newStack();
  new TenantControlPlane(stack, 'tcp-charlie', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of('v1.34.1'),
    ...props,
  } as any);
  return refusalMessage(() => synthesize(stack)).split('\n');
}

/** Synthesizes without problems (throws the report otherwise). */
function accepted(build: (stack: TerraformStack) => void): void {
  const stack = newStack();
  build(stack);
  synthesize(stack);
}

describe('issue #22 item 4: silent acceptances refused at synth', () => {
  test('control plane replicas far beyond any highly available layout', () => {
    expect(controlPlaneProblems({ replicas: 100000 })).toEqual([
      'test/tcp-charlie: replicas: received 100000; must be a whole number of control plane pods from 0 to 100: each is a whole kube-apiserver with its own connections to the DataStore, and 2 or 3 make a control plane highly available',
    ]);
    accepted((stack) => new TenantControlPlane(stack, 'tcp', { name: 'tcp', replicas: 100 }));
  });

  test('a service CIDR with no room for the DNS Service address Kamaji derives', () => {
    expect(
      controlPlaneProblems({
        networkProfile: { serviceCidrs: ['fd00::/128'], podCidrs: ['fd01::/48'] },
      }),
    ).toEqual([
      'test/tcp-charlie: networkProfile.serviceCidrs[0]: received "fd00::/128"; has no room for the cluster DNS Service address Kamaji derives from it (fd00::10: the network address plus 10, read as hexadecimal for IPv6); use a larger block such as "10.96.0.0/16" or "fd00::/108", or give networkProfile.dnsServiceIps',
    ]);
    expect(controlPlaneProblems({ networkProfile: { serviceCidrs: ['10.96.0.0/29'] } })).toEqual([
      expect.stringContaining(
        'networkProfile.serviceCidrs[0]: received "10.96.0.0/29"; has no room',
      ),
    ]);
    // The smallest blocks that hold it, and any block with the DNS address given.
    for (const networkProfile of [
      { serviceCidrs: ['10.96.0.0/28'] },
      { serviceCidrs: ['fd00::/123'], podCidrs: ['fd01::/48'] },
      { serviceCidrs: ['fd00::/128'], podCidrs: ['fd01::/48'], dnsServiceIps: ['fd00::'] },
    ]) {
      accepted((stack) => new TenantControlPlane(stack, 'tcp', { name: 'tcp', networkProfile }));
    }
  });

  test('a __proto__ key in specOverrides, which the merge would drop', () => {
    const specOverrides = JSON.parse('{"dataStoreOptions":{"__proto__":{"x":1}},"__proto__":[]}');
    expect(controlPlaneProblems({ specOverrides })).toEqual([
      'test/tcp-charlie: specOverrides.dataStoreOptions.__proto__: received {"x":1}; is a key a JavaScript object cannot hold as data (it would set the prototype and be dropped) and no Kubernetes field; remove it',
      'test/tcp-charlie: specOverrides.__proto__: received []; is a key a JavaScript object cannot hold as data (it would set the prototype and be dropped) and no Kubernetes field; remove it',
    ]);
  });

  test('labels of the control plane objects that are not Kubernetes labels', () => {
    expect(
      controlPlaneProblems({
        labels: { team: 'a b' },
        serviceLabels: { 'bad key!': 'x' },
        deployment: { podLabels: { tier: '-x' } },
        ingress: { hostname: 'api.example.com', labels: { tier: 'x'.repeat(64) } },
      }),
    ).toEqual([
      'test/tcp-charlie: labels["team"]: received "a b"; must be a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      'test/tcp-charlie: deployment.podLabels["tier"]: received "-x"; must be a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      'test/tcp-charlie: serviceLabels["bad key!"]: received "bad key!"; must be a Kubernetes label key: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      `test/tcp-charlie: ingress.labels["tier"]: received "${'x'.repeat(64)}"; must be a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`,
    ]);
    // Unlike node labels, kubernetes.io keys are no kubelet's business here.
    accepted(
      (stack) =>
        new TenantControlPlane(stack, 'tcp', {
          name: 'tcp',
          labels: { 'app.kubernetes.io/name': 'tcp', empty: '' },
        }),
    );
  });

  test('OS family packages that are package manager options', () => {
    expect(
      poolProblems({
        bootstrap: {
          osFamily: OsFamily.custom('rhel', ['openssl', '--allow-unauthenticated', '-y']),
        },
      }),
    ).toEqual([
      'test/pool: bootstrap.osFamily.prerequisitePackages[1]: received "--allow-unauthenticated"; must be a package name: lower-case letters, digits and "+-.:=~_"',
      'test/pool: bootstrap.osFamily.prerequisitePackages[2]: received "-y"; must be a package name: lower-case letters, digits and "+-.:=~_"',
    ]);
  });

  test.each(['root', 'nobody', 'daemon'])('an admin user named %s', (name) => {
    expect(
      poolProblems({ bootstrap: { adminUser: { name, sshAuthorizedKeys: [SSH_KEY] } } }),
    ).toEqual([
      `test/pool: bootstrap.adminUser.name: received "${name}"; must not be root or another system account of the image (root, daemon, bin, sys, nobody, ...): cloud-init would give that account the admin's SSH keys and sudo; choose a name of your own such as "ops"`,
    ]);
  });

  test('renderUserData given a taint effect outside TaintEffect', () => {
    expect(
      refusalMessage(() =>
        renderUserData({
          ...NODE,
          taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoWay' as TaintEffect }],
        }),
      ),
    ).toBe(
      'renderUserData: taints[0].effect: received "NoWay"; must be one of TaintEffect.NO_SCHEDULE ("NoSchedule"), TaintEffect.PREFER_NO_SCHEDULE ("PreferNoSchedule") or TaintEffect.NO_EXECUTE ("NoExecute")',
    );
  });
});

describe('issue #22 item 4: wrong refusals', () => {
  test('a yaki sha256 in upper-case hex is accepted, and written in lower case', () => {
    const sha256 = 'AB'.repeat(32);
    const userData = renderUserData({
      ...NODE,
      yaki: YakiSource.fromUrl('https://mirror.example.com/yaki', sha256),
    });
    expect(userData).toBeDefined();
    const script = scriptOf(userData);
    expect(script).toContain(sha256.toLowerCase());
    expect(script).not.toContain(sha256);
  });

  test('a CA certificate with explanatory text before, between and after its PEM blocks', () => {
    const other = createClusterPki().caCertificatePem;
    for (const caCertificate of [
      `Tenant CA of tcp-charlie\nIssuer: kubernetes\n${NODE.caCertificate}`,
      `subject=CN = kubernetes\n${NODE.caCertificate}previous CA:\n${other}trailing words\n`,
    ]) {
      expect(() => renderUserData({ ...NODE, caCertificate })).not.toThrow();
    }
    // Still refused: no certificate at all, another kind of block beside it.
    for (const caCertificate of [
      'Tenant CA of tcp-charlie\n',
      `${NODE.caCertificate}-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n`,
    ]) {
      expect(refusalMessage(() => renderUserData({ ...NODE, caCertificate }))).toContain(
        'caCertificate: received',
      );
    }
  });
});

describe('issue #22 item 4: a fleet file gets the same refusals', () => {
  /** The lines building `text` reports, [] when it builds. */
  const fleetProblems = (text: string): string[] => {
    try {
      buildFleet(Testing.app(), text, 'fleet.yaml');
      return [];
    } catch (e) {
      if (!(e instanceof FleetFileError)) throw e;
      return e.message.split('\n');
    }
  };

  test('replicas and labels, refused by the schema in the words of the library', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    replicas: 100000
    labels: { tier: "a b" }
`;
    expect(fleetProblems(text)).toEqual([
      expect.stringMatching(
        /^fleet\.yaml:3:15: controlPlanes\[0\]\.replicas: received 100000; must be/,
      ),
      expect.stringMatching(
        /^fleet\.yaml:4:21: controlPlanes\[0\]\.labels\.tier: received "a b"; must be a Kubernetes label value/,
      ),
    ]);
  });

  test('the DNS room, __proto__ and an admin named root, refused by the library', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    networkProfile:
      serviceCidrs: ["fd00::/128"]
      podCidrs: ["fd01::/48"]
    specOverrides:
      dataStoreOptions:
        __proto__: { x: 1 }
  - name: tcp-beta
    pools:
      - name: default-pool
        infrastructure: { bring-your-own: {} }
        bootstrap:
          adminUser: { name: root, sshAuthorizedKeys: ["${SSH_KEY}"] }
`;
    expect(fleetProblems(text)).toEqual([
      expect.stringMatching(
        /^fleet\.yaml:4:22: controlPlanes\[0\]\.networkProfile\.serviceCidrs\[0\]: received "fd00::\/128"; has no room/,
      ),
      expect.stringMatching(
        /^fleet\.yaml:8:20: controlPlanes\[0\]\.specOverrides\.dataStoreOptions\.__proto__: received \{"x":1\}; is a key/,
      ),
      expect.stringMatching(
        /controlPlanes\[1\]\.pools\[0\]\.bootstrap\.adminUser\.name: received "root"; must not be root/,
      ),
    ]);
  });

  test('a yaki sha256 in upper-case hex builds', () => {
    const text = `controlPlanes:
  - name: tcp-alpha
    pools:
      - name: default-pool
        infrastructure: { bring-your-own: {} }
        bootstrap:
          yaki:
            url: https://mirror.example.com/yaki
            sha256: ${'AB'.repeat(32)}
`;
    expect(fleetProblems(text)).toEqual([]);
  });
});
