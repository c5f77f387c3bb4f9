/**
 * Names a stack holds once per owner: construct ids of things shared by a control
 * plane's pools (its join token, its vSphere folder) and output names. Keyed by the
 * owner (a construct, or a value naming one thing), never by a name alone: two control
 * planes of one name in different namespaces or management clusters are different
 * tenants.
 *
 * The first owner of a name keeps it as is (today's Terraform addresses); another
 * owner asking for the same name gets it suffixed with a hash of what it is (the
 * start of its construct address), so names never collide and stay the same from one
 * synth to the next.
 */
import { createHash } from 'crypto';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { sharedWeakMap } from './shared-state';

const claims = sharedWeakMap<TerraformStack, Map<string, unknown>>('stack-names');

/**
 * The name `owner` uses for `name` in `stack`, within `namespace` (construct ids and
 * output names are separate namespaces): `name` if free or already its own, else
 * `name-<8 hex of the owner's hash>`.
 */
export function claimName(
  stack: TerraformStack,
  namespace: 'construct' | 'output',
  name: string,
  owner: IConstruct | string,
): string {
  const taken = claims.get(stack) ?? new Map<string, unknown>();
  claims.set(stack, taken);
  const hash =
    typeof owner === 'string'
      ? createHash('sha256').update(owner).digest('hex')
      : owner.node.addr.replace(/^c8/, '');
  const candidates = [name, `${name}-${hash.slice(0, 8)}`, `${name}-${hash}`];
  for (const candidate of candidates) {
    const key = `${namespace}\0${candidate}`;
    const holder = taken.get(key);
    if (holder === owner) return candidate;
    const free = namespace !== 'construct' || !stack.node.tryFindChild(candidate);
    if (holder === undefined && free) {
      taken.set(key, owner);
      return candidate;
    }
  }
  throw new Error(`${stack.node.path}: cannot name ${name} uniquely`);
}
