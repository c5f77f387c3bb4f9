/**
 * Registries every copy of the library in one process must share (issue #23 item 4).
 * Beside brands (brand.ts), the library keeps per-app and per-stack registries: the
 * kubelets a control plane serves for its pools, pool names and static ranges claimed
 * per control plane, a stack's join tokens, ledger records and shared lookups, which
 * nodes already write literals literally. A module-level `WeakMap` is one per copy, so a
 * pool of one copy on a control plane of the other would go unseen (a control plane
 * rendering its kubelet configuration without that pool's older kubelet, a duplicate
 * pool name let through). These registries live on `globalThis` instead, under
 * `Symbol.for('cdktf-kamaji/state/<name>')`, the same slot for every copy.
 *
 * The names, and the shape of what each registry holds, are a contract between copies
 * and versions, like the brands: a registry whose entries change shape takes a new name.
 */

type Slots = Record<symbol, unknown>;

function slot<T>(name: string, make: () => T): T {
  const key = Symbol.for(`cdktf-kamaji/state/${name}`);
  const global = globalThis as unknown as Slots;
  if (!(key in global)) {
    // Not enumerable: nothing that lists the global object's keys sees it.
    Object.defineProperty(global, key, { value: make() });
  }
  return global[key] as T;
}

/** The `WeakMap` called `name`, shared by every copy of the library in the process. */
export function sharedWeakMap<K extends object, V>(name: string): WeakMap<K, V> {
  return slot(name, () => new WeakMap<K, V>());
}

/** The `WeakSet` called `name`, shared by every copy of the library in the process. */
export function sharedWeakSet<K extends object>(name: string): WeakSet<K> {
  return slot(name, () => new WeakSet<K>());
}
