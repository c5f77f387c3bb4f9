/**
 * The runner-side scripts of node retirement (issue #14 item 4), run with a stub
 * `kubectl` first on PATH (./stubs/kubectl records its calls and plays the management
 * cluster, with the tenant's admin kubeconfig Secret, and the tenant), as Terraform's
 * local-exec runs them: `/bin/sh -c <script>` with the instance's environment set.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DrainTimeoutAction, NodeDrain } from '../../src';
import { renderDrainScript, renderNodeDeletionScript } from '../../src/day-two/retirement-scripts';
import { shellcheck, skipUnless } from '../support/tools';

const STUBS = path.join(__dirname, 'stubs');
const NODE = 'tcp-charlie-default-pool-node-02';
const SECRET = 'tcp-charlie-admin-kubeconfig';
const NAMESPACE = 'kamaji-tenant';
/** The tenant's admin kubeconfig, as Kamaji's Secret holds it; its parts must never show. */
const TENANT_KUBECONFIG = [
  'apiVersion: v1 # tenant-admin-secret',
  'kind: Config',
  'clusters: [{name: t, cluster: {server: "https://tenant-api.example:6443"}}]',
  'users: [{name: a, user: {client-key-data: c2VjcmV0LWNsaWVudC1rZXk=}}]',
  '',
].join('\n');
const TENANT_PARTS = ['tenant-admin-secret', 'tenant-api.example', 'c2VjcmV0LWNsaWVudC1rZXk='];

interface Run {
  status: number | null;
  output: string;
  calls: string[];
  tmpAfter: string[];
  /** Where the run's files are: `home/`, the management kubeconfigs, `secret`. */
  dir: string;
}

/**
 * Runs `script` in a sandbox: HOME is `<dir>/home` (with a `.kube/config` first line
 * `# home`), `<dir>/<name>` are management kubeconfigs whose first line is `# <name>`,
 * and the management cluster's Secret holds TENANT_KUBECONFIG. `env` values may use
 * `{dir}`.
 */
