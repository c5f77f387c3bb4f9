/**
 * Checks synthesized Terraform JSON (a stack's cdk.tf.json) against the provider schema
 * files, as `terraform validate` would with the real providers, which are out of reach
 * here (design D8): every resource, data source and provider configuration block of a
 * provider with a schema file must use known attributes and blocks, set every required
 * attribute and block, respect block counts and nesting, give literal values of the
 * attribute's type, and hold no unresolved CDKTF token.
 *
 * What it cannot know: a Terraform expression ("${...}") stands for a value of any type;
 * values inside blocks given through `dynamic` are checked but their count is not; checks
 * a provider makes itself (ConflictsWith, validators, plan-time rules) are not in a schema.
 * Literal strings, numbers and bools are accepted where Terraform converts them
 * (the number 3 for a string, "3" for a number, "true" for a bool).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import {
  BlockType,
  CtyType,
  NamedSchemaFile,
  ProviderSchema,
  SchemaAttribute,
  SchemaBlock,
  providerAddressOf,
} from './provider-schema';

/** One finding: where in the Terraform JSON, and what is wrong. */
export interface ConformanceViolation {
  readonly path: string;
  readonly message: string;
}

export interface ConformanceOptions {
  /**
   * Provider addresses (`registry.terraform.io/hashicorp/null`) whose blocks are not
   * checked. By default a block of a provider without a schema file is a violation, so
   * that nothing is left unchecked by accident.
   * @default []
   */
  readonly uncheckedProviders?: readonly string[];
}

