/**
 * Schema files from `tofu providers schema -json`, whose providers are keyed
 * `registry.opentofu.org/<namespace>/<type>` (issue #24 item 3): `npm run trim-schema`
 * refreshes our files from them, and `npm run gen` generates the same bindings from them
 * as from Terraform's.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CDKTF_GENERATOR,
  generateProviderBindings,
  providerOf,
  SchemaFile,
} from '../../scripts/generate-bindings';
import { SchemaDocument, trimProviderSchema } from '../../scripts/lib/trim-provider-schema';

jest.setTimeout(60_000);

const TOFU_ADDRESS = 'registry.opentofu.org/bpg/proxmox';
const TERRAFORM_ADDRESS = 'registry.terraform.io/bpg/proxmox';
const tofuSchema: SchemaDocument = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures/tofu-providers-schema.json'), 'utf8'),
);

/** The fixture with its provider under another address. */
function keyedAs(address: string): SchemaDocument {
  const [provider] = Object.values(tofuSchema.provider_schemas);
  return {
    ...tofuSchema,
    provenance: { ...tofuSchema.provenance!, provider: address },
    provider_schemas: { [address]: provider },
  };
}

/** Every file under `dir`, by relative path. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
  }
  return files;
}

describe('trim-schema from tofu providers schema -json', () => {
  test('finds our provider under the OpenTofu registry host and keeps our address', () => {
    // GIVEN our file, keyed as Terraform writes it, and OpenTofu's full schema
    const current: SchemaDocument = {
      format_version: '1.0',
      provenance: { provider: TERRAFORM_ADDRESS, version: '0.111.1', sources: ['x'] },
      provider_schemas: {
        [TERRAFORM_ADDRESS]: {
          provider: {},
          resource_schemas: { proxmox_virtual_environment_vm: {} },
          data_source_schemas: { proxmox_virtual_environment_nodes: {} },
        },
      },
    };
    // WHEN
    const trimmed = trimProviderSchema(tofuSchema, current, '0.112.0');
    // THEN
    expect(Object.keys(trimmed.provider_schemas)).toEqual([TERRAFORM_ADDRESS]);
    expect(trimmed.provenance).toEqual({
      provider: TERRAFORM_ADDRESS,
      version: '0.112.0',
      sources: [`tofu providers schema -json of ${TOFU_ADDRESS} 0.112.0`],
    });
    const provider = trimmed.provider_schemas[TERRAFORM_ADDRESS];
    expect(Object.keys(provider.resource_schemas!)).toEqual(['proxmox_virtual_environment_vm']);
    expect(Object.keys(provider.data_source_schemas!)).toEqual([
      'proxmox_virtual_environment_nodes',
    ]);
    expect(JSON.stringify(trimmed)).not.toContain('prose');
  });

  test('a file keyed under the OpenTofu host refreshes from itself', () => {
    const trimmed = trimProviderSchema(tofuSchema, tofuSchema, '0.112.0');
    expect(Object.keys(trimmed.provider_schemas)).toEqual([TOFU_ADDRESS]);
  });

  test('another namespace or another host is not the same provider', () => {
    const other = keyedAs('registry.opentofu.org/someone/proxmox');
    expect(() => trimProviderSchema(other, keyedAs(TERRAFORM_ADDRESS), '1.0.0')).toThrow(
      `${TERRAFORM_ADDRESS} is not in the full schema; it holds registry.opentofu.org/someone/proxmox`,
    );
    const mirror = keyedAs('mirror.example.com/bpg/proxmox');
    expect(() => trimProviderSchema(mirror, keyedAs(TERRAFORM_ADDRESS), '1.0.0')).toThrow(
      'is not in the full schema',
    );
  });
});

describe('generate-bindings from tofu providers schema -json', () => {
  test('takes the provider and its source from a registry.opentofu.org key', () => {
    const { source, version } = providerOf('proxmox', tofuSchema as SchemaFile);
    expect({ source, version }).toEqual({ source: 'bpg/proxmox', version: '0.112.0' });
    expect(() => providerOf('proxmox', keyedAs('mirror.example.com/bpg/proxmox'))).toThrow(
      'expected one provider "registry.terraform.io/<namespace>/proxmox"',
    );
  });

  test('writes the same bindings as from the same schema keyed by Terraform', async () => {
    // GIVEN the same provider schema keyed by each registry
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-gen-'));
    try {
      // WHEN bindings are generated from each
      await generateProviderBindings(
        CDKTF_GENERATOR,
        'proxmox',
        tofuSchema,
        path.join(out, 'tofu'),
      );
      await generateProviderBindings(
        CDKTF_GENERATOR,
        'proxmox',
        keyedAs(TERRAFORM_ADDRESS),
        path.join(out, 'terraform'),
      );
      // THEN they are byte-identical, and the provider's source is host-less, as from our files
      const fromTofu = tree(path.join(out, 'tofu'));
      expect(fromTofu).toEqual(tree(path.join(out, 'terraform')));
      const provider = fromTofu[path.join('providers', 'proxmox', 'provider', 'index.ts')];
      expect(provider).toContain("terraformProviderSource: 'bpg/proxmox'");
      expect(provider).not.toContain('registry.opentofu.org');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
