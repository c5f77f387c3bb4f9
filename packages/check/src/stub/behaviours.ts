/**
 * What particular resource types do beyond the schema-driven default: which
 * attributes force a replacement, values a provider computes itself, and checks that
 * the real provider or the API behind it would make. Facts come from the providers'
 * sources at the versions pinned in `schemas/` (random 3.7, time 0.13, kubernetes
 * 2.38, vsphere 2.15, vcd 3.14, bpg/proxmox 0.111, maas 2.4). Replacement is modelled in
 * full for the resources that hold machines and their files; the rest, only where our
 * constructs use it. Anything not listed here behaves as the schema alone says.
 */
import { createHash } from 'crypto';
import { Clock, digest, rfc3339 } from './engine';
import { checkClientTls, ClusterPki } from './pki';
import type { StubTenant } from './tenant';
import {
  isObject,
  isUnknown,
  isWhollyKnown,
  readDynamic,
  toPlain,
  unknown,
  Value,
  valuesEqual,
} from './values';

export type Path = Array<string | number>;
export type ObjectValue = Record<string, Value>;

/** What a stub resource type may do besides the default. */
export interface ResourceBehaviour {
  /** Attributes whose change forces a replacement (the providers' ForceNew / RequiresReplace). */
  readonly replaceOn?: Path[];
  /** Paths that force a replacement, when that needs more than comparing attributes. */
  requiresReplace?(prior: ObjectValue, planned: ObjectValue): Path[];
  /** Plan-time adjustments (defaults the provider plans itself). */
  plan?(planned: ObjectValue, prior: ObjectValue | null): ObjectValue;
  /** Computed values the provider derives at apply, set before the generic fill. */
  apply?(planned: ObjectValue, env: StubEnvironment): ObjectValue;
  /** Errors the provider or its API would return when applying this object (prior: null on create). */
  applyErrors?(planned: ObjectValue, env: StubEnvironment, prior?: ObjectValue | null): string[];
  /** The object on refresh; null when the provider reports it gone. */
  read?(state: ObjectValue, env: StubEnvironment): ObjectValue | null;
  /** Errors the provider reports when validating a configuration. */
  validate?(config: ObjectValue): string[];
}

/** What the stub knows about the world it pretends to manage. */
export interface StubEnvironment {
  readonly clock: Clock;
  readonly pki: ClusterPki;
  /** The tenant's nodes, when the harness emulates them. */
  readonly tenant?: StubTenant;
}

/** The public endpoint every emulated tenant control plane reports (TEST-NET-3). */
export const TENANT_ENDPOINT_HOST = '203.0.113.10';

export function valueAt(value: Value, path: Path): Value {
  let current: Value = value;
  for (const step of path) {
    const dynamic = readDynamic(current);
    if (dynamic) current = dynamic.value;
    if (current === null || current === undefined || isUnknown(current)) return current ?? null;
    current = (current as Record<string | number, Value>)[step] ?? null;
  }
  return current;
}

/** Paths of `replaceOn` whose value differs between prior state and plan. */
export function changedPaths(paths: Path[], prior: ObjectValue, planned: ObjectValue): Path[] {
  return paths.filter((path) => !valuesEqual(valueAt(prior, path), valueAt(planned, path)));
}

// ---------------------------------------------------------------- hashicorp/random

const RANDOM_INPUTS = [
  'keepers',
  'length',
  'lower',
  'upper',
  'numeric',
  'number',
  'special',
  'min_lower',
  'min_upper',
  'min_numeric',
  'min_special',
  'override_special',
];
const DEFAULT_SPECIAL = '!@#$%&*()-_=+[]{}<>:?';

