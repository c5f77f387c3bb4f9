/** A usage error: the check reports its message and exits 2 (bad arguments, something missing). */
export class UsageError extends Error {}

/** `make()`, its errors reported as usage errors (exit 2) with their message. */
export function asUsage<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
