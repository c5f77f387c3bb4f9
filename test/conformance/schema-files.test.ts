/**
 * Every schema file in schemas/ is shaped as `terraform providers schema -json` writes it
 * (design D5), so the generator and the conformance checker read it as Terraform would;
 * and the structural check itself fails on each kind of malformed file.
 */
import { schemaFileProblems } from '../support/provider-schema-structure';
import { loadSchemaFile, schemaFileNames } from '../support/provider-schema';

/** The types issue #4 requires of each file, when the file is present. */
const REQUIRED_TYPES: Record<string, { resources: string[]; dataSources: string[] }> = {
  proxmox: {
    resources: ['proxmox_virtual_environment_vm', 'proxmox_virtual_environment_file'],
    dataSources: [],
  },
  maas: { resources: ['maas_instance', 'maas_vm_host_machine'], dataSources: [] },
  vcd: {
    resources: ['vcd_vapp', 'vcd_vapp_org_network'],
    dataSources: ['vcd_catalog', 'vcd_catalog_vapp_template'],
  },
  kubernetes: {
    resources: ['kubernetes_manifest', 'kubernetes_secret_v1'],
    dataSources: ['kubernetes_secret_v1'],
  },
};

describe('schema files', () => {
  const names = schemaFileNames();

  test('include the three providers bindings are generated for', () => {
    expect(names).toEqual(expect.arrayContaining(['proxmox', 'maas', 'vcd']));
  });

  test.each(names)('%s.json is well formed', (name) => {
    const { file } = loadSchemaFile(name);
    expect(schemaFileProblems(name, file)).toEqual([]);
  });

  test.each(names.filter((name) => name in REQUIRED_TYPES))(
    '%s.json holds the types the library needs',
    (name) => {
      const { file } = loadSchemaFile(name);
      const [provider] = Object.values(file.provider_schemas);
      const { resources, dataSources } = REQUIRED_TYPES[name];
      expect(Object.keys(provider.resource_schemas ?? {})).toEqual(
        expect.arrayContaining(resources),
      );
      expect(Object.keys(provider.data_source_schemas ?? {})).toEqual(
        expect.arrayContaining(dataSources),
      );
    },
  );

  const withKubernetes = names.includes('kubernetes') ? test : test.skip;
  withKubernetes(
    'kubernetes.json types the manifest and object of kubernetes_manifest dynamic',
    () => {
      const [provider] = Object.values(loadSchemaFile('kubernetes').file.provider_schemas);
      const { attributes } = provider.resource_schemas!.kubernetes_manifest.block;
      expect(attributes?.manifest).toMatchObject({ type: 'dynamic', required: true });
      expect(attributes?.object).toMatchObject({ type: 'dynamic' });
    },
  );

  test('vcd.json has a VM resource in a vApp', () => {
    const [provider] = Object.values(loadSchemaFile('vcd').file.provider_schemas);
    const types = Object.keys(provider.resource_schemas ?? {});
    expect(types.filter((t) => t === 'vcd_vapp_vm' || t === 'vcd_vm')).not.toEqual([]);
  });
});

describe('schemaFileProblems', () => {
  const ADDRESS = 'registry.terraform.io/acme/demo';

  /** A minimal well-formed file; tests break one thing each. */
  function demo(machineAttributes: Record<string, unknown> = {}, blockTypes = {}): any {
    return {
      format_version: '1.0',
      provenance: { provider: ADDRESS, version: '1.2.3', sources: ['acme/demo@v1.2.3:main.go'] },
      provider_schemas: {
        [ADDRESS]: {
          provider: { version: 0, block: {} },
          resource_schemas: {
            demo_machine: {
              version: 0,
              block: {
                attributes: {
                  name: { type: 'string', required: true, description_kind: 'plain' },
                  ...machineAttributes,
                },
                block_types: blockTypes,
              },
            },
          },
        },
      },
    };
  }

  const AT = `provider_schemas.${ADDRESS}.resource_schemas.demo_machine.block`;

  test('accepts a well-formed file', () => {
    expect(schemaFileProblems('demo', demo())).toEqual([]);
  });

  test('fails on an attribute required and optional, or with no flag at all', () => {
    const file = demo({
      both: { type: 'string', required: true, optional: true },
      none: { type: 'string' },
    });
    expect(schemaFileProblems('demo', file)).toEqual([
      `${AT}.attributes.both: required cannot be combined with optional or computed`,
      `${AT}.attributes.none: is neither required, optional nor computed`,
    ]);
  });

  test('fails on an attribute without a type or with an invalid one', () => {
    const file = demo({
      untyped: { optional: true },
      odd: { type: ['array', 'string'], optional: true },
      typo: { type: 'string', optinal: true, computed: true },
    });
    expect(schemaFileProblems('demo', file)).toEqual([
      `${AT}.attributes.untyped: needs exactly one of type and nested_type`,
      `${AT}.attributes.odd.type: unknown type kind "array"`,
      `${AT}.attributes.typo.optinal: unknown key`,
    ]);
  });

  test('fails on a block type with an invalid nesting_mode or item counts', () => {
    const file = demo(
      {},
      {
        disk: { nesting_mode: 'array', block: {} },
        boot: { nesting_mode: 'list', min_items: 2, max_items: 1, block: {} },
      },
    );
    expect(schemaFileProblems('demo', file)).toEqual([
      `${AT}.block_types.disk.nesting_mode: expected one of single, group, list, set, map, found "array"`,
      `${AT}.block_types.boot: min_items 2 is above max_items 1`,
    ]);
  });

  test('fails on a provider key, type name or provenance that do not match', () => {
    const file = demo();
    file.provenance = { provider: ADDRESS, sources: [] };
    file.provider_schemas[ADDRESS].resource_schemas.machine =
      file.provider_schemas[ADDRESS].resource_schemas.demo_machine;
    expect(schemaFileProblems('other', file)).toEqual([
      `provider_schemas.${ADDRESS}: provider type is not the file name "other"`,
      'provenance.version: expected an exact version x.y.z, found undefined',
      'provenance.sources: expected a non-empty list of the source files read',
      `provider_schemas.${ADDRESS}.resource_schemas.demo_machine: type name does not start with "other_"`,
      `provider_schemas.${ADDRESS}.resource_schemas.machine: type name does not start with "other_"`,
    ]);
  });

  test('fails on a provider key without the registry host', () => {
    const file = demo();
    file.provider_schemas = { 'acme/demo': file.provider_schemas[ADDRESS] };
    file.provenance.provider = 'acme/demo';
    expect(schemaFileProblems('demo', file)).toEqual([
      'provider_schemas.acme/demo: expected "registry.terraform.io/<namespace>/<type>"',
    ]);
  });
});
