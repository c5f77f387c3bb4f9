import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The message of the error `build` throws; fails the test when it throws none.
 * Constructs record bad props and the app reports them at synth (issue #12 item 17):
 * build and synthesize inside `build`, or return a construct (or an object holding one),
 * whose app's first stack is then synthesized with validations.
 */
export function refusalMessage(build: () => unknown): string {
  try {
    const made = constructIn(build());
    if (made) {
      const stack = made.node.root.node.findAll().find(TerraformStack.isStack);
      if (stack) Testing.synth(stack, true);
    }
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the input to be refused, but nothing was thrown');
}

function constructIn(value: unknown): Construct | undefined {
  if (value instanceof Construct) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.values(value).find((v): v is Construct => v instanceof Construct);
}
