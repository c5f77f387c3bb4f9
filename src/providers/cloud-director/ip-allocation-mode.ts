/** Pure module: no CDKTF import, so the checks can name its values. */

/** How Cloud Director gives a VM its address on the org network. */
export enum IpAllocationMode {
  /** From a DHCP service on the network. */
  DHCP = 'DHCP',
  /** From the network's static IP pool, chosen by Cloud Director. */
  POOL = 'POOL',
  /** The pool's static range (NodeAddressing.staticRange). */
  MANUAL = 'MANUAL',
}
