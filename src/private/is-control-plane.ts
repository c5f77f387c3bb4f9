import type { ITenantControlPlane } from '../kamaji/tenant-control-plane';

/**
 * Whether a prop given from JavaScript or YAML is a control plane (made here or
 * imported): checked before it is read, so bad input becomes a problem, not a TypeError.
 */
export function isControlPlane(value: unknown): value is ITenantControlPlane {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ITenantControlPlane).node === 'object' &&
    'adminKubeconfigSecretName' in value
  );
}
