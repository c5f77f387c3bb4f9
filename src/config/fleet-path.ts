/**
 * A place in a fleet file as data (the keys and indexes from the document's root) and as
 * the text problems show. Shared by the YAML reader, the source map and the checks, below
 * all of them. Pure module: no import.
 */

/** A step into the document: a mapping key or a list index. */
export type PathSegment = string | number;

/** `controlPlanes[2].pools[0].labels["node.kubernetes.io/pool"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return i === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}