function randomBehaviour(idIsResult: boolean): ResourceBehaviour {
  return {
    replaceOn: RANDOM_INPUTS.map((name) => [name]),
    plan(planned, prior) {
      if (prior) return planned;
      const result = { ...planned };
      for (const name of ['lower', 'upper', 'special']) {
        if (isUnknown(result[name])) result[name] = true;
      }
      if (isUnknown(result.numeric)) result.numeric = result.number === false ? false : true;
      if (isUnknown(result.number)) result.number = result.numeric;
      for (const name of ['min_lower', 'min_upper', 'min_numeric', 'min_special']) {
        if (isUnknown(result[name])) result[name] = 0;
      }
      return result;
    },
    apply(planned) {
      const seed = JSON.stringify(toPlain(planned));
      let alphabet = '';
      if (planned.lower) alphabet += 'abcdefghijklmnopqrstuvwxyz';
      if (planned.upper) alphabet += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
      if (planned.numeric) alphabet += '0123456789';
      if (planned.special)
        alphabet += (planned.override_special as string | null) ?? DEFAULT_SPECIAL;
      const length = Number(planned.length);
      const bytes = expand(seed, length);
      const result = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
      return {
        ...planned,
        result,
        id: idIsResult ? result : 'none',
        ...('bcrypt_hash' in planned && {
          bcrypt_hash: `$2a$10$${digest(`bcrypt:${result}`).slice(0, 53)}`,
        }),
      };
    },
  };
}

function expand(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 32) {
    const block = createHash('sha256').update(`${seed}#${i}`).digest();
    out.set(block.subarray(0, Math.min(32, length - i)), i);
  }
  return out;
}

// ---------------------------------------------------------------- hashicorp/time

const MINUTE = 60_000;

function addToDate(base: Date, units: ObjectValue, prefix: string): Date {
  const n = (name: string) => Number(units[`${prefix}_${name}`] ?? 0);
  const date = new Date(base.getTime());
  date.setUTCFullYear(date.getUTCFullYear() + n('years'));
  date.setUTCMonth(date.getUTCMonth() + n('months'));
  return new Date(
    date.getTime() +
      n('days') * 1440 * MINUTE +
      n('hours') * 60 * MINUTE +
      n('minutes') * MINUTE +
      n('seconds') * 1000,
  );
}

function dateParts(date: Date): ObjectValue {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    unix: Math.floor(date.getTime() / 1000),
  };
}

function knownString(value: Value): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const timeRotating: ResourceBehaviour = {
  replaceOn: [['rfc3339'], ['triggers']],
  apply(planned, env) {
    const base = new Date(knownString(planned.rfc3339) ?? rfc3339(env.clock.now()));
    const rotation =
      knownString(planned.rotation_rfc3339) ?? rfc3339(addToDate(base, planned, 'rotation'));
    return {
      ...planned,
      ...dateParts(base),
      id: rfc3339(base),
      rfc3339: rfc3339(base),
      rotation_rfc3339: rotation,
    };
  },
  // The provider removes the resource from state once its rotation time has passed,
  // so the next plan creates it anew: that is how time_rotating rotates.
  read(state, env) {
    const rotation = knownString(state.rotation_rfc3339);
    if (rotation && env.clock.now().getTime() >= new Date(rotation).getTime()) return null;
    return state;
  },
};

const timeOffset: ResourceBehaviour = {
  replaceOn: [
    'base_rfc3339',
    'offset_years',
    'offset_months',
    'offset_days',
    'offset_hours',
    'offset_minutes',
    'offset_seconds',
    'triggers',
  ].map((name) => [name]),
  apply(planned, env) {
    const base = knownString(planned.base_rfc3339) ?? rfc3339(env.clock.now());
    const offset = addToDate(new Date(base), planned, 'offset');
    return {
      ...planned,
      ...dateParts(offset),
      id: base,
      base_rfc3339: base,
      rfc3339: rfc3339(offset),
    };
  },
};

const timeStatic: ResourceBehaviour = {
  replaceOn: [['rfc3339'], ['triggers']],
  apply(planned, env) {
    const at = knownString(planned.rfc3339) ?? rfc3339(env.clock.now());
    return { ...planned, ...dateParts(new Date(at)), id: at, rfc3339: at };
  },
};

// ---------------------------------------------------------------- hashicorp/kubernetes

/** Status that Kamaji writes on objects of its kinds once they are ready. */
function emulatedStatus(manifest: any): any {
  if (
    manifest?.apiVersion === 'kamaji.clastix.io/v1alpha1' &&
    manifest.kind === 'TenantControlPlane'
  ) {
    const port = manifest.spec?.networkProfile?.port ?? 6443;
    return {
      controlPlaneEndpoint: `${TENANT_ENDPOINT_HOST}:${port}`,
      kubernetesResources: {
        version: { status: 'Ready', version: manifest.spec?.kubernetes?.version },
      },
    };
  }
  return undefined;
}

