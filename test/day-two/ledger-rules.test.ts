/**
 * The ledger's rules without Terraform (issue #20 items 3 and 5): which rollout step may
 * follow the applied one, what a pool records, and the messages of each refusal.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  poolGoneRefusal,
  recordedRollout,
  rolloutIdentity,
  stepAllowed,
  stepPrecondition,
  stepRefusal,
  stepToWrite,
  unrecordedStepRefusal,
} from '../../src/day-two/ledger-rules';
import { describeWithTerraform } from '../terraform/support';

const NODES = ['node-01', 'node-02', 'node-03', 'node-04'];

describe('which step may follow the applied one', () => {
  const applied = (step: number, rollout = 'r1') => ({ rollout, step, nodes: ['node-00'] });

  test('the applied step again, or the next one', () => {
    expect([0, 1, 2, 3, 4].filter((s) => stepAllowed(applied(1), 'r1', s, NODES))).toEqual([1, 2]);
    expect([0, 1, 2, 3, 4].filter((s) => stepAllowed(applied(3), 'r1', s, NODES))).toEqual([3, 4]);
  });

  test('without a record of this rollout (first apply, a new rollout): only 0 and 1', () => {
    expect([0, 1, 2, 3].filter((s) => stepAllowed(undefined, 'r1', s, NODES))).toEqual([0, 1]);
    expect([0, 1, 2, 3].filter((s) => stepAllowed(applied(2, 'r0'), 'r1', s, NODES))).toEqual([
      0, 1,
    ]);
  });

  test('a configuration holding the nodes applied is allowed whatever its step: it changes nothing', () => {
    expect(stepAllowed({ rollout: '', step: 0, nodes: NODES }, 'r1', 4, NODES)).toBe(true);
  });

  test('the step to write never passes the last one', () => {
    expect(stepToWrite(1, 4)).toBe(2);
    expect(stepToWrite(4, 4)).toBe(4);
  });
});

describe('what a pool records', () => {
  const rollout = (step: number) => ({ identity: 'r1', step, stepCount: 4 });

  test('steps in between record the rollout and step', () => {
    expect(recordedRollout(rollout(2))).toEqual({ rollout: 'r1', step: 2 });
  });

  test('step 0 and the last step record no rollout: the pool written without it is an empty plan', () => {
    expect(recordedRollout(rollout(0))).toEqual({ rollout: '', step: 0 });
    expect(recordedRollout(rollout(4))).toEqual({ rollout: '', step: 0 });
    expect(recordedRollout(undefined)).toEqual({ rollout: '', step: 0 });
  });

  test("a rollout's identity is its generations, from and to", () => {
    expect(rolloutIdentity('a', 'b')).toBe(rolloutIdentity('a', 'b'));
    expect(rolloutIdentity('a', 'b')).not.toBe(rolloutIdentity('a', 'c'));
    expect(rolloutIdentity('a', 'b')).not.toBe(rolloutIdentity('b', 'a'));
  });
});

describe('messages', () => {
  test('a skipped step says which step to write, and why', () => {
    expect(stepRefusal('default-pool', 3, 1, stepToWrite(1, 4))).toBe(
      'Pool default-pool: rollout step 3 follows step 1, the last applied: write step: 2 ' +
        '(each apply advances one step)',
    );
  });

  test('a step above 1 with no record says to start at 1, and how to adopt a rollout begun before the ledger', () => {
    expect(unrecordedStepRefusal('default-pool', 3)).toBe(
      'Pool default-pool: rollout step 3, but no step of this rollout was applied before (none is ' +
        "recorded in the stack's state): write step: 1 (each apply advances one step). If its " +
        'steps up to 3 were applied with a cdktf-kamaji without ledger, plan once with ' +
        '-var cdktf_kamaji_adopt_rollout_step=true: it records step 3',
    );
  });

  test('a pool gone with live nodes says how to remove it', () => {
    expect(poolGoneRefusal('application-pool', 'tcp-charlie', 2, 'node-00, node-01')).toBe(
      'Pool application-pool of control plane tcp-charlie had 2 live nodes (node-00, node-01) at ' +
        'the last apply and is gone from the configuration: set replicas: 0 and apply (its nodes ' +
        'are drained), then remove it',
    );
  });
});

describeWithTerraform('the precondition terraform evaluates says what the rules say', () => {
  // Every applied record (none, another rollout, the configured nodes, steps 0..4 of this
  // one) against every
  // step 0..4 of a rollout of 4 steps: terraform evaluates the generated condition and
  // message, which must agree with stepAllowed and the messages above.
  const records = [
    undefined,
    { rollout: 'r0', step: 2, nodes: ['node-09'] },
    { rollout: '', step: 0, nodes: NODES },
    ...[0, 1, 2, 3, 4].map((step) => ({ rollout: 'r1', step, nodes: [`node-1${step}`] })),
  ];
  const cases = records.flatMap((record) => [0, 1, 2, 3, 4].map((step) => ({ record, step })));

  test('for every applied record and configured step', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-ledger-rules-'));
    const outputs = cases.map(({ record, step }, i) => {
      const guard = stepPrecondition(`local.record_${i}`, 'default-pool', 'r1', step, 4, NODES);
      const unwrap = (template: string) => template.slice(2, -1);
      return (
        `locals { record_${i} = ${record ? JSON.stringify(record) : 'null'} }\n` +
        `output "c${i}" { value = ${unwrap(guard.condition)} }\n` +
        `output "m${i}" { value = ${unwrap(guard.errorMessage)} }\n`
      );
    });
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      `variable "cdktf_kamaji_adopt_rollout_step" { default = false }\n${outputs.join('')}`,
    );
    const run = (args: string[]) => {
      const result = spawnSync('terraform', args, { cwd: dir, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${result.stdout}${result.stderr}`);
      return result.stdout;
    };
    run(['init', '-input=false', '-no-color']);
    run(['apply', '-input=false', '-no-color', '-auto-approve']);
    const values = JSON.parse(run(['output', '-json']));
    const evaluated = cases.map((_, i) => ({
      allowed: values[`c${i}`].value,
      message: values[`m${i}`].value,
    }));
    const expected = cases.map(({ record, step }) => ({
      allowed: stepAllowed(record, 'r1', step, NODES),
      message:
        record?.rollout === 'r1'
          ? stepRefusal('default-pool', step, record.step, stepToWrite(record.step, 4))
          : unrecordedStepRefusal('default-pool', step),
    }));
    expect(evaluated).toEqual(expected);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
