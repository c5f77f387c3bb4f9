/**
 * The schema-conformance checker (test/support/provider-schema-conformance.ts) fails on
 * each kind of mistake it exists to catch, accepts what Terraform accepts, and finds
 * nothing wrong in the examples' synthesized stacks.
 */
import { App, TerraformResource } from 'cdktf';
import { buildApp as controlPlane } from '../../examples/control-plane/main';
import { EXAMPLES } from '../support/examples';
import {
  checkAppConformance,
  checkConformance,
  formatViolations,
  TerraformJson,
} from '../support/provider-schema-conformance';
import { loadSchemaFiles, NamedSchemaFile, schemaFileExists } from '../support/provider-schema';

const ADDRESS = 'registry.terraform.io/acme/demo';

/** A small provider with one of each shape the checker knows. */
const DEMO: NamedSchemaFile = {
  name: 'demo',
  file: {
    format_version: '1.0',
    provenance: { provider: ADDRESS, version: '1.2.3', sources: ['acme/demo@v1.2.3:provider.go'] },
    provider_schemas: {
      [ADDRESS]: {
        provider: {
          version: 0,
          block: {
            attributes: {
              endpoint: { type: 'string', required: true },
              insecure: { type: 'bool', optional: true },
            },
          },
        },
        resource_schemas: {
          demo_machine: {
            version: 0,
            block: {
              attributes: {
                id: { type: 'string', optional: true, computed: true },
                name: { type: 'string', required: true },
                cores: { type: 'number', optional: true },
                enabled: { type: 'bool', optional: true },
                tags: { type: ['list', 'string'], optional: true },
                labels: { type: ['map', 'string'], optional: true },
                ip_address: { type: 'string', computed: true },
                nics: {
                  type: ['list', ['object', { name: 'string', mtu: 'number' }]],
                  optional: true,
                },
                placement: { type: ['object', { zone: 'string', rack: 'number' }], optional: true },
                volumes: {
                  optional: true,
                  nested_type: {
                    nesting_mode: 'list',
                    attributes: {
                      size: { type: 'number', required: true },
                      label: { type: 'string', optional: true },
                    },
                  },
                },
              },
              block_types: {
                disk: {
                  nesting_mode: 'list',
                  min_items: 1,
                  max_items: 2,
                  block: { attributes: { size: { type: 'number', required: true } } },
                },
                boot: {
                  nesting_mode: 'single',
                  block: { attributes: { order: { type: 'string', optional: true } } },
                },
                network: {
                  nesting_mode: 'set',
                  block: { attributes: { bridge: { type: 'string', required: true } } },
                },
              },
            },
          },
        },
        data_source_schemas: {
          demo_image: {
            version: 0,
            block: {
              attributes: {
                name: { type: 'string', required: true },
                id: { type: 'string', computed: true },
              },
            },
          },
        },
      },
    },
  },
};

/** A stack using the demo provider correctly; tests change one thing each. */
function validStack(machine: Record<string, unknown> = {}): TerraformJson {
  return {
    terraform: { required_providers: { demo: { source: 'acme/demo', version: '1.2.3' } } },
    provider: { demo: [{ endpoint: 'https://demo.example.com', insecure: false }] },
    data: { demo_image: { ubuntu: { name: 'ubuntu-24.04' } } },
    resource: {
      demo_machine: {
        'node-00': {
          name: 'node-00',
          cores: 2,
          enabled: true,
          tags: ['kamaji'],
          labels: { pool: 'default-pool' },
          disk: [{ size: 40 }],
          boot: { order: 'disk' },
          ...machine,
        },
      },
    },
  };
}

function violations(config: TerraformJson): string[] {
  return formatViolations(checkConformance(config, [DEMO]));
}

/** Compares regardless of order: the walk's order is not part of the contract. */
function expectViolations(config: TerraformJson, expected: string[]): void {
  expect(violations(config).sort()).toEqual([...expected].sort());
}

const AT = 'resource.demo_machine.node-00';

