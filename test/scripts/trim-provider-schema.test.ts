import { SchemaDocument, trimProviderSchema } from '../../scripts/lib/trim-provider-schema';

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
});
