/**
 * The pool's check block (issue #14 items 2, 3; one block since issue #22 item 6),
 * evaluated by the real terraform on a plain configuration: drain instances recording
 * node versions and machine specs, and the block the pool emits. No provider needed
 * (terraform_data is built in).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { poolCheckBlock } from '../../src/day-two/node-checks';
import { describeWithTerraform } from '../terraform/support';

jest.setTimeout(60_000);

function terraform(dir: string, args: string[]): string {
  const result = spawnSync('terraform', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', HOME: dir },
  });
  if (result.status !== 0) throw new Error(`${result.stdout}${result.stderr}`);
  return `${result.stdout}${result.stderr}`.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');
}

/** The plan output of drain instances recording `versions`, checked by the pool's block. */
function planWith(versions: Record<string, string>, check: Parameters<typeof poolCheckBlock>[0]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-versions-'));
  try {
    const config = {
      resource: {
        terraform_data: {
          drain: {
            for_each: versions,
            triggers_replace: { kubelet_version: '${each.value}' },
          },
        },
      },
      check: { nodes: poolCheckBlock(check) },
    };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
    terraform(dir, ['init', '-input=false', '-no-color']);
    terraform(dir, ['apply', '-input=false', '-no-color', '-auto-approve']);
    return terraform(dir, ['plan', '-input=false', '-no-color']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pool = {
  drainAddress: 'terraform_data.drain',
  poolName: 'default-pool',
  poolVersion: 'v1.36.2',
};

describeWithTerraform('the version check block says what to write', () => {
  test('outdated nodes on one version: the rollout to add, with that version', () => {
    // GIVEN two nodes still on v1.35.7 and one on the pool's v1.36.2
    const output = planWith({ a: 'v1.35.7', b: 'v1.35.7', c: 'v1.36.2' }, pool);
    // THEN
    expect(output).toContain(
      "Pool default-pool: a (v1.35.7), b (v1.35.7) still run another version than the pool's v1.36.2",
    );
    expect(output).toContain(
      "Roll them: set rollout: { fromKubernetesVersion: v1.35.7, step: 1 } on pool default-pool (KubernetesVersion.of('v1.35.7') in TypeScript) and apply, then raise step by one per apply",
    );
  });

  test('outdated nodes on several versions: no version to suggest', () => {
    const output = planWith({ a: 'v1.34.2', b: 'v1.35.7', c: 'v1.36.2' }, pool);
    expect(output).toContain('They run several versions: roll from the oldest with rollout');
    // (terraform also prints the block's source, where the text is not evaluated)
    expect(output).not.toMatch(/fromKubernetesVersion: v1/);
  });

  test('a rollout under way: where it is, not a rollout to add', () => {
    const output = planWith(
      { a: 'v1.35.7', c: 'v1.36.2' },
      { ...pool, rollout: { step: 2, stepCount: 4 } },
    );
    expect(output).toContain(
      'A rollout is under way, at step 2 of 4: raise rollout.step by one per apply (README, "Version rollouts"); until step 4 this names its old nodes.',
    );
    expect(output).not.toMatch(/Roll them: set rollout: \{ fromKubernetesVersion: v1/);
  });
});

describeWithTerraform('the version check block under terraform', () => {
  test('warns about nodes on another version, and about nodes outside the skew policy', () => {
    // GIVEN nodes made with v1.31.9, v1.35.7 and v1.36.0, a pool on v1.35.7 and a control plane on v1.35.7
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-versions-'));
    try {
      const config = {
        resource: {
          terraform_data: {
            drain: {
              for_each: '${{ a = "v1.31.9", b = "v1.35.7", c = "v1.36.0" }}',
              triggers_replace: { kubelet_version: '${each.value}' },
            },
          },
        },
        check: {
          nodes: poolCheckBlock({
            drainAddress: 'terraform_data.drain',
            poolName: 'default-pool',
            poolVersion: 'v1.35.7',
            controlPlaneMinor: 35,
            controlPlaneVersion: 'v1.35.7',
            rollout: { step: 1, stepCount: 3 },
          }),
        },
      };
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
      terraform(dir, ['init', '-input=false', '-no-color']);
      terraform(dir, ['apply', '-input=false', '-no-color', '-auto-approve']);
      // WHEN
      const output = terraform(dir, ['plan', '-input=false', '-no-color']);
      // THEN
      expect(output).toContain(
        "Pool default-pool: a (v1.31.9), c (v1.36.0) still run another version than the pool's v1.35.7",
      );
      expect(output).toContain(
        'get it. A rollout is under way, at step 1 of 3: raise rollout.step by one per apply (README, "Version rollouts"); until step 3 this names its old nodes. a (v1.31.9), c (v1.36.0) are outside the version skew policy of the control plane\'s v1.35.7 (kubelets from v1.32 to v1.35)',
      );
      // AND it is one warning: one root cause, one message (issue #22 item 6)
      expect(output.match(/Warning: Check block assertion failed/g)).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('versions, skew and machine specs: one warning per pool that says it all', () => {
    // GIVEN a node on an old version outside the skew, one on another template, one current
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-versions-'));
    try {
      const nodes = {
        a: { version: 'v1.31.9', template: 'ubuntu-24.04' },
        b: { version: 'v1.35.7', template: 'ubuntu-22.04' },
        c: { version: 'v1.35.7', template: 'ubuntu-24.04' },
      };
      const config = {
        resource: {
          terraform_data: {
            drain: {
              for_each: nodes,
              triggers_replace: {
                kubelet_version: '${each.value.version}',
                machine_spec: { template: '${each.value.template}' },
              },
            },
          },
        },
        check: {
          nodes: poolCheckBlock({
            drainAddress: 'terraform_data.drain',
            poolName: 'default-pool',
            poolVersion: 'v1.35.7',
            controlPlaneMinor: 35,
            controlPlaneVersion: 'v1.35.7',
            machineSpec: { template: 'ubuntu-24.04' },
          }),
        },
      };
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
      terraform(dir, ['init', '-input=false', '-no-color']);
      terraform(dir, ['apply', '-input=false', '-no-color', '-auto-approve']);
      // WHEN
      const output = terraform(dir, ['plan', '-input=false', '-no-color']);
      // THEN one warning names all three findings
      expect(output.match(/Warning: Check block assertion failed/g)).toHaveLength(1);
      expect(output).toContain('Pool default-pool: a (v1.31.9) still run another version');
      expect(output).toContain(
        "a (v1.31.9) are outside the version skew policy of the control plane's v1.35.7",
      );
      expect(output).toContain(
        "b (template ubuntu-22.04) were made with another machine spec than the pool's (template ubuntu-24.04)",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a rollout's last step says what the pool without rollout says: the same configuration", () => {
    expect(poolCheckBlock({ ...pool, rollout: { step: 4, stepCount: 4 } })).toEqual(
      poolCheckBlock(pool),
    );
    expect(poolCheckBlock({ ...pool, rollout: { step: 3, stepCount: 4 } })).not.toEqual(
      poolCheckBlock(pool),
    );
  });

  test('without a control plane version known at synth, no skew finding', () => {
    const block = poolCheckBlock({
      drainAddress: 'terraform_data.drain',
      poolName: 'p',
      poolVersion: 'v1.35.7',
    });
    expect(block.assert).toHaveLength(1);
    expect(JSON.stringify(block)).not.toContain('skew');
  });
});
