/**
 * The rendered user-data, run: cloud-init's own write_files writes the files, then the
 * join script runs as root in a bubblewrap sandbox with stubbed yaki, kubeadm,
 * systemctl and curl (./sandbox). Skipped, with the reason printed, where bwrap or
 * cloud-init cannot run.
 */
import { createHash, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { NodeBootstrapConfig, renderUserData, YakiSource } from '../../src';
import { shellcheck, skipUnless } from '../support/tools';
import { createClusterPki } from '../../packages/check/src/stub/pki';
import { NodeSandbox, sandboxUnavailable } from './sandbox/node-sandbox';

const unavailable = sandboxUnavailable();
if (unavailable) console.warn(`skipped: running the join script in a sandbox: ${unavailable}`);
const describeSandbox = unavailable ? describe.skip : describe;

const TOKEN = 'abcdef.0123456789abcdef';
const STUB_YAKI = path.join(__dirname, 'sandbox/stubs/yaki');
const JOIN_LOG = '/var/log/kamaji-join.log';

describeSandbox('the join script, run in a sandbox', () => {
  const ca = createClusterPki().caCertificatePem;
  const sandboxes: NodeSandbox[] = [];
  afterAll(() => sandboxes.forEach((s) => s.dispose()));

  function config(overrides: Partial<NodeBootstrapConfig> = {}): NodeBootstrapConfig {
    return {
      nodeName: 'tcp-charlie-default-pool-node-00',
      kubernetesVersion: 'v1.33.4',
      endpoint: '203.0.113.10:6443',
      caCertificate: ca,
      token: TOKEN,
      yaki: YakiSource.fromUrl('https://mirror.example.com/yaki', sha256File(STUB_YAKI)),
      ...overrides,
    };
  }

  function machine(
    userData: string,
    options: { preBaked?: boolean; yaki?: string } = {},
  ): NodeSandbox {
    const sandbox = new NodeSandbox(userData, options);
    sandboxes.push(sandbox);
    return sandbox;
  }

  /** User-data with one write_files entry changed, as a broken datasource might deliver it. */
  function withFile(userData: string, file: string, content: string | undefined): string {
    const cloudConfig = parse(userData);
    cloudConfig.write_files = cloudConfig.write_files
      .map((f: { path: string; content: string }) =>
        f.path !== file
          ? f
          : content === undefined
            ? undefined
            : { ...f, content: Buffer.from(content).toString('base64') },
      )
      .filter(Boolean);
    return `#cloud-config\n${stringify(cloudConfig)}`;
  }

  function expectTokenNowhereButItsFiles(sandbox: NodeSandbox): void {
    expect(sandbox.calls().join('\n')).not.toContain(TOKEN);
    expect(sandbox.read(JOIN_LOG)).not.toContain(TOKEN);
  }

  test('joins with yaki: the CA is pinned on every path, components checked, token deleted', () => {
    // GIVEN
    const node = machine(renderUserData(config()));
    // WHEN
    const result = node.boot();
    // THEN
    expect(result).toEqual({ status: 0, output: '' });
    const log = node.read(JOIN_LOG)!;
    expect(log).toContain('join completed successfully');
    expect(log).toContain('kamaji-join: joined');
    expect(node.calls()).toContain('kubeadm join --config /etc/kubernetes/kubeadm-join.yaml -v=3');
    const environment = node.yakiEnvironment();
    expect(environment).toMatchObject({
      KUBEADM_CONFIG: '/etc/kubernetes/kubeadm-join.yaml',
      JOIN_URL: '203.0.113.10:6443',
      JOIN_TOKEN: TOKEN,
      JOIN_TOKEN_CACERT_HASH: `sha256:${kubeadmCaHash(ca)}`,
      KUBERNETES_VERSION: 'v1.33.4',
      DEBUG: 'false',
    });
    expect(node.exists('/etc/kubernetes/join-token')).toBe(false);
    expect(node.exists('/etc/kubernetes/kubeadm-join.yaml')).toBe(false);
    expect(node.calls().filter((c) => c.startsWith('kubeadm reset'))).toEqual([]);
    expectTokenNowhereButItsFiles(node);
  });

  test('the join log is 0600, also when an earlier tool created it world-readable', () => {
    const node = machine(renderUserData(config()));
    node.run('sh', '-c', `echo old >${JOIN_LOG} && chmod 0644 ${JOIN_LOG}`);
    expect(node.mode(JOIN_LOG)).toBe('644');
    expect(node.boot().status).toBe(0);
    expect(node.mode(JOIN_LOG)).toBe('600');
    const fresh = machine(renderUserData(config()));
    expect(fresh.boot().status).toBe(0);
    expect(fresh.mode(JOIN_LOG)).toBe('600');
  });

  test('files holding secrets or proxy settings are root-only; proxy reaches containerd, not /etc/environment', () => {
    const node = machine(
      renderUserData(
        config({
          proxy: {
            httpsProxy: 'http://user:secret@proxy.example.com:3128',
            noProxy: ['10.0.0.0/8'],
          },
        }),
      ),
    );
    // The join deletes the token files: keep the machine from joining to see them.
    node.setFault('curl');
    expect(node.boot().status).not.toBe(0);
    for (const file of [
      '/etc/kubernetes/join-token',
      '/etc/kubernetes/kubeadm-join.yaml',
      '/etc/kubernetes/discovery.conf',
      '/etc/kubernetes/join-url',
      '/etc/kamaji/proxy.env',
      JOIN_LOG,
    ]) {
      expect([file, node.mode(file)]).toEqual([file, '600']);
    }
    expect(node.mode('/usr/local/sbin/kamaji-join')).toBe('700');
    expect(node.read('/etc/kamaji/proxy.env')).toContain(
      'HTTPS_PROXY="http://user:secret@proxy.example.com:3128"',
    );
    expect(node.read('/etc/systemd/system/containerd.service.d/50-kamaji-proxy.conf')).toBe(
      '[Service]\nEnvironmentFile=/etc/kamaji/proxy.env\n',
    );
    expect(node.exists('/etc/environment')).toBe(false);
  });

  test.each([
    ['missing', undefined],
    ['empty', ''],
  ])('refuses to run yaki when the JoinConfiguration is %s', (_name, content) => {
    // GIVEN
    const userData = withFile(
      renderUserData(config()),
      '/etc/kubernetes/kubeadm-join.yaml',
      content,
    );
    const node = machine(userData);
    // WHEN
    const result = node.boot();
    // THEN
    expect(result.status).not.toBe(0);
    expect(node.read(JOIN_LOG)).toContain(
      'kamaji-join: FAILED: /etc/kubernetes/kubeadm-join.yaml is missing or empty: refusing to join without the pinned CA',
    );
    expect(node.calls().filter((c) => /^(curl|yaki|kubeadm)/.test(c))).toEqual([]);
    expect(node.exists('/etc/kubernetes/join-token')).toBe(true);
  });

  test('refuses to join when the discovery kubeconfig holds no CA', () => {
    const userData = withFile(
      renderUserData(config()),
      '/etc/kubernetes/discovery.conf',
      '{"clusters": []}\n',
    );
    const node = machine(userData);
    expect(node.boot().status).not.toBe(0);
    expect(node.read(JOIN_LOG)).toContain(
      'kamaji-join: FAILED: no CA certificate in /etc/kubernetes/discovery.conf',
    );
    expect(node.calls().filter((c) => /^(yaki|kubeadm)/.test(c))).toEqual([]);
  });

  test.each([
    ['runc', 'download-runc', 'missing: runc'],
    ['the CNI plugins', 'download-cni', 'missing: /opt/cni/bin/bridge /opt/cni/bin/host-local'],
    ['kubelet', 'download-kubelet', 'missing: kubelet'],
    ['containerd', 'download-containerd', 'missing: containerd'],
  ])('a failed download of %s is a failed join: token and log kept', (_name, fault, missing) => {
    // GIVEN yaki logs the 404 and still reports success, as the real one does
    const node = machine(renderUserData(config()));
    node.setFault(fault);
    // WHEN
    const result = node.boot();
    // THEN
    expect(result.status).not.toBe(0);
    const log = node.read(JOIN_LOG)!;
    expect(log).toContain('join completed successfully');
    expect(log).toContain(`kamaji-join: ${missing}`);
    expect(log).toContain('kamaji-join: FAILED: the join did not leave a working node');
    expect(log).not.toContain('kamaji-join: joined');
    expect(node.read('/etc/kubernetes/join-token')).toBe(TOKEN);
    expect(node.exists('/etc/kubernetes/kubeadm-join.yaml')).toBe(true);
  });

  test('a kubelet that does not come up is a failed join', () => {
    const node = machine(renderUserData(config()));
    node.setFault('kubelet-inactive');
    expect(node.boot().status).not.toBe(0);
    expect(node.read(JOIN_LOG)).toContain('kamaji-join: kubelet is not active');
    expect(node.read('/etc/kubernetes/join-token')).toBe(TOKEN);
  });

  test('a re-run after a late kubeadm failure resets the leftovers and joins', () => {
    // GIVEN a join that failed after kubeadm wrote its bootstrap files
    const node = machine(renderUserData(config()));
    node.setFault('kubeadm-join');
    expect(node.boot().status).not.toBe(0);
    expect(node.exists('/etc/kubernetes/bootstrap-kubelet.conf')).toBe(true);
    expect(node.read('/etc/kubernetes/join-token')).toBe(TOKEN);
    node.setFault('kubeadm-join', false);
    // WHEN
    const result = node.rerun();
    // THEN
    expect(result.status).toBe(0);
    const calls = node.calls();
    const reset = calls.indexOf('kubeadm reset -f');
    expect(reset).toBeGreaterThan(-1);
    expect(
      calls.lastIndexOf('kubeadm join --config /etc/kubernetes/kubeadm-join.yaml -v=3'),
    ).toBeGreaterThan(reset);
    expect(node.read(JOIN_LOG)).toContain('kamaji-join: joined');
    expect(node.exists('/etc/kubernetes/join-token')).toBe(false);
  });

  test('a re-run without the reset would fail: the stub kubeadm refuses leftovers as kubeadm does', () => {
    const node = machine(renderUserData(config()));
    node.setFault('kubeadm-join');
    node.boot();
    node.setFault('kubeadm-join', false);
    const join = node.run(
      '/usr/local/bin/kubeadm',
      'join',
      '--config',
      '/etc/kubernetes/kubeadm-join.yaml',
    );
    expect(join.status).not.toBe(0);
    expect(join.output).toContain('[preflight]');
  });

  test('a joined node is left alone', () => {
    // GIVEN
    const node = machine(renderUserData(config()));
    expect(node.boot().status).toBe(0);
    const before = node.calls().length;
    // WHEN
    const result = node.rerun();
    // THEN
    expect(result.status).toBe(0);
    const after = node.calls().slice(before);
    expect(after.filter((c) => /^(curl|yaki|kubeadm)/.test(c))).toEqual([]);
    expect(node.read(JOIN_LOG)).toContain('this node has joined already and is healthy');
  });

  test('pre-baked images: joins with kubeadm, checks the result, refuses without the JoinConfiguration', () => {
    const userData = renderUserData(config({ preBaked: true }));
    const node = machine(userData, { preBaked: true });
    expect(node.boot()).toEqual({ status: 0, output: '' });
    expect(node.calls()).toContain('kubeadm join --config /etc/kubernetes/kubeadm-join.yaml');
    expect(node.calls().filter((c) => c.startsWith('curl'))).toEqual([]);
    expect(node.exists('/etc/kubernetes/join-token')).toBe(false);

    const broken = machine(withFile(userData, '/etc/kubernetes/kubeadm-join.yaml', ''), {
      preBaked: true,
    });
    expect(broken.boot().status).not.toBe(0);
    expect(broken.read(JOIN_LOG)).toContain('refusing to join without the pinned CA');
    expect(broken.calls().filter((c) => c.startsWith('kubeadm'))).toEqual([]);
  });

  test('a yaki whose checksum does not match never runs', () => {
    const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yaki-')), 'yaki');
    fs.writeFileSync(other, `${fs.readFileSync(STUB_YAKI, 'utf8')}\n# tampered\n`);
    const node = machine(renderUserData(config()), { yaki: other });
    expect(node.boot().status).not.toBe(0);
    expect(node.calls().filter((c) => c.startsWith('yaki'))).toEqual([]);
    fs.rmSync(path.dirname(other), { recursive: true, force: true });
  });

  test('a user file owned by the admin user is written after cloud-init creates that user', () => {
    const node = machine(
      renderUserData(
        config({
          adminUser: { name: 'kamaji', sshAuthorizedKeys: [] },
          files: [
            { path: '/home/kamaji/.profile', content: 'umask 027\n', owner: 'kamaji:kamaji' },
          ],
        }),
      ),
    );
    expect(node.boot().status).toBe(0);
    expect(node.read('/home/kamaji/.profile')).toBe('umask 027\n');
  });
});

const hasShellcheck = skipUnless('shellcheck', 'shellcheck of the sandbox stubs');
(hasShellcheck ? test.each : test.skip.each)(fs.readdirSync(path.join(__dirname, 'sandbox/stubs')))(
  'the sandbox stub %s passes shellcheck',
  (stub) => {
    const text = fs.readFileSync(path.join(__dirname, 'sandbox/stubs', stub), 'utf8');
    expect(shellcheck(stub === 'lib.sh' ? `#!/bin/bash\n${text}` : text)).toEqual({
      ok: true,
      output: '',
    });
  },
);

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** kubeadm's CA pin: sha256 of the DER SubjectPublicKeyInfo of the CA certificate. */
function kubeadmCaHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}
