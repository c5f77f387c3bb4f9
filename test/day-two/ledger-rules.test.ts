/**
 * The ledger's rules without Terraform (issue #20 items 3 and 5): which rollout step may
 * follow the applied one, what a pool records, and the messages of each refusal.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  completedRolloutRefusal,
  LedgerRollout,
  notFromPoolRefusal,
  poolGoneRefusal,
  recordedRollout,
  RecordedRollout,
  retiredBroughtBack,
  retiredBroughtBackRefusal,
  retiredPrecondition,
  rolloutIdentity,
  stepAllowed,
  stepPrecondition,
  stepRefusal,
  stepToWrite,
  unrecordedStepRefusal,
} from '../../src/day-two/ledger-rules';
import { describeWithTerraform } from '../terraform/support';

const PREFIX = 'tcp-charlie-default-pool-';
const names = (...indices: number[]) => indices.map((i) => `${PREFIX}node-0${i}`);

/**
 * Rollout r1 of a pool of 3 (maxSurge 1, maxUnavailable 1): the nodes of each step, 0..4,
 * as the planner makes them (test/terraform/rollout.test.ts applies them).
 */
const STEP_NODES = [
  [0, 1, 2],
  [0, 1, 2, 3],
  [1, 2, 3, 4],
  [2, 3, 4, 5],
  [3, 4, 5],
].map((s) => names(...s));
const r1 = (step: number): LedgerRollout => ({
  identity: 'r1',
  step,
  stepCount: 4,
  start: STEP_NODES[0],
  final: STEP_NODES[4],
  change: 'v1.34.2 -> v1.35.7',
  oldGeneration: 'v1.34.2',
  finalRetiredNodes: [0, 1, 2],
});
const allowedSteps = (applied: RecordedRollout | undefined) =>
  [0, 1, 2, 3, 4].filter((s) => stepAllowed(applied, r1(s), STEP_NODES[s]));

