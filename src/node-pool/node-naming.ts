/** Node names and ids of a pool (design D4). Pure module: no CDKTF import. */

/** `node-00` ... `node-99`, then `node-100`: two digits, three above 99. */
export function nodeSuffix(index: number): string {
  return `node-${String(index).padStart(2, '0')}`;
}

/** `<control plane>-<pool>-node-NN`: host name and Kubernetes node name. */
export function nodeName(controlPlane: string, pool: string, index: number): string {
  return `${controlPlane}-${pool}-${nodeSuffix(index)}`;
}

/** Failure domain of node `index`: round-robin over the list. */
export function failureDomainOf(domains: readonly string[], index: number): string | undefined {
  return domains.length === 0 ? undefined : domains[index % domains.length];
}
