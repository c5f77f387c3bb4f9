import { IConstruct } from 'constructs';
import { NodePool } from '../node-pool/node-pool';
import { isControlPlane } from '../kamaji/tenant-control-plane-interface';

/**
 * One line per node (and per control plane without pools) of everything the app
 * declares, in construct order:
 * `kamaji-tenant / tcp-charlie / default-pool / tcp-charlie-default-pool-node-00 (192.0.2.21)`.
 * Addresses appear where they are known at synth time (static ranges).
 */
export function summarizeFleet(root: IConstruct): string[] {
  const all = root.node.findAll();
  const pools = all.filter((c): c is NodePool => NodePool.isNodePool(c));
  const controlPlanes = all.filter(isControlPlane);
  const lines: string[] = [];
  for (const controlPlane of controlPlanes) {
    const prefix = `${controlPlane.namespace} / ${controlPlane.name}`;
    const own = pools.filter((pool) => pool.controlPlane === controlPlane);
    if (own.length === 0) lines.push(prefix);
    for (const pool of own) {
      if (pool.nodes.length === 0) lines.push(`${prefix} / ${pool.name} (no nodes)`);
      for (const node of pool.nodes) {
        const address = node.address ? ` (${node.address.address})` : '';
        lines.push(`${prefix} / ${pool.name} / ${node.nodeName}${address}`);
      }
    }
  }
  return lines;
}
