/**
 * The language features a synthesized stack (`cdk.tf.json`) uses: block types,
 * `terraform` settings and backends, built-in resource and data source types, meta-arguments,
 * lifecycle and provisioner settings, output, variable and check arguments, and the
 * functions its expressions call. What the OpenTofu compatibility test compares with the
 * features known to work on both cores (opentofu-features.ts). Pure module: no CDKTF.
 *
 * Feature names: `block:<type>`, `terraform:<setting>`, `backend:<type>[.<argument>]`,
 * `cloud:<argument>`, `remote_state:<backend>[.<argument>]`, `resource:<built-in type>`, `data:<built-in type>`,
 * `meta:<argument>`, `lifecycle:<argument>`, `provisioner:<type>`,
 * `provisioner:<type>.<argument>[=<value>]`, `output:<argument>`, `variable:<argument>`,
 * `check:<block>`, `function:<name>`, `provider-function:<name>`.
 */

/** Resource and data source types of the built-in `terraform` provider, the core's own. */
const BUILT_IN = /^terraform_/;

/** Arguments of a resource or data block that belong to the language, not the provider. */
const META_ARGUMENTS = ['count', 'for_each', 'depends_on', 'provider', 'lifecycle'];

export function featuresOf(stack: Record<string, any>): Set<string> {
  const features = new Set<string>();
  for (const [block, body] of Object.entries(stack)) {
    if (block === '//') continue;
    features.add(`block:${block}`);
    if (block === 'terraform') terraformSettings(body, features);
    if (block === 'resource' || block === 'data') {
      for (const [type, instances] of Object.entries<Record<string, any>>(body)) {
        if (BUILT_IN.test(type)) features.add(`${block}:${type}`);
        for (const instance of Object.values(instances)) {
          resourceArguments(instance, features);
          if (type === 'terraform_remote_state') remoteStateSettings(instance, features);
        }
      }
    }
    if (block === 'output' || block === 'variable' || block === 'check') {
      for (const item of Object.values<Record<string, unknown>>(body)) {
        for (const argument of Object.keys(item)) features.add(`${block}:${argument}`);
      }
    }
  }
  for (const name of functionCalls(stack)) {
    features.add(name.includes('::') ? `provider-function:${name}` : `function:${name}`);
  }
  return features;
}

function terraformSettings(settings: Record<string, any>, features: Set<string>): void {
  for (const [setting, value] of Object.entries(settings)) {
    features.add(`terraform:${setting}`);
    if (setting === 'backend') {
      for (const [type, config] of Object.entries<Record<string, unknown>>(value)) {
        features.add(`backend:${type}`);
        for (const argument of Object.keys(config)) features.add(`backend:${type}.${argument}`);
      }
    }
    if (setting === 'cloud') {
      for (const argument of Object.keys(value)) features.add(`cloud:${argument}`);
      // OpenTofu has no default host (opentofu/opentofu internal/cloud/backend.go).
      if (!('hostname' in value)) features.add('cloud:without-hostname');
    }
  }
}

function remoteStateSettings(instance: Record<string, any>, features: Set<string>): void {
  const backend: string = instance.backend;
  features.add(`remote_state:${backend}`);
  for (const argument of Object.keys(instance.config ?? {})) {
    features.add(`remote_state:${backend}.${argument}`);
  }
  // OpenTofu's remote backend has no default host (internal/backend/remote/backend.go).
  if (backend === 'remote' && !('hostname' in (instance.config ?? {}))) {
    features.add('remote_state:remote.without-hostname');
  }
}

function resourceArguments(instance: Record<string, any>, features: Set<string>): void {
  for (const argument of META_ARGUMENTS) {
    if (argument in instance) features.add(`meta:${argument}`);
  }
  for (const argument of Object.keys(instance.lifecycle ?? {})) {
    features.add(`lifecycle:${argument}`);
  }
  for (const provisioner of instance.provisioner ?? []) {
    for (const [type, body] of Object.entries<Record<string, unknown>>(provisioner)) {
      features.add(`provisioner:${type}`);
      for (const [argument, value] of Object.entries(body)) {
        const shown = argument === 'when' || argument === 'on_failure' ? `=${value}` : '';
        features.add(`provisioner:${type}.${argument}${shown}`);
      }
    }
  }
  if ('connection' in instance) features.add('meta:connection');
}

/** Every function called in the stack's expressions (all string values, in any block). */
export function functionCalls(value: unknown): Set<string> {
  const calls = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') scanTemplate(node, 0, calls, false);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      // "//" properties are comments in Terraform's JSON syntax: never evaluated.
      for (const [key, inner] of Object.entries(node)) if (key !== '//') visit(inner);
    }
  };
  visit(value);
  return calls;
}

/**
 * Reads a template (the JSON syntax's string values, and quoted strings inside
 * expressions) from `start`: literal text, `$${` and `%%{` escapes, `${...}` and `%{...}`
 * sequences holding expressions. Inside quotes it ends at the closing `"` and returns the
 * index after it; at top level it runs to the end.
 */
function scanTemplate(text: string, start: number, calls: Set<string>, quoted: boolean): number {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (quoted && c === '\\') {
      i += 2;
    } else if (quoted && c === '"') {
      return i + 1;
    } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      i += 3;
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      i = scanExpression(text, i + 2, calls);
    } else {
      i += 1;
    }
  }
  return i;
}

/** Words of for expressions and template directives, which a parenthesis may follow. */
const KEYWORDS = new Set(['for', 'in', 'if', 'else', 'endif', 'endfor']);

/** Reads an expression up to its closing `}`, noting each `name(` call; returns the index after. */
function scanExpression(text: string, start: number, calls: Set<string>): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = scanTemplate(text, i + 1, calls, true);
      continue;
    }
    if (c === '{') depth += 1;
    if (c === '}') {
      if (depth === 0) return i + 1;
      depth -= 1;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_-]*(::[A-Za-z_][A-Za-z0-9_-]*)*/.exec(text.slice(i));
    if (name) {
      const after = text.slice(i + name[0].length);
      const previous = text[i - 1] ?? '';
      // `a.b(` is not HCL; `name (` is: calls may have blanks before the parenthesis.
      if (/^\s*\(/.test(after) && previous !== '.' && !KEYWORDS.has(name[0])) calls.add(name[0]);
      i += name[0].length;
      continue;
    }
    i += 1;
  }
  return i;
}
