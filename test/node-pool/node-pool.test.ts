import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import {
  BringYourOwnMachines,
  JoinToken,
  KubernetesVersion,
  NodePool,
  NodePoolOptions,
  TaintEffect,
  TenantControlPlane,
} from '../../src';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { controlPlaneIn, poolProblems } from '../support/pool-problems';
import { newStack, synthesize } from '../support/synth';
import { refusalMessage } from '../support/refusal';

function poolStack(options: Partial<NodePoolOptions> = {}, version = 'v1.33.4') {
  const stack = newStack();
  const tcp = new TenantControlPlane(stack, 'tcp', {
    name: 'tcp-charlie',
    kubernetesVersion: KubernetesVersion.of(version),
  });
  const infrastructure = new FakeInfrastructure();
  const pool = new NodePool(stack, 'default-pool', {
    controlPlane: tcp,
    name: 'default-pool',
    infrastructure,
    replicas: 3,
    ...options,
  });
  return { stack, tcp, pool, infrastructure };
}

function machineAddresses(stack: TerraformStack): string[] {
  return Object.keys(synthesize(stack).json.resource!.random_string)
    .filter((k) => k.includes('Machine'))
    .sort();
}

function failure(options: Partial<NodePoolOptions>, version?: string): string {
  return refusalMessage(() => {
    return poolStack(options, version);
  });
}