/** A field path of `wait.fields`: dots and `[n]` indexes, as kubernetes_manifest reads them. */
function fieldAt(object: any, field: string): unknown {
  const steps = field.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let current = object;
  for (const step of steps) {
    if (current === null || current === undefined) return undefined;
    current = step.startsWith('[') ? current[Number(step.slice(1, -1))] : current[step];
  }
  return current;
}

/**
 * Kinds the API serves cluster-scoped, by API group and kind; any other kind is taken
 * as namespaced. The real provider asks the API server's RESTMapper; the stub knows the
 * built-in cluster-scoped kinds and Kamaji's DataStore (CRD `scope: Cluster`).
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'certificates.k8s.io/CertificateSigningRequest',
  'kamaji.clastix.io/DataStore',
]);

/** Whether the manifest's kind lives in a namespace (unknown kinds: yes, as most CRDs). */
export function isNamespacedKind(manifest: unknown): boolean {
  const { apiVersion, kind } = (manifest ?? {}) as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return true;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return !CLUSTER_SCOPED.has(`${group}/${kind}`);
}

/** What kubernetes_manifest takes as computed when `computed_fields` is not set. */
const DEFAULT_COMPUTED_FIELDS = ['metadata.annotations', 'metadata.labels'];

/** A `computed_fields` entry as path steps: `a.b`, `a[0]`, `a["k.e.y"]`. */
function fieldSteps(field: string): string[] {
  const steps = field.match(/\["(?:[^"\\]|\\.)*"\]|\[\d+\]|[^.[\]]+/g) ?? [];
  return steps.map((step) =>
    step.startsWith('["') ? JSON.parse(step.slice(1, -1)) : step.replace(/^\[(\d+)\]$/, '$1'),
  );
}

/** The value at a path of a plain value, and whether the path exists at all. */
function lookup(value: Value, path: string[]): { found: boolean; value: Value } {
  let current = value;
  for (const step of path) {
    if (Array.isArray(current) && /^\d+$/.test(step) && Number(step) < current.length) {
      current = current[Number(step)];
    } else if (isObject(current) && step in current) {
      current = current[step];
    } else {
      return { found: false, value: null };
    }
  }
  return { found: true, value: current };
}

/**
 * The `object` kubernetes_manifest plans for an update, as the real provider does
 * (v2.38.0 manifest/provider/plan.go, "plan for Update"): configured values from the
 * new manifest; a computed field keeps its prior value when its configuration did not
 * change and becomes unknown when it did; a value not known now takes the prior
 * object's value unless it was configured before. The real provider first widens the
 * manifest to the kind's OpenAPI type; the stub has none, so `object` keeps the
 * manifest's shape (no server-side defaults).
 */
function plannedObject(planned: ObjectValue, prior: ObjectValue): Value {
  const manifest = readDynamic(planned.manifest);
  if (!manifest) return unknown();
  const priorManifest = readDynamic(prior.manifest)?.value ?? null;
  const priorObject = readDynamic(planned.object)?.value ?? null;
  const fields =
    isWhollyKnown(planned.computed_fields) && planned.computed_fields !== null
      ? (toPlain(planned.computed_fields) as string[])
      : DEFAULT_COMPUTED_FIELDS;
  const computed = new Set(fields.map((field) => JSON.stringify(fieldSteps(field))));
  const walk = (value: Value, path: string[]): Value => {
    const was = lookup(priorManifest, path);
    if (isUnknown(value)) {
      if (was.found && !isUnknown(was.value)) return value;
      const before = lookup(priorObject, path);
      return before.found ? before.value : value;
    }
    if (computed.has(JSON.stringify(path))) {
      if (!was.found || !valuesEqual(was.value, value)) return unknown();
      const before = lookup(priorObject, path);
      return before.found ? before.value : value;
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, String(i)]));
    if (isObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]),
      );
    }
    return value;
  };
  return [(planned.manifest as Value[])[0], walk(manifest.value, [])];
}

/**
 * The object the API returns after a server-side apply of the planned one: what the
 * plan left unknown (computed fields, values not known at plan time) is what the
 * manifest says now. A create planned the whole object unknown: it is the manifest.
 */
