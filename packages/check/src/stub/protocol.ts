/**
 * The part of Terraform's provider plugin protocol, major version 6, that the stub
 * serves, and go-plugin's controller service, as a protobuf descriptor for
 * @grpc/proto-loader's `fromJSON`: a module compiled into the package, so no .proto
 * file has to ship or be read at run time.
 *
 * Written for this repository from the protocol's documentation (docs/plugin-protocol
 * in hashicorp/terraform, tfplugin6.9; hashicorp/go-plugin for the controller): the
 * package, message and field names and the field numbers are what the wire format
 * requires; everything the stub does not use is left out, which protobuf tolerates
 * (unknown fields are skipped on decode).
 */
import type { fromJSON } from '@grpc/proto-loader';

type Namespace = Parameters<typeof fromJSON>[0];
type Nested = NonNullable<Namespace['nested']>;

/**
 * A message from `{ name: '<number> [repeated] <type>' }`, `<type>` also `map<k,v>`;
 * `nested` holds its inner messages and enums.
 */
function message(fields: Record<string, string>, nested?: Nested, oneof?: string): Nested[string] {
  const parsed = Object.fromEntries(
    Object.entries(fields).map(([name, spec]) => {
      const [id, ...rest] = spec.split(' ');
      const repeated = rest[0] === 'repeated';
      const type = repeated ? rest[1] : rest[0];
      const map = /^map<(\w+),(\w+)>$/.exec(type);
      const field = map
        ? { keyType: map[1], type: map[2], id: Number(id) }
        : { type, id: Number(id), ...(repeated && { rule: 'repeated' }) };
      return [name, field];
    }),
  );
  return {
    fields: parsed,
    ...(oneof && { oneofs: { [oneof]: { oneof: Object.keys(fields) } } }),
    ...(nested && { nested }),
  };
}

const enumOf = (...names: string[]) => ({
  values: Object.fromEntries(names.map((name, index) => [name, index])),
});

/** A `<Rpc>.Request` / `<Rpc>.Response` pair, the protocol's naming for every call. */
function call(request: Record<string, string>, response: Record<string, string>, extra?: Nested) {
  return message({}, { Request: message(request), Response: message(response), ...extra });
}

const DIAGNOSTICS = 'repeated Diagnostic';

const RPCS = [
  'GetMetadata',
  'GetProviderSchema',
  'GetResourceIdentitySchemas',
  'GetFunctions',
  'ValidateProviderConfig',
  'ValidateResourceConfig',
  'ValidateDataResourceConfig',
  'UpgradeResourceState',
  'ConfigureProvider',
  'ReadResource',
  'PlanResourceChange',
  'ApplyResourceChange',
  'ImportResourceState',
  'ReadDataSource',
  'StopProvider',
];