/** Terraform JSON as synthesized: only the parts the checker reads are typed. */
export interface TerraformJson {
  readonly terraform?: { readonly required_providers?: Record<string, unknown> };
  readonly provider?: Record<string, unknown>;
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

type Json = Record<string, unknown>;

/** Meta-arguments Terraform handles itself; they are not part of a provider schema. */
const RESOURCE_META = new Set([
  '//',
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);
const PROVIDER_META = new Set(['//', 'alias', 'version']);

/** The markers CDKTF leaves in strings for tokens it could not resolve. */
const UNRESOLVED_TOKEN = /\$\{(TfToken|Token)\[|#\{TfToken\[|\bTfToken\[TOKEN\.\d+\]/;
/**
 * Terraform's own provider (terraform_remote_state, which CDKTF uses for cross-stack
 * references, and terraform_data): built into Terraform, with no schema file to check.
 */
const BUILTIN_TERRAFORM = 'terraform.io/builtin/terraform';
/** CDKTF encodes a number token as a double near -1.888e289; no real setting is that large. */
const NUMBER_TOKEN_MAGNITUDE = 1e289;

/** The violations of one synthesized stack; an empty list means it conforms. */
export function checkConformance(
  config: TerraformJson,
  schemas: readonly NamedSchemaFile[],
  options: ConformanceOptions = {},
): ConformanceViolation[] {
  return new ConformanceChecker(config, schemas, options).run();
}

/** Violations as lines, for a readable test failure. */
export function formatViolations(violations: readonly ConformanceViolation[]): string[] {
  return violations.map((v) => `${v.path}: ${v.message}`);
}

/**
 * Synthesizes an app the way `cdktf synth` does (into a temporary folder, so cross-stack
 * references are wired) and checks every stack. Returns the violations by stack name;
 * a conforming app gives an empty list for each of its stacks.
 */
export function checkAppConformance(
  build: (app: App) => App,
  schemas: readonly NamedSchemaFile[],
  options: ConformanceOptions = {},
): Map<string, string[]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-conformance-'));
  try {
    build(new App({ outdir })).synth();
    const results = new Map<string, string[]>();
    const stacksDir = path.join(outdir, 'stacks');
    for (const stack of fs.readdirSync(stacksDir).sort()) {
      const config = JSON.parse(
        fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'),
      );
      results.set(stack, formatViolations(checkConformance(config, schemas, options)));
    }
    return results;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string holding a Terraform template: its value is decided by Terraform. */
function isExpression(value: unknown): boolean {
  return typeof value === 'string' && /\$\{|%\{/.test(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function typeName(type: unknown): string {
  return typeof type === 'string' ? type : JSON.stringify(type);
}

/** `registry.terraform.io/hashicorp/kubernetes` for the sources `kubernetes`, `hashicorp/kubernetes`. */
function addressOf(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

class ConformanceChecker {
  private readonly violations: ConformanceViolation[] = [];
  private readonly providers = new Map<string, { schema: ProviderSchema; version: string }>();
  private readonly unchecked: Set<string>;

  constructor(
    private readonly config: TerraformJson,
    schemas: readonly NamedSchemaFile[],
    options: ConformanceOptions,
  ) {
    for (const { file } of schemas) {
      const address = providerAddressOf(file);
      this.providers.set(address, {
        schema: file.provider_schemas[address],
        version: file.provenance.version,
      });
    }
    this.unchecked = new Set(options.uncheckedProviders ?? []);
  }

  public run(): ConformanceViolation[] {
    this.findUnresolvedTokens(this.config, '');
    this.checkRequiredProviders();
    this.checkProviderBlocks();
    this.checkResources('resource', 'resource_schemas');
    this.checkResources('data', 'data_source_schemas');
    return this.violations;
  }

  private report(at: string, message: string): void {
    this.violations.push({ path: at, message });
  }

  private findUnresolvedTokens(value: unknown, at: string): void {
    if (typeof value === 'string') {
      if (UNRESOLVED_TOKEN.test(value)) this.report(at, `holds an unresolved token: ${value}`);
    } else if (typeof value === 'number') {
      if (Math.abs(value) >= NUMBER_TOKEN_MAGNITUDE) {
        this.report(at, `holds an unresolved number token: ${value}`);
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => this.findUnresolvedTokens(v, `${at}[${i}]`));
    } else if (isObject(value)) {
      for (const [key, v] of Object.entries(value)) {
        this.findUnresolvedTokens(v, at ? `${at}.${key}` : key);
      }
    }
  }

  /** The source a stack gives a provider's local name; Terraform's default otherwise. */
  private addressOfLocalName(localName: string): string {
    if (localName === 'terraform') return BUILTIN_TERRAFORM;
    const requirement = this.config.terraform?.required_providers?.[localName];
    const source =
      isObject(requirement) && typeof requirement.source === 'string'
        ? requirement.source
        : localName;
    return addressOf(source);
  }

  /** The schema for a provider, or undefined after reporting why it cannot be checked. */
  private providerSchema(localName: string, at: string): ProviderSchema | undefined {
    const address = this.addressOfLocalName(localName);
    if (this.unchecked.has(address) || address === BUILTIN_TERRAFORM) return undefined;
    const provider = this.providers.get(address);
    if (!provider) this.report(at, `no schema file for provider ${address}`);
    return provider?.schema;
  }

  private checkRequiredProviders(): void {
    const required = this.config.terraform?.required_providers ?? {};
    for (const [localName, requirement] of Object.entries(required)) {
      const at = `terraform.required_providers.${localName}`;
      if (!isObject(requirement)) continue;
      const provider = this.providers.get(this.addressOfLocalName(localName));
      const version =
        typeof requirement.version === 'string'
          ? requirement.version.replace(/^=\s*/, '')
          : undefined;
      // Only an exact version pins what the schema file describes; a range cannot be compared.
      if (provider && version && /^\d+\.\d+\.\d+$/.test(version) && version !== provider.version) {
        this.report(
          `${at}.version`,
          `requires ${version}, but the schema file describes version ${provider.version}`,
        );
      }
    }
  }

  private checkProviderBlocks(): void {
    for (const [localName, blocks] of Object.entries(this.config.provider ?? {})) {
      const configs = Array.isArray(blocks) ? blocks : [blocks];
      configs.forEach((body, i) => {
        const at = `provider.${localName}[${i}]`;
        const schema = this.providerSchema(localName, at);
        if (schema === undefined) return;
        if (!schema.provider) return this.report(at, 'the schema file has no provider block');
        this.checkBody(body, schema.provider.block, at, PROVIDER_META);
      });
    }
  }

  private checkResources(
    kind: 'resource' | 'data',
    schemaKey: 'resource_schemas' | 'data_source_schemas',
  ): void {
    const label = kind === 'resource' ? 'resource type' : 'data source';
    for (const [type, instances] of Object.entries(this.config[kind] ?? {})) {
      for (const [name, body] of Object.entries(instances ?? {})) {
        const at = `${kind}.${type}.${name}`;
        const provider =
          isObject(body) && typeof body.provider === 'string' ? body.provider : undefined;
        // `provider = "kubernetes.tenant"` names the local name and alias; otherwise the
        // type's first word is the provider's local name.
        const localName = provider
          ? provider.replace(/^\$\{|\}$/g, '').split('.')[0]
          : type.split('_')[0];
        const schema = this.providerSchema(localName, at);
        if (schema === undefined) continue;
        const typeSchema = schema[schemaKey]?.[type];
        if (!typeSchema) {
          this.report(
            at,
            `${label} ${type} is not in the schema file of ${this.addressOfLocalName(localName)}`,
          );
          continue;
        }
        this.checkBody(body, typeSchema.block, at, RESOURCE_META);
      }
    }
  }

  /** A block's body: attributes, nested blocks and (at the top) meta-arguments. */
  private checkBody(
    body: unknown,
    block: SchemaBlock,
    at: string,
    meta: ReadonlySet<string> = new Set(),
  ): void {
    if (!isObject(body))
      return this.report(at, `expected a block body (an object), found ${describeValue(body)}`);
    const attributes = block.attributes ?? {};
    const blockTypes = block.block_types ?? {};
    const dynamic = this.dynamicBlocks(body.dynamic, blockTypes, at);

    for (const [key, value] of Object.entries(body)) {
      const where = `${at}.${key}`;
      if (value === undefined || meta.has(key) || key === 'dynamic') continue;
      // A null block is no block (a null attribute, an unset one).
      if (value === null && key in blockTypes) continue;
      if (key in attributes) this.checkAttribute(value, attributes[key], where);
      else if (key in blockTypes) this.checkBlocks(value, blockTypes[key], where);
      else this.report(where, 'unknown attribute or block');
    }
    for (const [name, attribute] of Object.entries(attributes)) {
      if (attribute.required && (body[name] === undefined || body[name] === null)) {
        this.report(`${at}.${name}`, 'required attribute is missing');
      }
    }
    for (const [name, blockType] of Object.entries(blockTypes)) {
      const min = blockType.min_items ?? 0;
      if (min > 0 && (body[name] === undefined || body[name] === null) && !dynamic.has(name)) {
        this.report(`${at}.${name}`, `required block is missing (at least ${min})`);
      }
    }
  }

  /** Checks `dynamic` blocks' content; returns the block types they generate. */
  private dynamicBlocks(
    value: unknown,
    blockTypes: Record<string, BlockType>,
    at: string,
  ): Set<string> {
    const names = new Set<string>();
    if (value === undefined) return names;
    const entries = Array.isArray(value) ? value : [value];
    for (const entry of entries) {
      if (!isObject(entry)) {
        this.report(`${at}.dynamic`, `expected an object, found ${describeValue(entry)}`);
        continue;
      }
      for (const [name, spec] of Object.entries(entry)) {
        const where = `${at}.dynamic.${name}`;
        names.add(name);
        if (!(name in blockTypes)) {
          this.report(where, 'unknown block');
          continue;
        }
        for (const generator of Array.isArray(spec) ? spec : [spec]) {
          if (!isObject(generator) || generator.for_each === undefined) {
            this.report(where, 'a dynamic block needs for_each and content');
            continue;
          }
          this.checkBody(generator.content, blockTypes[name].block, `${where}.content`);
        }
      }
    }
    return names;
  }

  private checkBlocks(value: unknown, blockType: BlockType, at: string): void {
    const mode = blockType.nesting_mode;
    if (mode === 'map') {
      if (!isObject(value))
        return this.report(
          at,
          `expected blocks by label (an object), found ${describeValue(value)}`,
        );
      for (const [label, body] of Object.entries(value))
        this.checkBody(body, blockType.block, `${at}.${label}`);
      return;
    }
    // Terraform's JSON syntax takes one block as an object, several as a list of objects.
    if (!isObject(value) && !Array.isArray(value)) {
      return this.report(
        at,
        `expected a block (an object or a list of objects), found ${describeValue(value)}`,
      );
    }
    const blocks = Array.isArray(value) ? value : [value];
    const max = mode === 'single' || mode === 'group' ? 1 : (blockType.max_items ?? 0);
    const min = blockType.min_items ?? 0;
    if (max > 0 && blocks.length > max) {
      this.report(at, `too many blocks: ${blocks.length}, at most ${max} (nesting_mode ${mode})`);
    }
    if (blocks.length < min) {
      this.report(at, `too few blocks: ${blocks.length}, at least ${min}`);
    }
    blocks.forEach((body, i) =>
      this.checkBody(body, blockType.block, Array.isArray(value) ? `${at}[${i}]` : at),
    );
  }

  private checkAttribute(value: unknown, attribute: SchemaAttribute, at: string): void {
    if (value === null) return;
    if (attribute.computed && !attribute.optional && !attribute.required) {
      return this.report(at, 'is computed only: a configuration cannot set it');
    }
    if (isExpression(value)) return;
    if (attribute.nested_type) {
      const { nesting_mode: mode, attributes } = attribute.nested_type;
      const nested: SchemaBlock = { attributes };
      if (mode === 'single') return this.checkBody(value, nested, at);
      if (mode === 'map') {
        if (!isObject(value))
          return this.report(at, `expected an object of objects, found ${describeValue(value)}`);
        for (const [key, item] of Object.entries(value))
          if (!isExpression(item)) this.checkBody(item, nested, `${at}.${key}`);
        return;
      }
      if (!Array.isArray(value))
        return this.report(at, `expected a list of objects, found ${describeValue(value)}`);
      value.forEach((item, i) => {
        if (item !== null && !isExpression(item)) this.checkBody(item, nested, `${at}[${i}]`);
      });
      return;
    }
    // A list or set of objects may be written as blocks; Terraform then fills the
    // attributes left out with null (its "attributes as blocks" rule).
    const type = attribute.type as CtyType;
    const asBlocks =
      Array.isArray(type) &&
      (type[0] === 'list' || type[0] === 'set') &&
      Array.isArray(type[1]) &&
      type[1][0] === 'object';
    this.checkValue(value, type, at, asBlocks);
  }

  private checkValue(value: unknown, type: unknown, at: string, partialObjects = false): void {
    if (value === null || isExpression(value)) return;
    const mismatch = () =>
      this.report(at, `expected ${typeName(type)}, found ${describeValue(value)}`);
    if (typeof type === 'string') {
      switch (type) {
        case 'dynamic':
          return;
        case 'string':
          if (!['string', 'number', 'boolean'].includes(typeof value)) mismatch();
          return;
        case 'number':
          if (typeof value === 'number') return;
          if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
            return;
          return mismatch();
        case 'bool':
          if (typeof value === 'boolean' || value === 'true' || value === 'false') return;
          return mismatch();
        default:
          return this.report(at, `the schema has an unknown type ${JSON.stringify(type)}`);
      }
    }
    if (!Array.isArray(type))
      return this.report(at, `the schema has an unknown type ${JSON.stringify(type)}`);
    const [kind, element] = type as [string, unknown];
    switch (kind) {
      case 'list':
      case 'set':
        if (!Array.isArray(value)) return mismatch();
        value.forEach((item, i) => this.checkValue(item, element, `${at}[${i}]`, partialObjects));
        return;
      case 'map':
        if (!isObject(value)) return mismatch();
        for (const [key, item] of Object.entries(value))
          this.checkValue(item, element, `${at}.${key}`);
        return;
      case 'tuple': {
        const elements = element as unknown[];
        if (!Array.isArray(value) || value.length !== elements.length) return mismatch();
        value.forEach((item, i) => this.checkValue(item, elements[i], `${at}[${i}]`));
        return;
      }
      case 'object': {
        if (!isObject(value)) return mismatch();
        const attributeTypes = element as Json;
        const optional = new Set((type as unknown[])[2] as string[] | undefined);
        for (const [key, item] of Object.entries(value)) {
          if (key in attributeTypes) this.checkValue(item, attributeTypes[key], `${at}.${key}`);
          else this.report(`${at}.${key}`, 'unknown attribute of the object');
        }
        if (!partialObjects) {
          for (const key of Object.keys(attributeTypes)) {
            if (!(key in value) && !optional.has(key))
              this.report(`${at}.${key}`, 'attribute of the object is missing');
          }
        }
        return;
      }
      default:
        return this.report(at, `the schema has an unknown type ${JSON.stringify(type)}`);
    }
  }
}
