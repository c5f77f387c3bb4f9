import type { ITenantControlPlane } from '../kamaji/tenant-control-plane';
import { Brand } from './brand';

/**
 * Both kinds of control plane, `TenantControlPlane` and its imports, carry this brand:
 * pools, join tokens and the fleet summary take either, from any copy of the library.
 */
const BRAND = new Brand('ITenantControlPlane');

/** Brands a control plane, made here or imported; called by their constructors. */
export function markControlPlane(controlPlane: ITenantControlPlane): void {
  BRAND.mark(controlPlane);
}

/**
 * Whether a prop given from JavaScript or YAML is a control plane (made here or
 * imported): checked before it is read, so bad input becomes a problem, not a TypeError.
 */
export function isControlPlane(value: unknown): value is ITenantControlPlane {
  return BRAND.has(value);
}