function appliedObject(planned: ObjectValue): Value {
  const object = readDynamic(planned.object);
  const manifest = readDynamic(planned.manifest);
  if (!object || !manifest) return planned.manifest;
  const fill = (value: Value, path: string[]): Value => {
    if (isUnknown(value)) {
      const now = lookup(manifest.value, path);
      return now.found ? now.value : value;
    }
    if (Array.isArray(value)) return value.map((item, i) => fill(item, [...path, String(i)]));
    if (isObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, fill(item, [...path, key])]),
      );
    }
    return value;
  };
  return [(planned.object as Value[])[0], fill(object.value, [])];
}

/** Kamaji's version webhook on update (internal/webhook/handlers/tcp_version.go). */
function kamajiVersionErrors(manifest: any, priorManifest: any): string[] {
  if (manifest?.kind !== 'TenantControlPlane' || priorManifest?.kind !== 'TenantControlPlane') {
    return [];
  }
  const minor = (version: unknown) => {
    const match = /^v?(\d+)\.(\d+)\.\d+$/.exec(String(version));
    return match ? Number(match[1]) * 1000 + Number(match[2]) : undefined;
  };
  const before = minor(priorManifest.spec?.kubernetes?.version);
  const after = minor(manifest.spec?.kubernetes?.version);
  if (before === undefined || after === undefined) return [];
  const from = priorManifest.spec.kubernetes.version;
  const to = manifest.spec.kubernetes.version;
  if (after < before) {
    return [`admission webhook: unable to downgrade a TenantControlPlane from ${from} to ${to}`];
  }
  if (after - before > 1) {
    return [
      `admission webhook: unable to upgrade from ${from} to ${to}: a minor version in a non-sequential mode`,
    ];
  }
  return [];
}

const kubernetesManifest: ResourceBehaviour = {
  validate(config) {
    const manifest = config.manifest;
    if (!isWhollyKnown(manifest)) return [];
    const plain = toPlain(manifest) as any;
    const missing = ['apiVersion', 'kind', 'metadata.name'].filter(
      (field) => typeof fieldAt(plain, field) !== 'string',
    );
    return missing.length > 0 ? [`manifest is missing ${missing.join(', ')}`] : [];
  },
  // As the real provider (v2.38.0 plan.go): apiVersion, kind and name always (for a
  // resource not imported), namespace for namespaced kinds; terraform replaces when
  // one of them differs between prior state and plan. A namespace path that exists in
  // neither is left out: terraform rejects a path that does not exist.
  requiresReplace(prior, planned) {
    const paths: Path[] = [
      ['manifest', 'apiVersion'],
      ['manifest', 'kind'],
      ['manifest', 'metadata', 'name'],
    ];
    const namespace = ['metadata', 'namespace'];
    const present = [prior, planned].some(
      (v) => lookup(readDynamic(v.manifest)?.value ?? null, namespace).found,
    );
    if (isNamespacedKind(toPlain(planned.manifest)) && present) {
      paths.push(['manifest', ...namespace]);
    }
    return paths;
  },
  plan(planned, prior) {
    return prior ? { ...planned, object: plannedObject(planned, prior) } : planned;
  },
  apply(planned) {
    return { ...planned, object: appliedObject(planned) };
  },
  // kubernetes_manifest waits until every `wait.fields` entry matches its regular
  // expression, on create and on update; for kinds whose status the stub emulates,
  // check that it would.
  applyErrors(planned, _env, prior) {
    const manifest = toPlain(planned.manifest) as any;
    const webhook = prior ? kamajiVersionErrors(manifest, toPlain(prior.manifest)) : [];
    if (webhook.length > 0) return webhook;
    const status = emulatedStatus(manifest);
    const wait = (planned.wait as ObjectValue[] | null)?.[0];
    const fields = (toPlain(wait?.fields ?? null) as Record<string, string> | null) ?? {};
    if (!status) return [];
    return Object.entries(fields).flatMap(([field, pattern]) => {
      const actual = fieldAt({ ...manifest, status }, field);
      if (actual === undefined) {
        return [`timed out waiting for ${field}: ${manifest.kind} has no such field when ready`];
      }
      return new RegExp(pattern).test(String(actual))
        ? []
        : [
            `timed out waiting for ${field} to match ${pattern}: a ready ${manifest.kind} reports "${actual}"`,
          ];
    });
  },
};

