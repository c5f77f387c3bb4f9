/**
 * The bindings generated from schemas/{proxmox,maas,vcd}.json (design D5) work: every
 * resource and data source they declare synthesizes, the providers are named fully and
 * pinned to the version the schema files describe (design D6), and the result conforms to
 * the schema files.
 */
import { TerraformResource } from 'cdktf';
import { bindingsAreCurrent, GENERATED_PROVIDERS } from '../../scripts/generate-bindings';
import { generatedBindingsStack } from '../support/generated-bindings';
import { checkConformance, formatViolations } from '../support/provider-schema-conformance';
import { loadSchemaFiles, providerAddressOf, shortSourceOf } from '../support/provider-schema';
import { synthesize } from '../support/synth';

const schemas = loadSchemaFiles(GENERATED_PROVIDERS);

describe('bindings generated from the schema files', () => {
  // GIVEN one resource or data source of every generated type
  const synth = synthesize(generatedBindingsStack());

  test('are generated from the current schema files (npm run gen)', () => {
    expect(bindingsAreCurrent()).toBe(true);
  });

  test('synthesize every resource and data source the schema files declare', () => {
    // THEN the stack holds each type of each schema file, and nothing else
    for (const { name, file } of schemas) {
      const provider = file.provider_schemas[providerAddressOf(file)];
      const prefix = `${name}_`;
      const synthesized = (kind: 'resource' | 'data') =>
        Object.keys(synth.json[kind] ?? {})
          .filter((type) => type.startsWith(prefix))
          .sort();
      expect({ name, resources: synthesized('resource') }).toEqual({
        name,
        resources: Object.keys(provider.resource_schemas ?? {}).sort(),
      });
      expect({ name, dataSources: synthesized('data') }).toEqual({
        name,
        dataSources: Object.keys(provider.data_source_schemas ?? {}).sort(),
      });
    }
  });

  test('require each provider by its full source, pinned to the schema file version', () => {
    const required = synth.json.terraform?.required_providers as Record<string, unknown>;
    for (const { name, file } of schemas) {
      expect({ name, requirement: required[name] }).toEqual({
        name,
        requirement: {
          source: shortSourceOf(providerAddressOf(file)),
          version: file.provenance.version,
        },
      });
    }
    expect(required).toMatchObject({
      proxmox: { source: 'bpg/proxmox' },
      maas: { source: 'canonical/maas' },
      vcd: { source: 'vmware/vcd' },
    });
  });

  test('configure each provider in a provider block', () => {
    expect(Object.keys(synth.json.provider ?? {}).sort()).toEqual([...GENERATED_PROVIDERS].sort());
  });

  test('synthesize Terraform JSON that conforms to the schema files', () => {
    expect(formatViolations(checkConformance(synth.json, schemas))).toEqual([]);
  });

  test('fail the conformance check when an unknown attribute is injected', () => {
    // GIVEN the stack with an attribute the VM's schema does not have
    const stack = generatedBindingsStack();
    const vm = stack.node.findAll().find((c) => c.node.id === 'pve-node-00') as TerraformResource;
    vm.addOverride('cpu.turbo', true);
    // WHEN
    const violations = formatViolations(checkConformance(synthesize(stack).json, schemas));
    // THEN
    expect(violations).toEqual([
      'resource.proxmox_virtual_environment_vm.pve-node-00.cpu.turbo: unknown attribute or block',
    ]);
  });

  test('render blocks and attributes with the names and shapes of the schema', () => {
    expect(synth.text).toHaveResourceWithProperties(
      { tfResourceType: 'proxmox_virtual_environment_vm' },
      {
        node_name: expect.stringContaining(
          'data.proxmox_virtual_environment_nodes.pve-nodes.names',
        ),
        clone: expect.objectContaining({
          vm_id: expect.stringContaining('data.proxmox_vm.pve-template.id'),
        }),
        disk: [expect.objectContaining({ interface: 'scsi0', size: 40 })],
        network_device: [expect.objectContaining({ bridge: 'vmbr0' })],
        initialization: expect.objectContaining({
          user_data_file_id: '${proxmox_virtual_environment_file.pve-user-data.id}',
        }),
      },
    );
  });
});
