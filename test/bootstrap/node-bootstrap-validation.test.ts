/**
 * renderUserData refuses what a node would refuse at boot, and user files over what
 * the join owns (issue #12, item 13); values that are Terraform tokens are not checked.
 */
import { Fn, TerraformVariable } from 'cdktf';
import {
  BringYourOwnMachines,
  NodeBootstrapConfig,
  NodeFile,
  NodePool,
  OsFamily,
  renderUserData,
  TaintEffect,
  TenantControlPlane,
} from '../../src';
import { poolProblems } from '../support/pool-problems';
import { refusalMessage } from '../support/refusal';
import { newStack, synthesize } from '../support/synth';
import { createClusterPki } from '../../packages/check/src/stub/pki';

const CA = createClusterPki().caCertificatePem;
const BASE: NodeBootstrapConfig = {
  nodeName: 'tcp-charlie-default-pool-node-00',
  kubernetesVersion: 'v1.33.4',
  endpoint: '203.0.113.10:6443',
  caCertificate: CA,
  token: 'abcdef.0123456789abcdef',
};

function refusal(config: Partial<NodeBootstrapConfig>): string {
  return refusalMessage(() => renderUserData({ ...BASE, ...config }));
}

describe('renderUserData refuses what a node would refuse at boot', () => {
  test.each([
    ['upper case', 'QWERTY.qwertyuiopasdfgh'],
    ['a short secret', 'qwerty.qwertyuiop'],
    ['no dot', 'qwertyqwertyuiopasdfgh'],
    ['a newline', 'qwerty.qwertyuiopasdfgh\n'],
  ])('fails when the token has %s, without printing it', (_name, token) => {
    const message = refusal({ token });
    expect(message).toContain(
      `renderUserData: token: received "<secret of ${token.length} characters>"; must be a kubeadm bootstrap token "<id>.<secret>", id [a-z0-9]{6} and secret [a-z0-9]{16}`,
    );
    expect(message).not.toContain(token.trim());
  });

  test.each([
    ['https://203.0.113.10:6443', 'must be "host:port" without a scheme'],
    ['fd00::10:6443', 'an IPv6 address takes brackets before its port'],
    ['fd00::10', 'an IPv6 address takes brackets before its port'],
    ['203.0.113.10', 'must be the tenant API server as "host:port"'],
    ['203.0.113.10:6443\nx', 'must be the tenant API server as "host:port"'],
    ['tenant.example.com:0', 'must be the tenant API server as "host:port"'],
    ['tenant.example.com:65536', 'must be the tenant API server as "host:port"'],
    ['tenant.example.com:6443/path', 'must be the tenant API server as "host:port"'],
    ['[not-an-ip]:6443', 'must be the tenant API server as "host:port"'],
    ['bad_host:6443', 'must be the tenant API server as "host:port"'],
  ])('fails when the endpoint is %j', (endpoint, allowed) => {
    expect(refusal({ endpoint })).toContain(
      `renderUserData: endpoint: received ${JSON.stringify(endpoint)}; ${allowed}`,
    );
  });

  test.each([
    '203.0.113.10:6443',
    '[2001:db8::10]:6443',
    'tenant.example.com:443',
    'Tenant.Example.com:6443',
  ])('accepts the endpoint %j', (endpoint) => {
    expect(() => renderUserData({ ...BASE, endpoint })).not.toThrow();
  });

  test.each([
    ['not PEM', 'MIIBdummy'],
    [
      'PEM that is no certificate',
      '-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n',
    ],
    ['a private key', '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n'],
  ])('fails when the CA is %s', (_name, caCertificate) => {
    expect(refusal({ caCertificate })).toContain(
      `renderUserData: caCertificate: received ${JSON.stringify(caCertificate)}; must be a PEM X.509 certificate`,
    );
  });

  test('accepts a CA bundle of two certificates', () => {
    const other = createClusterPki().caCertificatePem;
    expect(() => renderUserData({ ...BASE, caCertificate: `${CA}${other}` })).not.toThrow();
  });
});

describe('user files may not overwrite what the join needs', () => {
  test.each([
    ['/etc/kubernetes/kubeadm-join.yaml', 'kubeadm and the join configuration'],
    ['/etc/kubernetes/pki/ca.crt', 'kubeadm and the join configuration'],
    ['/etc/kubernetes', 'kubeadm and the join configuration'],
    ['/etc//kubernetes/./join-token', 'kubeadm and the join configuration'],
    ['/etc/default/../kubernetes/discovery.conf', 'kubeadm and the join configuration'],
    ['/usr/local/sbin/kamaji-join', 'the join script'],
    ['/var/log/kamaji-join.log', 'the join log'],
    ['/var/lib/kubelet/config.yaml', 'the kubelet'],
    ['/etc/kamaji/proxy.env', 'the proxy settings'],
    ['/etc/systemd/system/containerd.service.d/50-kamaji-proxy.conf', "containerd's proxy drop-in"],
  ])('fails when a file is written to %s', (path, owner) => {
    expect(
      refusal({
        files: [
          { path: '/etc/ok.conf', content: '' },
          { path, content: 'x' },
        ],
      }),
    ).toContain(
      `renderUserData: files[1].path: received ${JSON.stringify(path)}; is written by the join itself (${owner}); choose another path`,
    );
  });

  test.each(['/etc/kubernetes-extra.conf', '/etc/environment', '/usr/local/sbin/kamaji-join2'])(
    'accepts a file at %s',
    (path) => {
      expect(() => renderUserData({ ...BASE, files: [{ path, content: 'x' }] })).not.toThrow();
    },
  );

  test('a node pool refuses them at synth, with its path', () => {
    const files: NodeFile[] = [{ path: '/etc/kubernetes/kubelet.conf', content: 'x' }];
    const message = refusalMessage(() => {
      const stack = newStack();
      const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
      new NodePool(stack, 'pool', {
        controlPlane: tcp,
        name: 'default-pool',
        infrastructure: new BringYourOwnMachines(),
        bootstrap: { files },
      });
      synthesize(stack);
    });
    expect(message).toContain(
      'pool: bootstrap.files[0].path: received "/etc/kubernetes/kubelet.conf"; is written by the join itself',
    );
  });
});

