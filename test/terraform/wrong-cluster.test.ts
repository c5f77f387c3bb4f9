/**
 * Issue #20 item 2 under the real terraform, offline: a drain reaches the management
 * cluster as the kubernetes provider does (here `KUBE_CTX=prod` in the runner's
 * environment, `current-context: staging` in the provider's kubeconfig), and refuses a
 * tenant whose API server is not the one Terraform read, before it cordons anything.
 * The stub kubectl (test/day-two/stubs/kubectl) records the context of each Secret read.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  applyRecorded,
  kubectlCalls,
  plannedMachines,
  startWithStubKubectl,
  vspherePoolApp,
} from './day-two-pool';
import { SynthesizedApp, TerraformError, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

const tenant = (replicas: number) => vspherePoolApp({ replicas });

describeWithTerraform('a drain acts on the tenant the pool joins, and on no other', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-wrong-cluster-'));
  /** Where the staging cluster's same-named Secret points: another tenant. */
  const staging = path.join(dir, 'staging-admin.conf');

  beforeAll(async () => {
    fs.writeFileSync(
      staging,
      'apiVersion: v1\nclusters:\n- name: t\n  cluster: {server: "https://staging-api.example:6443"}\n',
    );
    ({ harness, log } = await startWithStubKubectl({
      KUBE_CTX: 'prod',
      KUBECTL_SECRET_CONTEXT: 'prod',
      KUBECTL_OTHER_SECRET: staging,
    }));
    // The provider's kubeconfig file says staging; KUBE_CTX says prod, and wins.
    fs.appendFileSync(
      path.join(harness.workDir, 'management.kubeconfig'),
      'current-context: staging\n',
    );
    app = SynthesizedApp.synth(tenant(3), path.join(harness.workDir, 'three'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const apply = (replicas: number, name: string) => {
    app.replaceConfiguration(
      SynthesizedApp.synth(tenant(replicas), path.join(harness.workDir, name)),
    );
    return applyRecorded(harness, app, 'nodes', log);
  };
  /** The contexts the Secret was read in, from the stub's log. */
  const secretContexts = () =>
    fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('get secret '))
      .map((line) => line.split(' | ')[3]);

  test('KUBE_CTX=prod with current-context staging: the Secret is read in prod, node-02 drained there', async () => {
    const { calls } = await apply(2, 'two');
    expect(secretContexts()).toEqual(['context prod', 'context prod']);
    expect(fs.readFileSync(log, 'utf8')).toContain('--context=prod');
    expect(calls).toEqual(['cordon node-02', 'drain node-02', 'delete node node-02']);
  });

  test("a Secret that holds another tenant's kubeconfig is refused: nothing cordoned, the machine kept", async () => {
    // GIVEN a pool of 3 again, and prod's Secret now pointing at another tenant
    await apply(3, 'three-again');
    fs.writeFileSync(`${log}.secret-context`, 'elsewhere');
    let failed: unknown;
    try {
      // WHEN the pool is scaled to 2
      await apply(2, 'two-again');
    } catch (e) {
      failed = e;
    } finally {
      fs.rmSync(`${log}.secret-context`);
    }
    // THEN the apply failed, saying which server it found and which it expected
    expect(failed).toBeInstanceOf(TerraformError);
    const text = (failed as TerraformError).result.output.replace(/\\n/g, ' ');
    expect(text).toContain('is for API server staging-api.example:6443, not for the control plane');
    expect(text).toContain('wrong cluster');
    // AND nothing was asked of, let alone done to, the tenant
    expect(kubectlCalls(log)).toEqual([]);
    // AND node-02's machine is still there, to go once the right cluster is reached
    const { machines } = await plannedMachines(harness, app);
    expect(machines).toEqual(['-node-02']);
  });
});
