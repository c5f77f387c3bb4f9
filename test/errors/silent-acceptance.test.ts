/**
 * Issue #12 items 11 to 14: input that used to be accepted silently, or crashed with a
 * raw TypeError, is refused at synth with a line naming construct, field, value and
 * what is allowed.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VcdProvider } from '../../src/.gen/providers/vcd/provider';
import {
  CloudDirectorInfrastructure,
  DataStore,
  describeValue,
  INodeInfrastructure,
  JoinToken,
  KubernetesVersion,
  MaasInfrastructure,
  NodeAddressing,
  NodePool,
  NodePoolOptions,
  ProxmoxInfrastructure,
  TenantControlPlane,
  VSphereInfrastructure,
} from '../../src';
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
