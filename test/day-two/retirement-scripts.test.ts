/**
 * The runner-side scripts of node retirement (issue #14 item 4), run with a stub
 * `kubectl` first on PATH (./stubs/kubectl records its calls and plays the management
 * cluster, with the tenant's admin kubeconfig Secret, and the tenant), as Terraform's
 * local-exec runs them: `/bin/sh -c <script>` with the instance's environment set.
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
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
  'clusters: [{name: t, cluster: {server: "https://tenant-api.example:6443", certificate-authority-data: Q0EtcHJvZA==}}]',
  'users: [{name: a, user: {client-key-data: c2VjcmV0LWNsaWVudC1rZXk=}}]',
  '',
].join('\n');
const TENANT_PARTS = ['tenant-admin-secret', 'c2VjcmV0LWNsaWVudC1rZXk='];
/** The control plane's endpoint and CA hash ("CA-prod"), as the drain records hold them. */
const ENDPOINT = 'tenant-api.example:6443';
const CA_SHA256 = createHash('sha256').update('CA-prod').digest('hex');
/** Another tenant at the same address (another network, another environment). */
const SAME_ADDRESS_KUBECONFIG = TENANT_KUBECONFIG.replace('Q0EtcHJvZA==', 'Q0Etc3RhZ2luZw==');
/** Another tenant's admin kubeconfig (another management cluster's Secret of that name). */
const STAGING_KUBECONFIG = [
  'apiVersion: v1 # staging-admin',
  'clusters: [{name: t, cluster: {server: "https://staging-api.example:6443"}}]',
  '',
].join('\n');

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
  for (const name of ['provider', 'env-path', 'kubeconfig-env', 'paths-a', 'paths-b']) {
    fs.writeFileSync(path.join(dir, name), `# ${name}\n`);
    fs.chmodSync(path.join(dir, name), 0o644);
  }
  fs.writeFileSync(path.join(dir, 'contexts'), '# contexts\ncurrent-context: staging\n');
  fs.chmodSync(path.join(dir, 'contexts'), 0o644);
  fs.writeFileSync(path.join(dir, 'staging-secret'), STAGING_KUBECONFIG);
  fs.writeFileSync(path.join(dir, 'staging-tenant'), STAGING_KUBECONFIG);
  fs.writeFileSync(path.join(dir, 'given-tenant'), `# given\n${TENANT_KUBECONFIG}`);
  fs.writeFileSync(path.join(dir, 'same-address'), SAME_ADDRESS_KUBECONFIG);
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
        // The provider's `config_path = "~/.kube/config"`, a common setting.
        MANAGEMENT_KUBECONFIG: '~/.kube/config',
        MANAGEMENT_CONTEXT: '',
        TENANT_ENDPOINT: ENDPOINT,
        TENANT_CA_SHA256: CA_SHA256,
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
        .map((call) => call.split(dir).join('{dir}')),
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
  for (const tool of ['mktemp', 'rm', 'head']) {
    const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find(fs.existsSync)!;
    fs.symlinkSync(found, path.join(bin, tool));
  }
  return bin;
}

/** The Secret read the stub saw, with the management kubeconfig's first line and path. */
const secretRead = (from: string, extra = '', context = 'none', list = '') =>
  `get secret ${SECRET} --namespace=${NAMESPACE} --request-timeout=30s --output=jsonpath={.data.admin\\.conf}${extra} | kubeconfig 644 # ${from} | from ${list || `{dir}/${from === 'home' ? 'home/.kube/config' : from}`} | context ${context}`;

