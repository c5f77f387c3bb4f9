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
 * The provider of `current` as `full` describes it, holding only the resource and
 * data source types `current` lists; descriptions are dropped. Throws when the
 * provider or one of the types is missing from `full`.
 */
export function trimProviderSchema(
  full: SchemaDocument,
  current: SchemaDocument,
  version: string,
): SchemaDocument {
  const [address] = Object.keys(current.provider_schemas);
  const fresh = full.provider_schemas[address];
  if (!fresh) {
    throw new Error(`${address} is not in the full schema; it holds ${Object.keys(full.provider_schemas).join(', ')}`);
  }
  const wanted = current.provider_schemas[address];
  return {
    format_version: full.format_version,
    provenance: {
      provider: address,
      version,
      sources: [`terraform providers schema -json of ${address} ${version}`],
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

/** Our schema files carry no prose: `description` and `deprecation_message` go. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description' && key !== 'deprecation_message')
      .map(([key, inner]) => [key, withoutDescriptions(inner)]),
  );
}
