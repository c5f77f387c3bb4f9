/**
 * The provider schema files in schemas/ (design D5): the format of
 * `terraform providers schema -json`, plus a top-level `provenance` key saying which
 * provider version and which of its source files they were written from.
 */
import * as fs from 'fs';
import * as path from 'path';

export const SCHEMAS_DIR = path.resolve(__dirname, '../../schemas');

/** A cty type as Terraform writes it: `"string"`, `["list", "string"]`, `["object", {...}]`. */
export type CtyType = string | [string, unknown];

export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly nested_type?: NestedType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

/** The object(s) of a plugin framework nested attribute. */
export interface NestedType {
  readonly attributes: Record<string, SchemaAttribute>;
  readonly nesting_mode: string;
}

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, BlockType>;
}

export interface BlockType {
  readonly nesting_mode: string;
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface Schema {
  readonly version?: number;
  readonly block: SchemaBlock;
}

export interface ProviderSchema {
  readonly provider?: Schema;
  readonly resource_schemas?: Record<string, Schema>;
  readonly data_source_schemas?: Record<string, Schema>;
}

export interface Provenance {
  readonly provider: string;
  readonly version: string;
  readonly sources: readonly string[];
}

export interface ProviderSchemaFile {
  readonly format_version: string;
  readonly provenance: Provenance;
  readonly provider_schemas: Record<string, ProviderSchema>;
}

/** A schema file with its name (`proxmox` for schemas/proxmox.json). */
export interface NamedSchemaFile {
  readonly name: string;
  readonly file: ProviderSchemaFile;
}

/** The names of the schema files present, sorted. */
export function schemaFileNames(dir: string = SCHEMAS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function schemaFileExists(name: string, dir: string = SCHEMAS_DIR): boolean {
  return fs.existsSync(path.join(dir, `${name}.json`));
}

export function loadSchemaFile(name: string, dir: string = SCHEMAS_DIR): NamedSchemaFile {
  const text = fs.readFileSync(path.join(dir, `${name}.json`), 'utf8');
  return { name, file: JSON.parse(text) as ProviderSchemaFile };
}

/** Every schema file present (or the ones named), parsed. */
export function loadSchemaFiles(
  names: readonly string[] = schemaFileNames(),
  dir: string = SCHEMAS_DIR,
): NamedSchemaFile[] {
  return names.map((name) => loadSchemaFile(name, dir));
}

/** The single `registry.terraform.io/<namespace>/<type>` key of a schema file. */
export function providerAddressOf(file: ProviderSchemaFile): string {
  const keys = Object.keys(file.provider_schemas ?? {});
  if (keys.length !== 1) {
    throw new Error(`expected one provider in provider_schemas, found ${JSON.stringify(keys)}`);
  }
  return keys[0];
}

/** `bpg/proxmox` for `registry.terraform.io/bpg/proxmox`. */
export function shortSourceOf(address: string): string {
  return address.replace(/^registry\.terraform\.io\//, '');
}
