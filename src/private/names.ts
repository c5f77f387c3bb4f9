/** Kubernetes object name rules (pure; see k8s.io/apimachinery validation). */

const RFC1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A DNS-1035 label: what Kamaji requires of a TenantControlPlane name (it names a Service). */
export function isRfc1035Label(value: string): boolean {
  return RFC1035_LABEL.test(value);
}

/** A DNS-1123 label: namespaces and node pool names. */
export function isRfc1123Label(value: string): boolean {
  return RFC1123_LABEL.test(value);
}

/** A DNS-1123 subdomain: most cluster-scoped object names and Secret names. */
export function isRfc1123Subdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every(isRfc1123Label);
}