describe('which step may follow the applied one', () => {
  const applied = (step: number) => ({ rollout: 'r1', step, nodes: STEP_NODES[step] });

  test('the applied step again, or the next one', () => {
    expect(allowedSteps(applied(1))).toEqual([1, 2]);
    expect(allowedSteps(applied(3))).toEqual([3, 4]);
  });

  test('without a record of this rollout, from the nodes it starts from: only 0 and 1', () => {
    expect(allowedSteps(undefined)).toEqual([0, 1]);
    expect(allowedSteps({ rollout: '', step: 0, nodes: STEP_NODES[0] })).toEqual([0, 1]);
  });

  test('once the rollout completed, none of its steps but the last (the same nodes): old nodes never come back', () => {
    expect(allowedSteps({ rollout: '', step: 0, nodes: STEP_NODES[4] })).toEqual([4]);
  });

  test('a rollout that does not start from the nodes applied: none of its steps', () => {
    // another rollout under way, or replicas changed with the rollout
    expect(allowedSteps({ rollout: 'r0', step: 2, nodes: names(7, 8, 9) })).toEqual([]);
    expect(allowedSteps({ rollout: '', step: 0, nodes: names(0, 1) })).toEqual([]);
  });

  test('a rollout of no steps is the configuration without it: allowed whatever was applied', () => {
    const none = { ...r1(0), stepCount: 0, start: names(0, 1, 2, 3), final: names(0, 1, 2, 3) };
    expect(stepAllowed({ rollout: '', step: 0, nodes: names(0) }, none, names(0, 1, 2, 3))).toBe(
      true,
    );
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

describe('which retired nodes a configuration makes again', () => {
  test('an index below the highest recorded one that was not live: the revert of a rollout', () => {
    // GIVEN node-03..05 after a rollout retired 0..2; WHEN retiredNodes is [] again
    expect(retiredBroughtBack(names(3, 4, 5), [0, 1, 2], PREFIX)).toEqual([0, 1, 2]);
    // a retired node in the middle, its index listed no more
    expect(retiredBroughtBack(names(0, 2, 3), [0, 1, 2], PREFIX)).toEqual([1]);
  });

  test('new indices above the live ones, scaling down and up again, a first apply: none', () => {
    expect(retiredBroughtBack(names(0, 1, 2), [0, 1, 2, 3], PREFIX)).toEqual([]);
    expect(retiredBroughtBack(names(0, 1), [0, 1, 2], PREFIX)).toEqual([]);
    expect(retiredBroughtBack(names(3, 4, 5), [3, 4, 5], PREFIX)).toEqual([]);
    expect(retiredBroughtBack(undefined, [0, 1, 2], PREFIX)).toEqual([]);
    expect(retiredBroughtBack([], [0, 1, 2], PREFIX)).toEqual([]);
  });

  test('with static address slots, an index a lower live node passed over was not retired', () => {
    // GIVEN 3 slots, node-01 retired: node-03 was passed over (node-00 holds slot 0), so
    // node-00, node-02, node-04 live; WHEN node-00 is retired too, node-03 takes slot 0
    expect(retiredBroughtBack(names(0, 2, 4), [2, 3, 4], PREFIX, 3)).toEqual([]);
    // but node-01, retired with no lower node on its slot, is refused
    expect(retiredBroughtBack(names(0, 2, 4), [0, 1, 2], PREFIX, 3)).toEqual([1]);
    // without slots, the same gap is a retired index
    expect(retiredBroughtBack(names(0, 2, 4), [2, 3, 4], PREFIX)).toEqual([3]);
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

  test('a step of a rollout the pool completed says where the pool is, what the step would do, and the ways on', () => {
    expect(completedRolloutRefusal('default-pool', r1(1), STEP_NODES[1], PREFIX)).toBe(
      'Pool default-pool: rollout v1.34.2 -> v1.35.7, step 1, but the last apply left the pool ' +
        'with node-03, node-04, node-05, the nodes this rollout ends with, and recorded no step ' +
        'of it: the rollout (or one from the same nodes) has completed and its old nodes are ' +
        'gone. Step 1 would make node-00, node-01, node-02 again as they were (v1.34.2) and ' +
        'drain node-04, node-05. To keep the pool as it is, write it without rollout, ' +
        'retiredNodes: [0, 1, 2] (an empty plan); to roll it again, start a new rollout from ' +
        'what its nodes run now',
    );
  });

  test('a step of a rollout that does not start from the pool says from which nodes it starts, and which the pool has', () => {
    expect(notFromPoolRefusal('default-pool', r1(1), PREFIX, 'node-07, node-08')).toBe(
      'Pool default-pool: rollout v1.34.2 -> v1.35.7, step 1, starts from node-00, node-01, ' +
        'node-02 (its step 0), but the last apply left the pool with node-07, node-08 and ' +
        'recorded no step of this rollout: the step would make or drain nodes outside the ' +
        "rollout's steps. Write the pool as last applied (without rollout, or the rollout under " +
        'way at its applied step); start a rollout from what its nodes run now, and change ' +
        'replicas or retiredNodes in an apply of their own',
    );
  });

  test('retired nodes made again: the pool, the nodes, what the ledger holds, the ways forward', () => {
    expect(retiredBroughtBackRefusal('default-pool', 'node-00, node-01', 'node-03, node-04')).toBe(
      'Pool default-pool: retiredNodes no longer lists node-00, node-01, retired at the last ' +
        "apply (the ledger in the stack's state holds node-03, node-04, the pool's live nodes; " +
        'the indices below the highest of them that are not live were retired). A retired ' +
        'index is never used again: its name, or its address, may still belong to a machine ' +
        "being drained or a Node of the tenant, and making it again replaces the pool's live " +
        'nodes with old ones in one apply. Keep them in retiredNodes; to go back to an older ' +
        'version, roll out forward to it with rollout',
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

describeWithTerraform(
  'the retired-nodes precondition terraform evaluates agrees with the rule',
  () => {
    // Recorded live nodes (none; a pool of 3; after a rollout; with a gap; a passed-over
    // index) against configured indices, with and without 3 address slots.
    const records: Array<string[] | undefined> = [
      undefined,
      [],
      names(0, 1, 2),
      names(3, 4, 5),
      names(0, 2, 3),
      names(0, 2, 4),
    ];
    const live = [[0, 1, 2], [0, 1, 2, 3], [3, 4, 5], [2, 3, 4], [0, 2, 4], [0, 1], []];
    const cases = records.flatMap((record) =>
      live.flatMap((indices) => [undefined, 3].map((slots) => ({ record, indices, slots }))),
    );

    test('for every recorded pool and configuration', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-ledger-retired-'));
      const unwrap = (template: string) => template.slice(2, -1);
      const outputs = cases.map(({ record, indices, slots }, i) => {
        const guard = retiredPrecondition(
          `local.record_${i}`,
          'default-pool',
          PREFIX,
          indices,
          slots,
        );
        return (
          `locals { record_${i} = ${record ? JSON.stringify({ nodes: record }) : 'null'} }\n` +
          `output "c${i}" { value = ${unwrap(guard.condition)} }\n` +
          `output "m${i}" { value = "${guard.errorMessage}" }\n`
        );
      });
      fs.writeFileSync(path.join(dir, 'main.tf'), outputs.join(''));
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
      const expected = cases.map(({ record, indices, slots }) => {
        const back = retiredBroughtBack(record, indices, PREFIX, slots);
        const held = record?.length
          ? record.map((n) => n.slice(PREFIX.length)).join(', ')
          : 'no node';
        const shown = back.map((i) => `node-0${i}`).join(', ');
        return {
          allowed: back.length === 0,
          message: retiredBroughtBackRefusal('default-pool', shown, held),
        };
      });
      expect(evaluated).toEqual(expected);
      expect(evaluated.filter((e) => !e.allowed).length).toBeGreaterThan(3);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  },
);

describeWithTerraform('the precondition terraform evaluates says what the rules say', () => {
  // Every applied record (none; the nodes before the rollout; its last step's; another
  // rollout's; steps 1..3 of this one) against every step 0..4 of rollout r1 and a
  // rollout of no steps: terraform evaluates the generated condition and message, which
  // must agree with stepAllowed and the messages above.
  const records: Array<RecordedRollout | undefined> = [
    undefined,
    { rollout: '', step: 0, nodes: STEP_NODES[0] },
    { rollout: '', step: 0, nodes: STEP_NODES[4] },
    { rollout: 'r0', step: 2, nodes: names(7, 8, 9) },
    { rollout: '', step: 0, nodes: [] },
    ...[1, 2, 3].map((step) => ({ rollout: 'r1', step, nodes: STEP_NODES[step] })),
  ];
  const none = { ...r1(0), stepCount: 0, start: names(0, 1, 2, 3), final: names(0, 1, 2, 3) };
  const asked = [
    ...[0, 1, 2, 3, 4].map((step) => ({ rollout: r1(step), nodes: STEP_NODES[step] })),
    { rollout: none, nodes: none.start },
  ];
  const cases = records.flatMap((record) => asked.map((step) => ({ record, ...step })));
  const shown = (nodes: readonly string[]) =>
    nodes.map((n) => n.slice(PREFIX.length)).join(', ') || 'no node';
  const json = JSON.stringify;

  test('for every applied record and configured step', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-ledger-rules-'));
    const outputs = cases.map(({ record, rollout, nodes }, i) => {
      const guard = stepPrecondition(`local.record_${i}`, 'default-pool', PREFIX, rollout, nodes);
      const unwrap = (template: string) => template.slice(2, -1);
      return (
        `locals { record_${i} = ${record ? json(record) : 'null'} }\n` +
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
    const expected = cases.map(({ record, rollout, nodes }) => {
      const { step, stepCount } = rollout;
      let message: string;
      if (record?.rollout === 'r1') {
        message = stepRefusal(
          'default-pool',
          step,
          record.step,
          stepToWrite(record.step, stepCount),
        );
      } else if (!record || stepCount === 0 || json(record.nodes) === json(rollout.start)) {
        message = unrecordedStepRefusal('default-pool', step);
      } else if (json(record.nodes) === json(rollout.final)) {
        message = completedRolloutRefusal('default-pool', rollout, nodes, PREFIX);
      } else {
        message = notFromPoolRefusal('default-pool', rollout, PREFIX, shown(record.nodes));
      }
      return { allowed: stepAllowed(record, rollout, nodes), message };
    });
    expect(evaluated).toEqual(expected);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
