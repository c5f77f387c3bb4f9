/**
 * hashicorp/kubernetes 2.38: kubernetes_manifest (its plan of `object`, what forces a
 * replacement, the wait on fields of the Kamaji objects whose status the stub emulates,
 * Kamaji's version webhook), kubernetes_secret_v1 (bootstrap token format) and the
 * provider's own TLS settings.
 */
import { checkClientTls } from '../pki';
import {
  isObject,
  isUnknown,
  isWhollyKnown,
  readDynamic,
  toPlain,
  unknown,
  Value,
  valuesEqual,
} from '../values';
import { ObjectValue, Path, ResourceBehaviour } from './resource-behaviour';

/** The public endpoint every emulated tenant control plane reports (TEST-NET-3). */
export const TENANT_ENDPOINT_HOST = '203.0.113.10';

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
 * `value` rebuilt from the root down: where `at` gives a node a value, that value
 * stands for the node and what is under it; elsewhere arrays and objects are rebuilt
 * item by item, and other values kept.
 */
function rebuilt(
  value: Value,
  at: (value: Value, path: string[]) => { value: Value } | undefined,
  path: string[] = [],
): Value {
  const replaced = at(value, path);
  if (replaced) return replaced.value;
  if (Array.isArray(value)) return value.map((item, i) => rebuilt(item, at, [...path, String(i)]));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, rebuilt(item, at, [...path, key])]),
    );
  }
  return value;
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
  const planOf = (value: Value, path: string[]): { value: Value } | undefined => {
    const was = lookup(priorManifest, path);
    if (isUnknown(value)) {
      if (was.found && !isUnknown(was.value)) return { value };
      const before = lookup(priorObject, path);
      return { value: before.found ? before.value : value };
    }
    if (computed.has(JSON.stringify(path))) {
      if (!was.found || !valuesEqual(was.value, value)) return { value: unknown() };
      const before = lookup(priorObject, path);
      return { value: before.found ? before.value : value };
    }
    return undefined;
  };
  return [(planned.manifest as Value[])[0], rebuilt(manifest.value, planOf)];
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
  const fill = (value: Value, path: string[]): { value: Value } | undefined => {
    if (!isUnknown(value)) return undefined;
    const now = lookup(manifest.value, path);
    return { value: now.found ? now.value : value };
  };
  return [(planned.object as Value[])[0], rebuilt(object.value, fill)];
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

export const kubernetesManifest: ResourceBehaviour = {
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

export const kubernetesSecret: ResourceBehaviour = {
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

/** What the kubernetes provider 2.38 refuses when configured: it builds a TLS client from these settings before any call. */
export function kubernetesProviderProblems(config: ObjectValue): string[] {
  const pem = ['cluster_ca_certificate', 'client_certificate', 'client_key'];
  const values = pem.map((name) => config[name]);
  if (values.some((v) => v === null || !isWhollyKnown(v))) return [];
  const problems = checkClientTls(...(values as [string, string, string]));
  const host = config.host;
  if (typeof host === 'string' && !/^https:\/\/[^/\s]+$/.test(host)) {
    problems.push(`host "${host}" is not an https:// URL of the API server`);
  }
  return problems;
}