function run(script: string, env: NodeJS.ProcessEnv = {}, withKubectl = true): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-drain-'));
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  fs.mkdirSync(path.join(dir, 'home', '.kube'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'home', '.kube', 'config'), '# home\n');
  for (const name of ['provider', 'env-path', 'kubeconfig-env']) {
    fs.writeFileSync(path.join(dir, name), `# ${name}\n`);
    fs.chmodSync(path.join(dir, name), 0o644);
  }
  fs.chmodSync(path.join(dir, 'home', '.kube', 'config'), 0o644);
  fs.writeFileSync(path.join(dir, 'secret'), TENANT_KUBECONFIG);
  const log = path.join(dir, 'kubectl.log');
  fs.writeFileSync(log, '');
  const given = Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, value?.replace(/\{dir\}/g, dir)]),
  );
  try {
    const result = spawnSync('/bin/sh', ['-c', script], {
      encoding: 'utf8',
      env: {
        PATH: withKubectl ? `${STUBS}:/usr/bin:/bin` : emptyPathWithoutKubectl(dir),
        HOME: path.join(dir, 'home'),
        TMPDIR: tmp,
        KUBECTL_LOG: log,
        KUBECTL_SECRET: path.join(dir, 'secret'),
        KUBECTL_SECRET_NAME: SECRET,
        KUBECTL_SECRET_NAMESPACE: NAMESPACE,
        NODE_NAME: NODE,
        ADMIN_KUBECONFIG_SECRET_NAMESPACE: NAMESPACE,
        ADMIN_KUBECONFIG_SECRET_NAME: SECRET,
        MANAGEMENT_KUBECONFIG: '',
        MANAGEMENT_CONTEXT: '',
        ...given,
      },
    });
    return {
      status: result.status,
      output: `${result.stdout}${result.stderr}`,
      calls: fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((call) => call.replace(dir, '{dir}')),
      tmpAfter: fs.readdirSync(tmp),
      dir,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A PATH with the shell tools the script needs but no kubectl (this machine may have one). */
function emptyPathWithoutKubectl(dir: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const tool of ['mktemp', 'rm']) {
    const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find(fs.existsSync)!;
    fs.symlinkSync(found, path.join(bin, tool));
  }
  return bin;
}

/** The Secret read the stub saw, with the management kubeconfig's first line and path. */
const secretRead = (from: string, extra = '') =>
  `get secret ${SECRET} --namespace=${NAMESPACE} --request-timeout=30s --output=jsonpath={.data.admin\\.conf}${extra} | kubeconfig 644 # ${from} | from {dir}/${from === 'home' ? 'home/.kube/config' : from}`;

const drain = renderDrainScript(NodeDrain.evict({ timeoutSeconds: 120 }));
const kubeconfigSeen = '| kubeconfig 600 apiVersion: v1 # tenant-admin-secret';

/** Nothing of the tenant's kubeconfig in the output or in any argv. */
function expectNoTenantKubeconfig({ output, calls }: Run): void {
  for (const part of TENANT_PARTS) {
    expect(output).not.toContain(part);
    expect(calls.map((c) => c.split(' | ')[0]).join('\n')).not.toContain(part);
  }
}

describe('the drain script', () => {
  test('reads the admin kubeconfig Secret, cordons, then drains with evictions that respect PodDisruptionBudgets', () => {
    const result = run(drain);
    const { status, calls, tmpAfter } = result;
    expect(status).toBe(0);
    expect(calls).toEqual([
      secretRead('home'),
      `get node ${NODE} --ignore-not-found --output=name --request-timeout=30s ${kubeconfigSeen}`,
      `cordon ${NODE} --request-timeout=30s ${kubeconfigSeen}`,
      `drain ${NODE} --ignore-daemonsets --delete-emptydir-data --timeout=120s ${kubeconfigSeen}`,
    ]);
    // THEN the tenant kubeconfig was a 0600 file (above), never an argument, and is gone
    expect(calls.join('\n')).not.toContain('--kubeconfig');
    expectNoTenantKubeconfig(result);
    expect(tmpAfter).toEqual([]);
  });

  test('a drain that times out fails, names the node and says what to do; the kubeconfig file is removed', () => {
    const { status, output, calls, tmpAfter } = run(drain, { KUBECTL_DRAIN_FAILS: '1' });
    expect(status).toBe(1);
    expect(output).toContain(`${NODE} was not drained within 120 s`);
    expect(output).toContain('its machine is kept');
    expect(calls).toHaveLength(4);
    expect(tmpAfter).toEqual([]);
  });

  test('with onTimeout PROCEED, a drain that times out warns and lets the machine go', () => {
    const script = renderDrainScript(
      NodeDrain.evict({ timeoutSeconds: 120, onTimeout: DrainTimeoutAction.PROCEED }),
    );
    const { status, output } = run(script, { KUBECTL_DRAIN_FAILS: '1' });
    expect(status).toBe(0);
    expect(output).toContain(
      `WARNING: ${NODE} was not drained within 120 s; its machine goes anyway`,
    );
  });

  test('is idempotent: a node already gone is success, with nothing cordoned', () => {
    const { status, output, calls } = run(drain, { KUBECTL_ABSENT: NODE });
    expect(status).toBe(0);
    expect(output).toContain('is not in the tenant');
    expect(calls.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'get secret',
      `get node`,
    ]);
  });

  test('without kubectl on the runner it fails and says how to fix it', () => {
    const { status, output } = run(drain, {}, false);
    expect(status).toBe(1);
    expect(output).toContain('kubectl is not on the PATH of the Terraform runner');
    expect(output).toContain('CDKTF_KAMAJI_SKIP_DRAIN=1');
  });

  test('CDKTF_KAMAJI_SKIP_DRAIN=1 skips every kubectl call', () => {
    const { status, calls } = run(drain, { CDKTF_KAMAJI_SKIP_DRAIN: '1' });
    expect(status).toBe(0);
    expect(calls).toEqual([]);
  });

  test('never prints the kubeconfig', () => {
    for (const env of [{}, { KUBECTL_DRAIN_FAILS: '1' }, { KUBECTL_SECRET_NAME: 'other' }]) {
      expectNoTenantKubeconfig(run(drain, env));
    }
  });
});

