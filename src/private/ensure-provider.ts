import { TerraformProvider, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

const providersByStack = new WeakMap<TerraformStack, Map<string, TerraformProvider>>();

/**
 * The stack's default (unaliased) provider of `type`, made by `create` when the stack
 * has none, so library constructs work in a stack that never mentioned the provider.
 * Same contract as JoinToken's lookup of random and time: whichever construct comes
 * first creates it, the others find it. Cached per stack, since searching the whole
 * stack every time made large apps quadratic (npm run bench).
 */
export function ensureProvider(
  scope: IConstruct,
  type: string,
  create: () => TerraformProvider,
): TerraformProvider {
  const stack = TerraformStack.of(scope);
  const known = providersByStack.get(stack) ?? new Map<string, TerraformProvider>();
  providersByStack.set(stack, known);
  const cached = known.get(type);
  if (cached) return cached;
  const existing = stack.node
    .findAll()
    .find(
      (c): c is TerraformProvider =>
        TerraformProvider.isTerraformProvider(c) &&
        c.terraformResourceType === type &&
        c.alias === undefined,
    );
  const provider = existing ?? create();
  known.set(type, provider);
  return provider;
}
