/**
 * The library's layers point down (issue #23 item 1), read from the source's imports:
 * a file imports only files of its own layer or below, but for `import type`; no files
 * import each other in a circle, but a file and its own `-validation` file; `private/`
 * imports no layer. The order, from the bottom: private/ and errors.ts; what pools read
 * of Kamaji; bootstrap/; day-two/; node-pool/; providers/; the TenantControlPlane
 * construct, which owns its pools (the one file of kamaji/ above node-pool/: the issue
 * keeps `addNodePool` on the class); the state backends; config/ (with the fleet
 * summary); the entry point.
 */
import * as fs from 'fs';
import * as path from 'path';
import { circles } from './support/circles';

const SRC = path.join(__dirname, '..', 'src');

function layerOf(file: string): number {
  if (file === 'errors.ts' || file.startsWith('private/')) return 0;
  if (file === 'kamaji/tenant-control-plane.ts') return 6;
  const ranks: [string, number][] = [
    ['kamaji/', 1],
    ['bootstrap/', 2],
    ['day-two/', 3],
    ['node-pool/', 4],
    ['providers/', 5],
    ['stacks/', 7],
    ['config/', 8],
    ['index.ts', 9],
  ];
  const rank = ranks.find(([prefix]) => file.startsWith(prefix));
  if (!rank) throw new Error(`src/${file} is in no layer: add it to test/layers.test.ts`);
  return rank[1];
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === '.gen') return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full)] : [];
  });
}

function edgesOf(file: string): Edge[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const statements = text.matchAll(/^(import|export)(\s+type)?\s[^;]*?from\s+'(\.[^']*)';/gm);
  return [...statements].flatMap((m) => {
    const target = path.join(path.dirname(file), m[3]);
    const to = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) =>
      fs.existsSync(path.join(SRC, candidate)),
    );
    // Generated bindings are no layer: everything may use them.
    if (!to || to.startsWith('.gen/')) return [];
    return [{ from: file, to, typeOnly: m[2] !== undefined }];
  });
}

const FILES = sourceFiles(SRC);

/** Circles allowed beyond a file and its own -validation file: none. */
const KNOWN_CIRCLES: string[][] = [];
const EDGES = FILES.flatMap(edgesOf);

describe('layers', () => {
  test('private/ imports no layer', () => {
    const up = EDGES.filter((e) => e.from.startsWith('private/') && layerOf(e.to) > 0);
    expect(up.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test('no value import runs from a lower layer to a higher one', () => {
    const up = EDGES.filter((e) => !e.typeOnly && layerOf(e.to) > layerOf(e.from));
    expect(up.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test('no circle spans more than a file and its own -validation file', () => {
    // Every import counts here, type imports included.
    const graph = new Map(
      FILES.map((f) => [f, EDGES.filter((e) => e.from === f).map((e) => e.to)]),
    );
    const allowed = (circle: string[]) =>
      circle.length === 2 &&
      circle.some((f) => f.endsWith('-validation.ts')) &&
      circle.every((f) => path.dirname(f) === path.dirname(circle[0]));
    const key = (c: string[]) => c.join(' ');
    const found = circles(graph)
      .filter((c) => !allowed(c))
      .map(key)
      .sort();
    expect(found).toEqual(KNOWN_CIRCLES.map(key).sort());
  });
});
