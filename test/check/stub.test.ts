/**
 * The stub provider's own parts, without terraform: the wire values, the
 * schema-driven plan and apply, the fixtures' kubeconfig and the time behaviours.
 */
import { encode, ExtData } from '@msgpack/msgpack';
import { parse } from 'yaml';
import {
  ObjectValue,
  RESOURCE_BEHAVIOURS,
  PROVIDER_CHECKS,
  replacementPaths,
  StubEnvironment,
} from '../../packages/check/src/stub/behaviours';
import { fillUnknowns, unknownComputed } from '../../packages/check/src/stub/engine';
import { adminKubeconfig } from '../../packages/check/src/stub/fixtures';
import { checkClientTls, createClusterPki } from '../../packages/check/src/stub/pki';
import { SchemaBlock } from '../../packages/check/src/stub/schema';
import { StubClock } from '../../packages/check/src/stub/server';
import {
  decodeMsgpack,
  encodeMsgpack,
  fromJson,
  isUnknown,
  isWhollyKnown,
  readDynamic,
  unknown,
} from '../../packages/check/src/stub/values';

const pki = createClusterPki();
const clock = new StubClock();
const env: StubEnvironment = { clock, pki };

describe('wire values', () => {
  test('hands a refined unknown (extension 12) back byte for byte', () => {
    // GIVEN an unknown string known to start with "bootstrap-token-", as Terraform 1.6+ sends it
    const refinement = encode(new Map<number, unknown>([[2, 'bootstrap-token-']]));
    const sent = encode({ name: new ExtData(12, refinement), other: 'x' });
    // WHEN
    const value = decodeMsgpack(sent) as Record<string, unknown>;
    // THEN
    expect(isUnknown(value.name)).toBe(true);
    expect(Buffer.from(encodeMsgpack(value))).toEqual(Buffer.from(sent));
  });

  test('passes numbers too large for a float through as Terraform sent them', () => {
    const sent = encode(
      { big: '123456789012345678901234567890', int64: 2n ** 62n, small: 7 },
      {
        useBigInt64: true,
      },
    );
    expect(Buffer.from(encodeMsgpack(decodeMsgpack(sent)))).toEqual(Buffer.from(sent));
  });

  test('reads dynamic values from JSON state as [type, value] pairs', () => {
    const type = ['object', { manifest: 'dynamic' }] as [string, unknown];
    const value = fromJson(type, {
      manifest: { type: ['object', { kind: 'string' }], value: { kind: 'Secret' } },
    }) as Record<string, unknown>;
    expect(readDynamic(value.manifest)).toEqual({
      type: ['object', { kind: 'string' }],
      value: { kind: 'Secret' },
    });
  });
});

describe('schema-driven plan and apply', () => {
  const block: SchemaBlock = {
    attributes: {
      name: { type: 'string', required: true },
      id: { type: 'string', computed: true },
      size: { type: 'number', optional: true, computed: true },
      tags: { type: ['list', 'string'], computed: true },
    },
    block_types: {
      disk: {
        nesting_mode: 'list',
        block: {
          attributes: {
            label: { type: 'string', optional: true },
            uuid: { type: 'string', computed: true },
          },
        },
      },
    },
  };

  test('a create plans computed attributes left null as unknown, and keeps configuration', () => {
    const planned = unknownComputed(block, {
      name: 'vm',
      id: null,
      size: 4,
      tags: null,
      disk: [{ label: 'disk0', uuid: null }],
    }) as any;
    expect(planned.name).toBe('vm');
    expect(planned.size).toBe(4);
    expect(
      isUnknown(planned.id) && isUnknown(planned.tags) && isUnknown(planned.disk[0].uuid),
    ).toBe(true);
  });

  test('an apply leaves no unknown and gives the same configuration the same values', () => {
    const planned = {
      name: 'vm',
      id: unknown(),
      size: 4,
      tags: unknown(),
      disk: [{ label: 'd', uuid: unknown() }],
    };
    const first = fillUnknowns(block, planned, 'seed', clock) as any;
    expect(isWhollyKnown(first)).toBe(true);
    expect(first.tags).toEqual([]);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(fillUnknowns(block, planned, 'seed', clock)).toEqual(first);
    expect((fillUnknowns(block, planned, 'other', clock) as any).id).not.toEqual(first.id);
  });
});

