/**
 * The compiled library has no `require` cycle (issue #23 item 6). A cycle of modules
 * loads one of them half-initialised: whichever file Node reaches first sees the other's
 * exports still undefined, so a class used in a top-level `extends` or a constant read
 * at load time is `undefined`, depending on which entry point a consumer requires first.
 * `import type` edges leave no `require` behind, which is why the layers may keep those.
 *
 * Builds the library as the package does (`tsc -p tsconfig.build.json`, into a
 * temporary directory: lib/ may be stale or missing) and follows every relative
 * `require(...)` of the emitted JavaScript from index.js, the package's `main`. Measured
 * here: tsc 4 s for the 127 files (declarations off), the whole file 5 to 20 s with
 * ts-jest's start-up, the walk itself under 0.1 s.
 *
 * Only runtime edges count: the circles of `import type` (and of imports TypeScript
 * elides because they name types only) that farm-studio draws from the sources are not
 * `require` calls and cannot half-initialise a module.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { circles } from '../support/circles';

const ROOT = path.resolve(__dirname, '..', '..');

/** The relative requires of every module reachable from `entry`, by path under `root`. */
function requireGraph(root: string, entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string): void => {
    const key = path.relative(root, file);
    if (graph.has(key)) return;
    const targets: string[] = [];
    graph.set(key, targets);
    const text = fs.readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      if (!spec.startsWith('.')) continue;
      const target = resolveModule(path.resolve(path.dirname(file), spec));
      // JSON data requires nothing.
      if (target.endsWith('.json')) continue;
      targets.push(path.relative(root, target));
      visit(target);
    }
  };
  visit(path.join(root, entry));
  return graph;
}

/** Node's resolution of a relative path: the file itself, with `.js`, or its index.js. */
function resolveModule(base: string): string {
  for (const candidate of [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve the emitted require of ${base}`);
}

/**
 * One cycle per circle of the graph, written as the path that closes it:
 * `a.js -> b.js -> a.js`. Sorted, so the report is stable.
 */
function requireCycles(graph: Map<string, string[]>): string[] {
  return circles(graph)
    .map((circle) => closingPath(graph, new Set(circle)).join(' -> '))
    .sort();
}

/** A shortest path inside `members` from its first file (by name) back to itself. */
function closingPath(graph: Map<string, string[]>, members: Set<string>): string[] {
  const start = [...members].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const route = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) route.unshift(at);
        return [start, ...route];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/** Writes `modules` (path -> requires) as CommonJS files under a fresh directory. */
function fixture(modules: { [file: string]: string[] }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-cycles-'));
  for (const [file, requires] of Object.entries(modules)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    const body = requires.map((spec) => `require("${spec}");`);
    fs.writeFileSync(path.join(dir, file), `"use strict";\n${body.join('\n')}\n`);
  }
  return dir;
}

describe('the require walk', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const cyclesOf = (modules: { [file: string]: string[] }): string[] => {
    const dir = fixture(modules);
    dirs.push(dir);
    return requireCycles(requireGraph(dir, 'index.js'));
  };

  test('names each cycle by the files that close it, through folders and index.js', () => {
    expect(
      cyclesOf({
        'index.js': ['./a', './day-two', 'constructs'],
        'a.js': ['./b.js', './data.json'],
        'b.js': ['./a'],
        'data.json': [],
        'day-two/index.js': ['./c'],
        'day-two/c.js': ['../node-pool/d'],
        'node-pool/d.js': ['../day-two/c', '../a'],
      }),
    ).toEqual(['a.js -> b.js -> a.js', 'day-two/c.js -> node-pool/d.js -> day-two/c.js']);
  });

  test('finds none in modules that only point down', () => {
    expect(
      cyclesOf({
        'index.js': ['./a', './b'],
        'a.js': ['./b', './c'],
        'b.js': ['./c'],
        'c.js': [],
      }),
    ).toEqual([]);
  });
});

describe('the compiled library', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-lib-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  beforeAll(() => {
    const tsc = spawnSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        out,
        '--declaration',
        'false',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  }, 180_000);

  test('has no require cycle from its entry point', () => {
    const graph = requireGraph(out, 'index.js');
    // Guards the walk itself: the entry point reaches the whole library.
    expect(graph.size).toBeGreaterThan(50);
    expect(requireCycles(graph)).toEqual([]);
  });
});