describe('where the scripts find the management cluster', () => {
  // Each row: the runner's environment, and which kubeconfig the Secret was read with.
  test.each([
    [
      "the control plane provider's configPath first",
      {
        MANAGEMENT_KUBECONFIG: '{dir}/provider',
        KUBE_CONFIG_PATH: '{dir}/env-path',
        KUBECONFIG: '{dir}/kubeconfig-env',
      },
      'provider',
    ],
    [
      "a configPath under ~/ in the runner's home",
      { MANAGEMENT_KUBECONFIG: '~/.kube/config', KUBE_CONFIG_PATH: '{dir}/env-path' },
      'home',
    ],
    [
      'else KUBE_CONFIG_PATH, as the kubernetes provider',
      { KUBE_CONFIG_PATH: '{dir}/env-path', KUBECONFIG: '{dir}/kubeconfig-env' },
      'env-path',
    ],
    ['else KUBECONFIG, as kubectl', { KUBECONFIG: '{dir}/kubeconfig-env' }, 'kubeconfig-env'],
    ['else ~/.kube/config', {}, 'home'],
  ])('%s', (_, env, from) => {
    const result = run(drain, env);
    expect(result.status).toBe(0);
    expect(result.calls[0]).toBe(secretRead(from));
    // AND the tenant is reached with the Secret's kubeconfig, whatever KUBECONFIG was
    expect(result.calls.slice(1).every((c) => c.endsWith(kubeconfigSeen))).toBe(true);
    expect(result.calls).toHaveLength(4);
  });

  test("with the provider's context", () => {
    const { status, calls } = run(drain, {
      MANAGEMENT_KUBECONFIG: '{dir}/provider',
      MANAGEMENT_CONTEXT: 'kamaji-admin@management',
    });
    expect(status).toBe(0);
    expect(calls[0]).toBe(secretRead('provider', ' --context=kamaji-admin@management'));
  });

  test('a missing Secret fails with one line naming it, the kubeconfig used and the ways out', () => {
    const result = run(drain, { KUBECTL_SECRET_NAME: 'another-admin-kubeconfig' });
    expect(result.status).toBe(1);
    const lines = result.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Secret ${NAMESPACE}/${SECRET}, key admin.conf`);
    expect(lines[0]).toContain(`with kubeconfig ${result.dir}/home/.kube/config`);
    expect(lines[0]).toContain(`Error from server (NotFound): secrets "${SECRET}" not found`);
    expect(lines[0]).toContain('CDKTF_KAMAJI_TENANT_KUBECONFIG=');
    expect(lines[0]).toContain('CDKTF_KAMAJI_SKIP_DRAIN=1');
    // AND nothing was done on the tenant
    expect(result.calls).toHaveLength(1);
    expect(result.tmpAfter).toEqual([]);
  });

  test('a management kubeconfig that does not exist fails the same way, naming it', () => {
    const { status, output, calls } = run(drain, { MANAGEMENT_KUBECONFIG: '{dir}/gone' });
    expect(status).toBe(1);
    expect(output).toMatch(/with kubeconfig \S+\/gone, so .* cannot be drained: The connection/);
    expect(calls).toHaveLength(1);
  });

  test('a Secret without admin.conf fails and says so', () => {
    const { status, output } = run(drain, { KUBECTL_SECRET: '/dev/null' });
    expect(status).toBe(1);
    expect(output).toContain(
      `Secret ${NAMESPACE}/${SECRET} in the management cluster has no admin.conf`,
    );
  });

  test('CDKTF_KAMAJI_TENANT_KUBECONFIG uses that file, and the management cluster is not asked', () => {
    const result = run(drain, { CDKTF_KAMAJI_TENANT_KUBECONFIG: '{dir}/provider' });
    expect(result.status).toBe(0);
    expect(result.calls.map((c) => c.split(' | ')[1])).toEqual([
      'kubeconfig 644 # provider',
      'kubeconfig 644 # provider',
      'kubeconfig 644 # provider',
    ]);
  });

  test('CDKTF_KAMAJI_TENANT_KUBECONFIG naming no file fails and says so', () => {
    const { status, output, calls } = run(drain, {
      CDKTF_KAMAJI_TENANT_KUBECONFIG: '~/missing.kubeconfig',
    });
    expect(status).toBe(1);
    expect(output).toMatch(
      /CDKTF_KAMAJI_TENANT_KUBECONFIG names \S+\/home\/missing.kubeconfig, which is not a readable file/,
    );
    expect(calls).toEqual([]);
  });
});

describe('the Node deletion script', () => {
  test('reads the Secret and deletes the Node, and a Node already gone is success', () => {
    const script = renderNodeDeletionScript();
    const result = run(script);
    expect(result.status).toBe(0);
    expect(result.calls[0]).toBe(secretRead('home'));
    expect(result.calls[2]).toBe(
      `delete node ${NODE} --ignore-not-found --request-timeout=30s ${kubeconfigSeen}`,
    );
    expectNoTenantKubeconfig(result);
    const gone = run(script, { KUBECTL_ABSENT: NODE });
    expect(gone.status).toBe(0);
    expect(gone.calls).toHaveLength(2);
  });

  test('a missing Secret fails and names it', () => {
    const { status, output } = run(renderNodeDeletionScript(), { KUBECTL_SECRET: '' });
    expect(status).toBe(1);
    expect(output).toContain(`so ${NODE} cannot be deleted: Error from server (NotFound)`);
  });
});

describe('shellcheck', () => {
  const scripts = {
    drain,
    proceed: renderDrainScript(NodeDrain.evict({ onTimeout: DrainTimeoutAction.PROCEED })),
    deletion: renderNodeDeletionScript(),
  };
  test.each(Object.entries(scripts))('the %s script is clean', (_, script) => {
    if (!skipUnless('shellcheck', 'shellcheck of the retirement scripts')) return;
    const result = shellcheck(script);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