const kubernetesSecret: ResourceBehaviour = {
  replaceOn: [['metadata', 0, 'name'], ['metadata', 0, 'namespace'], ['type']],
  apply(planned) {
    const metadata = (planned.metadata as ObjectValue[])[0];
    return { ...planned, id: `${metadata.namespace ?? 'default'}/${metadata.name}` };
  },
  // Kubernetes' bootstrap token authenticator ignores a token Secret that does not
  // follow the format, and nodes could not join with it.
  applyErrors(planned, env) {
    if (planned.type !== 'bootstrap.kubernetes.io/token') return [];
    const data = (toPlain(planned.data) ?? {}) as Record<string, string>;
    const metadata = (planned.metadata as ObjectValue[])[0];
    const problems: string[] = [];
    if (metadata.namespace !== 'kube-system')
      problems.push('a bootstrap token lives in kube-system');
    if (!/^[a-z0-9]{6}$/.test(data['token-id'] ?? ''))
      problems.push('token-id must match [a-z0-9]{6}');
    if (!/^[a-z0-9]{16}$/.test(data['token-secret'] ?? '')) {
      problems.push('token-secret must match [a-z0-9]{16}');
    }
    if (metadata.name !== `bootstrap-token-${data['token-id']}`) {
      problems.push('the name must be bootstrap-token-<token-id>');
    }
    if (data.expiration !== undefined) {
      const expiry = Date.parse(data.expiration);
      if (Number.isNaN(expiry)) problems.push('expiration must be RFC 3339');
      else if (expiry <= env.clock.now().getTime()) problems.push('the token has expired already');
    }
    if (data['usage-bootstrap-authentication'] !== 'true') {
      problems.push('usage-bootstrap-authentication must be "true" for nodes to join');
    }
    return problems.map((problem) => `invalid bootstrap token Secret: ${problem}`);
  },
};

// ---------------------------------------------------------------- vsphere, vcd, proxmox, maas
//
// ForceNew facts of the machine resources and of what each machine lives in, from the
// providers' sources at the pinned versions (schemas/*.json `provenance`). A path listed
// here replaces the resource when its value differs between prior state and plan, as
// SDKv2 reports it to Terraform (RequiresReplace); Terraform applies `ignore_changes`
// before it asks, so an ignored attribute never differs.

/** Changed paths among `attributes` of every element of the nested list `list`. */
function changedInEach(
  list: string,
  attributes: string[],
  prior: ObjectValue,
  planned: ObjectValue,
): Path[] {
  const length = (value: ObjectValue) => {
    const items = value[list];
    return Array.isArray(items) ? items.length : 0;
  };
  const paths: Path[] = [];
  for (let i = 0; i < Math.max(length(prior), length(planned)); i++) {
    paths.push(...attributes.map((name): Path => [list, i, name]));
  }
  return changedPaths(paths, prior, planned);
}

/** `[block, 0, name]` for each name: attributes of a block of at most one element. */
function inBlock(block: string, names: string[]): Path[] {
  return names.map((name) => [block, 0, name]);
}

function knownText(value: Value): string {
  return typeof value === 'string' ? value : '';
}

// canonical/maas v2.4.0 maas/resource_maas_instance.go: no update function; the
// arguments allocate_params, deploy_params and network_interfaces are ForceNew.
const maasInstance: ResourceBehaviour = {
  replaceOn: [['allocate_params'], ['deploy_params'], ['network_interfaces']],
};

// canonical/maas v2.4.0 maas/resource_maas_vm_host_machine.go (resourceMaasVMHostMachine):
// cores, memory, pinned_cores, vm_host, storage_disks and network_interfaces are ForceNew;
// hostname, domain, pool and zone update the composed machine in place.
const maasVmHostMachine: ResourceBehaviour = {
  replaceOn: [
    ['cores'],
    ['memory'],
    ['pinned_cores'],
    ['vm_host'],
    ['storage_disks'],
    ['network_interfaces'],
  ],
};

const vsphereFolder: ResourceBehaviour = { replaceOn: [['type'], ['datacenter_id']] };

/** Arguments of `clone` whose change resourceVSphereVirtualMachineCustomizeDiff leaves in place. */
const VSPHERE_CLONE_IN_PLACE = new Set(['timeout']);

