/**
 * Scale-down and retirement under the real terraform, offline (issue #14 items 4, 7):
 * a node that leaves its pool is drained before its machine is destroyed and its Node
 * deleted after, by the pool's destroy-time provisioners, run here with a stub `kubectl`
 * first on PATH (test/day-two/stubs/kubectl records its calls). The order is read from
 * the events of `terraform apply -json`. The scripts read the tenant's admin kubeconfig
 * from the management cluster when they run: no plan or apply shows any of it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { parse } from 'yaml';
import {
  ApplyEvent,
  applyEvents,
  describeAddress,
  kubectlCalls,
  PREFIX,
  secretReads,
  startWithStubKubectl,
  vspherePoolApp,
} from './day-two-pool';
import { SynthesizedApp, TerraformError, TerraformHarness } from './harness';
import { describeWithTerraform, expectSuccess } from './support';

jest.setTimeout(240_000);

const tenant = (replicas: number, retiredNodes?: number[]) =>
  vspherePoolApp({ replicas, retiredNodes });

describeWithTerraform('scale-down and retirement under terraform, offline', () => {
  let harness: TerraformHarness;
  let app: SynthesizedApp;
  let log: string;

  beforeAll(async () => {
    ({ harness, log } = await startWithStubKubectl());
    app = SynthesizedApp.synth(tenant(5), path.join(harness.workDir, 'retire'));
    expectSuccess(await harness.init(app));
    await harness.applyAll(app);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /**
   * Plans, then applies the nodes stack of `next`: its events, kubectl's calls on the
   * tenant and the Secret reads on the management cluster, and everything terraform
   * printed (the human plan and the apply's messages).
   */
  const applyNodes = async (next: (app: App) => App, name: string) => {
    app.replaceConfiguration(SynthesizedApp.synth(next, path.join(harness.workDir, name)));
    fs.writeFileSync(log, '');
    const plan = await harness.terraform(app, 'nodes', ['plan', '-input=false', '-no-color']);
    if (plan.code !== 0) throw new TerraformError(plan);
    const result = await harness.terraform(app, 'nodes', [
      'apply',
      '-json',
      '-input=false',
      '-auto-approve',
    ]);
    if (result.code !== 0) throw new TerraformError(result);
    return {
      events: applyEvents(result.output),
      calls: kubectlCalls(log),
      reads: secretReads(log),
      output: `${plan.output}${result.output}`,
    };
  };

  /** What must never show: the tenant admin's client key and certificate, in any form. */
  const tenantCredentials = () => {
    const user = parse(harness.stub.adminConf('tcp-charlie')).users[0].user;
    const keyPem = Buffer.from(user['client-key-data'], 'base64').toString('utf8');
    return [
      user['client-key-data'],
      user['client-certificate-data'],
      // a line of the key itself, as a decoded kubeconfig would show it
      keyPem.split('\n')[1],
    ];
  };
  const expectNoTenantCredentials = (output: string) => {
    const credentials = tenantCredentials();
    expect(credentials.every((c) => typeof c === 'string' && c.length > 40)).toBe(true);
    for (const credential of credentials) expect(output).not.toContain(credential);
  };

  /** Index of the event, failing when it did not happen. */
  const at = (events: ApplyEvent[], type: string, what: string, node: string, action: string) => {
    const index = events.findIndex((e) => {
      const d = describeAddress(e.address);
      return e.type === type && e.action === action && d?.what === what && d.node === node;
    });
    if (index < 0) throw new Error(`no ${type} of ${what} ${node} (${action})`);
    return index;
  };

  /** For each node: its drain done before its machine is destroyed, its Node deleted after. */
  const expectRetiredInOrder = (events: ApplyEvent[], nodes: string[]) => {
    for (const node of nodes) {
      const drained = at(events, 'apply_complete', 'node-drain', node, 'delete');
      const machineStart = at(events, 'apply_start', 'machine', node, 'delete');
      const machineDone = at(events, 'apply_complete', 'machine', node, 'delete');
      const deletionStart = at(events, 'apply_start', 'node-deletion', node, 'delete');
      expect({ node, drainedBeforeMachine: drained < machineStart }).toEqual({
        node,
        drainedBeforeMachine: true,
      });
      expect({ node, nodeDeletedAfterMachine: machineDone < deletionStart }).toEqual({
        node,
        nodeDeletedAfterMachine: true,
      });
    }
  };

  const destroyedNodes = (events: ApplyEvent[], what: string) =>
    events
      .filter((e) => e.type === 'apply_complete' && e.action === 'delete')
      .map((e) => describeAddress(e.address))
      .filter((d) => d?.what === what)
      .map((d) => d!.node)
      .sort();

  test('scale 5 -> 2: node-02..04 are cordoned and drained, then destroyed, then their Nodes deleted', async () => {
    // WHEN
    const { events, calls, reads, output } = await applyNodes(tenant(2), 'scaled');
    // THEN exactly the three highest nodes go, each in order
    const gone = ['node-02', 'node-03', 'node-04'];
    expect(destroyedNodes(events, 'machine')).toEqual(gone);
    expect(destroyedNodes(events, 'node-drain')).toEqual(gone);
    expect(destroyedNodes(events, 'node-deletion')).toEqual(gone);
    expect(events.filter((e) => e.action === 'create')).toEqual([]);
    expectRetiredInOrder(events, gone);
    // AND kubectl was asked to cordon, drain and delete them, and nothing of the others
    for (const n of gone) {
      const node = `${PREFIX}${n}`;
      const own = calls.filter((c) => c.split(' ')[2] === node || c.split(' ')[1] === node);
      expect(own.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
        'get node',
        'cordon ' + node,
        'drain ' + node,
        'get node',
        'delete node',
      ]);
    }
    expect(calls.filter((c) => /node-0[01]\b/.test(c))).toEqual([]);
    expect(calls.find((c) => c.startsWith('drain'))).toContain(
      '--ignore-daemonsets --delete-emptydir-data --timeout=600s',
    );
    // AND each of the 6 scripts read the admin kubeconfig Secret with the management
    // kubeconfig the control plane's provider names (its variable, across stacks)
    const management = path.join(harness.workDir, 'management.kubeconfig');
    expect(reads).toEqual(
      Array(6).fill(
        'get secret tcp-charlie-admin-kubeconfig --namespace=kamaji-tenant --request-timeout=30s ' +
          `--output=jsonpath={.data.admin\\.conf} | from ${management}`,
      ),
    );
    // AND neither the plan nor the apply showed any of the tenant's credentials
    expect(output).toMatch(
      /terraform_data\.default-pool_retirement_node-drain_\w+\["tcp-charlie-default-pool-node-02"\] will be destroyed/,
    );
    expectNoTenantCredentials(output);
  });

  test('retiring node-02 of a pool of 3 drains and destroys it and makes node-03', async () => {
    // GIVEN a pool of 3 again: node-00, node-01, node-02
    const grown = await applyNodes(tenant(3), 'grown');
    expect(grown.calls).toEqual([]);
    // WHEN node-02 is retired
    const { events, calls, reads, output } = await applyNodes(tenant(3, [2]), 'retired');
    // THEN node-02 goes in order, node-03 is made, the others are untouched
    expect(destroyedNodes(events, 'machine')).toEqual(['node-02']);
    expectRetiredInOrder(events, ['node-02']);
    const created = events
      .filter((e) => e.type === 'apply_complete' && e.action === 'create')
      .map((e) => describeAddress(e.address))
      .filter((d) => d !== undefined)
      .map((d) => `${d!.what} ${d!.node}`)
      .sort();
    expect(created).toEqual(['machine node-03', 'node-deletion node-03', 'node-drain node-03']);
    expect(calls.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'get node',
      `cordon ${PREFIX}node-02`,
      `drain ${PREFIX}node-02`,
      'get node',
      'delete node',
    ]);
    expect(reads).toHaveLength(2);
    expectNoTenantCredentials(output);
    // AND the plan is empty afterwards
    expect((await harness.plan(app, 'nodes')).actions.map((c) => c.address)).toEqual([]);
  });

  test('a drain that times out fails the apply and keeps the machine; the next apply retries', async () => {
    // GIVEN drains time out (the stub kubectl's switch)
    fs.writeFileSync(`${log}.drain-fails`, '');
    let failed: unknown;
    try {
      await applyNodes(tenant(2, [2]), 'hung');
    } catch (e) {
      failed = e;
    } finally {
      fs.rmSync(`${log}.drain-fails`);
    }
    // THEN the apply failed and node-03's machine is still there
    expect(failed).toBeInstanceOf(TerraformError);
    const kept = await harness.plan(app, 'nodes');
    expect(
      kept.actions.map((c) => `${c.address} ${c.actions}`).filter((a) => a.includes('Machine')),
    ).toEqual([expect.stringMatching(/default-pool_node-03_Machine.* delete$/)]);
    // WHEN the drain succeeds on the next apply
    const { events } = await applyNodes(tenant(2, [2]), 'retried');
    expect(destroyedNodes(events, 'machine')).toEqual(['node-03']);
    expectRetiredInOrder(events, ['node-03']);
  });

  test("scale 3 -> 2 with the tenant API down fails the apply and keeps the leaving node's machine, uncordoned", async () => {
    // GIVEN a pool of 3 (node-00, -01, -03: node-02 was retired), then the tenant API goes down
    await applyNodes(tenant(3, [2]), 'three');
    fs.writeFileSync(
      `${log}.tenant-error`,
      'The connection to the server tenant-api.example:6443 was refused - did you specify the right host or port?',
    );
    let failed: unknown;
    try {
      // WHEN the pool is scaled to 2
      await applyNodes(tenant(2, [2]), 'down');
    } catch (e) {
      failed = e;
    } finally {
      fs.rmSync(`${log}.tenant-error`);
    }
    // THEN the apply failed, saying why in one line, and node-03's machine is still there
    expect(failed).toBeInstanceOf(TerraformError);
    // (the apply's -json stream: its error diagnostics, as a terminal would show them)
    const message = (failed as TerraformError).result.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((event) => event.type === 'diagnostic')
      .map((event) => `${event.diagnostic.summary}: ${event.diagnostic.detail}`)
      .join('\n');
    expect(message).toContain(
      `${PREFIX}node-03 could not be looked up in the tenant, so the apply fails and its machine is kept: The connection to the server tenant-api.example:6443 was refused`,
    );
    // AND the error shows the provisioner's short command, not its 200-line script
    expect(message).toContain('sh -c "$CDKTF_KAMAJI_SCRIPT" cdktf-kamaji-retirement');
    expect(message).not.toContain('Rendered by cdktf-kamaji');
    expect(kubectlCalls(log).filter((c) => !c.startsWith('get node'))).toEqual([]);
    const kept = await harness.plan(app, 'nodes');
    expect(
      kept.actions.map((c) => `${c.address} ${c.actions}`).filter((a) => a.includes('Machine')),
    ).toEqual([expect.stringMatching(/default-pool_node-03_Machine.* delete$/)]);
    // AND once the API is back, the next apply drains and retires it
    const { events } = await applyNodes(tenant(2, [2]), 'back');
    expect(destroyedNodes(events, 'machine')).toEqual(['node-03']);
    expectRetiredInOrder(events, ['node-03']);
  });
});
