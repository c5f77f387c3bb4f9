/**
 * Validates objects against the real Kamaji CRDs in ../shared/reference/kamaji/crds
 * (never copied into the project). The CRD's OpenAPI v3 schema becomes a JSON Schema
 * for ajv with the Kubernetes structural-schema rules that matter for a manifest:
 * unknown fields are errors (kubernetes_manifest refuses them), int-or-string and
 * preserve-unknown-fields are honoured. CEL rules (x-kubernetes-validations) are not
 * evaluated here; the constructs' own checks and their tests cover those rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';

export const CRD_DIR = path.resolve(__dirname, '../../../shared/reference/kamaji/crds');
export const CRDS_PRESENT = fs.existsSync(CRD_DIR);
export const CRD_SKIP_REASON = `skipped: the Kamaji CRDs are not at ${path.relative(
  process.cwd(),
  CRD_DIR,
)} (CI has them beside the checkout)`;

type Schema = { [key: string]: unknown };

/** A validator per kind, for `kamaji.clastix.io/v1alpha1`. */
export function loadKamajiValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (v: number) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (v: number) => Number.isInteger(v) });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('date-time', () => true);
  const validators = new Map<string, ValidateFunction>();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
    const crd = parse(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'));
    const version = crd.spec.versions.find((v: { name: string }) => v.name === 'v1alpha1');
    validators.set(crd.spec.names.kind, ajv.compile(toJsonSchema(version.schema.openAPIV3Schema)));
  }
  return validators;
}

/** The upstream sample TenantControlPlanes, by file name (other kinds in them are left out). */
export function loadSampleTenantControlPlanes(): Map<string, Record<string, unknown>> {
  const dir = path.join(CRD_DIR, 'samples');
  const samples = new Map<string, Record<string, unknown>>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const documents = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
    const tcps = documents.map((d) => d.toJS()).filter((d) => d?.kind === 'TenantControlPlane');
    if (tcps.length !== 1)
      throw new Error(`${file}: expected one TenantControlPlane, found ${tcps.length}`);
    samples.set(file, tcps[0]);
  }
  return samples;
}

function toJsonSchema(node: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = typeof value === 'object' ? toJsonSchema(value as Schema) : value;
    } else {
      out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string']) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.type === 'object' && out.properties && !out.additionalProperties && !preserve) {
    out.additionalProperties = false;
  }
  return out;
}

/** ajv errors as one readable line each. */
export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}
