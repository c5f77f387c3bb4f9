import { App, Fn, Testing, TerraformStack, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesVersion, NodePool, TenantControlPlane } from '../../src';
import {
  TOKEN_STACK_TRACES_CONTEXT,
  withoutTokenStackTraces,
} from '../../src/private/token-stack-traces';
import { FakeInfrastructure } from '../support/fake-infrastructure';

/** The creation stacks CDKTF recorded for the tokens in `text`. */
function creationStacks(text: string): string[][] {
  const tokens = Tokenization.reverseString(text).tokens;
  expect(tokens.length).toBeGreaterThan(0);
  return tokens.map((t) => (t as unknown as { creationStack: string[] }).creationStack);
}

/** The creation stack CDKTF recorded for the one token in `text`. */
function creationStack(text: string): string[] {
  const stacks = creationStacks(text);
  expect(stacks).toHaveLength(1);
  return stacks[0];
}

function scope(context: Record<string, unknown> = {}): Construct {
  return new Construct(Testing.app({ context }), 'scope');
}

describe('withoutTokenStackTraces', () => {
  test('tokens made inside record no creation stack; tokens made before and after do', () => {
    // GIVEN
    const before = Fn.upper('a');

    // WHEN
    const inside = withoutTokenStackTraces(scope(), () => Fn.upper('b'));
    const after = Fn.upper('c');

    // THEN
    expect(creationStack(inside)).toEqual([]);
    expect(creationStack(before).length).toBeGreaterThan(0);
    expect(creationStack(after).length).toBeGreaterThan(0);
  });

  test('restores the traces when the build throws, and nests', () => {
    // WHEN
    expect(() =>
      withoutTokenStackTraces(scope(), () =>
        withoutTokenStackTraces(scope(), () => {
          throw new Error('refused');
        }),
      ),
    ).toThrow('refused');

    // THEN
    expect(creationStack(Fn.upper('a')).length).toBeGreaterThan(0);
  });

  test.each([true, 'true'])('keeps the traces when the context key is %p', (value) => {
    // WHEN
    const inside = withoutTokenStackTraces(scope({ [TOKEN_STACK_TRACES_CONTEXT]: value }), () =>
      Fn.upper('b'),
    );

    // THEN
    expect(creationStack(inside).length).toBeGreaterThan(0);
  });

  test("a node pool's machines are built without traces, unless the app asks for them", () => {
    const userDataStack = (app: App) => {
      // GIVEN
      const stack = new TerraformStack(app, 'nodes');
      const controlPlane = new TenantControlPlane(stack, 'tcp', {
        name: 'tcp-charlie',
        kubernetesVersion: KubernetesVersion.of('v1.33.4'),
      });
      // WHEN
      const pool = new NodePool(stack, 'pool', {
        controlPlane,
        name: 'default-pool',
        infrastructure: new FakeInfrastructure(),
      });
      // THEN: the fake machine read its user-data (a Terraform expression) in the pool
      return creationStacks(pool.nodes[0].userData).map((s) => s.length);
    };
    expect(Math.max(...userDataStack(Testing.app()))).toBe(0);
    const traced = userDataStack(Testing.app({ context: { [TOKEN_STACK_TRACES_CONTEXT]: true } }));
    expect(Math.min(...traced)).toBeGreaterThan(0);
  });
});