describe('fixtures and behaviours', () => {
  test('the admin kubeconfig decodes into TLS material a Kubernetes client accepts', () => {
    const kubeconfig = parse(adminKubeconfig('tcp-charlie', 'https://203.0.113.10:6443', pki));
    const b64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');
    const user = kubeconfig.users[0].user;
    expect(kubeconfig.clusters[0].cluster.server).toBe('https://203.0.113.10:6443');
    expect(
      checkClientTls(
        b64(kubeconfig.clusters[0].cluster['certificate-authority-data']),
        b64(user['client-certificate-data']),
        b64(user['client-key-data']),
      ),
    ).toEqual([]);
  });

  test('the kubernetes provider refuses certificates still base64-encoded, or a foreign key', () => {
    const other = createClusterPki();
    const problems = PROVIDER_CHECKS.kubernetes({
      host: 'https://203.0.113.10:6443',
      cluster_ca_certificate: Buffer.from(pki.caCertificatePem).toString('base64'),
      client_certificate: pki.clientCertificatePem,
      client_key: other.clientKeyPem,
    });
    expect(problems).toEqual([
      expect.stringContaining('cluster_ca_certificate is not valid PEM'),
      'client_key does not match client_certificate',
    ]);
  });

  test('time_rotating leaves the state once its rotation time has passed', () => {
    // GIVEN a rotation created now, every 12 hours
    clock.reset();
    const rotating = RESOURCE_BEHAVIOURS.time_rotating;
    const state = rotating.apply!({ rotation_minutes: 720, rfc3339: unknown() } as any, env);
    expect(state.rotation_rfc3339).toBe('2025-01-01T12:00:00Z');
    // WHEN / THEN
    clock.advanceMinutes(719);
    expect(rotating.read!(state, env)).toBe(state);
    clock.advanceMinutes(1);
    expect(rotating.read!(state, env)).toBeNull();
  });

  test('a bootstrap token Secret that nodes could not join with fails to apply', () => {
    clock.reset();
    const secret = (data: Record<string, string>, name = 'bootstrap-token-abcdef') =>
      RESOURCE_BEHAVIOURS.kubernetes_secret_v1.applyErrors!(
        {
          type: 'bootstrap.kubernetes.io/token',
          metadata: [{ name, namespace: 'kube-system' }],
          data,
        },
        env,
      );
    const good = {
      'token-id': 'abcdef',
      'token-secret': '0123456789abcdef',
      expiration: '2025-01-02T00:00:00Z',
      'usage-bootstrap-authentication': 'true',
    };
    expect(secret(good)).toEqual([]);
    expect(secret({ ...good, 'token-secret': 'UPPER' })).toEqual([
      'invalid bootstrap token Secret: token-secret must match [a-z0-9]{16}',
    ]);
    expect(secret(good, 'bootstrap-token-zzzzzz')).toEqual([
      'invalid bootstrap token Secret: the name must be bootstrap-token-<token-id>',
    ]);
    expect(secret({ ...good, expiration: '2024-12-31T00:00:00Z' })).toEqual([
      'invalid bootstrap token Secret: the token has expired already',
    ]);
  });

  test('kubernetes_manifest fails when a wait field would never match a ready TenantControlPlane', () => {
    const manifest = (fields: Record<string, string>) =>
      RESOURCE_BEHAVIOURS.kubernetes_manifest.applyErrors!(
        {
          manifest: [
            Buffer.from('"dynamic"'),
            { apiVersion: 'kamaji.clastix.io/v1alpha1', kind: 'TenantControlPlane', spec: {} },
          ],
          wait: [{ fields }],
        },
        env,
      );
    expect(manifest({ 'status.kubernetesResources.version.status': '^Ready$' })).toEqual([]);
    expect(manifest({ 'status.conditions[0].status': 'True' })).toEqual([
      expect.stringContaining('timed out waiting for status.conditions[0].status'),
    ]);
  });

  describe('kubernetes_manifest updates, as hashicorp/kubernetes v2.38.0 plans them', () => {
    const behaviour = RESOURCE_BEHAVIOURS.kubernetes_manifest;
    const dynamic = (value: unknown) => [Buffer.from('"dynamic"'), value];
    const tcp = (version: string, extra: Record<string, unknown> = {}) => ({
      apiVersion: 'kamaji.clastix.io/v1alpha1',
      kind: 'TenantControlPlane',
      metadata: { name: 'tcp-alpha', namespace: 'kamaji-tenant', labels: { team: 'a' } },
      spec: { kubernetes: { version }, ...extra },
    });
    const state = (manifest: unknown, computed: string[] | null = null) => ({
      manifest: dynamic(manifest),
      object: dynamic(manifest),
      computed_fields: computed,
    });
    /** An update's plan: the proposed state carries the prior object (object is computed). */
    const planUpdate = (prior: any, manifest: unknown, computed: string[] | null = null) =>
      behaviour.plan!({ ...state(manifest, computed), object: prior.object }, prior) as any;

    test('an update plans the object from the new manifest, not from the prior state', () => {
      const prior = state(tcp('v1.35.7'));
      const planned = planUpdate(prior, tcp('v1.36.2'));
      const object = readDynamic(planned.object)!.value as any;
      expect(object.spec.kubernetes.version).toBe('v1.36.2');
      // labels are a default computed field; unchanged, they keep their prior value
      expect(object.metadata.labels).toEqual({ team: 'a' });
      // and the apply returns what was planned
      const applied = behaviour.apply!(planned, env) as any;
      expect(readDynamic(applied.object)!.value).toEqual(tcp('v1.36.2'));
    });

    test('a changed computed field is unknown until the apply, which takes it from the manifest', () => {
      const prior = state(tcp('v1.35.7', { replicas: 2 }), ['spec.replicas']);
      const planned = planUpdate(prior, tcp('v1.35.7', { replicas: 3 }), ['spec.replicas']);
      const object = readDynamic(planned.object)!.value as any;
      expect(isUnknown(object.spec.replicas)).toBe(true);
      // labels are not computed once computed_fields is set: configured values, as they are
      expect(object.metadata.labels).toEqual({ team: 'a' });
      const applied = behaviour.apply!(planned, env) as any;
      expect((readDynamic(applied.object)!.value as any).spec.replicas).toBe(3);
    });

    test('a create plans nothing of the object and applies the manifest', () => {
      const manifest = tcp('v1.35.7');
      const applied = behaviour.apply!(
        { manifest: dynamic(manifest), object: unknown(), computed_fields: null },
        env,
      ) as any;
      expect(readDynamic(applied.object)!.value).toEqual(manifest);
    });

    test('replacement paths: apiVersion, kind and name; namespace only for namespaced kinds', () => {
      const replaceOn = (manifest: unknown) =>
        behaviour.requiresReplace!(state(manifest) as any, state(manifest) as any);
      const identity = [
        ['manifest', 'apiVersion'],
        ['manifest', 'kind'],
        ['manifest', 'metadata', 'name'],
      ];
      expect(replaceOn(tcp('v1.35.7'))).toEqual([
        ...identity,
        ['manifest', 'metadata', 'namespace'],
      ]);
      // Kamaji's DataStore is cluster-scoped (its CRD says scope: Cluster)
      expect(
        replaceOn({
          apiVersion: 'kamaji.clastix.io/v1alpha1',
          kind: 'DataStore',
          metadata: { name: 'default', namespace: 'ignored' },
        }),
      ).toEqual(identity);
      // a namespaced kind without a namespace: no path terraform could not resolve
      expect(replaceOn({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toEqual(
        identity,
      );
    });

    test("Kamaji's webhook refuses a downgrade and a skipped minor, and takes one minor or a patch", () => {
      const update = (from: string, to: string) =>
        behaviour.applyErrors!({ manifest: dynamic(tcp(to)), wait: [] }, env, {
          manifest: dynamic(tcp(from)),
        });
      expect(update('v1.35.7', 'v1.36.2')).toEqual([]);
      expect(update('v1.35.7', 'v1.35.2')).toEqual([]);
      expect(update('v1.36.2', 'v1.35.7')).toEqual([
        'admission webhook: unable to downgrade a TenantControlPlane from v1.36.2 to v1.35.7',
      ]);
      expect(update('v1.34.3', 'v1.36.2')).toEqual([
        expect.stringContaining('a minor version in a non-sequential mode'),
      ]);
    });
  });
});

describe('what replaces a machine, as the pinned providers decide it', () => {
  /** The paths a plan from `prior` to `prior` changed by `change` replaces on. */
  const replacedBy = (type: string, prior: ObjectValue, change: ObjectValue) =>
    replacementPaths(type, prior, { ...prior, ...change });

  describe('proxmox_virtual_environment_vm (bpg/proxmox 0.111.1)', () => {
    const vm: ObjectValue = {
      id: '101',
      vm_id: 101,
      node_name: 'pve-1',
      migrate: false,
      clone: [
        { vm_id: 9000, node_name: 'pve-1', datastore_id: 'local-lvm', full: true, retries: 1 },
      ],
      cpu: [{ cores: 2, sockets: 1, type: 'x86-64-v2-AES' }],
      memory: [{ dedicated: 4096 }],
      disk: [{ interface: 'scsi0', size: 20, file_id: '' }],
      initialization: [
        {
          datastore_id: 'local-lvm',
          user_data_file_id: 'local:snippets/n-user-data.yaml',
          meta_data_file_id: '',
          vendor_data_file_id: '',
          network_data_file_id: '',
          type: 'nocloud',
        },
      ],
      tpm_state: [],
      efi_disk: [],
      amd_sev: [],
    };
    const initialization = (change: ObjectValue) => ({
      initialization: [{ ...(vm.initialization as ObjectValue[])[0], ...change }],
    });

    test('a cloud-init file id set or changed replaces the VM', () => {
      expect(
        replacedBy(
          'proxmox_virtual_environment_vm',
          vm,
          initialization({ meta_data_file_id: 'local:snippets/n-meta-data.yaml' }),
        ),
      ).toEqual([['initialization', 0, 'meta_data_file_id']]);
      expect(
        replacedBy(
          'proxmox_virtual_environment_vm',
          vm,
          initialization({ user_data_file_id: 'local:snippets/other.yaml' }),
        ),
      ).toEqual([['initialization', 0, 'user_data_file_id']]);
    });

    test('the template (clone) and a disk image replace it; CPU, memory and disk size do not', () => {
      expect(
        replacedBy('proxmox_virtual_environment_vm', vm, {
          clone: [{ ...(vm.clone as ObjectValue[])[0], vm_id: 9001 }],
        }),
      ).toEqual([['clone', 0, 'vm_id']]);
      expect(
        replacedBy('proxmox_virtual_environment_vm', vm, {
          disk: [
            { interface: 'scsi0', size: 20, file_id: '' },
            { interface: 'scsi1', file_id: 'local:iso/x.img' },
          ],
        }),
      ).toEqual([['disk', 1, 'file_id']]);
      expect(
        replacedBy('proxmox_virtual_environment_vm', vm, {
          cpu: [{ cores: 4, sockets: 1, type: 'host' }],
          memory: [{ dedicated: 8192 }],
          disk: [{ interface: 'scsi0', size: 40, file_id: '' }],
          tags: ['kamaji'],
        }),
      ).toEqual([]);
    });

    test('node_name replaces it unless migrate is set; vm_id only when it is not the id', () => {
      expect(replacedBy('proxmox_virtual_environment_vm', vm, { node_name: 'pve-2' })).toEqual([
        ['node_name'],
      ]);
      expect(
        replacedBy('proxmox_virtual_environment_vm', vm, { node_name: 'pve-2', migrate: true }),
      ).toEqual([]);
      expect(replacedBy('proxmox_virtual_environment_vm', vm, { vm_id: 102 })).toEqual([['vm_id']]);
      expect(
        replacedBy('proxmox_virtual_environment_vm', { ...vm, vm_id: -1 }, { vm_id: 101 }),
      ).toEqual([]);
    });

    test('a TPM version or EFI disk type replaces it only when changed from one set value to another', () => {
      const tpm = (version: string) => ({ tpm_state: [{ datastore_id: 'local', version }] });
      expect(
        replacedBy('proxmox_virtual_environment_vm', { ...vm, ...tpm('v1.2') }, tpm('v2.0')),
      ).toEqual([['tpm_state', 0, 'version']]);
      expect(replacedBy('proxmox_virtual_environment_vm', vm, tpm('v2.0'))).toEqual([]);
      const efi = (type: string) => ({ efi_disk: [{ datastore_id: 'local', type }] });
      expect(
        replacedBy('proxmox_virtual_environment_vm', { ...vm, ...efi('2m') }, efi('4m')),
      ).toEqual([['efi_disk', 0, 'type']]);
    });

    test('a cloud-init file id left out of the configuration reads back empty, as vmReadCustom does', () => {
      const planned = {
        ...vm,
        initialization: [
          {
            ...(vm.initialization as ObjectValue[])[0],
            meta_data_file_id: unknown(),
            vendor_data_file_id: unknown(),
          },
        ],
      };
      const applied = RESOURCE_BEHAVIOURS.proxmox_virtual_environment_vm.apply!(planned, env);
      expect((applied.initialization as ObjectValue[])[0]).toMatchObject({
        user_data_file_id: 'local:snippets/n-user-data.yaml',
        meta_data_file_id: '',
        vendor_data_file_id: '',
      });
    });
  });

  test('vcd_vapp_vm (vmware/vcd 3.14.1): template and disk override replace; size and guest properties do not', () => {
    const vm: ObjectValue = {
      vapp_name: 'tcp-charlie-vcd',
      name: 'n',
      computer_name: 'n',
      vapp_template_id: 'urn:vcloud:vapptemplate:1',
      cpus: 2,
      memory: 4096,
      override_template_disk: [{ bus_type: 'paravirtual', size_in_mb: 20480 }],
      guest_properties: { 'user-data': 'a' },
    };
    expect(
      replacedBy('vcd_vapp_vm', vm, {
        vapp_template_id: 'urn:vcloud:vapptemplate:2',
        override_template_disk: [{ bus_type: 'paravirtual', size_in_mb: 40960 }],
      }),
    ).toEqual([['vapp_template_id'], ['override_template_disk']]);
    expect(replacedBy('vcd_vapp_vm', vm, { vapp_name: 'other' })).toEqual([['vapp_name']]);
    expect(
      replacedBy('vcd_vapp_vm', vm, {
        cpus: 4,
        memory: 8192,
        computer_name: 'm',
        guest_properties: { 'user-data': 'b' },
      }),
    ).toEqual([]);
  });

  test('maas_vm_host_machine (canonical/maas 2.4.0): the composed size and host replace; hostname and zone do not', () => {
    const vm: ObjectValue = {
      vm_host: 'lxd-host-1',
      hostname: 'n',
      cores: 2,
      memory: 4096,
      storage_disks: [{ size_gigabytes: 20, pool: null }],
      zone: 'default',
    };
    expect(
      replacedBy('maas_vm_host_machine', vm, {
        cores: 4,
        storage_disks: [{ size_gigabytes: 40, pool: null }],
      }),
    ).toEqual([['cores'], ['storage_disks']]);
    expect(replacedBy('maas_vm_host_machine', vm, { vm_host: 'lxd-host-2' })).toEqual([
      ['vm_host'],
    ]);
    expect(replacedBy('maas_vm_host_machine', vm, { hostname: 'm', zone: 'z2' })).toEqual([]);
  });

  test('vsphere_virtual_machine (vmware/vsphere 2.15.0): every clone argument but its timeout replaces', () => {
    const clone = { template_uuid: 't-1', linked_clone: false, timeout: 30, customize: [] };
    const vm: ObjectValue = { clone: [clone], num_cpus: 2, memory: 4096, imported: false };
    expect(
      replacedBy('vsphere_virtual_machine', vm, {
        clone: [{ ...clone, template_uuid: 't-2', customize: [{ timeout: 10 }], timeout: 60 }],
      }),
    ).toEqual([
      ['clone', 0, 'template_uuid'],
      ['clone', 0, 'customize'],
    ]);
    expect(
      replacedBy('vsphere_virtual_machine', vm, { clone: [{ ...clone, timeout: 60 }] }),
    ).toEqual([]);
    expect(
      replacedBy(
        'vsphere_virtual_machine',
        { ...vm, imported: true },
        { clone: [{ ...clone, template_uuid: 't-2' }] },
      ),
    ).toEqual([]);
    expect(replacedBy('vsphere_virtual_machine', vm, { num_cpus: 4, memory: 8192 })).toEqual([]);
  });
});
