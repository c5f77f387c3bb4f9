/**
 * The runner-side join health script (issue #14 item 5), run by /bin/sh with the
 * harness's stub kubectl first on PATH, and checked by shellcheck.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderJoinHealthScript } from '../../src/day-two/join-health-script';
import { StubTenant, STUB_TENANT_ENV } from '../../packages/check/src/stub/tenant';
import { shellcheck, skipUnless } from '../support/tools';

const KUBECONFIG =
  'apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "https://tenant-api.example:6443"}\n' +
  '  name: __TENANT__\nusers:\n- user: {token: s3cr3t-admin-token}\n';
/** The admin kubeconfig of tcp-charlie, as the management cluster's Secret serves it. */
const SERVED = KUBECONFIG.replace('__TENANT__', 'tcp-charlie');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NODES = ['tcp-charlie-default-pool-node-00', 'tcp-charlie-default-pool-node-01'];

describe('the join health script', () => {
  let dir: string;
  let tenant: StubTenant;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'join-health-'));
    tenant = new StubTenant(path.join(dir, 'tenant'));
    tenant.serveAdminConf(KUBECONFIG);
    fs.writeFileSync(path.join(dir, 'management.kubeconfig'), 'clusters: []\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the script as local-exec would: input in the environment only, and no secret. */
  const run = (
    onTimeout: string,
    pathDirs = [tenant.binDir, '/usr/bin', '/bin'],
    env: NodeJS.ProcessEnv = {},
  ) => {
    const result = spawnSync('/bin/sh', ['-c', renderJoinHealthScript(), 'kamaji-join-health'], {
      encoding: 'utf8',
      env: {
        PATH: pathDirs.join(':'),
        TMPDIR: dir,
        [STUB_TENANT_ENV]: tenant.dir,
        KAMAJI_POOL: 'default-pool',
        KAMAJI_NODES: NODES.join(' '),
        KAMAJI_TIMEOUT_SECONDS: '2',
        KAMAJI_POLL_SECONDS: '1',
        KAMAJI_ON_TIMEOUT: onTimeout,
        ADMIN_KUBECONFIG_SECRET_NAMESPACE: 'kamaji-tenant',
        ADMIN_KUBECONFIG_SECRET_NAME: 'tcp-charlie-admin-kubeconfig',
        MANAGEMENT_KUBECONFIG: path.join(dir, 'management.kubeconfig'),
        TENANT_ENDPOINT: 'tenant-api.example:6443',
        ...env,
      },
      timeout: 30_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  /** What the script leaves behind in its temporary folder: nothing. */
  const leftovers = () =>
    fs.readdirSync(dir).filter((f) => f !== 'tenant' && f !== 'management.kubeconfig');
  /** The calls on the tenant (the first reads the Secret on the management cluster). */
  const tenantCalls = () => tenant.calls().filter((c) => c.argv.includes('node'));

  test('succeeds at once when every node is Ready, listing them', () => {
    const result = run('fail');
    expect(result).toEqual({
      status: 0,
      output: expect.stringContaining('pool default-pool: every node is Ready'),
    });
    expect(result.output).toContain(`${NODES[1]}: Ready`);
    expect(leftovers()).toEqual([]);
  });

  test('fails after the timeout when a node never registers, naming it', () => {
    tenant.setNodes({ [NODES[1]]: 'absent' });
    const result = run('fail');
    expect(result.status).toBe(1);
    expect(result.output).toContain('1 node(s) not Ready after 2s');
    expect(result.output).toContain(`${NODES[0]}: Ready`);
    expect(result.output).toContain(`${NODES[1]}: not registered`);
    // it polled until the deadline, not once
    expect(tenantCalls().filter((c) => c.argv.includes(NODES[1])).length).toBeGreaterThan(1);
  });

  test('tells a registered node that is not Ready from one that never registered', () => {
    tenant.setNodes({ [NODES[0]]: 'NotReady' });
    expect(run('fail').output).toContain(`${NODES[0]}: registered, not Ready`);
  });

  test('with warn, reports the same and succeeds', () => {
    tenant.setNodes({ [NODES[1]]: 'absent' });
    const result = run('warn');
    expect(result.status).toBe(0);
    expect(result.output).toContain('WARNING: kamaji-join-health: pool default-pool: 1 node(s)');
  });

  test('reads the kubeconfig from the management cluster into a 0600 file removed afterwards, never argv or output', () => {
    tenant.setNodes({ [NODES[1]]: 'absent' });
    const result = run('fail');
    const [read, ...calls] = tenant.calls();
    expect(read.argv.slice(0, 3)).toEqual(['get', 'secret', 'tcp-charlie-admin-kubeconfig']);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.argv.join(' ')).not.toContain('s3cr3t');
      expect(call.kubeconfig).toBe(SERVED);
      expect(call.mode).toBe('600');
    }
    expect(result.output).not.toContain('s3cr3t');
    expect(leftovers()).toEqual([]);
  });

  test("refuses a tenant whose API server is not the control plane's, reading nothing there", () => {
    const result = run('fail', undefined, { TENANT_ENDPOINT: 'prod-api.example:6443' });
    expect(result.status).toBe(1);
    expect(result.output.trim()).toMatch(
      /^kamaji-join-health: pool default-pool: the kubeconfig from kubeconfig \S+ is for API server tenant-api.example:6443, not for the control plane's prod-api.example:6443: wrong cluster/,
    );
    expect(tenantCalls()).toEqual([]);
  });

  test('the kubeconfig is never in its environment: /proc/<pid>/environ of the poller holds none of it', async () => {
    // GIVEN a wait under way (node-01 never registers)
    tenant.setNodes({ [NODES[1]]: 'absent' });
    const child = spawn('/bin/sh', ['-c', renderJoinHealthScript(), 'kamaji-join-health'], {
      stdio: 'ignore',
      env: {
        PATH: [tenant.binDir, '/usr/bin', '/bin'].join(':'),
        TMPDIR: dir,
        [STUB_TENANT_ENV]: tenant.dir,
        KAMAJI_POOL: 'default-pool',
        KAMAJI_NODES: NODES.join(' '),
        KAMAJI_TIMEOUT_SECONDS: '60',
        KAMAJI_POLL_SECONDS: '30',
        KAMAJI_ON_TIMEOUT: 'fail',
        ADMIN_KUBECONFIG_SECRET_NAMESPACE: 'kamaji-tenant',
        ADMIN_KUBECONFIG_SECRET_NAME: 'tcp-charlie-admin-kubeconfig',
        MANAGEMENT_KUBECONFIG: path.join(dir, 'management.kubeconfig'),
        TENANT_ENDPOINT: 'tenant-api.example:6443',
      },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 100 && tenantCalls().length < 2; i++) await sleep(50);
    expect(tenantCalls().length).toBeGreaterThanOrEqual(2);
    expect(fs.readFileSync(`/proc/${child.pid}/environ`, 'utf8')).not.toContain('s3cr3t');
    expect(leftovers()).toHaveLength(1);
    // WHEN the apply is cancelled, THEN it ends at once and leaves nothing behind
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(leftovers()).toEqual([]);
  });

  test('without kubectl on the runner, fails (or warns) saying so', () => {
    const noKubectl = ['/usr/bin', '/bin'].filter((d) => !fs.existsSync(path.join(d, 'kubectl')));
    const failed = run('fail', noKubectl);
    expect(failed.status).toBe(1);
    expect(failed.output).toContain("kubectl is not on the runner's PATH");
    expect(run('warn', noKubectl).status).toBe(0);
  });

  const hasShellcheck = skipUnless('shellcheck', 'shellcheck of the join health script');
  (hasShellcheck ? test : test.skip)('passes shellcheck', () => {
    expect(shellcheck(renderJoinHealthScript())).toEqual({ ok: true, output: '' });
  });
});
