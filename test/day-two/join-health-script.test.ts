/**
 * The runner-side join health script (issue #14 item 5), run by /bin/sh with the
 * harness's stub kubectl first on PATH, and checked by shellcheck.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderJoinHealthScript } from '../../src/day-two/join-health-script';
import { StubTenant, STUB_TENANT_ENV } from '../../src/check/stub/tenant';
import { shellcheck, skipUnless } from '../support/tools';

const KUBECONFIG =
  'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- user: {token: s3cr3t-admin-token}\n';
const NODES = ['tcp-charlie-default-pool-node-00', 'tcp-charlie-default-pool-node-01'];

describe('the join health script', () => {
  let dir: string;
  let tenant: StubTenant;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'join-health-'));
    tenant = new StubTenant(path.join(dir, 'tenant'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the script as local-exec would: input in the environment only. */
  const run = (onTimeout: string, pathDirs = [tenant.binDir, '/usr/bin', '/bin']) => {
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
        KAMAJI_TENANT_KUBECONFIG: KUBECONFIG,
      },
      timeout: 30_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  /** What the script leaves behind in its temporary folder: nothing. */
  const leftovers = () => fs.readdirSync(dir).filter((f) => f !== 'tenant');

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
    expect(tenant.calls().filter((c) => c.argv.includes(NODES[1])).length).toBeGreaterThan(1);
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

  test('keeps the kubeconfig out of argv and output, in a 0600 file removed afterwards', () => {
    tenant.setNodes({ [NODES[1]]: 'absent' });
    const result = run('fail');
    const calls = tenant.calls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.argv.join(' ')).not.toContain('s3cr3t');
      expect(call.kubeconfig).toBe(KUBECONFIG);
      expect(call.mode).toBe('600');
    }
    expect(result.output).not.toContain('s3cr3t');
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