describe('apply-time values are not checked at synth', () => {
  test('a node pool whose endpoint, CA and token are Terraform values synthesizes', () => {
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
    new NodePool(stack, 'pool', {
      controlPlane: tcp,
      name: 'default-pool',
      infrastructure: new BringYourOwnMachines(),
      bootstrap: { files: [{ path: Fn.lower('/ETC/X'), content: 'x' }] },
    });
    expect(() => synthesize(stack)).not.toThrow();
  });
});

describe('a bootstrap list given as one Terraform value', () => {
  test.each([
    ['sshAuthorizedKeys', (keys: string[]) => ({ sshAuthorizedKeys: keys })],
    [
      'adminUser.sshAuthorizedKeys',
      (keys: string[]) => ({ adminUser: { name: 'kamaji', sshAuthorizedKeys: keys } }),
    ],
    ['extraPackages', (list: string[]) => ({ extraPackages: list })],
    ['proxy.noProxy', (list: string[]) => ({ proxy: { noProxy: list } })],
    ['ntpServers', (list: string[]) => ({ ntpServers: list })],
  ])('fails at synth for %s: its items must be written out', (field, bootstrap) => {
    // GIVEN a list variable (before, noProxy went to the node as placeholder text)
    const message = refusalMessage(() => {
      const stack = newStack();
      const list = new TerraformVariable(stack, 'list', { type: 'list(string)' }).listValue;
      const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
      new NodePool(stack, 'pool', {
        controlPlane: tcp,
        name: 'default-pool',
        infrastructure: new BringYourOwnMachines(),
        bootstrap: bootstrap(list),
      });
      synthesize(stack);
    });
    // THEN one problem names the list, none its placeholder items
    expect(message).toBe(
      `test/pool: bootstrap.${field}: received a Terraform value known only at apply time; must be known at synth (each item is encoded and checked on its own; an item may be a Terraform value, the list may not: write the items, e.g. [Fn.element(list, 0)]); give a plain value, not a Terraform variable or reference`,
    );
  });
});

test('a refused proxy URL is shown without its user and password', () => {
  const message = refusal({ proxy: { httpsProxy: 'user:hunter2@proxy.example.com:3128' } });
  expect(message).toBe(
    'renderUserData: proxy.httpsProxy: received "***@proxy.example.com:3128"; must be an https:// (or http://) URL without spaces or quotes',
  );
});

test.each([
  ['DEL', '\u007f'],
  ['a C1 control', '\u0085'],
  ['a C0 control', '\u0001'],
])(
  'an SSH key comment with %s is refused (PyYAML refuses DEL and most C1 even quoted)',
  (_name, control) => {
    const key = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBase64Key kamaji${control}@example`;
    expect(refusal({ sshAuthorizedKeys: [key] })).toContain(
      `renderUserData: sshAuthorizedKeys[0]: received ${JSON.stringify(key)}; must be one line of an OpenSSH public key`,
    );
  },
);

describe('bootstrap input once accepted silently or wrongly refused (issue #22 item 4)', () => {
  const SSH_KEY =
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample ops@example.com';

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
      refusal({ taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoWay' as TaintEffect }] }),
    ).toBe(
      'renderUserData: taints[0].effect: received "NoWay"; must be one of TaintEffect.NO_SCHEDULE ("NoSchedule"), TaintEffect.PREFER_NO_SCHEDULE ("PreferNoSchedule") or TaintEffect.NO_EXECUTE ("NoExecute")',
    );
  });

  test('a CA certificate with explanatory text before, between and after its PEM blocks', () => {
    const other = createClusterPki().caCertificatePem;
    for (const caCertificate of [
      `Tenant CA of tcp-charlie\nIssuer: kubernetes\n${CA}`,
      `subject=CN = kubernetes\n${CA}previous CA:\n${other}trailing words\n`,
    ]) {
      expect(() => renderUserData({ ...BASE, caCertificate })).not.toThrow();
    }
    // Still refused: no certificate at all, another kind of block beside it.
    for (const caCertificate of [
      'Tenant CA of tcp-charlie\n',
      `${CA}-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n`,
    ]) {
      expect(refusal({ caCertificate })).toContain('caCertificate: received');
    }
  });
});
