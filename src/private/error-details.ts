/**
 * Error objects that print as their message. Pure module: no CDKTF import.
 */
const details = new WeakMap<Error, { [key: string]: unknown }>();

/**
 * Keeps `fields` off the error object (its classes read them through getters) and
 * makes `stack` the message: Node prints an uncaught error with `util.inspect`, which
 * shows a trace into the library and own fields (even hidden ones, and any `errors`
 * array), so the user would see each problem three times among 50 lines.
 */
export function hideDetails(error: Error, name: string, fields: { [key: string]: unknown }): void {
  for (const [key, value] of Object.entries({ name, stack: error.message })) {
    Object.defineProperty(error, key, {
      value,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  details.set(error, fields);
}

/** A field given to {@link hideDetails}. */
export function detailOf<T>(error: Error, key: string): T {
  return details.get(error)?.[key] as T;
}
