/**
 * Provider schemas from `schemas/*.json` (the format of `terraform providers schema
 * -json`, plus our `provenance`), as the stub serves them over the plugin protocol.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROVIDER_ENV_DEFAULTS } from './provider-env-defaults';
import { TypeExpr } from './values';

export interface SchemaAttribute {
  readonly type?: TypeExpr;
  readonly nested_type?: NestedType;
  readonly description?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly write_only?: boolean;
}

export interface NestedType {
  readonly attributes: Record<string, SchemaAttribute>;
  readonly nesting_mode: 'single' | 'list' | 'set' | 'map';
}

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, SchemaBlockType>;
  readonly description?: string;
  readonly deprecated?: boolean;
}

export interface SchemaBlockType {
  readonly nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface ResourceSchema {
  readonly version: number;
  readonly block: SchemaBlock;
}

export interface ProviderSchema {
  /** Registry address, e.g. registry.terraform.io/hashicorp/kubernetes. */
  readonly address: string;
  /** The provider version the schema was written from. */
  readonly version: string;
  readonly provider: ResourceSchema;
  readonly resources: Record<string, ResourceSchema>;
  readonly dataSources: Record<string, ResourceSchema>;
}

/** Every provider of every schema file in the folder. */
export function loadProviderSchemas(dir: string): ProviderSchema[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      return Object.entries<any>(json.provider_schemas).map(([address, schemas]) => ({
        address,
        version: json.provenance?.version ?? '0.0.0',
        provider: schemas.provider ?? { version: 0, block: {} },
        resources: schemas.resource_schemas ?? {},
        dataSources: schemas.data_source_schemas ?? {},
      }));
    });
}

/** The object type of a block's values, as Terraform derives it from the schema. */
export function blockType(block: SchemaBlock): TypeExpr {
  const attributes: Record<string, TypeExpr> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    attributes[name] = attributeType(attribute);
  }
  for (const [name, blockType_] of Object.entries(block.block_types ?? {})) {
    const inner = blockType(blockType_.block);
    attributes[name] = wrapNesting(blockType_.nesting_mode, inner);
  }
  return ['object', attributes];
}

export function attributeType(attribute: SchemaAttribute): TypeExpr {
  if (attribute.type !== undefined) return attribute.type;
  const nested = attribute.nested_type!;
  const inner: TypeExpr = [
    'object',
    Object.fromEntries(
      Object.entries(nested.attributes).map(([name, a]) => [name, attributeType(a)]),
    ),
  ];
  return wrapNesting(nested.nesting_mode, inner);
}

function wrapNesting(mode: string, inner: TypeExpr): TypeExpr {
  switch (mode) {
    case 'single':
    case 'group':
      return inner;
    case 'list':
    case 'set':
    case 'map':
      return [mode, inner];
    default:
      throw new Error(`unsupported nesting mode ${mode}`);
  }
}

const NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;

/** A schema as the protocol's `Schema` message (plain object for @grpc/proto-loader). */
export function toProtoSchema(schema: ResourceSchema): object {
  return { version: schema.version, block: toProtoBlock(schema.block) };
}

function toProtoBlock(block: SchemaBlock): object {
  return {
    attributes: Object.entries(block.attributes ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, attribute]) => toProtoAttribute(name, attribute)),
    block_types: Object.entries(block.block_types ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, nested]) => ({
        type_name: name,
        block: toProtoBlock(nested.block),
        nesting: NESTING[nested.nesting_mode],
        min_items: nested.min_items ?? 0,
        max_items: nested.max_items ?? 0,
      })),
    description: block.description ?? '',
    deprecated: block.deprecated ?? false,
  };
}

function toProtoAttribute(name: string, attribute: SchemaAttribute): object {
  return {
    name,
    ...(attribute.type !== undefined && {
      type: Buffer.from(JSON.stringify(attribute.type), 'utf8'),
    }),
    ...(attribute.nested_type && {
      nested_type: {
        attributes: Object.entries(attribute.nested_type.attributes)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([n, a]) => toProtoAttribute(n, a)),
        nesting: NESTING[attribute.nested_type.nesting_mode],
      },
    }),
    description: attribute.description ?? '',
    required: attribute.required ?? false,
    optional: attribute.optional ?? false,
    computed: attribute.computed ?? false,
    sensitive: attribute.sensitive ?? false,
    deprecated: attribute.deprecated ?? false,
    write_only: attribute.write_only ?? false,
  };
}

/**
 * The provider's configuration schema as the real SDKv2 provider reports it in an
 * environment: a required argument with an environment default (PROVIDER_ENV_DEFAULTS)
 * is optional when one of its variables is set and not empty.
 */
export function providerSchemaIn(
  provider: ProviderSchema,
  environment: Readonly<Record<string, string | undefined>>,
): ResourceSchema {
  const defaults = PROVIDER_ENV_DEFAULTS[provider.address] ?? {};
  const attributes = { ...provider.provider.block.attributes };
  for (const [name, variables] of Object.entries(defaults)) {
    const attribute = attributes[name];
    if (attribute?.required && variables.some((variable) => !!environment[variable])) {
      attributes[name] = { ...attribute, required: false, optional: true };
    }
  }
  return { ...provider.provider, block: { ...provider.provider.block, attributes } };
}
