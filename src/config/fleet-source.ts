/**
 * A fleet file parsed with its positions, so every problem can name the line of the
 * key or value it is about. Pure module: no CDKTF import.
 */
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { FleetFileError, FleetProblem } from './fleet-errors';

/** A step into the document: a mapping key or a list index. */
export type PathSegment = string | number;

/** A place in the file, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** The parsed YAML text of a fleet file, with the positions of its keys and values. */
export class FleetSource {
  /**
   * Parses YAML text (YAML 1.2, with `<<` merge keys so pools can share settings
   * through anchors). Throws a FleetFileError listing every syntax error, such as a
   * key given twice in one mapping.
   */
  public static parse(text: string, file: string): FleetSource {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
    const source = new FleetSource(file, document, lineCounter);
    if (document.errors.length > 0) {
      throw new FleetFileError(
        document.errors.map((error) =>
          source.problemAt(source.position(error.pos[0]), [], `YAML syntax: ${error.message}`),
        ),
      );
    }
    return source;
  }

  /** The document as plain data (anchors resolved, merge keys applied). */
  public readonly data: unknown;

  private constructor(
    public readonly file: string,
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
  ) {
    this.data = document.toJS();
  }

  /**
   * A problem about the value at `path`. When the path leads nowhere (a key that is
   * not in the file), the problem points at the deepest part of it that is.
   */
  public problem(path: readonly PathSegment[], message: string): FleetProblem {
    return this.problemAt(this.locate(path).position, path, message);
  }

  /** A problem about the key `key` of the mapping at `path` (an unknown key). */
  public keyProblem(path: readonly PathSegment[], key: string, message: string): FleetProblem {
    const map = this.locate(path);
    const pair = map.found ? findPair(this.deref(map.node), key, (n) => this.deref(n)) : undefined;
    const position = pair ? this.position(pair.key.range![0]) : map.position;
    return this.problemAt(position, [...path, key], message);
  }

  /** The line of the value at `path` (or of the deepest part of it the file holds). */
  public lineOf(path: readonly PathSegment[]): number {
    return this.locate(path).position.line;
  }

  /** Whether the file holds a value at `path` (through anchors and merge keys). */
  public has(path: readonly PathSegment[]): boolean {
    return this.locate(path).found;
  }

  /** The YAML node at `path` and its position, or the deepest node on the way there. */
  private locate(path: readonly PathSegment[]): {
    node: Node | null;
    position: SourcePosition;
    found: boolean;
  } {
    let node = this.document.contents as Node | null;
    let position = this.position(node?.range?.[0] ?? 0);
    for (const segment of path) {
      const current = this.deref(node);
      let next: { node: Node | null; offset: number } | undefined;
      if (isMap(current)) {
        const pair = findPair(current, String(segment), (n) => this.deref(n));
        if (pair) {
          const value = pair.value as Node | null;
          next = { node: value, offset: value?.range?.[0] ?? pair.key.range![0] };
        }
      } else if (isSeq(current) && typeof segment === 'number') {
        const item = current.items[segment] as Node | undefined;
        if (item) next = { node: item, offset: item.range?.[0] ?? 0 };
      }
      if (!next) return { node, position, found: false };
      node = next.node;
      position = this.position(next.offset);
    }
    return { node, position, found: true };
  }

  private deref(node: Node | null): Node | null {
    return isAlias(node) ? ((node.resolve(this.document) as Node | undefined) ?? null) : node;
  }

  private position(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  private problemAt(
    position: SourcePosition,
    path: readonly PathSegment[],
    message: string,
  ): FleetProblem {
    return { file: this.file, ...position, path: formatPath(path), message };
  }
}

interface KeyedPair {
  readonly key: Node;
  readonly value: unknown;
}

/**
 * The pair of `key` in a mapping: its own pairs first, then those its `<<` merge keys
 * bring in, as YAML's merge rules order them.
 */
function findPair(
  map: Node | null,
  key: string,
  deref: (node: Node | null) => Node | null,
): KeyedPair | undefined {
  if (!isMap(map)) return undefined;
  const pairs = map.items as KeyedPair[];
  const own = pairs.find(
    (p) => !isMergeKey(p.key) && isScalar(p.key) && String(p.key.value) === key,
  );
  if (own) return own;
  for (const merge of pairs.filter((p) => isMergeKey(p.key))) {
    const value = deref(merge.value as Node | null);
    const sources = isSeq(value) ? value.items.map((item) => deref(item as Node)) : [value];
    for (const source of sources) {
      const found = findPair(source, key, deref);
      if (found) return found;
    }
  }
  return undefined;
}

function isMergeKey(key: Node): boolean {
  return isScalar(key) && (key.source === '<<' || key.value === '<<');
}

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
