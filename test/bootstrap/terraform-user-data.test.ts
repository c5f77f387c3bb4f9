/**
 * The user-data a NodePool synthesizes is a Terraform expression. This test lets the
 * real `terraform` binary evaluate it, with adversarial apply-time values standing in
 * in the admin kubeconfig (server and CA) and the token, and checks that the
 * result is valid cloud-config (`cloud-init schema`) carrying those values exactly.
 * The references to resources are swapped for variables: no provider is needed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { BringYourOwnMachines, TenantControlPlane } from '../../src';
import { newStack, synthesize } from '../support/synth';
import { cloudInitSchema, hasTool, skipUnless } from '../support/tools';

const ENDPOINT = `203.0.113.10:6443" ' \${HOME} %{if} \\ $(reboot)`;
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\'"${x}%{y}\\\n-----END CERTIFICATE-----\n';
const TOKEN_ID = 'abc"de';
const TOKEN_SECRET = "0123'\\${z}89abcdef";

const hasTerraform = skipUnless('terraform', 'Terraform evaluation of synthesized user-data');
const describeWithTerraform = hasTerraform ? describe : describe.skip;

describeWithTerraform('synthesized user-data, evaluated by terraform', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-tf-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function evaluate(): string {
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-charlie' });
    tcp.addNodePool('pool', {
      name: 'default-pool',
      infrastructure: new BringYourOwnMachines(),
      bootstrap: { preJoinCommands: ['echo "${HOME} %{x} \\n"'] },
    });
    const json = synthesize(stack).json;
    const withVariables = (value: unknown) =>
      String(value)
        .replace(/data\.kubernetes_secret_v1\.[\w-]+\.data\["admin\.conf"\]/g, 'var.kubeconfig')
        .replace(/random_string\.[\w-]+\.result/g, 'var.token_id')
        .replace(/random_password\.[\w-]+\.result/g, 'var.token_secret');
    const expression = withVariables(
      json.output!['tcp-charlie-default-pool-node-00-user-data'].value,
    );
    // The join token's locals (endpoint, CA) come along, with the same substitutions.
    const locals = Object.fromEntries(
      Object.entries((json.locals ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        withVariables(v),
      ]),
    );
    for (const text of [expression, ...Object.values(locals)]) {
      expect(text).not.toMatch(/(kubernetes_manifest|data\.|random_)/);
    }
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
    const config = {
      variable: {
        kubeconfig: { type: 'string', default: kubeconfig },
        token_id: { type: 'string', default: TOKEN_ID },
        token_secret: { type: 'string', default: TOKEN_SECRET },
      },
      locals,
      // Sensitive, as the pool's own output is: the kubeconfig and token it holds are.
      output: { user_data: { value: expression, sensitive: true } },
    };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const apply = spawnSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], {
      cwd: dir,
      encoding: 'utf8',
      env,
    });
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

  const userData = evaluate();
  const cloudConfig = parse(userData);
  const file = (p: string) =>
    Buffer.from(cloudConfig.write_files.find((f: any) => f.path === p).content, 'base64').toString(
      'utf8',
    );

  test('is valid YAML carrying the apply-time values exactly', () => {
    expect(file('/etc/kubernetes/join-url')).toBe(ENDPOINT);
    expect(file('/etc/kubernetes/join-token')).toBe(`${TOKEN_ID}.${TOKEN_SECRET}`);
    const discovery = parse(file('/etc/kubernetes/discovery.conf'));
    expect(discovery.clusters[0].cluster.server).toBe(`https://${ENDPOINT}`);
    expect(
      Buffer.from(discovery.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
    ).toBe(CA);
    expect(parse(file('/etc/kubernetes/kubeadm-join.yaml')).discovery.tlsBootstrapToken).toBe(
      `${TOKEN_ID}.${TOKEN_SECRET}`,
    );
  });

  test('keeps literal "${" and "%{" of user commands as text', () => {
    expect(file('/usr/local/sbin/kamaji-join')).toContain('echo "${HOME} %{x} \\n"');
  });

  (hasTool('cloud-init') ? test : test.skip)('passes cloud-init schema', () => {
    expect(cloudInitSchema(userData)).toEqual({
      ok: true,
      output: expect.stringContaining('Valid cloud-config'),
    });
  });
});
