/**
 * Trims the output of `terraform providers schema -json` down to the types a schema
 * file of ours already lists, so it can be refreshed from a newer provider release.
 * Pure module: no file system, no CDKTF.
 */

export interface SchemaDocument {
  format_version: string;
  provenance?: { provider: string; version: string; sources: string[] };
  provider_schemas: Record<string, ProviderSchema>;
}

interface ProviderSchema {
  provider: unknown;
  resource_schemas?: Record<string, unknown>;
  data_source_schemas?: Record<string, unknown>;
}

/**
 * The two public registries' hosts, and the command whose output names each: a host-less
 * source (`bpg/proxmox`) is registry.terraform.io to Terraform and registry.opentofu.org
 * to OpenTofu (opentofu/opentofu internal/addrs/provider.go), so `tofu providers schema
 * -json` keys the same provider under the other host.
 */
const REGISTRIES: Record<string, string> = {
  'registry.terraform.io': 'terraform',
  'registry.opentofu.org': 'tofu',
};

/**
 * The provider of `current` as `full` describes it, holding only the resource and
 * data source types `current` lists; descriptions are dropped. `full` may come from
 * Terraform or OpenTofu: the provider is found under either registry's host, and keeps
 * the address `current` has. Throws when the provider or one of the types is missing
 * from `full`.
 */
export function trimProviderSchema(
  full: SchemaDocument,
  current: SchemaDocument,
  version: string,
): SchemaDocument {
  const [address] = Object.keys(current.provider_schemas);
  const found = sameProvider(address, Object.keys(full.provider_schemas));
  if (!found) {
    throw new Error(`${address} is not in the full schema; it holds ${Object.keys(full.provider_schemas).join(', ')}`);
  }
  const fresh = full.provider_schemas[found];
  const wanted = current.provider_schemas[address];
  const tool = REGISTRIES[found.split('/')[0]] ?? 'terraform';
  return {
    format_version: full.format_version,
    provenance: {
      provider: address,
      version,
      sources: [`${tool} providers schema -json of ${found} ${version}`],
    },
    provider_schemas: {
      [address]: {
        provider: withoutDescriptions(fresh.provider),
        resource_schemas: pick(fresh.resource_schemas, wanted.resource_schemas, 'resource'),
        data_source_schemas: pick(fresh.data_source_schemas, wanted.data_source_schemas, 'data source'),
      },
    },
  };
}

/** `address` itself among `addresses`, else the same provider under the other registry's host. */
function sameProvider(address: string, addresses: string[]): string | undefined {
  if (addresses.includes(address)) return address;
  const [host, ...rest] = address.split('/');
  if (!(host in REGISTRIES)) return undefined;
  return addresses.find((other) => {
    const [otherHost, ...otherRest] = other.split('/');
    return otherHost in REGISTRIES && otherRest.join('/') === rest.join('/');
  });
}

function pick(
  from: Record<string, unknown> | undefined,
  wanted: Record<string, unknown> | undefined,
  kind: string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(wanted ?? {}).map((type) => {
      const schema = from?.[type];
      if (schema === undefined) throw new Error(`${kind} ${type} is not in the full schema`);
      return [type, withoutDescriptions(schema)];
    }),
  );
}

/**
 * Our schema files carry no prose: the `description` and `deprecation_message` fields
 * of schema, block and attribute objects go (`description_kind` stays, as in every
 * schema file we commit, so a refresh diffs only what changed). Walks the format of
 * `terraform providers schema -json` (schema -> block -> attributes, block_types ->
 * block, attribute -> nested_type -> attributes) so that an attribute or block that is
 * itself named `description` (vcd_vapp, vcd_vapp_vm, proxmox_virtual_environment_vm,
 * ...) is kept: in `attributes` and `block_types`, keys are names, not fields.
 */
function withoutDescriptions(schema: unknown): unknown {
  return transformObject(schema, { block: trimBlock });
}

function trimBlock(block: unknown): unknown {
  return transformObject(block, {
    attributes: (attributes) => mapNamed(attributes, trimAttribute),
    block_types: (types) =>
      mapNamed(types, (nested) => transformObject(nested, { block: trimBlock }, false)),
  });
}

function trimAttribute(attribute: unknown): unknown {
  return transformObject(attribute, {
    nested_type: (nested) =>
      transformObject(
        nested,
        { attributes: (attributes) => mapNamed(attributes, trimAttribute) },
        false,
      ),
  });
}

const PROSE = new Set(['description', 'deprecation_message']);

/**
 * The object's fields in their order, prose dropped (unless `dropProse` is false, for
 * objects that hold none), the fields named in `inner` transformed.
 */
function transformObject(
  value: unknown,
  inner: Record<string, (value: unknown) => unknown>,
  dropProse = true,
): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !(dropProse && PROSE.has(key)))
      .map(([key, field]) => [key, inner[key] ? inner[key](field) : field]),
  );
}

/** A map from names (attribute or block names) to objects, each transformed. */
function mapNamed(value: unknown, transform: (value: unknown) => unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, transform(inner)]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
