/**
 * Kubernetes label syntax (k8s.io/apimachinery validation: IsQualifiedName for keys,
 * IsValidLabelValue for values), shared by node labels and the labels of the objects a
 * TenantControlPlane makes. Pure module: no CDKTF import; tokens are skipped.
 */
import { Problem } from '../errors';
import { CommonMessages } from './common-messages';
import { isRfc1123Subdomain } from './names';
import { IsUnresolved } from './unresolved';

/** A label value, and the name part of a qualified name (label key, taint key). */
export const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** `[prefix/]name`, as Kubernetes qualified names are. */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  return LABEL_NAME.test(name) && (prefix === undefined || isRfc1123Subdomain(prefix));
}

/** Empty, or a name of at most 63 characters. */
export function isLabelValue(value: string): boolean {
  return value === '' || LABEL_NAME.test(value);
}

/**
 * Keys and values of one label map; `keyProblem` adds a check of a well-formed key
 * (the kubelet's restricted prefixes, for node labels).
 */
export function labelProblems(
  labels: { [key: string]: string } | undefined,
  field: string,
  isUnresolved: IsUnresolved,
  keyProblem: (field: string, key: string) => Problem | undefined = () => undefined,
): Problem[] {
  const problems: Problem[] = [];
  if (labels === undefined || labels === null || isUnresolved(labels)) return problems;
  for (const [key, value] of Object.entries(labels)) {
    const at = `${field}["${key}"]`;
    if (!isUnresolved(key)) {
      const problem = isQualifiedName(key)
        ? keyProblem(at, key)
        : CommonMessages.badLabelKey(at, key);
      if (problem) problems.push(problem);
    }
    if (!isUnresolved(value) && !isLabelValue(String(value))) {
      problems.push(CommonMessages.badLabelValue(at, value));
    }
  }
  return problems;
}
