import * as fs from 'fs';
import * as path from 'path';
import { SchemaDocument, trimProviderSchema } from '../../scripts/lib/trim-provider-schema';

const SCHEMAS = path.resolve(__dirname, '../../schemas');

const ADDRESS = 'registry.terraform.io/bpg/proxmox';
const attr = (type: unknown) => ({
  type,
  optional: true,
  description: 'prose',
  description_kind: 'plain',
});

const full: SchemaDocument = {
  format_version: '1.0',
  provider_schemas: {
    [ADDRESS]: {
      provider: {
        version: 0,
        block: { attributes: { endpoint: attr('string') }, description: 'p' },
      },
      resource_schemas: {
        proxmox_virtual_environment_vm: {
          version: 0,
          block: { attributes: { name: attr('string'), cores: attr('number') } },
        },
        proxmox_virtual_environment_container: { version: 0, block: { attributes: {} } },
      },
      data_source_schemas: {
        proxmox_virtual_environment_nodes: {
          version: 0,
          block: { attributes: { names: attr(['list', 'string']) } },
        },
      },
    },
    'registry.terraform.io/hashicorp/null': { provider: {}, resource_schemas: {} },
  },
};

const current: SchemaDocument = {
  format_version: '1.0',
  provenance: { provider: ADDRESS, version: '0.111.1', sources: ['x'] },
  provider_schemas: {
    [ADDRESS]: {
      provider: {},
      resource_schemas: { proxmox_virtual_environment_vm: {} },
      data_source_schemas: { proxmox_virtual_environment_nodes: {} },
    },
  },
};

describe('trimProviderSchema', () => {
  test('keeps only the types our file lists, from the full schema, without prose', () => {
    const trimmed = trimProviderSchema(full, current, '0.112.0');
    expect(trimmed.provenance).toEqual({
      provider: ADDRESS,
      version: '0.112.0',
      sources: [`terraform providers schema -json of ${ADDRESS} 0.112.0`],
    });
    const provider = trimmed.provider_schemas[ADDRESS];
    expect(Object.keys(trimmed.provider_schemas)).toEqual([ADDRESS]);
    expect(Object.keys(provider.resource_schemas!)).toEqual(['proxmox_virtual_environment_vm']);
    expect(provider.resource_schemas!.proxmox_virtual_environment_vm).toEqual({
      version: 0,
      block: {
        attributes: {
          name: { type: 'string', optional: true, description_kind: 'plain' },
          cores: { type: 'number', optional: true, description_kind: 'plain' },
        },
      },
    });
    expect(JSON.stringify(trimmed)).not.toContain('prose');
  });

  test('fails when the full schema lacks the provider or a type', () => {
    expect(() => trimProviderSchema({ ...full, provider_schemas: {} }, current, '1')).toThrow(
      `${ADDRESS} is not in the full schema`,
    );
    const withoutNodes: SchemaDocument = JSON.parse(JSON.stringify(full));
    delete withoutNodes.provider_schemas[ADDRESS].data_source_schemas!
      .proxmox_virtual_environment_nodes;
    expect(() => trimProviderSchema(withoutNodes, current, '1')).toThrow(
      'data source proxmox_virtual_environment_nodes is not in the full schema',
    );
  });

  test('keeps attributes and blocks named "description", dropping only the prose about them', () => {
    // GIVEN: vcd_vapp's own `description` argument, as `terraform providers schema -json`
    // prints it, beside a nested block and a nested attribute type that hold one too.
    const withDescriptions: SchemaDocument = JSON.parse(JSON.stringify(full));
    withDescriptions.provider_schemas[ADDRESS].resource_schemas!.proxmox_virtual_environment_vm = {
      version: 0,
      block: {
        attributes: {
          description: attr('string'),
          disks: {
            nested_type: {
              attributes: { description: attr('string') },
              nesting_mode: 'list',
            },
            optional: true,
            description: 'prose',
            description_kind: 'plain',
          },
        },
        block_types: {
          description: {
            nesting_mode: 'list',
            block: { attributes: { description: attr('string') }, description: 'prose' },
          },
        },
        description: 'prose',
        description_kind: 'markdown',
        deprecated: true,
      },
    };
    // WHEN
    const trimmed = trimProviderSchema(withDescriptions, current, '0.112.0');
    // THEN
    const kept = { type: 'string', optional: true, description_kind: 'plain' };
    expect(
      trimmed.provider_schemas[ADDRESS].resource_schemas!.proxmox_virtual_environment_vm,
    ).toEqual({
      version: 0,
      block: {
        attributes: {
          description: kept,
          disks: {
            nested_type: { attributes: { description: kept }, nesting_mode: 'list' },
            optional: true,
            description_kind: 'plain',
          },
        },
        block_types: {
          description: { nesting_mode: 'list', block: { attributes: { description: kept } } },
        },
        description_kind: 'markdown',
        deprecated: true,
      },
    });
    expect(JSON.stringify(trimmed)).not.toContain('prose');
  });

  // Refreshing a committed file from a full schema that holds exactly what it does must
  // change nothing: every attribute named "description" (vcd_vapp, vcd_vapp_vm,
  // proxmox_virtual_environment_vm, maas_resource_pool, ...) stays.
  test.each(fs.readdirSync(SCHEMAS).filter((f) => f.endsWith('.json')))(
    'refreshing schemas/%s from itself keeps every type and attribute',
    (file) => {
      const committed: SchemaDocument = JSON.parse(
        fs.readFileSync(path.join(SCHEMAS, file), 'utf8'),
      );
      const [address] = Object.keys(committed.provider_schemas);
      const trimmed = trimProviderSchema(committed, committed, committed.provenance!.version);
      const before = committed.provider_schemas[address];
      const after = trimmed.provider_schemas[address];
      expect(after.provider).toEqual(before.provider);
      expect(after.resource_schemas).toEqual(before.resource_schemas ?? {});
      expect(after.data_source_schemas).toEqual(before.data_source_schemas ?? {});
    },
  );

  test('the committed schema files hold the real "description" arguments', () => {
    const attributes = (
      file: string,
      kind: 'resource_schemas' | 'data_source_schemas',
      type: string,
    ) => {
      const document: SchemaDocument = JSON.parse(
        fs.readFileSync(path.join(SCHEMAS, file), 'utf8'),
      );
      const schema = Object.values(document.provider_schemas)[0][kind]![type] as {
        block: { attributes: Record<string, unknown> };
      };
      return Object.keys(schema.block.attributes);
    };
    expect(attributes('vcd.json', 'resource_schemas', 'vcd_vapp')).toContain('description');
    expect(attributes('vcd.json', 'resource_schemas', 'vcd_vapp_vm')).toContain('description');
    expect(
      attributes('proxmox.json', 'resource_schemas', 'proxmox_virtual_environment_vm'),
    ).toContain('description');
    expect(attributes('maas.json', 'data_source_schemas', 'maas_resource_pool')).toContain(
      'description',
    );
  });
});
