/**
 * What differs between a file synthesized by cdktf and the same file synthesized by cdktn
 * (issue #24 item 2), as `path: cdktf value -> cdktn value` lines, paths dotted from the
 * document's root (`//.metadata.version`). Key order counts: a reordered object is a
 * difference too.
 *
 * Formatting is compared as well. cdktf 0.21 writes an empty object or array over two lines
 * (`{\n  }`) where cdktn writes `{}`; apart from that both are JSON.stringify(doc, null, 2)
 * exactly, which is checked here, so a difference in bytes that is not one of these
 * whitespace runs or a listed key is reported as `formatting`.
 */
export function coreDifferences(cdktfText: string, cdktnText: string): string[] {
  const cdktf = JSON.parse(cdktfText);
  const cdktn = JSON.parse(cdktnText);
  const found: string[] = [];
  if (canonical(cdktfText) !== JSON.stringify(cdktf, null, 2)) found.push('formatting: cdktf');
  if (cdktnText !== JSON.stringify(cdktn, null, 2)) found.push('formatting: cdktn');
  compare(cdktf, cdktn, [], found);
  return found;
}

/** cdktf's text with its two-line empty objects and arrays written as cdktn writes them. */
function canonical(text: string): string {
  // Raw newlines occur only between tokens in JSON, never inside a string.
  return text.replace(/\{\n\s*\}/g, '{}').replace(/\[\n\s*\]/g, '[]');
}

function compare(a: unknown, b: unknown, at: string[], found: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) compare(a[key], b[key], [...at, key], found);
    if (JSON.stringify(Object.keys(a)) !== JSON.stringify(Object.keys(b))) {
      const sameKeys = Object.keys(a).sort().join() === Object.keys(b).sort().join();
      if (sameKeys) found.push(`${at.join('.')}: key order`);
    }
    return;
  }
  found.push(`${at.join('.')}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
