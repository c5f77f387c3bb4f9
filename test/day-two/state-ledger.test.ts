/**
 * The ledger's read of its own stack's state (issue #20 items 3 and 5), per backend: the
 * same settings as the stack's backend, literals kept literal (design D11), no path of
 * the synthesizing machine (design D6), and read only when there is a state to read.
 */
import * as path from 'path';
import {
  App,
  CloudBackend,
  LocalBackend,
  S3Backend,
  TaggedCloudWorkspaces,
  TerraformStack,
  Testing,
} from 'cdktf';
import { StateBackend } from '../../src';
import { StateLedger } from '../../src/day-two/state-ledger';

const read = (stack: TerraformStack) =>
  JSON.parse(Testing.synth(stack)).data.terraform_remote_state.cdktf_kamaji_ledger;

describe("the ledger reads its own stack's backend", () => {
  test('StateBackend.local(): the same relative file, read once it holds a state', () => {
    const stack = new TerraformStack(Testing.app(), 'nodes');
    StateBackend.local().applyTo(stack);
    const state = read(stack);
    expect(state).toEqual({
      backend: 'local',
      config: { path: '../nodes/terraform.nodes.tfstate' },
      workspace: '${terraform.workspace}',
      count: expect.stringContaining(
        'fileexists(terraform.workspace == "default" ? "../nodes/terraform.nodes.tfstate" :',
      ),
    });
  });

  test("CDKTF's LocalBackend without path: its file, relative to the stack's folder", () => {
    const app = new App({ outdir: path.join(process.cwd(), 'cdktf.out') });
    const stack = new TerraformStack(app, 'nodes');
    new LocalBackend(stack, {});
    StateLedger.of(stack);
    const state = read(stack);
    expect(state.config).toEqual({ path: '../../../terraform.nodes.tfstate' });
    expect(JSON.stringify(state)).not.toContain(process.cwd());
  });

  test('S3: the same settings, a "${" in them kept as text; skipped on a first apply by a named variable', () => {
    const stack = new TerraformStack(Testing.app(), 'nodes');
    new S3Backend(stack, { bucket: 'state-${oops}', key: 'nodes.tfstate', region: 'eu-west-1' });
    StateLedger.of(stack);
    expect(read(stack)).toEqual({
      backend: 's3',
      config: { bucket: 'state-$${oops}', key: 'nodes.tfstate', region: 'eu-west-1' },
      workspace: '${terraform.workspace}',
      count: '${var.cdktf_kamaji_new_stack ? 0 : 1}',
    });
  });

  test('StateBackend.kubernetes(): its Secret suffix and namespace', () => {
    const stack = new TerraformStack(Testing.app(), 'nodes');
    StateBackend.kubernetes({ namespace: 'kamaji-system' }).applyTo(stack);
    expect(read(stack)).toMatchObject({
      backend: 'kubernetes',
      config: { secret_suffix: 'cdktf-kamaji-nodes', namespace: 'kamaji-system' },
    });
  });

  test('StateBackend.hcpTerraform(): the `remote` reader of its workspace', () => {
    const stack = new TerraformStack(Testing.app(), 'nodes');
    StateBackend.hcpTerraform({ organization: 'acme' }).applyTo(stack);
    expect(read(stack)).toEqual({
      backend: 'remote',
      config: { organization: 'acme', workspaces: { name: 'cdktf-kamaji-nodes' } },
      count: '${var.cdktf_kamaji_new_stack ? 0 : 1}',
    });
  });

  test('a cloud block whose workspaces are chosen by tags: nothing to read, no guard', () => {
    const stack = new TerraformStack(Testing.app(), 'nodes');
    new CloudBackend(stack, {
      organization: 'acme',
      workspaces: new TaggedCloudWorkspaces(['tenant']),
    });
    StateLedger.of(stack);
    expect(read(stack)).toEqual({ backend: 'remote', config: { organization: 'acme' }, count: 0 });
  });
});
