/**
 * A stack without the provider a construct's resources need (issue #22 item 5). CDKTF
 * finds it too (its ValidateProviderPresence, added to every TerraformStack), but says
 * "add provider constructs [e.g. new RandomProvider(...)]" under a stack trace; this
 * check runs first, through the app's problems (problems.ts), and says which class,
 * from which package, for which construct: one line per stack and missing provider.
 *
 * Same rule as CDKTF's, so it refuses nothing CDKTF accepts: a provider of that name
 * anywhere in the stack, aliased or not. The library makes random and time itself
 * (ensure-provider.ts) and the tenant's kubernetes provider (JoinToken); what is left is
 * the management cluster's kubernetes provider and the infrastructures' providers.
 */
import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { Problem, ValidationError } from '../errors';
import { problem } from './common-messages';
import { checkAtSynth } from './problems';

/** Where the provider class for a provider name comes from, for the message. */
const PROVIDER_CLASSES: { readonly [providerName: string]: { name: string; from: string } } = {
  kubernetes: { name: 'KubernetesProvider', from: '@cdktf/provider-kubernetes/lib/provider' },
  vsphere: { name: 'VsphereProvider', from: '@cdktf/provider-vsphere/lib/provider' },
  proxmox: { name: 'ProxmoxProvider', from: 'cdktf-kamaji' },
  vcd: { name: 'VcdProvider', from: 'cdktf-kamaji' },
  maas: { name: 'MaasProvider', from: 'cdktf-kamaji' },
  random: { name: 'RandomProvider', from: '@cdktf/provider-random/lib/provider' },
  time: { name: 'TimeProvider', from: '@cdktf/provider-time/lib/provider' },
};

/** A construct whose resources need their providers in its stack. */
interface Requirement {
  readonly construct: IConstruct;
  /** The prop that would pass a provider, e.g. `provider`, `infrastructure.provider`. */
  readonly field: string;
}

const requirementsByRoot = new WeakMap<IConstruct, Requirement[]>();
const registered = new WeakSet<IConstruct>();
/**
 * Provider names a construct's own resources need, found at the app's first synth (a
 * control plane's admin kubeconfig read is made when a pool first reads it) and kept:
 * a resource added after that is left to CDKTF's own check.
 */
const needsOf = new WeakMap<IConstruct, Map<string, TerraformProvider | undefined>>();

/**
 * Has the app check, when synthesized, that the stack of `construct` declares the
 * providers of the resources and data sources `construct` holds (those of another
 * construct registered here, below it, count for that one).
 */
export function requireProviders(construct: IConstruct, field: string): void {
  const root = construct.node.root;
  let requirements = requirementsByRoot.get(root);
  if (!requirements) {
    const list: Requirement[] = [];
    requirements = list;
    requirementsByRoot.set(root, list);
    checkAtSynth(construct, () => missingProviders(list));
  }
  registered.add(construct);
  requirements.push({ construct, field });
}

function missingProviders(requirements: readonly Requirement[]): ValidationError[] {
  const errors: ValidationError[] = [];
  const reported = new Set<string>();
  for (const { construct, field } of requirements) {
    const stack = TerraformStack.of(construct);
    for (const [providerName, given] of needs(construct)) {
      const key = `${stack.node.path}\u0000${providerName}`;
      if (reported.has(key) || declares(stack, providerName)) continue;
      reported.add(key);
      const known = PROVIDER_CLASSES[providerName];
      errors.push(
        new ValidationError(construct.node.path, [
          missingProvider(
            field,
            given?.node.path,
            stack.node.path,
            providerName,
            known?.name,
            known?.from,
          ),
        ]),
      );
    }
  }
  return errors;
}

/** Provider names the construct's resources need, with the provider given to one, if any. */
function needs(construct: IConstruct): Map<string, TerraformProvider | undefined> {
  const cached = needsOf.get(construct);
  if (cached) return cached;
  const found = new Map<string, TerraformProvider | undefined>();
  const visit = (node: IConstruct) => {
    if (node !== construct && registered.has(node)) return;
    if (
      TerraformResource.isTerraformResource(node) ||
      TerraformDataSource.isTerraformDataSource(node)
    ) {
      const element = node as TerraformResource | TerraformDataSource;
      const name = element.terraformGeneratorMetadata?.providerName;
      if (name !== undefined && name !== 'terraform') {
        found.set(name, found.get(name) ?? element.provider);
      }
    }
    node.node.children.forEach(visit);
  };
  visit(construct);
  needsOf.set(construct, found);
  return found;
}

/**
 * Provider names found in each stack. Only ever added to (a provider stays where it was
 * made), so what was found once is not searched for again at the next stack's synth.
 */
const declaredByStack = new WeakMap<TerraformStack, Set<string>>();

/**
 * Whether the stack declares a provider of that name. Providers are usually children of
 * the stack: those are looked at first, the whole stack only when none is there.
 */
function declares(stack: TerraformStack, providerName: string): boolean {
  const known = declaredByStack.get(stack) ?? new Set<string>();
  declaredByStack.set(stack, known);
  if (known.has(providerName)) return true;
  const add = (nodes: readonly IConstruct[]) =>
    nodes.filter(TerraformProvider.isTerraformProvider).forEach((p) => {
      const name = (p as TerraformProvider).terraformGeneratorMetadata?.providerName;
      if (name !== undefined) known.add(name);
    });
  add(stack.node.children);
  if (!known.has(providerName)) add(stack.node.findAll());
  return known.has(providerName);
}

/** The line for a stack without `providerName`: which class to add, and from where. */
function missingProvider(
  field: string,
  given: string | undefined,
  stack: string,
  providerName: string,
  className: string | undefined,
  from: string | undefined,
): Problem {
  return problem(
    field,
    given,
    className && from
      ? `stack "${stack}" declares no ${providerName} provider, which its resources need: add new ${className}(stack, "${providerName}", { ... }) to that stack (import { ${className} } from "${from}")`
      : `stack "${stack}" declares no ${providerName} provider, which its resources need: add that provider's construct to that stack`,
  );
}
