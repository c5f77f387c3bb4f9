/**
 * The runner-side scripts of node retirement (issue #14 item 4), run with a stub
 * `kubectl` first on PATH (./stubs/kubectl records its calls), as Terraform's
 * local-exec runs them: `/bin/sh -c <script>` with NODE_NAME and TENANT_KUBECONFIG set.
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
const KUBECONFIG = 'apiVersion: v1 # tenant-admin-secret\nkind: Config\n';

interface Run {
  status: number | null;
  output: string;
  calls: string[];
  tmpAfter: string[];
}

function run(script: string, env: NodeJS.ProcessEnv = {}, withKubectl = true): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-drain-'));
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  const log = path.join(dir, 'kubectl.log');
  fs.writeFileSync(log, '');
  try {
    const result = spawnSync('/bin/sh', ['-c', script], {
      encoding: 'utf8',
      env: {
        PATH: withKubectl ? `${STUBS}:/usr/bin:/bin` : emptyPathWithoutKubectl(dir),
        TMPDIR: tmp,
        KUBECTL_LOG: log,
        NODE_NAME: NODE,
        TENANT_KUBECONFIG: KUBECONFIG,
        ...env,
      },
    });
    return {
      status: result.status,
      output: `${result.stdout}${result.stderr}`,
      calls: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean),
      tmpAfter: fs.readdirSync(tmp),
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

const drain = renderDrainScript(NodeDrain.evict({ timeoutSeconds: 120 }));
const kubeconfigSeen = '| kubeconfig 600 apiVersion: v1 # tenant-admin-secret';

describe('the drain script', () => {
  test('cordons, then drains with evictions that respect PodDisruptionBudgets, within the timeout', () => {
    const { status, calls, tmpAfter } = run(drain);
    expect(status).toBe(0);
    expect(calls).toEqual([
      `get node ${NODE} --ignore-not-found --output=name --request-timeout=30s ${kubeconfigSeen}`,
      `cordon ${NODE} --request-timeout=30s ${kubeconfigSeen}`,
      `drain ${NODE} --ignore-daemonsets --delete-emptydir-data --timeout=120s ${kubeconfigSeen}`,
    ]);
    // THEN the kubeconfig was a 0600 file (above), never an argument, and is gone
    expect(calls.join('\n')).not.toContain('--kubeconfig');
    expect(tmpAfter).toEqual([]);
  });

  test('a drain that times out fails, names the node and says what to do; the kubeconfig file is removed', () => {
    const { status, output, calls, tmpAfter } = run(drain, { KUBECTL_DRAIN_FAILS: '1' });
    expect(status).toBe(1);
    expect(output).toContain(`${NODE} was not drained within 120 s`);
    expect(output).toContain('its machine is kept');
    expect(calls).toHaveLength(3);
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
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['get']);
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
    for (const env of [{}, { KUBECTL_DRAIN_FAILS: '1' }]) {
      expect(run(drain, env).output).not.toContain('tenant-admin-secret');
    }
  });
});

describe('the Node deletion script', () => {
  test('deletes the Node, and a Node already gone is success', () => {
    const script = renderNodeDeletionScript();
    const { status, calls } = run(script);
    expect(status).toBe(0);
    expect(calls[1]).toBe(
      `delete node ${NODE} --ignore-not-found --request-timeout=30s ${kubeconfigSeen}`,
    );
    const gone = run(script, { KUBECTL_ABSENT: NODE });
    expect(gone.status).toBe(0);
    expect(gone.calls).toHaveLength(1);
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