export const PLUGIN_PROTOCOL: Namespace = {
  nested: {
    tfplugin6: {
      nested: {
        // A value of the provider's type system: MessagePack (what Terraform sends and
        // the stub answers with) or JSON.
        DynamicValue: message({ msgpack: '1 bytes', json: '2 bytes' }),
        AttributePath: message(
          { steps: '1 repeated Step' },
          {
            Step: message(
              {
                attribute_name: '1 string',
                element_key_string: '2 string',
                element_key_int: '3 int64',
              },
              undefined,
              'selector',
            ),
          },
        ),
        Diagnostic: message(
          {
            severity: '1 Severity',
            summary: '2 string',
            detail: '3 string',
            attribute: '4 AttributePath',
          },
          { Severity: enumOf('INVALID', 'ERROR', 'WARNING') },
        ),
        StringKind: enumOf('PLAIN', 'MARKDOWN'),
        Schema: message(
          { version: '1 int64', block: '2 Block' },
          {
            Attribute: message({
              name: '1 string',
              // The type constraint as compact JSON, e.g. ["map","string"].
              type: '2 bytes',
              description: '3 string',
              required: '4 bool',
              optional: '5 bool',
              computed: '6 bool',
              sensitive: '7 bool',
              description_kind: '8 StringKind',
              deprecated: '9 bool',
              nested_type: '10 Object',
              write_only: '11 bool',
            }),
            Block: message({
              version: '1 int64',
              attributes: '2 repeated Attribute',
              block_types: '3 repeated NestedBlock',
              description: '4 string',
              description_kind: '5 StringKind',
              deprecated: '6 bool',
            }),
            NestedBlock: message(
              {
                type_name: '1 string',
                block: '2 Block',
                nesting: '3 NestingMode',
                min_items: '4 int64',
                max_items: '5 int64',
              },
              { NestingMode: enumOf('INVALID', 'SINGLE', 'LIST', 'SET', 'MAP', 'GROUP') },
            ),
            Object: message(
              { attributes: '1 repeated Attribute', nesting: '3 NestingMode' },
              { NestingMode: enumOf('INVALID', 'SINGLE', 'LIST', 'SET', 'MAP') },
            ),
          },
        ),
        ServerCapabilities: message({
          plan_destroy: '1 bool',
          get_provider_schema_optional: '2 bool',
          move_resource_state: '3 bool',
        }),
        RawState: message({ json: '1 bytes', flatmap: '2 map<string,string>' }),
        GetMetadata: call(
          {},
          {
            server_capabilities: '1 ServerCapabilities',
            diagnostics: `2 ${DIAGNOSTICS}`,
            data_sources: '3 repeated DataSourceMetadata',
            resources: '4 repeated ResourceMetadata',
          },
          {
            ResourceMetadata: message({ type_name: '1 string' }),
            DataSourceMetadata: message({ type_name: '1 string' }),
          },
        ),
        GetProviderSchema: call(
          {},
          {
            provider: '1 Schema',
            resource_schemas: '2 map<string,Schema>',
            data_source_schemas: '3 map<string,Schema>',
            diagnostics: `4 ${DIAGNOSTICS}`,
            provider_meta: '5 Schema',
            server_capabilities: '6 ServerCapabilities',
          },
        ),
        GetResourceIdentitySchemas: call({}, { diagnostics: `2 ${DIAGNOSTICS}` }),
        GetFunctions: call({}, { diagnostics: `2 ${DIAGNOSTICS}` }),
        ValidateProviderConfig: call(
          { config: '1 DynamicValue' },
          { diagnostics: `2 ${DIAGNOSTICS}` },
        ),
        ValidateResourceConfig: call(
          { type_name: '1 string', config: '2 DynamicValue' },
          { diagnostics: `1 ${DIAGNOSTICS}` },
        ),
        ValidateDataResourceConfig: call(
          { type_name: '1 string', config: '2 DynamicValue' },
          { diagnostics: `1 ${DIAGNOSTICS}` },
        ),
        UpgradeResourceState: call(
          { type_name: '1 string', version: '2 int64', raw_state: '3 RawState' },
          { upgraded_state: '1 DynamicValue', diagnostics: `2 ${DIAGNOSTICS}` },
        ),
        ConfigureProvider: call(
          { terraform_version: '1 string', config: '2 DynamicValue' },
          { diagnostics: `1 ${DIAGNOSTICS}` },
        ),
        ReadResource: call(
          { type_name: '1 string', current_state: '2 DynamicValue', private: '3 bytes' },
          { new_state: '1 DynamicValue', diagnostics: `2 ${DIAGNOSTICS}`, private: '3 bytes' },
        ),
        PlanResourceChange: call(
          {
            type_name: '1 string',
            prior_state: '2 DynamicValue',
            proposed_new_state: '3 DynamicValue',
            config: '4 DynamicValue',
            prior_private: '5 bytes',
          },
          {
            planned_state: '1 DynamicValue',
            requires_replace: '2 repeated AttributePath',
            planned_private: '3 bytes',
            diagnostics: `4 ${DIAGNOSTICS}`,
          },
        ),
        ApplyResourceChange: call(
          {
            type_name: '1 string',
            prior_state: '2 DynamicValue',
            planned_state: '3 DynamicValue',
            config: '4 DynamicValue',
            planned_private: '5 bytes',
          },
          { new_state: '1 DynamicValue', private: '2 bytes', diagnostics: `3 ${DIAGNOSTICS}` },
        ),
        ImportResourceState: call(
          { type_name: '1 string', id: '2 string' },
          { imported_resources: '1 repeated ImportedResource', diagnostics: `2 ${DIAGNOSTICS}` },
          {
            ImportedResource: message({
              type_name: '1 string',
              state: '2 DynamicValue',
              private: '3 bytes',
            }),
          },
        ),
        ReadDataSource: call(
          { type_name: '1 string', config: '2 DynamicValue' },
          { state: '1 DynamicValue', diagnostics: `2 ${DIAGNOSTICS}` },
        ),
        StopProvider: call({}, { Error: '1 string' }),
        Provider: {
          methods: Object.fromEntries(
            RPCS.map((rpc) => [
              rpc,
              { requestType: `${rpc}.Request`, responseType: `${rpc}.Response`, comment: '' },
            ]),
          ),
        },
      },
    },
    // go-plugin's controller, through which a plugin client asks its server to stop.
    plugin: {
      nested: {
        Empty: message({}),
        GRPCController: {
          methods: { Shutdown: { requestType: 'Empty', responseType: 'Empty', comment: '' } },
        },
      },
    },
  },
};