// vmware/vsphere v2.15.0: replace_trigger (virtual_machine_config_structure.go),
// network_interface.ovf_mapping (virtual_machine_network_interface_subresource.go) and
// each ovf_deploy argument (virtual_machine_ovfdeploy_subresource.go) are ForceNew; and
// resourceVSphereVirtualMachineCustomizeDiff forces a new VM on every changed key under
// `clone.0` but `clone.0.timeout`, unless the VM was just imported. CPU, memory, disks,
// NICs (an adapter type change recreates the device, not the VM) and extra_config
// update in place.
const vsphereVirtualMachine: ResourceBehaviour = {
  replaceOn: [['replace_trigger'], ['ovf_deploy']],
  requiresReplace(prior, planned) {
    const nics = changedInEach('network_interface', ['ovf_mapping'], prior, planned);
    const clone = (planned.clone as ObjectValue[] | null)?.[0];
    if (!isObject(clone) || prior.imported === true) return nics;
    const keys = Object.keys(clone).filter((key) => !VSPHERE_CLONE_IN_PLACE.has(key));
    return [...nics, ...changedPaths(inBlock('clone', keys), prior, planned)];
  },
};
const vsphereAntiAffinity: ResourceBehaviour = { replaceOn: [['compute_cluster_id']] };

// vmware/vcd v3.14.1 vcd/resource_vcd_vapp_vm.go (vmSchemaFunc, no CustomizeDiff):
// vapp_name, name, org, vdc, template_name, vapp_template_id, vm_name_in_template,
// copy_from_vm_id, consolidate_disks_on_create and override_template_disk (a set whose
// every argument is ForceNew too) force a new VM; CPU, memory, networks, guest
// properties and computer_name update in place.
const vcdVappVm: ResourceBehaviour = {
  replaceOn: [
    'vapp_name',
    'name',
    'org',
    'vdc',
    'template_name',
    'vapp_template_id',
    'vm_name_in_template',
    'copy_from_vm_id',
    'consolidate_disks_on_create',
    'override_template_disk',
  ].map((name) => [name]),
};
// vcd/resource_vcd_vapp.go: name, org and vdc; a new vApp takes its VMs with it.
const vcdVapp: ResourceBehaviour = { replaceOn: [['name'], ['org'], ['vdc']] };
// vcd/resource_vcd_vapp_org_network.go.
const vcdVappOrgNetwork: ResourceBehaviour = {
  replaceOn: [['vapp_name'], ['org'], ['vdc'], ['org_network_name']],
};
// vcd/resource_vcd_vm_affinity_rule.go.
const vcdVmAffinityRule: ResourceBehaviour = { replaceOn: [['org'], ['vdc'], ['polarity']] };

/** Cloud-init file ids of a Proxmox VM: ForceNew, and "" in state when not configured. */
const PROXMOX_CLOUD_INIT_FILES = [
  'user_data_file_id',
  'vendor_data_file_id',
  'network_data_file_id',
  'meta_data_file_id',
];

// bpg/proxmox v0.111.1 proxmoxtf/resource/vm/vm.go (VM): ForceNew are amd_sev, every
// argument of clone (retries, datastore_id, node_name, vm_id, full), the initialization
// file ids and type (PROXMOX_CLOUD_INIT_FILES, type), and disk.file_id (disk/schema.go).
// Its CustomizeDiff adds: vm_id when it changes to anything but the VM's own id;
// node_name unless migrate is true; tpm_state.version and efi_disk.type when both old
// and new are set and differ. CPU, memory, disk size, network devices, ip_config and
// tags update in place (rebooting the VM when reboot_after_update says so).
const proxmoxVm: ResourceBehaviour = {
  replaceOn: [
    ['amd_sev'],
    ...inBlock('clone', ['retries', 'datastore_id', 'node_name', 'vm_id', 'full']),
    ...inBlock('initialization', [...PROXMOX_CLOUD_INIT_FILES, 'type']),
  ],
  requiresReplace(prior, planned) {
    const paths = changedInEach('disk', ['file_id'], prior, planned);
    if (!valuesEqual(prior.vm_id, planned.vm_id) && String(planned.vm_id) !== prior.id) {
      paths.push(['vm_id']);
    }
    if (!valuesEqual(prior.node_name, planned.node_name) && planned.migrate !== true) {
      paths.push(['node_name']);
    }
    for (const [block, name] of [
      ['tpm_state', 'version'],
      ['efi_disk', 'type'],
    ]) {
      const before = knownText(valueAt(prior, [block, 0, name]));
      const after = knownText(valueAt(planned, [block, 0, name]));
      if (before !== '' && after !== '' && before !== after) paths.push([block, 0, name]);
    }
    return paths;
  },
  // vmReadCustom: a cloud-init file id not configured reads back as "", not as a fake.
  apply(planned) {
    const blocks = planned.initialization;
    if (!Array.isArray(blocks) || !isObject(blocks[0])) return planned;
    const initialization: ObjectValue = { ...blocks[0] };
    for (const name of PROXMOX_CLOUD_INIT_FILES) {
      if (isUnknown(initialization[name])) initialization[name] = '';
    }
    return { ...planned, initialization: [initialization, ...blocks.slice(1)] };
  },
};

