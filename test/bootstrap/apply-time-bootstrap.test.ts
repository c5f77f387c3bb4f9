/**
 * Bootstrap settings given as Terraform values (issue #22 item 1): the real `terraform`
 * evaluates a pool's user-data with hostile variable values, then the decoded
 * cloud-config is read by the yaml library and `cloud-init schema`, and the join script
 * runs in the bubblewrap sandbox; and `terraform plan` refuses invalid values with the
 * synth-time message. References to the control plane's resources are swapped for
 * variables, as in terraform-user-data.test.ts: no provider is needed.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { parse, stringify } from 'yaml';
import {
  BringYourOwnMachines,
  KubernetesVersion,
  TaintEffect,
  TenantControlPlane,
  YakiSource,
} from '../../src';
import { createClusterPki } from '../../packages/check/src/stub/pki';
import { newStack, synthesize } from '../support/synth';
import { cloudInitSchema, hasTool, shellcheck, skipUnless } from '../support/tools';
import { NodeSandbox, sandboxUnavailable } from './sandbox/node-sandbox';

jest.setTimeout(120_000);

const hasTerraform = skipUnless('terraform', 'Terraform evaluation of apply-time bootstrap values');
const describeWithTerraform = hasTerraform ? describe : describe.skip;
const unavailable = sandboxUnavailable();
if (unavailable) console.warn(`skipped: the join script with hostile values: ${unavailable}`);

const STUB_YAKI = path.join(__dirname, 'sandbox/stubs/yaki');
const CA = createClusterPki().caCertificatePem;
const ENDPOINT = '203.0.113.10:6443';
const TOKEN_ID = 'abcdef';
const TOKEN_SECRET = '0123456789abcdef';
const POOL = 'test/tcp/pool';

/** Each bootstrap setting the pool takes from a variable of the same name. */
const STRING_SETTINGS = [
  'kubernetes_version',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'yaki_url',
  'yaki_sha256',
  'containerd_version',
  'admin_user',
  'ssh_key',
  'package',
  'ntp_server',
  'file_path',
  'file_content',
  'file_owner',
  'file_permissions',
  'label_value',
  'taint_value',
] as const;
type Values = Record<(typeof STRING_SETTINGS)[number], string>;

/** What each setting leaves as it is (the sandbox joins with these). */
const VALID: Values = {
  kubernetes_version: 'v1.33.4',
  http_proxy: 'http://proxy.example.com:3128',
  https_proxy: 'http://user:secret@proxy.example.com:3128',
  no_proxy: '10.0.0.0/8',
  yaki_url: 'https://mirror.example.com/yaki',
  yaki_sha256: createHash('sha256').update(fs.readFileSync(STUB_YAKI)).digest('hex'),
  containerd_version: 'v2.1.4',
  admin_user: 'kamaji',
  ssh_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBase64Key kamaji@example',
  package: 'jq',
  ntp_server: 'ntp.example.com',
  file_path: '/etc/example.conf',
  file_content: 'a=1\n',
  file_owner: 'root:root',
  file_permissions: '0644',
  label_value: 'web',
  taint_value: 'gpu',
};

/** Breaks out of single and double quotes, shell and YAML, and Terraform templates. */
const BREAKOUT =
  'x\'"; id >/var/log/pwned; echo \'" `id >/var/log/pwned` $(id >/var/log/pwned) \\ ${HOME} %{if true}y%{endif} #c\n' +
  'bootcmd:\n- [sh, -c, "id >/var/log/pwned"]\n? {a: *b} &c !!str';

/** The reproduction: a proxy that closes the join script's single quotes. */
const QUOTE_BREAKER = "http://p:3128'; id > /var/log/pwned; echo '";

/** A pool whose bootstrap settings are all Terraform variables. */
function poolOfVariables(): TerraformStack {
  const stack = newStack();
  const variables = new Map<string, string>();
  const v = (name: string) => {
    if (!variables.has(name)) {
      variables.set(name, new TerraformVariable(stack, name, { type: 'string' }).stringValue);
    }
    return variables.get(name)!;
  };
  const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
  tcp.addNodePool('pool', {
    name: 'default-pool',
    infrastructure: new BringYourOwnMachines(),
    kubernetesVersion: KubernetesVersion.of(v('kubernetes_version')),
    labels: { 'example.com/tier': v('label_value') },
    taints: [
      { key: 'example.com/dedicated', value: v('taint_value'), effect: TaintEffect.NO_SCHEDULE },
    ],
    bootstrap: {
      proxy: { httpProxy: v('http_proxy'), httpsProxy: v('https_proxy'), noProxy: [v('no_proxy')] },
      yaki: YakiSource.fromUrl(v('yaki_url'), v('yaki_sha256')),
      componentVersions: { containerd: v('containerd_version') },
      adminUser: { name: v('admin_user'), sshAuthorizedKeys: [v('ssh_key')] },
      sshAuthorizedKeys: [v('ssh_key')],
      extraPackages: [v('package')],
      ntpServers: [v('ntp_server')],
      files: [
        {
          path: v('file_path'),
          content: v('file_content'),
          owner: v('file_owner'),
          permissions: v('file_permissions'),
        },
      ],
    },
  });
  return stack;
}