describe('checkConformance', () => {
  test('accepts a configuration that follows the schema', () => {
    expectViolations(validStack(), []);
  });

  test('accepts expressions for any type, meta-arguments, and what Terraform converts', () => {
    // GIVEN expressions, meta-arguments, conversions, dynamic blocks, partial nic objects
    const config = validStack({
      cores: '${var.cores}',
      tags: '${var.tags}',
      placement: '${var.placement}',
      enabled: 'true',
      name: 42,
      nics: [{ name: 'eth0' }],
      volumes: [{ size: 10 }],
      count: 3,
      depends_on: ['data.demo_image.ubuntu'],
      lifecycle: { ignore_changes: ['tags'] },
      provider: 'demo.west',
      '//': { metadata: { path: 'stack/node-00' } },
      network: null,
      dynamic: { network: { for_each: '${var.bridges}', content: { bridge: '${network.value}' } } },
    });
    // THEN
    expectViolations(config, []);
  });

  test('fails on an unknown attribute', () => {
    expectViolations(validStack({ colour: 'blue' }), [`${AT}.colour: unknown attribute or block`]);
  });

  test('fails on an unknown attribute inside a block and an object', () => {
    const config = validStack({
      disk: [{ size: 40, speed: 'fast' }],
      placement: { zone: 'a', rack: 1, row: 2 },
    });
    expectViolations(config, [
      `${AT}.disk[0].speed: unknown attribute or block`,
      `${AT}.placement.row: unknown attribute of the object`,
    ]);
  });

  test('fails on a missing required attribute', () => {
    const config = validStack({ name: undefined, disk: [{}] });
    expectViolations(config, [
      `${AT}.disk[0].size: required attribute is missing`,
      `${AT}.name: required attribute is missing`,
    ]);
  });

  test('fails on a missing required block', () => {
    expectViolations(validStack({ disk: undefined }), [
      `${AT}.disk: required block is missing (at least 1)`,
    ]);
  });

  test('fails on values of the wrong type', () => {
    const config = validStack({
      cores: 'four',
      enabled: 1,
      name: { first: 'node' },
      tags: 'kamaji',
      labels: ['default-pool'],
      nics: [{ name: 'eth0', mtu: 'jumbo' }],
      placement: { zone: 'a' },
    });
    expectViolations(config, [
      `${AT}.cores: expected number, found string "four"`,
      `${AT}.enabled: expected bool, found number 1`,
      `${AT}.name: expected string, found an object`,
      `${AT}.tags: expected ["list","string"], found string "kamaji"`,
      `${AT}.labels: expected ["map","string"], found a list`,
      `${AT}.nics[0].mtu: expected number, found string "jumbo"`,
      `${AT}.placement.rack: attribute of the object is missing`,
    ]);
  });

  test('fails on too many blocks', () => {
    const config = validStack({
      disk: [{ size: 1 }, { size: 2 }, { size: 3 }],
      boot: [{ order: 'disk' }, { order: 'net' }],
    });
    expectViolations(config, [
      `${AT}.disk: too many blocks: 3, at most 2 (nesting_mode list)`,
      `${AT}.boot: too many blocks: 2, at most 1 (nesting_mode single)`,
    ]);
  });

  test('fails on a block given as an expression or a plain value', () => {
    expectViolations(validStack({ boot: '${var.boot}', network: 'vmbr0' }), [
      `${AT}.boot: expected a block (an object or a list of objects), found string "\${var.boot}"`,
      `${AT}.network: expected a block (an object or a list of objects), found string "vmbr0"`,
    ]);
  });

  test('fails on a nested attribute object without its required attribute', () => {
    expectViolations(validStack({ volumes: [{ label: 'data' }] }), [
      `${AT}.volumes[0].size: required attribute is missing`,
    ]);
  });

  test('fails on setting a computed-only attribute', () => {
    expectViolations(validStack({ ip_address: '10.0.0.5' }), [
      `${AT}.ip_address: is computed only: a configuration cannot set it`,
    ]);
  });

  test('fails on a dynamic block of an unknown block type', () => {
    const config = validStack({ dynamic: { nic: { for_each: '${var.x}', content: {} } } });
    expectViolations(config, [`${AT}.dynamic.nic: unknown block`]);
  });

  test('fails on an unknown resource type and data source', () => {
    const config = validStack();
    const resource = { ...config.resource, demo_router: { edge: { name: 'edge' } } };
    const data = { ...config.data, demo_network: { lan: { name: 'lan' } } };
    expectViolations({ ...config, resource, data }, [
      'resource.demo_router.edge: resource type demo_router is not in the schema file of registry.terraform.io/acme/demo',
      'data.demo_network.lan: data source demo_network is not in the schema file of registry.terraform.io/acme/demo',
    ]);
  });

  test('fails on a provider block with an unknown or a missing attribute', () => {
    const config = { ...validStack(), provider: { demo: [{ insecure: true, region: 'west' }] } };
    expectViolations(config, [
      'provider.demo[0].region: unknown attribute or block',
      'provider.demo[0].endpoint: required attribute is missing',
    ]);
  });

  test('fails on a provider without a schema file, unless it is left unchecked', () => {
    const config = {
      ...validStack(),
      resource: { null_resource: { wait: { triggers: { a: 'b' } } } },
    };
    expectViolations(config, [
      'resource.null_resource.wait: no schema file for provider registry.terraform.io/hashicorp/null',
    ]);
    const unchecked = checkConformance(config, [DEMO], {
      uncheckedProviders: ['registry.terraform.io/hashicorp/null'],
    });
    expect(unchecked).toEqual([]);
  });

  test('finds the provider by required_providers, not by the local name alone', () => {
    const config = validStack();
    const wrongSource = {
      ...config,
      terraform: { required_providers: { demo: { source: 'someone-else/demo' } } },
    };
    expect(violations(wrongSource)).toContain(
      `${AT}: no schema file for provider registry.terraform.io/someone-else/demo`,
    );
  });

  test('fails on a pinned provider version other than the schema file describes', () => {
    const config = {
      ...validStack(),
      terraform: { required_providers: { demo: { source: 'acme/demo', version: '1.3.0' } } },
    };
    expectViolations(config, [
      'terraform.required_providers.demo.version: requires 1.3.0, but the schema file describes version 1.2.3',
    ]);
  });

  test('fails on unresolved CDKTF tokens left in the output', () => {
    const config = validStack({ name: '${TfToken[TOKEN.12]}', cores: -8.109562212591379e298 });
    expectViolations(config, [
      `${AT}.name: holds an unresolved token: \${TfToken[TOKEN.12]}`,
      `${AT}.cores: holds an unresolved number token: -8.109562212591379e+298`,
    ]);
  });
});

