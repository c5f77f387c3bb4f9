/**
 * Literals stay literal in cross-stack reads too (issue #22 item 2, design D11): CDKTF
 * copies a stack's backend settings into the `terraform_remote_state` another stack
 * reads, where Terraform evaluates them. With hostile literals in an S3 bucket and key
 * prefix (against a fake S3) and in local state paths, the real terraform applies the
 * writing stack, then the reading stack must read the very state it wrote.
 */
import * as path from 'path';
import {
  App,
  DataTerraformRemoteStateLocal,
  LocalBackend,
  TerraformOutput,
  TerraformStack,
} from 'cdktf';
import { StateBackend } from '../../src';
import { TerraformData } from '../../src/private/terraform-data';
import { remoteStateConfig } from '../../src/private/terraform-literals';
import { FakeS3 } from './fake-s3';
import { SynthesizedApp, TerraformError, TerraformHarness } from './harness';
import { describeWithTerraform } from './support';

jest.setTimeout(180_000);

/** What Terraform would evaluate, or un-escape, if it read it as a template. */
const HOSTILE = '${path.module}%{ if true }x%{ endif }$${';

/** `writer` holds a value; `reader` outputs it through a cross-stack reference. */
function twoStacks(app: App, backend: StateBackend, writerId = 'writer'): App {
  const writer = new TerraformStack(app, writerId);
  const reader = new TerraformStack(app, 'reader');
  backend.applyTo(writer);
  backend.applyTo(reader);
  const data = new TerraformData(writer, 'value', { input: { text: 'written by the writer' } });
  new TerraformOutput(reader, 'read', { value: data.output.lookup('text') });
  return app;
}

async function readerOutput(
  harness: TerraformHarness,
  app: SynthesizedApp,
  firstApply: string[] = [],
): Promise<unknown> {
  for (const result of await harness.init(app)) {
    if (result.code !== 0) throw new TerraformError(result);
  }
  for (const stack of app.stacks) {
    const applied = await harness.terraform(app, stack, [
      'apply',
      '-input=false',
      '-no-color',
      '-auto-approve',
      ...firstApply,
    ]);
    if (applied.code !== 0) throw new TerraformError(applied);
  }
  const shown = await harness.terraform(app, 'reader', ['output', '-json', 'read'], true);
  return JSON.parse(shown.output);
}

describeWithTerraform('backend settings in cross-stack reads stay literal', () => {
  test('S3: a hostile bucket and key prefix', async () => {
    const s3 = await FakeS3.start();
    const harness = await TerraformHarness.start({ env: s3.env });
    try {
      // GIVEN two stacks whose S3 backend has template syntax in bucket and key prefix
      const backend = StateBackend.s3({
        bucket: `state${HOSTILE}`,
        region: 'eu-west-1',
        keyPrefix: `kamaji/${HOSTILE}`,
        endpoint: s3.endpoint,
      });
      const app = SynthesizedApp.synth(
        (a) => twoStacks(a, backend),
        path.join(harness.workDir, 's3'),
      );
      // WHEN both are applied, THEN the reader reads what the writer wrote
      // (the first apply of a new stack on a remote backend says so: the stack ledger's
      // read of its own state would otherwise find none, README "The stack ledger")
      expect(await readerOutput(harness, app, ['-var', 'cdktf_kamaji_new_stack=true'])).toBe(
        'written by the writer',
      );
      // AND it read the writer's state object, named as given
      const reads = s3.requests.filter(
        (r) => r.method === 'GET' && r.key.endsWith('writer.tfstate'),
      );
      expect(reads).not.toEqual([]);
      for (const read of reads) {
        expect(read).toEqual({
          method: 'GET',
          bucket: `state${HOSTILE}`,
          key: `kamaji/${HOSTILE}/writer.tfstate`,
        });
      }
    } finally {
      await harness.stop();
      await s3.stop();
    }
  });

  // StateBackend.local() derives its paths from stack ids, which CDKTF keeps free of
  // "{": a stack reading a local backend by itself (with the shared helper) can have any.
  test('local: a hostile state path, read with remoteStateConfig', async () => {
    const harness = await TerraformHarness.start();
    try {
      const statePath = path.join(harness.workDir, `state${HOSTILE}.tfstate`);
      const build = (app: App) => {
        // Named to sort first: stacks without references between them run by name.
        const writer = new TerraformStack(app, 'a-writer');
        new LocalBackend(writer, { path: statePath });
        new TerraformOutput(writer, 'value', { value: 'written by the writer' });
        const reader = new TerraformStack(app, 'reader');
        const read = new DataTerraformRemoteStateLocal(reader, 'writer', {
          ...remoteStateConfig({ path: statePath }),
          workspace: 'default',
        });
        new TerraformOutput(reader, 'read', { value: read.getString('value') });
        return app;
      };
      const app = SynthesizedApp.synth(build, path.join(harness.workDir, 'local'));
      expect(app.stacks).toEqual(['a-writer', 'reader']);
      expect(await readerOutput(harness, app)).toBe('written by the writer');
    } finally {
      await harness.stop();
    }
  });
});