// bpg/proxmox v0.111.1 proxmoxtf/resource/file.go: content_type, datastore_id, node_name,
// file_mode, source_file and source_raw (with each nested argument) are ForceNew; only
// overwrite and timeout_upload update in place.
const proxmoxFile: ResourceBehaviour = {
  replaceOn: [
    ['content_type'],
    ['datastore_id'],
    ['node_name'],
    ['file_mode'],
    ['source_raw'],
    ['source_file'],
  ],
  apply(planned) {
    const raw = (planned.source_raw as ObjectValue[] | null)?.[0];
    const fileName = (raw?.file_name as string | undefined) ?? 'file';
    const contentType = knownString(planned.content_type) ?? 'snippets';
    return {
      ...planned,
      content_type: contentType,
      file_name: fileName,
      id: `${planned.datastore_id}:${contentType}/${fileName}`,
    };
  },
};

export const RESOURCE_BEHAVIOURS: Record<string, ResourceBehaviour> = {
  random_string: randomBehaviour(true),
  random_password: randomBehaviour(false),
  time_rotating: timeRotating,
  time_offset: timeOffset,
  time_static: timeStatic,
  kubernetes_manifest: kubernetesManifest,
  kubernetes_secret_v1: kubernetesSecret,
  vsphere_folder: vsphereFolder,
  vsphere_virtual_machine: vsphereVirtualMachine,
  vsphere_compute_cluster_vm_anti_affinity_rule: vsphereAntiAffinity,
  vcd_vapp: vcdVapp,
  vcd_vapp_org_network: vcdVappOrgNetwork,
  vcd_vapp_vm: vcdVappVm,
  vcd_vm_affinity_rule: vcdVmAffinityRule,
  proxmox_virtual_environment_file: proxmoxFile,
  proxmox_virtual_environment_vm: proxmoxVm,
  maas_instance: maasInstance,
  maas_vm_host_machine: maasVmHostMachine,
};

/** Problems a provider reports when configured; keyed by provider type name. */
export const PROVIDER_CHECKS: Record<string, (config: ObjectValue) => string[]> = {
  // The kubernetes provider builds a TLS client from these settings before any call.
  kubernetes(config) {
    const pem = ['cluster_ca_certificate', 'client_certificate', 'client_key'];
    const values = pem.map((name) => config[name]);
    if (values.some((v) => v === null || !isWhollyKnown(v))) return [];
    const problems = checkClientTls(...(values as [string, string, string]));
    const host = config.host;
    if (typeof host === 'string' && !/^https:\/\/[^/\s]+$/.test(host)) {
      problems.push(`host "${host}" is not an https:// URL of the API server`);
    }
    return problems;
  },
};

/**
 * The paths that make Terraform replace an existing object of `type` when its plan
 * goes from `prior` to `planned` (the RequiresReplace of PlanResourceChange).
 */
export function replacementPaths(type: string, prior: ObjectValue, planned: ObjectValue): Path[] {
  const behaviour = RESOURCE_BEHAVIOURS[type] ?? {};
  return [
    ...changedPaths(behaviour.replaceOn ?? [], prior, planned),
    ...(behaviour.requiresReplace?.(prior, planned) ?? []),
  ];
}

export function isObjectValue(value: Value): value is ObjectValue {
  return isObject(value);
}
