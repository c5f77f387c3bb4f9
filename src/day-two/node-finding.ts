/**
 * One finding of the pool's `check` block about its nodes (node-checks.ts), as the
 * version and machine spec checks return it. Pure module: no import.
 */

/** One kind of node the pool's check names, and what it says about them. */
export interface NodeFinding {
  /** HCL expression of the list of nodes concerned, each as `name (detail)`. */
  readonly nodes: string;
  /** Template text that follows the node names, e.g. `still run another version ...`. */
  readonly text: string;
}
