import { parse } from 'yaml';
import {
  KubernetesVersion,
  NodeBootstrapConfig,
  OsFamily,
  renderUserData,
  TaintEffect,
  YakiSource,
} from '../../src';
import { LITERAL_ENCODING } from '../../src/bootstrap/encoding';
import { JOIN_SCRIPT_PATH } from '../../src/bootstrap/join-script';
import { renderCheckedUserData } from '../../src/bootstrap/user-data';
import { cloudInitSchema, shellcheck, skipUnless } from '../support/tools';
import { createClusterPki } from '../../packages/check/src/stub/pki';

const CA = createClusterPki().caCertificatePem;
const BASE: NodeBootstrapConfig = {
  nodeName: 'tcp-charlie-default-pool-node-00',
  kubernetesVersion: 'v1.33.4',
  endpoint: '203.0.113.10:6443',
  caCertificate: CA,
  token: 'abcdef.0123456789abcdef',
};

interface WrittenFile {
  path: string;
  permissions: string;
  owner: string;
  encoding: string;
  content: string;
  defer?: boolean;
  text: string;
}

function render(config: Partial<NodeBootstrapConfig> = {}) {
  const userData = renderUserData({ ...BASE, ...config });
  const cloudConfig = parse(userData);
  const files: WrittenFile[] = cloudConfig.write_files.map((f: WrittenFile) => ({
    ...f,
    text: Buffer.from(f.content, 'base64').toString('utf8'),
  }));
  const file = (path: string) => {
    const found = files.find((f) => f.path === path);
    if (!found) throw new Error(`no file ${path}`);
    return found;
  };
  return { userData, cloudConfig, files, file };
}

const VARIANTS: Array<[string, Partial<NodeBootstrapConfig>]> = [
  ['defaults (v1beta4)', {}],
  ['Kubernetes 1.30 (v1beta3)', { kubernetesVersion: 'v1.30.14' }],
  [
    'labels and taints',
    {
      labels: { 'node.kubernetes.io/pool': 'system-pool', team: 'platform' },
      taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    },
  ],
  [
    'proxy and NTP',
    {
      proxy: {
        httpProxy: 'http://proxy.example.com:3128',
        httpsProxy: 'http://proxy.example.com:3128',
        noProxy: ['10.0.0.0/8', '.svc', '.cluster.local', 'localhost'],
      },
      ntpServers: ['ntp1.example.com', '192.0.2.123'],
    },
  ],
  ['pre-baked image', { preBaked: true }],
  [
    'SSH keys, admin user, packages, files and commands',
    {
      sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample ops@example.com'],
      adminUser: {
        name: 'kamaji',
        sshAuthorizedKeys: ['ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABExample admin'],
      },
      extraPackages: ['open-iscsi', 'nfs-common'],
      files: [
        {
          path: '/etc/sysctl.d/90-tenant.conf',
          content: 'vm.max_map_count = 262144\n',
          permissions: '0644',
        },
      ],
      preJoinCommands: ['modprobe br_netfilter'],
      postJoinCommands: ['systemctl restart systemd-journald'],
      yaki: YakiSource.fromUrl('https://mirror.example.com/yaki/v1.36.2/yaki', 'a'.repeat(64)),
      componentVersions: {
        containerd: 'v2.1.4',
        runc: 'v1.3.0',
        cniPlugins: 'v1.7.1',
        crictl: 'v1.33.0',
      },
    },
  ],
];