describe('the examples conform to the schema files', () => {
  const schemas = loadSchemaFiles();

  const withKubernetes = schemaFileExists('kubernetes') ? test : test.skip;
  if (!schemaFileExists('kubernetes')) {
    console.warn('skipped: the default example needs schemas/kubernetes.json, which is missing');
  }
  withKubernetes('the default example (npm run synth)', () => {
    const results = checkAppConformance(controlPlane, schemas);
    expect([...results.keys()]).toEqual(['control-plane']);
    expect(Object.fromEntries(results)).toEqual({ 'control-plane': [] });
  });

  withKubernetes('fails on an unknown attribute injected into the default example', () => {
    // GIVEN the default example with an attribute kubernetes_manifest does not have
    const injected = (app: App) => {
      controlPlane(app);
      for (const construct of app.node.findAll()) {
        if (
          construct instanceof TerraformResource &&
          construct.terraformResourceType === 'kubernetes_manifest'
        ) {
          construct.addOverride('colour', 'blue');
        }
      }
      return app;
    };
    // WHEN
    const results = checkAppConformance(injected, schemas);
    // THEN
    expect(results.get('control-plane')).toEqual([
      expect.stringMatching(
        /^resource\.kubernetes_manifest\.[\w-]+\.colour: unknown attribute or block$/,
      ),
    ]);
  });

  test.each(EXAMPLES)('example %s', (_name, build, stacks) => {
    const results = checkAppConformance(build, schemas);
    expect([...results.keys()]).toEqual([...stacks].sort());
    expect(Object.fromEntries(results)).toEqual(
      Object.fromEntries(stacks.map((stack) => [stack, []])),
    );
  });
});
