export * from './errors';
export * from './kamaji/kubernetes-version';
export * from './kamaji/scheduling';
export * from './kamaji/tenant-control-plane-spec';
export * from './kamaji/tenant-control-plane';
export * from './kamaji/data-store-spec';
export * from './kamaji/data-store';