describe('renderUserData', () => {
  test('starts with #cloud-config and sets the host name', () => {
    const { userData, cloudConfig } = render();
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    expect(cloudConfig.hostname).toBe('tcp-charlie-default-pool-node-00');
  });

  test("installs yaki's prerequisites for Debian-family images", () => {
    const { cloudConfig } = render();
    expect(cloudConfig.packages).toEqual(OsFamily.DEBIAN.prerequisitePackages);
    expect(cloudConfig.packages).toEqual(
      expect.arrayContaining([
        'conntrack',
        'socat',
        'iptables',
        'ebtables',
        'ethtool',
        'iproute2',
        'kmod',
        'procps',
        'util-linux',
        'wget',
        'curl',
        'ca-certificates',
      ]),
    );
  });

  test('writes a discovery kubeconfig with the tenant server and CA and no credentials, mode 0600', () => {
    const { file } = render();
    const discovery = file('/etc/kubernetes/discovery.conf');
    expect(discovery.permissions).toBe('0600');
    const kubeconfig = parse(discovery.text);
    expect(kubeconfig.clusters).toEqual([
      {
        name: 'tenant',
        cluster: {
          server: 'https://203.0.113.10:6443',
          'certificate-authority-data': Buffer.from(CA).toString('base64'),
        },
      },
    ]);
    expect(kubeconfig.users).toEqual([{ name: 'discovery', user: {} }]);
    expect(kubeconfig['current-context']).toBe('discovery');
    expect(kubeconfig.contexts).toEqual([
      { name: 'discovery', context: { cluster: 'tenant', user: 'discovery' } },
    ]);
  });

  test('writes a v1beta4 JoinConfiguration for Kubernetes 1.31 and later, mode 0600', () => {
    const { file } = render({
      labels: { 'node.kubernetes.io/pool': 'default-pool', team: 'a' },
      taints: [{ key: 'dedicated', value: 'system', effect: TaintEffect.NO_EXECUTE }],
    });
    const join = file('/etc/kubernetes/kubeadm-join.yaml');
    expect(join.permissions).toBe('0600');
    expect(parse(join.text)).toEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'JoinConfiguration',
      discovery: {
        file: { kubeConfigPath: '/etc/kubernetes/discovery.conf' },
        tlsBootstrapToken: 'abcdef.0123456789abcdef',
      },
      nodeRegistration: {
        name: 'tcp-charlie-default-pool-node-00',
        criSocket: 'unix:///run/containerd/containerd.sock',
        taints: [{ key: 'dedicated', value: 'system', effect: 'NoExecute' }],
        kubeletExtraArgs: [
          { name: 'node-labels', value: 'node.kubernetes.io/pool=default-pool,team=a' },
        ],
      },
    });
  });

  test('writes a v1beta3 JoinConfiguration before 1.31, with kubeletExtraArgs as a map', () => {
    const join = parse(
      render({ kubernetesVersion: 'v1.30.14', labels: { team: 'a' } }).file(
        '/etc/kubernetes/kubeadm-join.yaml',
      ).text,
    );
    expect(join.apiVersion).toBe('kubeadm.k8s.io/v1beta3');
    expect(join.nodeRegistration.kubeletExtraArgs).toEqual({ 'node-labels': 'team=a' });
    expect(join.nodeRegistration.taints).toEqual([]);
  });

  test('downloads the pinned yaki, checks its sha256, then joins with the pool version and KUBEADM_CONFIG', () => {
    const { file, cloudConfig } = render();
    const script = file('/usr/local/sbin/kamaji-join');
    expect(script.permissions).toBe('0700');
    expect(cloudConfig.runcmd).toEqual([['/usr/local/sbin/kamaji-join']]);
    const lines = script.text.split('\n');
    const at = (fragment: string) => lines.findIndex((l) => l.includes(fragment));
    expect(lines).toContain("export KUBERNETES_VERSION='v1.33.4'");
    expect(lines).toContain('export KUBEADM_CONFIG=/etc/kubernetes/kubeadm-join.yaml');
    expect(lines).toContain('JOIN_URL="$(cat /etc/kubernetes/join-url)"');
    expect(lines).toContain('JOIN_TOKEN="$(cat /etc/kubernetes/join-token)"');
    expect(script.text).toContain(`--output yaki '${YakiSource.DEFAULT.url}'`);
    expect(script.text).toContain(
      `echo '${YakiSource.DEFAULT.sha256}  yaki' | sha256sum --check --strict`,
    );
    expect(at('sha256sum --check')).toBeLessThan(at('bash yaki join'));
    expect(at('curl')).toBeLessThan(at('sha256sum --check'));
    expect(script.text).toContain('exec >>/var/log/kamaji-join.log 2>&1');
    expect(file('/etc/kubernetes/join-url').text).toBe('203.0.113.10:6443');
    expect(file('/etc/kubernetes/join-token').text).toBe('abcdef.0123456789abcdef');
    expect(file('/etc/kubernetes/join-token').permissions).toBe('0600');
  });

  test('never skips CA verification, and gives yaki the CA hash for its other join paths', () => {
    for (const [, variant] of VARIANTS) {
      const { userData, files, file } = render(variant);
      const everything = userData + files.map((f) => f.text).join('\n');
      expect(everything).not.toContain('unsafe-skip-ca-verification');
      const script = file('/usr/local/sbin/kamaji-join').text;
      if (!variant.preBaked) {
        expect(script).toContain('export JOIN_TOKEN_CACERT_HASH="sha256:$ca_hash"');
        expect(script.indexOf('JOIN_TOKEN_CACERT_HASH')).toBeLessThan(script.indexOf('yaki join'));
      }
    }
  });

  test('pre-baked images join with kubeadm directly and download nothing', () => {
    const script = render({ preBaked: true }).file('/usr/local/sbin/kamaji-join').text;
    expect(script).toContain('kubeadm join --config /etc/kubernetes/kubeadm-join.yaml');
    expect(script).not.toContain('curl');
    expect(script).not.toContain('yaki');
  });

  test('proxy settings go to a root-only file containerd reads, and to the join script', () => {
    const { file, files } = render(VARIANTS[3][1]);
    expect(files.map((f) => f.path)).not.toContain('/etc/environment');
    const environment = file('/etc/kamaji/proxy.env');
    expect(environment.permissions).toBe('0600');
    expect(environment.owner).toBe('root:root');
    expect(environment.text.split('\n')).toEqual(
      expect.arrayContaining([
        'HTTP_PROXY="http://proxy.example.com:3128"',
        'https_proxy="http://proxy.example.com:3128"',
        'NO_PROXY="10.0.0.0/8,.svc,.cluster.local,localhost"',
      ]),
    );
    expect(file('/etc/systemd/system/containerd.service.d/50-kamaji-proxy.conf')).toMatchObject({
      permissions: '0644',
      text: '[Service]\nEnvironmentFile=/etc/kamaji/proxy.env\n',
    });
    expect(file('/usr/local/sbin/kamaji-join').text).toContain(
      "export HTTPS_PROXY='http://proxy.example.com:3128'",
    );
  });

  test('a known noProxy item with "$" or a backquote is escaped in the proxy file, as sh and systemd read it', () => {
    // GIVEN items the synth-time check accepts (no quotes, backslashes or spaces)
    const { file } = render({ proxy: { noProxy: ['$(id)', '`id`', '${HOME}'] } });
    // THEN each is backslash-escaped inside double quotes, which both read as the text
    expect(file('/etc/kamaji/proxy.env').text).toContain('NO_PROXY="\\$(id),\\`id\\`,\\${HOME}"\n');
  });

  test('files owned by anyone but root are deferred until cloud-init has created users', () => {
    const { file } = render({
      adminUser: { name: 'kamaji', sshAuthorizedKeys: [] },
      files: [
        { path: '/home/kamaji/.bashrc', content: 'x', owner: 'kamaji:kamaji' },
        { path: '/etc/example.conf', content: 'y' },
        { path: '/etc/other.conf', content: 'z', owner: 'root:root' },
      ],
    });
    expect(file('/home/kamaji/.bashrc')).toMatchObject({ owner: 'kamaji:kamaji', defer: true });
    expect(file('/etc/example.conf').defer).toBeUndefined();
    expect(file('/etc/other.conf').defer).toBeUndefined();
    expect(file('/usr/local/sbin/kamaji-join').defer).toBeUndefined();
  });

  test('users, keys, packages, files, commands, NTP and component versions', () => {
    const { cloudConfig, file } = render({ ...VARIANTS[5][1], ntpServers: ['ntp.example.com'] });
    expect(cloudConfig.ssh_authorized_keys).toEqual([
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample ops@example.com',
    ]);
    expect(cloudConfig.users).toEqual([
      'default',
      {
        name: 'kamaji',
        groups: ['sudo'],
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        shell: '/bin/bash',
        lock_passwd: true,
        ssh_authorized_keys: ['ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABExample admin'],
      },
    ]);
    expect(cloudConfig.packages.slice(-2)).toEqual(['open-iscsi', 'nfs-common']);
    expect(cloudConfig.ntp).toEqual({ enabled: true, servers: ['ntp.example.com'] });
    expect(file('/etc/sysctl.d/90-tenant.conf')).toMatchObject({
      permissions: '0644',
      text: 'vm.max_map_count = 262144\n',
    });
    const script = file('/usr/local/sbin/kamaji-join').text;
    expect(script).toContain("'https://mirror.example.com/yaki/v1.36.2/yaki'");
    expect(script).toContain("export CONTAINERD_VERSION='v2.1.4'");
    expect(script).toContain("export CNI_VERSION='v1.7.1'");
    const lines = script.split('\n');
    const join = lines.findIndex((l) => l.startsWith('bash yaki join'));
    expect(lines.indexOf('modprobe br_netfilter')).toBeLessThan(join);
    expect(lines.indexOf('systemctl restart systemd-journald')).toBeGreaterThan(join);
  });

  test('stays valid YAML and keeps adversarial apply-time values intact', () => {
    // Apply-time values are not checked at synth: render them unchecked, as node pools do.
    const evil = {
      endpoint: `evil.example.com:6443"\n: {x: [y]} # '' \\ $(reboot) \${HOME}`,
      caCertificate: '---\nkey: \'value\'\n"quoted": |\n  - [a]\n',
      token: `abc'def".0123\n456789\\abcdef: #`,
    };
    const userData = renderCheckedUserData({ ...BASE, ...evil }, LITERAL_ENCODING);
    const files: WrittenFile[] = parse(userData).write_files.map((f: WrittenFile) => ({
      ...f,
      text: Buffer.from(f.content, 'base64').toString('utf8'),
    }));
    const file = (path: string) => files.find((f) => f.path === path)!;
    const kubeconfig = parse(file('/etc/kubernetes/discovery.conf').text);
    expect(kubeconfig.clusters[0].cluster.server).toBe(`https://${evil.endpoint}`);
    expect(
      Buffer.from(
        kubeconfig.clusters[0].cluster['certificate-authority-data'],
        'base64',
      ).toString(),
    ).toBe(evil.caCertificate);
    expect(parse(file('/etc/kubernetes/kubeadm-join.yaml').text).discovery.tlsBootstrapToken).toBe(
      evil.token,
    );
    expect(file('/etc/kubernetes/join-url').text).toBe(evil.endpoint);
    expect(file('/etc/kubernetes/join-token').text).toBe(evil.token);
    expect(file('/usr/local/sbin/kamaji-join').text).not.toContain('reboot');
  });

  test('fails when the configuration is invalid', () => {
    expect(() =>
      renderUserData({
        ...BASE,
        nodeName: 'Node_0',
        labels: { 'node-role.kubernetes.io/worker': '' },
      }),
    ).toThrow(
      ['renderUserData: nodeName: received "Node_0"; must be an RFC 1123 label'].join('\n'),
    );
  });

  const hasCloudInit = skipUnless('cloud-init', 'cloud-init schema validation of user-data');
  (hasCloudInit ? test.each(VARIANTS) : test.skip.each(VARIANTS))(
    'passes `cloud-init schema`: %s',
    (_name, variant) => {
      const result = cloudInitSchema(render(variant).userData);
      expect(result).toEqual({ ok: true, output: expect.stringContaining('Valid cloud-config') });
    },
  );

  const hasShellcheck = skipUnless('shellcheck', 'shellcheck of the join script');
  (hasShellcheck ? test.each(VARIANTS) : test.skip.each(VARIANTS))(
    'the join script passes shellcheck: %s',
    (_name, variant) => {
      const result = shellcheck(render(variant).file('/usr/local/sbin/kamaji-join').text);
      expect(result).toEqual({ ok: true, output: '' });
    },
  );

  test('the default version range includes the default Kubernetes version', () => {
    expect(() =>
      renderUserData({ ...BASE, kubernetesVersion: KubernetesVersion.DEFAULT.version }),
    ).not.toThrow();
  });
});

describe('renderUserData input once wrongly refused (issue #22 item 4)', () => {
  test('a yaki sha256 in upper-case hex is accepted, and written in lower case', () => {
    const sha256 = 'AB'.repeat(32);
    const { userData, file } = render({
      yaki: YakiSource.fromUrl('https://mirror.example.com/yaki', sha256),
    });
    expect(userData).toBeDefined();
    const script = file(JOIN_SCRIPT_PATH).text;
    expect(script).toContain(sha256.toLowerCase());
    expect(script).not.toContain(sha256);
  });
});
