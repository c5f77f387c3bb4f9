/**
 * A fleet file parsed with its positions, so every problem can name the line of the
 * key or value it is about. Pure module: no CDKTF import.
 */
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  parseDocument,
} from 'yaml';
import { FleetFileMessages, FleetFileError, FleetProblem } from './fleet-errors';
import { checkFleetTextSize } from './fleet-file';
import { formatPath, PathSegment } from './fleet-path';
import { composeYaml, isMergeKey, YamlIssue } from './fleet-yaml';

/** A place in the file, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** The parsed YAML text of a fleet file, with the positions of its keys and values. */
export class FleetSource {
  /**
   * Parses YAML text (YAML 1.2, with `<<` merge keys so pools can share settings
   * through anchors), in time linear in the text. Throws a FleetFileError listing every
   * problem of the YAML itself: a text above MAX_FLEET_FILE_BYTES (one line, unparsed),
   * syntax errors, a key given twice in one mapping, custom tags, aliases that lead
   * nowhere or expand past MAX_ALIAS_EXPANSION (see fleet-yaml.ts).
   */
  public static parse(text: string, file: string): FleetSource {
    checkFleetTextSize(text, file);
    const lineCounter = new LineCounter();
    // Duplicate keys and aliases are checked by composeYaml, in linear time.
    const document = parseDocument(text, {
      lineCounter,
      merge: true,
      prettyErrors: false,
      uniqueKeys: false,
    });
    const at = (offset: number) => position(lineCounter, offset);
    const problem = (offset: number, path: readonly PathSegment[], message: string) =>
      problemAt(file, at(offset), path, message);
    const problems: FleetProblem[] = [];
    let tooDeep = false;
    for (const error of document.errors) {
      // A stack overflow in the parser repeats at every level it unwinds: say it once.
      if (error.code === 'RESOURCE_EXHAUSTION') {
        if (!tooDeep) problems.push(problem(error.pos[0], [], FleetFileMessages.tooDeep()));
        tooDeep = true;
      } else {
        problems.push(problem(error.pos[0], [], `YAML syntax: ${error.message}`));
      }
    }
    // Unresolved tags are reported, with their path, by composeYaml.
    for (const warning of document.warnings) {
      if (warning.code !== 'TAG_RESOLVE_FAILED') {
        problems.push(problem(warning.pos[0], [], `YAML: ${warning.message}`));
      }
    }
    // YAML 1.1 would read yes/no as booleans and dates as Dates, unlike the schema's docs.
    const version = document.directives?.yaml.version;
    if (version !== undefined && version !== '1.2') {
      problems.push(
        problem(Math.max(0, text.indexOf('%YAML')), [], FleetFileMessages.yamlVersion(version)),
      );
    }
    const composed = composeYaml(document, (offset) => at(offset).line);
    problems.push(...composed.issues.map((i: YamlIssue) => problem(i.offset, i.path, i.message)));
    if (problems.length > 0) throw new FleetFileError(problems);
    return new FleetSource(file, document, lineCounter, composed.data, composed.aliasTargets);
  }

  /** Mappings indexed by key on first lookup, so locating many problems stays linear. */
  private readonly pairIndex = new WeakMap<Node, PairIndex>();

  private constructor(
    public readonly file: string,
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
    /** The document as plain data (anchors resolved, merge keys applied). */
    public readonly data: unknown,
    private readonly aliasTargets: ReadonlyMap<Alias, Node>,
  ) {}

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
    const pair = map.found ? this.findPair(this.deref(map.node), key) : undefined;
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
        const pair = this.findPair(current, String(segment));
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
    return isAlias(node) ? (this.aliasTargets.get(node) ?? null) : node;
  }

  /**
   * The pair of `key` in a mapping: its own pairs first, then those its `<<` merge keys
   * bring in, as YAML's merge rules order them.
   */
  private findPair(map: Node | null, key: string): KeyedPair | undefined {
    if (!isMap(map)) return undefined;
    const index = this.indexOf(map);
    const own = index.own.get(key);
    if (own) return own;
    for (const merge of index.merges) {
      const value = this.deref(merge);
      const sources = isSeq(value)
        ? (value.items as Array<Node | null>).map((item) => this.deref(item))
        : [value];
      for (const source of sources) {
        const found = this.findPair(source, key);
        if (found) return found;
      }
    }
    return undefined;
  }

  private indexOf(map: Node & { items: unknown[] }): PairIndex {
    let index = this.pairIndex.get(map);
    if (!index) {
      index = { own: new Map(), merges: [] };
      for (const pair of map.items as KeyedPair[]) {
        if (isMergeKey(pair.key)) {
          index.merges.push(pair.value as Node | null);
          continue;
        }
        const key = this.deref(pair.key);
        if (isScalar(key)) index.own.set(key.value === null ? '' : String(key.value), pair);
      }
      this.pairIndex.set(map, index);
    }
    return index;
  }

  private position(offset: number): SourcePosition {
    return position(this.lineCounter, offset);
  }

  private problemAt(
    at: SourcePosition,
    path: readonly PathSegment[],
    message: string,
  ): FleetProblem {
    return problemAt(this.file, at, path, message);
  }
}

interface KeyedPair {
  readonly key: Node;
  readonly value: unknown;
}

interface PairIndex {
  readonly own: Map<string, KeyedPair>;
  readonly merges: Array<Node | null>;
}

function position(lineCounter: LineCounter, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function problemAt(
  file: string,
  at: SourcePosition,
  path: readonly PathSegment[],
  message: string,
): FleetProblem {
  return { file, ...at, path: formatPath(path), message };
}
