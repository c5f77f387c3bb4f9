/**
 * Lookups (data sources) shared by every pool of a stack, keyed by what they look up
 * (issue #15; issue #14 item 3). Ten pools on one datacenter read it once, and a pool
 * rolling from one template to another holds both bindings without a second copy of
 * every lookup they share.
 *
 * Ids are readable and deterministic: `<kind>-<looked-up names>` directly in the stack
 * (`vsphere-template-dc-1-ubuntu-24-04`), the provider's alias added when it has one.
 * Characters a Terraform name does not take become `-`; names that then collide, or
 * values that are Terraform references, get the hash suffix of `claimName`. Moving a
 * data source to another address is harmless: it is read again on every plan.
 */
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { claimName } from './stack-names';
import { keepLiteralsLiteral } from './terraform-literals';
import { sharedWeakMap } from './shared-state';

const lookups = sharedWeakMap<TerraformStack, Map<string, Construct>>('shared-lookups');

/**
 * The lookup of `kind` for `names` through `provider` in `scope`'s stack: made by
 * `make(stack, id)` the first time, the same construct afterwards.
 */
export function sharedLookup<T extends Construct>(
  scope: IConstruct,
  kind: string,
  provider: TerraformProvider | undefined,
  names: ReadonlyArray<string | number | undefined>,
  make: (stack: TerraformStack, id: string) => T,
): T {
  const stack = TerraformStack.of(scope);
  const made = lookups.get(stack) ?? new Map<string, Construct>();
  lookups.set(stack, made);
  const key = JSON.stringify([provider?.node.path ?? '', kind, names]);
  const existing = made.get(key);
  if (existing) return existing as T;
  const readable = [
    kind,
    ...(provider?.alias !== undefined && !Token.isUnresolved(provider.alias)
      ? [provider.alias]
      : []),
    ...names.filter((n) => n !== undefined).map((n) => (Token.isUnresolved(n) ? 'ref' : String(n))),
  ]
    .join('-')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
  const lookup = make(stack, claimName(stack, 'construct', readable, key));
  // Outside any pool: its user-given names are escaped here, as the pool's are (D11).
  keepLiteralsLiteral(lookup);
  made.set(key, lookup);
  return lookup;
}