const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

function terraform(dir: string, args: string[]) {
  return spawnSync('terraform', [...args, '-input=false', '-no-color'], {
    cwd: dir,
    encoding: 'utf8',
    env,
  });
}

describeWithTerraform('bootstrap settings given as Terraform values', () => {
  const json = synthesize(poolOfVariables()).json as any;
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A directory with `config` and the values of the pool's variables. */
  function workspace(config: object, values: Values): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-apply-time-'));
    dirs.push(dir);
    const variable = Object.fromEntries(STRING_SETTINGS.map((name) => [name, json.variable[name]]));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ ...config, variable }));
    fs.writeFileSync(path.join(dir, 'terraform.tfvars.json'), JSON.stringify(values));
    return dir;
  }

  /** Node 00's user-data, as terraform evaluates it with `values`. */
  function userData(values: Values): string {
    const withVariables = (value: unknown) =>
      String(value)
        .replace(/data\.kubernetes_secret_v1\.[\w-]+\.data\["admin\.conf"\]/g, 'var.kubeconfig')
        .replace(/random_string\.[\w-]+\.result/g, 'var.token_id')
        .replace(/random_password\.[\w-]+\.result/g, 'var.token_secret');
    const locals = Object.fromEntries(
      Object.entries((json.locals ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        withVariables(v),
      ]),
    );
    const kubeconfig = stringify({
      clusters: [
        {
          name: 't',
          cluster: {
            server: `https://${ENDPOINT}`,
            'certificate-authority-data': Buffer.from(CA).toString('base64'),
          },
        },
      ],
    });
    const dir = workspace(
      {
        locals,
        output: {
          // Sensitive: the user-data holds the CA read from the admin kubeconfig, which
          // is sensitive at its source (issue #22 item 3).
          user_data: {
            value: withVariables(json.output['tcp-charlie-default-pool-node-00-user-data'].value),
            sensitive: true,
          },
        },
      },
      values,
    );
    const fixed = {
      kubeconfig: { type: 'string', default: kubeconfig },
      token_id: { type: 'string', default: TOKEN_ID },
      token_secret: { type: 'string', default: TOKEN_SECRET },
    };
    const main = JSON.parse(fs.readFileSync(path.join(dir, 'main.tf.json'), 'utf8'));
    main.variable = { ...main.variable, ...fixed };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(main));
    const apply = terraform(dir, ['apply', '-auto-approve']);
    if (apply.status !== 0)
      throw new Error(`terraform apply failed:\n${apply.stdout}${apply.stderr}`);
    const output = spawnSync('terraform', ['output', '-raw', 'user_data'], {
      cwd: dir,
      encoding: 'utf8',
      env,
    });
    if (output.status !== 0) throw new Error(`terraform output failed:\n${output.stderr}`);
    return output.stdout;
  }

  /** `terraform plan` of the pool's checks alone, with `values`. */
  function planChecks(values: Values) {
    const checks = Object.entries(json.resource.terraform_data).filter(([name]) =>
      name.includes('bootstrap-checks'),
    );
    expect(checks).toHaveLength(1);
    const locals = Object.fromEntries(
      Object.entries(json.locals).filter(([name]) => name.includes('bootstrap-checks')),
    );
    const dir = workspace(
      { locals, resource: { terraform_data: Object.fromEntries(checks) } },
      values,
    );
    const plan = terraform(dir, ['plan']);
    return { status: plan.status, output: `${plan.stdout}${plan.stderr}` };
  }

  const writtenFile = (cloudConfig: any, file: string) =>
    Buffer.from(
      cloudConfig.write_files.find((f: { path: string }) => f.path === file).content,
      'base64',
    ).toString('utf8');

  describe('hostile values stay in their context', () => {
    const hostile = Object.fromEntries(
      STRING_SETTINGS.map((name) => [name, `${VALID[name]}${BREAKOUT}`]),
    ) as Values;
    // Evaluated before the tests, parsed in each: a parse error is a failed test.
    let text = '';
    let cloudConfig: any;
    beforeAll(() => {
      text = userData(hostile);
    });
    beforeEach(() => {
      cloudConfig = parse(text);
    });

    test('the cloud-config has only its own keys, each value exactly as given', () => {
      expect(Object.keys(cloudConfig).sort()).toEqual(
        [
          'hostname',
          'manage_etc_hosts',
          'ntp',
          'package_update',
          'packages',
          'runcmd',
          'ssh_authorized_keys',
          'users',
          'write_files',
        ].sort(),
      );
      expect(cloudConfig.ssh_authorized_keys).toEqual([hostile.ssh_key]);
      expect(cloudConfig.users[1]).toMatchObject({
        name: hostile.admin_user,
        ssh_authorized_keys: [hostile.ssh_key],
      });
      expect(cloudConfig.packages.slice(-1)).toEqual([hostile.package]);
      expect(cloudConfig.ntp.servers).toEqual([hostile.ntp_server]);
      expect(cloudConfig.write_files.slice(-1)).toEqual([
        expect.objectContaining({
          path: hostile.file_path,
          owner: hostile.file_owner,
          permissions: hostile.file_permissions,
        }),
      ]);
      expect(writtenFile(cloudConfig, hostile.file_path)).toBe(hostile.file_content);
      expect(cloudConfig.runcmd).toEqual([['/usr/local/sbin/kamaji-join']]);
    });

    (hasTool('cloud-init') ? test : test.skip)('passes cloud-init schema', () => {
      expect(cloudInitSchema(text)).toEqual({
        ok: true,
        output: expect.stringContaining('Valid cloud-config'),
      });
    });

    test('labels and taints reach the JoinConfiguration as JSON strings, exactly as given', () => {
      const join = JSON.parse(writtenFile(cloudConfig, '/etc/kubernetes/kubeadm-join.yaml'));
      expect(join.nodeRegistration.kubeletExtraArgs).toEqual([
        { name: 'node-labels', value: `example.com/tier=${hostile.label_value}` },
      ]);
      expect(join.nodeRegistration.taints).toEqual([
        { key: 'example.com/dedicated', value: hostile.taint_value, effect: 'NoSchedule' },
      ]);
    });

    (hasTool('shellcheck') ? test : test.skip)('the join script passes shellcheck', () => {
      expect(shellcheck(writtenFile(cloudConfig, '/usr/local/sbin/kamaji-join'))).toEqual({
        ok: true,
        output: '',
      });
    });

    test('the proxy file reads back, by sh, as the values given', () => {
      const file = path.join(dirs[0], 'proxy.env');
      fs.writeFileSync(file, writtenFile(cloudConfig, '/etc/kamaji/proxy.env'));
      const read = spawnSync(
        'sh',
        ['-c', '. "$1" && printf "%s\\0" "$HTTP_PROXY" "$https_proxy" "$NO_PROXY"', 'sh', file],
        { encoding: 'utf8', env: { PATH: process.env.PATH } },
      );
      expect(read.stdout.split('\0').slice(0, 3)).toEqual([
        hostile.http_proxy,
        hostile.https_proxy,
        hostile.no_proxy,
      ]);
    });
  });

  (unavailable ? describe.skip : describe)('the join script, run in the sandbox', () => {
    const sandboxes: NodeSandbox[] = [];
    afterAll(() => sandboxes.forEach((s) => s.dispose()));
    const boot = (values: Values, yaki?: string) => {
      const node = new NodeSandbox(userData(values), { yaki });
      sandboxes.push(node);
      return { node, result: node.boot() };
    };

    test('a proxy that breaks quotes runs nothing and reaches yaki exactly', () => {
      // GIVEN the proxy, and the other proxy settings breaking every quote
      const values = {
        ...VALID,
        http_proxy: QUOTE_BREAKER,
        https_proxy: `http://p:3128"; id >/var/log/pwned; echo "`,
        no_proxy: '$(id >/var/log/pwned)`id >/var/log/pwned`',
      };
      // WHEN
      const { node, result } = boot(values);
      // THEN the node joins, and no command of the values ran
      expect(result).toEqual({ status: 0, output: '' });
      expect(node.exists('/var/log/pwned')).toBe(false);
      expect(node.read('/var/log/kamaji-join.log')).not.toContain('uid=');
      expect(node.yakiEnvironment()).toMatchObject({
        HTTP_PROXY: values.http_proxy,
        http_proxy: values.http_proxy,
        HTTPS_PROXY: values.https_proxy,
        NO_PROXY: values.no_proxy,
        KUBERNETES_VERSION: 'v1.33.4',
        CONTAINERD_VERSION: 'v2.1.4',
      });
      const proxyFile = node.run(
        'bash',
        '-c',
        '. /etc/kamaji/proxy.env && printf "%s|%s" "$HTTP_PROXY" "$NO_PROXY"',
      );
      expect(proxyFile.output).toBe(`${values.http_proxy}|${values.no_proxy}`);
      expect(node.exists('/var/log/pwned')).toBe(false);
    });

    test('a checksum that closes its quotes does not switch the check off: a tampered yaki never runs', () => {
      // GIVEN a yaki that is not the one of the checksum, and a checksum that would
      // comment out `| sha256sum --check` were it spliced between quotes
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-yaki-'));
      dirs.push(dir);
      const tampered = path.join(dir, 'yaki');
      fs.writeFileSync(tampered, `${fs.readFileSync(STUB_YAKI, 'utf8')}\n# tampered\n`);
      // WHEN
      const { node, result } = boot(
        { ...VALID, yaki_sha256: `${VALID.yaki_sha256}' | true #` },
        tampered,
      );
      // THEN
      expect(result.status).not.toBe(0);
      expect(node.calls().filter((c) => c.startsWith('yaki'))).toEqual([]);
    });
  });

  describe('the plan refuses invalid values with the synth-time message', () => {
    test('valid values plan', () => {
      const plan = planChecks(VALID);
      expect(plan).toEqual({ status: 0, output: expect.stringContaining('1 to add') });
    });

    test.each([
      [
        'a proxy URL without scheme',
        { http_proxy: 'p:3128' },
        `${POOL}: bootstrap.proxy.httpProxy: received "p:3128"; must be an https:// (or http://) URL without spaces or quotes`,
      ],
      [
        'a sha256 that is not 64 hex digits',
        { yaki_sha256: 'x --skip' },
        `${POOL}: bootstrap.yaki.sha256: received "x --skip"; must be a sha256 checksum: 64 hexadecimal digits`,
      ],
      [
        'an SSH key with a second line',
        { ssh_key: `${VALID.ssh_key}\nbootcmd: [id]` },
        `${POOL}: bootstrap.sshAuthorizedKeys[0]: received "${VALID.ssh_key}\\nbootcmd: [id]"; must be one line of an OpenSSH public key`,
      ],
      [
        'an SSH key comment with DEL, which YAML refuses even quoted',
        { ssh_key: `${VALID.ssh_key}\u007f` },
        `${POOL}: bootstrap.sshAuthorizedKeys[0]: received "${VALID.ssh_key}\u007f"; must be one line of an OpenSSH public key`,
      ],
      [
        'a label value that would add a label',
        { label_value: 'web,node-role.kubernetes.io/control-plane=' },
        `${POOL}: labels["example.com/tier"]: received "web,node-role.kubernetes.io/control-plane="; must be`,
      ],
      [
        'a user file over the join configuration, by a detour',
        { file_path: '/etc/ssl/../kubernetes/kubeadm-join.yaml' },
        `${POOL}: bootstrap.files[0].path: received "/etc/ssl/../kubernetes/kubeadm-join.yaml"; must be a normalized path (no "//", "." or ".." segments) outside what the join writes itself (/etc/kubernetes,`,
      ],
      [
        'an unsupported Kubernetes version',
        { kubernetes_version: 'v1.30.14' },
        `${POOL}: kubernetesVersion: received "v1.30.14"; must be a release "vX.Y.Z" from v1.31 to v1.36: given as a Terraform value`,
      ],
    ])('fails for %s', (_name, change, message) => {
      const plan = planChecks({ ...VALID, ...change });
      expect(plan.status).not.toBe(0);
      expect(plan.output.replace(/\s*\n\s*/g, ' ')).toContain(message);
    });

    test('a proxy URL with a password fails without showing it', () => {
      const plan = planChecks({ ...VALID, https_proxy: 'user:hunter2@proxy:3128' });
      expect(plan.status).not.toBe(0);
      expect(plan.output.replace(/\s*\n\s*/g, ' ')).toContain(
        `${POOL}: bootstrap.proxy.httpsProxy: received "***@proxy:3128"; must be an https://`,
      );
      expect(plan.output).not.toContain('hunter2');
    });
  });
});