const drain = renderDrainScript(NodeDrain.evict({ timeoutSeconds: 120 }));
const proceed = renderDrainScript(
  NodeDrain.evict({ timeoutSeconds: 120, onTimeout: DrainTimeoutAction.PROCEED }),
);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Whether a process of that id runs (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
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

  // Only a real NotFound means "gone": any other failure keeps the machine.
  const failures = [
    [
      'the tenant API down',
      'The connection to the server tenant-api.example:6443 was refused - did you specify the right host or port?',
    ],
    ['a 401', 'error: You must be logged in to the server (Unauthorized)'],
    [
      'a 403',
      'Error from server (Forbidden): nodes "x" is forbidden: User "u" cannot get resource "nodes"',
    ],
    ['a timeout', 'Unable to connect to the server: net/http: TLS handshake timeout'],
  ];
  test.each(failures)(
    "with %s, the lookup fails the apply in one line with kubectl's error; nothing cordoned",
    (_, error) => {
      for (const script of [drain, proceed]) {
        const result = run(script, { KUBECTL_TENANT_ERROR: error });
        expect(result.status).toBe(1);
        const lines = result.output.trim().split('\n');
        expect(lines).toEqual([
          `cdktf-kamaji: ${NODE} could not be looked up in the tenant, so the apply fails and its machine is kept: ${error}. ` +
            "Bring the tenant's API server back (or fix the access) and apply again, or set CDKTF_KAMAJI_SKIP_DRAIN=1 to let its machine go as it is",
        ]);
        expect(result.calls.map((c) => c.split(' ')[0])).toEqual(['get', 'get']);
        expect(result.tmpAfter).toEqual([]);
      }
    },
  );

  test.each(['cordon', 'drain'])(
    'a %s that fails otherwise than NotFound fails the apply, with onTimeout PROCEED too',
    (verb) => {
      for (const script of [drain, proceed]) {
        const error = 'error: You must be logged in to the server (Unauthorized)';
        const result = run(script, { KUBECTL_TENANT_ERROR: error, KUBECTL_TENANT_ERROR_ON: verb });
        expect(result.status).toBe(1);
        expect(result.output.trim()).toContain(
          `${NODE} could not be ${verb === 'cordon' ? 'cordoned' : 'drained'} in the tenant, so the apply fails and its machine is kept: ${error}`,
        );
      }
    },
  );

  test('a Node that goes between lookup and cordon is done', () => {
    const result = run(drain, {
      KUBECTL_TENANT_ERROR: `Error from server (NotFound): nodes "${NODE}" not found`,
      KUBECTL_TENANT_ERROR_ON: 'cordon',
    });
    expect(result.status).toBe(0);
    expect(result.output).toContain('is not in the tenant: nothing to do');
  });

  // TERM: a CI cancel; KILL: how Terraform's local-exec stops its command (Go's
  // exec.CommandContext), which no trap sees.
  test.each(['SIGTERM', 'SIGKILL'] as const)(
    '%s mid-drain (a cancelled apply): kubectl drain is stopped, the kubeconfig removed',
    async (signal) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-term-'));
      try {
        // GIVEN a drain under way (the stub's drain hangs, its pid in a file)
        const tmp = path.join(dir, 'tmp');
        fs.mkdirSync(tmp);
        fs.writeFileSync(path.join(dir, 'management'), '# management\n');
        fs.writeFileSync(path.join(dir, 'secret'), TENANT_KUBECONFIG);
        const log = path.join(dir, 'kubectl.log');
        fs.writeFileSync(log, '');
        const child = spawn('/bin/sh', ['-c', drain], {
          stdio: 'ignore',
          env: {
            PATH: `${STUBS}:/usr/bin:/bin`,
            HOME: dir,
            TMPDIR: tmp,
            KUBECTL_LOG: log,
            KUBECTL_SECRET: path.join(dir, 'secret'),
            KUBECTL_DRAIN_HANGS: '1',
            NODE_NAME: NODE,
            ADMIN_KUBECONFIG_SECRET_NAMESPACE: NAMESPACE,
            ADMIN_KUBECONFIG_SECRET_NAME: SECRET,
            MANAGEMENT_KUBECONFIG: path.join(dir, 'management'),
            TENANT_ENDPOINT: ENDPOINT,
          },
        });
        const exited = new Promise<string>((resolve) =>
          child.on('exit', (code, killed) => resolve(`${code ?? killed}`)),
        );
        const pidFile = `${log}.drain-pid`;
        for (let i = 0; i < 100 && !fs.existsSync(pidFile); i++) await sleep(50);
        const drainPid = Number(fs.readFileSync(pidFile, 'utf8'));
        expect(alive(drainPid)).toBe(true);
        expect(fs.readdirSync(tmp)).toHaveLength(1);
        // WHEN Terraform's cancel signals the script
        child.kill(signal);
        // THEN it ends at once, failed; no drain left running, no kubeconfig left behind
        expect(await exited).toBe(signal === 'SIGTERM' ? '130' : 'SIGKILL');
        for (let i = 0; i < 60 && (alive(drainPid) || fs.readdirSync(tmp).length > 0); i++) {
          await sleep(50);
        }
        expect(alive(drainPid)).toBe(false);
        expect(fs.readdirSync(tmp)).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

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

describe('where the scripts find the management cluster: as the kubernetes provider does', () => {
  // Each row: the record's settings and the runner's environment, and which kubeconfig
  // (a KUBECONFIG list for several) and flags the Secret was read with.
  test.each([
    [
      "the provider's config_path first",
      {
        MANAGEMENT_KUBECONFIG: '{dir}/provider',
        KUBE_CONFIG_PATH: '{dir}/env-path',
        MANAGEMENT_KUBECONFIG_PATHS: '{dir}/paths-a:{dir}/paths-b',
        KUBECONFIG: '{dir}/kubeconfig-env',
      },
      secretRead('provider'),
    ],
    [
      "a config_path under ~/ in the runner's home",
      { MANAGEMENT_KUBECONFIG: '~/.kube/config', KUBE_CONFIG_PATH: '{dir}/env-path' },
      secretRead('home'),
    ],
    [
      'else KUBE_CONFIG_PATH, the default of config_path, even over config_paths',
      {
        MANAGEMENT_KUBECONFIG: '',
        KUBE_CONFIG_PATH: '{dir}/env-path',
        MANAGEMENT_KUBECONFIG_PATHS: '{dir}/paths-a',
      },
      secretRead('env-path'),
    ],
    [
      "else the provider's config_paths, as a KUBECONFIG list",
      {
        MANAGEMENT_KUBECONFIG: '',
        MANAGEMENT_KUBECONFIG_PATHS: '{dir}/paths-a:~/.kube/config',
        KUBE_CONFIG_PATHS: '{dir}/env-path',
      },
      secretRead('paths-a', '', 'none', '{dir}/paths-a:{dir}/home/.kube/config'),
    ],
    [
      'else KUBE_CONFIG_PATHS',
      { MANAGEMENT_KUBECONFIG: '', KUBE_CONFIG_PATHS: '{dir}/paths-b:{dir}/paths-a' },
      secretRead('paths-b', '', 'none', '{dir}/paths-b:{dir}/paths-a'),
    ],
    [
      'KUBE_CTX names the context when the provider gives none, over the current context',
      { MANAGEMENT_KUBECONFIG: '{dir}/contexts', KUBE_CTX: 'prod' },
      secretRead('contexts', ' --context=prod', 'prod'),
    ],
    [
      "the provider's config_context over KUBE_CTX; user and cluster likewise",
      {
        MANAGEMENT_KUBECONFIG: '{dir}/contexts',
        MANAGEMENT_CONTEXT: 'prod',
        KUBE_CTX: 'staging',
        MANAGEMENT_CONTEXT_AUTH_INFO: 'kamaji-admin',
        KUBE_CTX_AUTH_INFO: 'someone',
        KUBE_CTX_CLUSTER: 'prod-cluster',
      },
      secretRead('contexts', ' --context=prod --user=kamaji-admin --cluster=prod-cluster', 'prod'),
    ],
  ])('%s', (_, env, read) => {
    const result = run(drain, env);
    expect(result.output).toContain('drained');
    expect(result.status).toBe(0);
    expect(result.calls[0]).toBe(read);
    // AND the tenant is reached with the Secret's kubeconfig, whatever KUBECONFIG was
    expect(result.calls.slice(1).every((c) => c.endsWith(kubeconfigSeen))).toBe(true);
    expect(result.calls).toHaveLength(4);
  });

  test('KUBE_CTX=prod with current-context staging in the file: the Secret is read in prod', () => {
    // GIVEN the Secret of this tenant is in context prod; staging has a same-named one
    const env = {
      MANAGEMENT_KUBECONFIG: '{dir}/contexts',
      KUBECTL_SECRET_CONTEXT: 'prod',
      KUBECTL_OTHER_SECRET: '{dir}/staging-secret',
    };
    // WHEN the runner sets KUBE_CTX=prod, as Terraform's provider reads it
    const prod = run(drain, { ...env, KUBE_CTX: 'prod' });
    // THEN kubectl was given context prod, and the node was drained there
    expect(prod.status).toBe(0);
    expect(prod.calls[0]).toBe(secretRead('contexts', ' --context=prod', 'prod'));
    expect(prod.calls.map((c) => c.split(' ')[0])).toEqual(['get', 'get', 'cordon', 'drain']);
    // AND without KUBE_CTX the staging tenant is reached, recognised and refused: nothing cordoned
    const staging = run(drain, env);
    expect(staging.status).toBe(1);
    expect(staging.calls.map((c) => c.split(' ')[0])).toEqual(['get']);
    expect(staging.calls[0]).toContain('| context staging');
    const lines = staging.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `is for API server staging-api.example:6443, not for the control plane's ${ENDPOINT}: wrong cluster`,
    );
    expect(lines[0]).toContain('CDKTF_KAMAJI_SKIP_DRAIN=1');
    expect(staging.tmpAfter).toEqual([]);
  });

  test('a CDKTF_KAMAJI_TENANT_KUBECONFIG for another tenant is refused, nothing cordoned', () => {
    const result = run(drain, { CDKTF_KAMAJI_TENANT_KUBECONFIG: '{dir}/staging-tenant' });
    expect(result.status).toBe(1);
    expect(result.output).toContain('is for API server staging-api.example:6443');
    expect(result.calls).toEqual([]);
  });

  test('KUBE_INSECURE=false overrides nothing: the drain goes on', () => {
    expect(run(drain, { KUBE_INSECURE: 'false' }).status).toBe(0);
  });

  test('a tenant at the same address with another CA is refused, nothing cordoned', () => {
    const result = run(drain, { KUBECTL_SECRET: '{dir}/same-address' });
    expect(result.status).toBe(1);
    const lines = result.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `trusts another CA than the control plane's (sha256 ${createHash('sha256').update('CA-staging').digest('hex')}, not ${CA_SHA256}): wrong cluster`,
    );
    expect(result.calls.map((c) => c.split(' ')[0])).toEqual(['get']);
    expect(result.tmpAfter).toEqual([]);
  });

  test('a record without the CA hash (an older library) still checks the server', () => {
    expect(run(drain, { TENANT_CA_SHA256: '' }).status).toBe(0);
    const other = run(drain, { TENANT_CA_SHA256: '', TENANT_ENDPOINT: 'other:6443' });
    expect(other.output).toContain('wrong cluster');
  });

  test('a record without the endpoint (an older library) is refused, saying how to go on', () => {
    const result = run(drain, { TENANT_ENDPOINT: '' });
    expect(result.status).toBe(1);
    expect(result.output).toContain('holds no control plane endpoint');
    expect(result.calls.filter((c) => !c.startsWith('get secret'))).toEqual([]);
  });

  test.each([
    ['KUBECONFIG alone (the provider does not read it)', { KUBECONFIG: '{dir}/kubeconfig-env' }],
    ['nothing: no ~/.kube/config either', {}],
  ])('no kubeconfig for the provider: %s: refused, naming the ways out', (_, env) => {
    const result = run(drain, { MANAGEMENT_KUBECONFIG: '', ...env });
    expect(result.status).toBe(1);
    const lines = result.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('names no kubeconfig');
    expect(lines[0]).toContain('CDKTF_KAMAJI_TENANT_KUBECONFIG=');
    expect(lines[0]).toContain('CDKTF_KAMAJI_SKIP_DRAIN=1');
    expect(result.calls).toEqual([]);
  });

  test.each([
    ['host and token arguments', { MANAGEMENT_UNREPRODUCIBLE: 'host, token' }, 'host, token'],
    ['KUBE_HOST in the environment', { KUBE_HOST: 'https://elsewhere:6443' }, 'KUBE_HOST is set'],
    ['KUBE_TOKEN in the environment', { KUBE_TOKEN: 'a-token' }, 'KUBE_TOKEN is set'],
  ])('a provider configured with %s cannot be reproduced: refused', (_, env, named) => {
    const result = run(drain, env);
    expect(result.status).toBe(1);
    expect(result.output).toContain(named);
    expect(result.output).toContain('CDKTF_KAMAJI_TENANT_KUBECONFIG=');
    expect(result.calls).toEqual([]);
  });

  test("with the provider's context", () => {
    const { status, calls } = run(drain, {
      MANAGEMENT_KUBECONFIG: '{dir}/provider',
      MANAGEMENT_CONTEXT: 'kamaji-admin@management',
    });
    expect(status).toBe(0);
    expect(calls[0]).toBe(
      secretRead('provider', ' --context=kamaji-admin@management', 'kamaji-admin@management'),
    );
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

  test('a management kubeconfig that does not exist fails, naming it', () => {
    const { status, output, calls } = run(drain, { MANAGEMENT_KUBECONFIG: '{dir}/gone' });
    expect(status).toBe(1);
    expect(output).toMatch(
      /the management kubeconfig \S+\/gone is not a readable file, so .* cannot be drained; fix/,
    );
    expect(calls).toEqual([]);
  });

  test('a Secret without admin.conf fails and says so', () => {
    const { status, output } = run(drain, { KUBECTL_SECRET: '/dev/null' });
    expect(status).toBe(1);
    expect(output).toContain(
      `Secret ${NAMESPACE}/${SECRET} in the management cluster has no admin.conf`,
    );
  });

  test('CDKTF_KAMAJI_TENANT_KUBECONFIG uses that file, and the management cluster is not asked', () => {
    const result = run(drain, { CDKTF_KAMAJI_TENANT_KUBECONFIG: '{dir}/given-tenant' });
    expect(result.status).toBe(0);
    expect(result.calls.map((c) => c.split(' | ')[1])).toEqual([
      'kubeconfig 644 # given',
      'kubeconfig 644 # given',
      'kubeconfig 644 # given',
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

  test('with the tenant API down it fails the apply; the Node is not "already gone"', () => {
    const error = 'The connection to the server tenant-api.example:6443 was refused';
    for (const on of ['get', 'delete']) {
      const result = run(renderNodeDeletionScript(), {
        KUBECTL_TENANT_ERROR: error,
        KUBECTL_TENANT_ERROR_ON: on,
      });
      expect(result.status).toBe(1);
      expect(result.output.trim()).toBe(
        `cdktf-kamaji: ${NODE} could not be ${on === 'get' ? 'looked up' : 'deleted'} in the tenant, so the apply fails and the Node stays until the next apply: ${error}. ` +
          "Bring the tenant's API server back (or fix the access) and apply again, or set CDKTF_KAMAJI_SKIP_DRAIN=1 to let its machine go as it is",
      );
    }
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