describe('NodePool', () => {
  test('names nodes <tcp>-<pool>-node-NN and creates one machine per node', () => {
    const { pool, infrastructure } = poolStack();
    expect(pool.nodeNames).toEqual([
      'tcp-charlie-default-pool-node-00',
      'tcp-charlie-default-pool-node-01',
      'tcp-charlie-default-pool-node-02',
    ]);
    expect(pool.nodes.map((n) => n.node.id)).toEqual(['node-00', 'node-01', 'node-02']);
    expect(infrastructure.specs.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  test('uses three digits above 99', () => {
    const { pool } = poolStack({ replicas: 101, name: 'p' });
    expect(pool.nodeNames.slice(99)).toEqual(['tcp-charlie-p-node-99', 'tcp-charlie-p-node-100']);
  });

  test('scaling from 3 to 2 keeps the Terraform addresses of node-00 and node-01', () => {
    const three = machineAddresses(poolStack({ replicas: 3 }).stack);
    const two = machineAddresses(poolStack({ replicas: 2 }).stack);
    expect(three).toHaveLength(3);
    expect(two).toEqual(three.filter((address) => !address.includes('node-02')));
  });

  test('binds its infrastructure once, whatever the node count', () => {
    expect(poolStack({ replicas: 1 }).infrastructure.binds).toBe(1);
    expect(poolStack({ replicas: 50 }).infrastructure.binds).toBe(1);
  });

  test('spreads nodes round-robin over the failure domains', () => {
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
    const pool = tcp.addNodePool('pool', {
      name: 'default-pool',
      replicas: 5,
      infrastructure: new FakeInfrastructure(['pve-1', 'pve-2']),
    });
    expect(pool.nodes.map((n) => n.failureDomain)).toEqual([
      'pve-1',
      'pve-2',
      'pve-1',
      'pve-2',
      'pve-1',
    ]);
  });

  test('machines ignore later changes of their user-data', () => {
    const { stack } = poolStack();
    const machines = Object.entries(synthesize(stack).json.resource!.random_string).filter(([k]) =>
      k.includes('Machine'),
    );
    for (const [, machine] of machines)
      expect(machine.lifecycle).toEqual({ ignore_changes: ['keepers'] });
  });

  test("renders each node's user-data with its name, the pool version, labels and taints", () => {
    // GIVEN
    const { stack } = poolStack({
      labels: { 'node.kubernetes.io/pool': 'default-pool' },
      taints: [{ key: 'dedicated', value: 'system', effect: TaintEffect.NO_SCHEDULE }],
      kubernetesVersion: KubernetesVersion.of('v1.32.9'),
    });
    // WHEN
    const machines = synthesize(stack).json.resource!.random_string;
    const [node01] = Object.entries(machines).filter(([k]) => k.includes('node-01'));
    const userData = parse((node01[1] as any).keepers.user_data);
    // THEN: literal parts are plain YAML, apply-time parts are Terraform expressions
    expect(userData.hostname).toBe('tcp-charlie-default-pool-node-01');
    const file = (path: string) => userData.write_files.find((f: any) => f.path === path).content;
    const script = Buffer.from(file('/usr/local/sbin/kamaji-join'), 'base64').toString();
    expect(script).toContain("export KUBERNETES_VERSION='v1.32.9'");
    const joinConfig: string = file('/etc/kubernetes/kubeadm-join.yaml');
    expect(joinConfig).toMatch(/^\$\{base64encode\(join\(""/);
    expect(joinConfig).toContain('node.kubernetes.io/pool=default-pool');
    expect(joinConfig).toContain('\\"effect\\": \\"NoSchedule\\"');
    expect(joinConfig).toContain('\\"name\\": \\"tcp-charlie-default-pool-node-01\\"');
  });

  test('defaults to the control plane version and its shared join token', () => {
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.34.1'),
    });
    const a = new NodePool(stack, 'a', {
      controlPlane: tcp,
      name: 'system-pool',
      infrastructure: new FakeInfrastructure(),
    });
    const b = new NodePool(stack, 'b', {
      controlPlane: tcp,
      name: 'application-pool',
      infrastructure: new FakeInfrastructure(),
    });
    expect(a.kubernetesVersion.version).toBe('v1.34.1');
    expect(a.replicas).toBe(1);
    expect(a.joinToken).toBe(b.joinToken);
    expect(a.joinToken).toBe(JoinToken.forControlPlane(stack, tcp));
    expect(Object.keys(synthesize(stack).json.resource!.kubernetes_secret_v1)).toHaveLength(1);
  });

  test('bring-your-own machines: each node user-data is a sensitive output', () => {
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
    tcp.addNodePool('pool', {
      name: 'default-pool',
      replicas: 2,
      infrastructure: new BringYourOwnMachines(),
    });
    const outputs = synthesize(stack).json.output!;
    delete outputs.cdktf_kamaji_ledger; // the stack's ledger, not sensitive (issue #20)
    expect(Object.keys(outputs).sort()).toEqual([
      'tcp-charlie-default-pool-node-00-user-data',
      'tcp-charlie-default-pool-node-01-user-data',
    ]);
    for (const output of Object.values(outputs)) {
      expect(output.sensitive).toBe(true);
      expect(String(output.value)).toMatch(/^#cloud-config\n/);
    }
  });

  test('a pool of an imported control plane with its own version', () => {
    const stack = newStack();
    const tcp = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'tcp', {
      name: 'tcp-beta',
    });
    const pool = tcp.addNodePool('pool', {
      name: 'default-pool',
      kubernetesVersion: KubernetesVersion.of('v1.33.4'),
      infrastructure: new BringYourOwnMachines(),
    });
    expect(pool.nodeNames).toEqual(['tcp-beta-default-pool-node-00']);
    expect(synthesize(stack).json.resource!.kubernetes_manifest).toBeUndefined();
  });

  test('zero replicas keeps an empty pool', () => {
    const { pool, infrastructure } = poolStack({ replicas: 0 });
    expect(pool.nodes).toEqual([]);
    expect(infrastructure.binds).toBe(1);
  });
});

describe('NodePool validation', () => {
  test('fails when the name is not an RFC 1123 label', () => {
    expect(failure({ name: 'Default_Pool' })).toBe(
      'test/default-pool: name: received "Default_Pool"; must be an RFC 1123 label: at most 63 characters, lower-case letters, digits and "-", starting and ending with a letter or digit',
    );
  });

  test('fails when node names would exceed 63 characters', () => {
    const name = 'p'.repeat(44);
    expect(failure({ name })).toBe(
      `test/default-pool: name: received "${name}"; makes node names such as "tcp-charlie-${name}-node-02" longer than 63 characters; shorten the pool or control plane name`,
    );
  });

  test('fails when replicas is negative, fractional or above the bound', () => {
    expect(failure({ replicas: -1 })).toBe(
      'test/default-pool: replicas: received -1; must be a whole number from 0 to 999',
    );
    expect(failure({ replicas: 2.5 })).toContain('replicas: received 2.5');
    expect(failure({ replicas: 1000 })).toContain('replicas: received 1000');
  });

  test('fails when the kubelet would be newer than the control plane', () => {
    expect(failure({ kubernetesVersion: KubernetesVersion.of('v1.34.0') }, 'v1.33.4')).toBe(
      'test/default-pool: kubernetesVersion: received "v1.34.0"; the kubelet may not be newer than its control plane (v1.33.4); use that minor or an older one',
    );
  });

  test('fails when the kubelet would be more than three minors older', () => {
    expect(failure({ kubernetesVersion: KubernetesVersion.of('v1.30.2') }, 'v1.34.1')).toBe(
      'test/default-pool: kubernetesVersion: received "v1.30.2"; the kubelet may be at most three minors older than its control plane (v1.34.1); upgrade the pool first',
    );
    expect(() =>
      poolStack({ kubernetesVersion: KubernetesVersion.of('v1.31.0') }, 'v1.34.1'),
    ).not.toThrow();
  });

  test('fails when a label is malformed or refused by the kubelet', () => {
    expect(failure({ labels: { 'node-role.kubernetes.io/worker': '' } })).toContain(
      'test/default-pool: labels["node-role.kubernetes.io/worker"]: received "node-role.kubernetes.io/worker"; the kubelet refuses to set labels under kubernetes.io and k8s.io',
    );
    expect(failure({ labels: { 'bad key': 'x' } })).toContain(
      'labels["bad key"]: received "bad key"; must be a Kubernetes label key',
    );
    expect(failure({ labels: { team: 'has space' } })).toContain(
      'labels["team"]: received "has space"; must be a Kubernetes label value',
    );
    expect(() =>
      poolStack({
        labels: {
          'node.kubernetes.io/pool': 'a',
          'topology.kubernetes.io/zone': 'z1',
          'example.com/x': 'y',
        },
      }),
    ).not.toThrow();
  });

  test('fails when a taint is malformed', () => {
    expect(failure({ taints: [{ key: '-bad', effect: TaintEffect.NO_SCHEDULE }] })).toBe(
      'test/default-pool: taints[0].key: received "-bad"; must be a Kubernetes taint key (the same syntax as a label key)',
    );
    expect(
      failure({ taints: [{ key: 'ok', value: 'not ok', effect: TaintEffect.NO_SCHEDULE }] }),
    ).toContain('taints[0].value: received "not ok"');
  });

  test('fails when bootstrap options are malformed', () => {
    const lines = failure({
      bootstrap: {
        sshAuthorizedKeys: ['not a key'],
        extraPackages: ['Bad Package'],
        files: [{ path: 'relative/path', content: 'x', permissions: '777x', owner: 'root' }],
        proxy: { httpProxy: 'proxy:3128' },
        adminUser: { name: 'Admin', sshAuthorizedKeys: [] },
        ntpServers: ['ntp server'],
        componentVersions: { containerd: 'latest' },
      },
    }).split('\n');
    expect(lines).toEqual([
      'test/default-pool: bootstrap.componentVersions.containerd: received "latest"; must be a release version such as "v2.1.4"',
      'test/default-pool: bootstrap.adminUser.name: received "Admin"; must be a Linux user name: lower-case letters, digits, "-" and "_", starting with a letter, at most 32 characters',
      'test/default-pool: bootstrap.sshAuthorizedKeys[0]: received "not a key"; must be one line of an OpenSSH public key: its type (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...), one space, the key in base64 (letters, digits, "+", "/", "=") and an optional comment; copy the whole line of the .pub file',
      'test/default-pool: bootstrap.extraPackages[0]: received "Bad Package"; must be a package name: lower-case letters, digits and "+-.:=~_"',
      'test/default-pool: bootstrap.files[0].path: received "relative/path"; must be an absolute path such as "/etc/example.conf"',
      'test/default-pool: bootstrap.files[0].permissions: received "777x"; must be an octal file mode such as "0600" or "0644"',
      'test/default-pool: bootstrap.files[0].owner: received "root"; must be "user:group", e.g. "root:root"',
      'test/default-pool: bootstrap.proxy.httpProxy: received "proxy:3128"; must be an https:// (or http://) URL without spaces or quotes',
      'test/default-pool: bootstrap.ntpServers[0]: received "ntp server"; must be a host name or an IP address',
    ]);
  });

  test('fails when the yaki source is not a URL with a sha256', () => {
    const { YakiSource } = jest.requireActual('../../src');
    expect(
      failure({ bootstrap: { yaki: YakiSource.fromUrl('ftp://x', 'abc') } }).split('\n'),
    ).toEqual([
      'test/default-pool: bootstrap.yaki.url: received "ftp://x"; must be an https:// (or http://) URL without spaces or quotes',
      'test/default-pool: bootstrap.yaki.sha256: received "abc"; must be a sha256 checksum: 64 hexadecimal digits',
    ]);
  });
});

describe('NodePool refusals of input once accepted silently (issue #12 items 11 to 14)', () => {
  const js = (value: unknown) => value as any;

  test('two pools of one name on one control plane are refused in one stack', () => {
    const stack = newStack();
    const tcp = controlPlaneIn(stack);
    tcp.addNodePool('a', { name: 'default-pool', infrastructure: new FakeInfrastructure() });
    tcp.addNodePool('b', { name: 'default-pool', infrastructure: new FakeInfrastructure() });
    expect(refusalMessage(() => synthesize(stack))).toBe(
      'test/tcp-charlie/b: name: received "default-pool"; is also the name of node pool test/tcp-charlie/a of the same control plane, whose machines, outputs and user-data would collide; give each pool of a control plane its own name',
    );
  });

  test('two pools of one name are refused across the stacks of an app, also when the control plane is imported there', () => {
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

  test('a taint effect and an OS family outside their enum', () => {
    expect(
      poolProblems({
        taints: [{ key: 'dedicated', effect: 'NoSchedul' }],
        bootstrap: { osFamily: 'debian' },
      } as any),
    ).toEqual([
      'test/pool: taints[0].effect: received "NoSchedul"; must be one of TaintEffect.NO_SCHEDULE ("NoSchedule"), TaintEffect.PREFER_NO_SCHEDULE ("PreferNoSchedule") or TaintEffect.NO_EXECUTE ("NoExecute")',
      'test/pool: bootstrap.osFamily: received "debian"; must be made with OsFamily.DEBIAN or OsFamily.custom(name, packages)',
    ]);
  });

  test('a pool given no props object at all, from JavaScript', () => {
    const stack = newStack();
    new NodePool(stack, 'pool', js(undefined));
    const lines = refusalMessage(() => synthesize(stack)).split('\n');
    expect(lines).toContain(
      'test/pool: controlPlane: received nothing; must be a TenantControlPlane, or one from TenantControlPlane.fromTenantControlPlaneAttributes()',
    );
    expect(lines.join('\n')).not.toMatch(/TypeError|Cannot read/);
  });

  test('a pool without an infrastructure, from JavaScript', () => {
    expect(poolProblems({ infrastructure: js(undefined) })).toEqual([
      'test/pool: infrastructure: received nothing; must be an infrastructure such as new VSphereInfrastructure({...}), MaasInfrastructure.bareMetal() or new BringYourOwnMachines()',
    ]);
  });

  test('replicas NaN is named as NaN', () => {
    expect(
      poolProblems({ replicas: NaN, labels: { a: 'b' } }).filter((l) => l.includes('replicas')),
    ).toEqual(['test/pool: replicas: received NaN; must be a whole number from 0 to 999']);
  });
});
