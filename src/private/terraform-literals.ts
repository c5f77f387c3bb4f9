/**
 * Literals stay literal (design D11). Terraform reads every string of a resource,
 * data source or provider argument and of an output value as a template: `${...}` and
 * `%{...}` in it are evaluated, object keys included. CDKTF writes JS strings as they
 * are, and in a string that also holds tokens it even reads a literal `${` as the start
 * of a raw expression. So every string the library hands to Terraform passes through
 * `terraformLiteral` once, at the attribute boundary: the aspect below applies it to the
 * synthesized arguments of every Terraform element inside the constructs that ask for
 * it, so no construct has to remember it per attribute. Tokens (references, `Fn.*`)
 * stay expressions; escape hatches (`addOverride`) stay raw.
 *
 * Measured with terraform 1.11 (test/terraform/literals.test.ts): output descriptions,
 * variable defaults and backend settings are not templates, so they are left alone.
 * Their copies in `terraform_remote_state` reads are: CDKTF makes those while it
 * prepares the stacks, outside any construct of the library, and as TerraformElements
 * of their own, so the aspect never sees them; the backends of `StateBackend` write
 * them through `remoteStateConfig` instead (test/terraform/remote-state-literals.test.ts).
 */
import {
  Aspects,
  Fn,
  IAspect,
  TerraformDataSource,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
} from 'cdktf';
import { IConstruct } from 'constructs';
import { sharedWeakSet } from './shared-state';

/** The placeholder CDKTF leaves in a string for each token it holds. */
const TOKEN = /(\$\{TfToken\[[a-zA-Z0-9:._-]+\]\})/;
const isToken = (part: string) => TOKEN.test(part);

/** `${` and `%{` as text: Terraform's own escapes, `$${` and `%%{`. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * The argument value that Terraform evaluates to `text`: its literal parts verbatim,
 * its tokens evaluated. A string with nothing to escape comes back unchanged. Apply
 * it once: a literal it escapes is not meant to be escaped again.
 */
export function terraformLiteral(text: string): string {
  const parts = text.split(TOKEN).filter((part) => part !== '');
  const literals = parts.filter((part) => !isToken(part));
  if (literals.length === parts.length) return escapeTemplate(text);
  if (literals.length === 0) return text;
  // With tokens beside it, a literal "$" is unsafe however it is escaped: CDKTF takes
  // "${" for a raw expression, and "$" just before a token makes Terraform read "$${".
  const unsafe = literals.some((part) => part.includes('$') || part.includes('%{'));
  return unsafe ? terraformString(text) : text;
}

/** `terraformLiteral` of every string in plain objects and arrays, keys included. */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === 'string') return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map((item) => terraformLiterals(item)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [terraformLiteral(key), terraformLiterals(item)]),
    ) as T;
  }
  return value;
}

/**
 * The `config` of a `terraform_remote_state` that reads the state a backend with these
 * settings writes: the same settings, every string kept literal. Terraform reads a
 * `backend` block's settings as plain values but the remote state's `config` as an
 * expression, so a `${` in a bucket, key, path or name would be evaluated there and
 * the read would look elsewhere (design D11). Give it the backend's own settings
 * (camelCase, as its constructor took them), without `workspace`.
 */
export function remoteStateConfig<T extends object>(backendConfig: T): T {
  return terraformLiterals(backendConfig);
}

/**
 * The text as a Terraform string expression, literal parts quoted exactly: what a
 * `Fn.*` call needs as argument when the text mixes literals and tokens.
 */
export function terraformString(text: string): string {
  const parts = text.split(TOKEN).filter((part) => part !== '');
  if (parts.length === 1 && isToken(parts[0])) return parts[0];
  // Fn.rawString escapes quotes, newlines and "${", but not backslashes or "%{".
  return Fn.join(
    '',
    parts.map((part) =>
      isToken(part)
        ? part
        : Fn.rawString(
            part
              .replace(/\\/g, () => '\\\\')
              .replace(/\r/g, () => '\\r')
              .replace(/%\{/g, () => '%%{'),
          ),
    ),
  );
}

/**
 * Makes every resource, data source, provider and output inside `scope` write its
 * arguments through `terraformLiteral` (once per scope; nested scopes are fine).
 */
export function keepLiteralsLiteral(scope: IConstruct): void {
  if (scopes.has(scope)) return;
  scopes.add(scope);
  Aspects.of(scope).add(LITERALS_STAY_LITERAL);
}

const scopes = sharedWeakSet<IConstruct>('literal-scopes');
const patched = sharedWeakSet<IConstruct>('literal-patched');

type Attributes = { [name: string]: unknown };
interface Synthesizing {
  synthesizeAttributes(): Attributes;
}

class LiteralsStayLiteral implements IAspect {
  public visit(node: IConstruct): void {
    if (patched.has(node)) return;
    if (
      TerraformResource.isTerraformResource(node) ||
      TerraformDataSource.isTerraformDataSource(node) ||
      TerraformProvider.isTerraformProvider(node)
    ) {
      wrap(node, (attributes) => terraformLiterals(attributes));
    } else if (TerraformOutput.isTerraformOutput(node)) {
      // The value is an expression; the description is plain text, read as is.
      wrap(node, (attributes) => ({ ...attributes, value: terraformLiterals(attributes.value) }));
    }
  }
}

const LITERALS_STAY_LITERAL = new LiteralsStayLiteral();

/**
 * Replaces the element's `synthesizeAttributes` (what its props synthesize to, before
 * meta-arguments and overrides are merged in) by one that transforms the result.
 */
function wrap(node: IConstruct, transform: (attributes: Attributes) => Attributes): void {
  patched.add(node);
  const element = node as unknown as Synthesizing;
  const synthesize = element.synthesizeAttributes.bind(element);
  element.synthesizeAttributes = () => transform(synthesize());
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
