/**
 * A parsed YAML document turned into plain data, strictly and in time linear in the
 * file, in place of the yaml library's `toJS()`, which
 * - stops any anchor used more than 100 times with a raw ReferenceError
 *   (`maxAliasCount`: it counts uses times nested aliases, a guard against alias bombs
 *   that also stops ordinary files sharing one setting among many pools);
 * - resolves each alias by scanning every anchor and alias before it (quadratic:
 *   50,000 aliases took 50 s), and checks duplicate keys against every earlier key of
 *   the mapping (`uniqueKeys`, quadratic too: 40,000 keys took 25 s);
 * - reads a custom tag (`!Ref x`) as a string with only a warning, builds Buffers and
 *   Sets from `!!binary` and `!!set`, and follows recursive aliases into cyclic data.
 * Here every node is visited once: a Set-like Map of keys per mapping, anchors
 * looked up by name as the walk meets them (the last one before the alias, as YAML
 * says), and the number of values the aliases expand to counted before any data is
 * built, so an alias bomb is refused without being expanded. Pure module: no CDKTF import.
 */
import { Alias, Document, isAlias, isMap, isScalar, isSeq, Node, Pair } from 'yaml';
import { FleetFileMessages } from './fleet-errors';
import { MAX_FLEET_FILE_BYTES } from './fleet-file';
import { PathSegment } from './fleet-path';

/**
 * The most values aliases may add to a file: as many as a file at the size cap holds
 * written out (4 MiB of `- 1` lines, 4 bytes each), so sharing settings through
 * aliases never costs the checks more than the largest literal file would.
 */
export const MAX_ALIAS_EXPANSION = MAX_FLEET_FILE_BYTES / 4;

/** Tags of the YAML 1.2 core schema, which only say what a plain value already is. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

/** A problem of the YAML itself, at an offset in the text. */
export interface YamlIssue {
  readonly offset: number;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export interface ComposedYaml {
  /** The document as plain data; undefined when there are issues. */
  readonly data: unknown;
  readonly issues: readonly YamlIssue[];
  /** The node each alias stands for, so positions can follow aliases in O(1). */
  readonly aliasTargets: ReadonlyMap<Alias, Node>;
}

/**
 * The data of `document`, or the issues that keep it from being read: duplicate keys,
 * tags beyond the core schema, keys that are collections, bad merge sources, aliases
 * that lead nowhere or into themselves, and alias expansion beyond MAX_ALIAS_EXPANSION.
 * `lineOf` turns an offset into a line, for messages that cite another place.
 */
export function composeYaml(document: Document, lineOf: (offset: number) => number): ComposedYaml {
  const walker = new Walker(lineOf);
  const root = document.contents as Node | null;
  walker.check(root);
  const issues = walker.issues;
  const data = issues.length === 0 ? walker.toData(root) : undefined;
  return { data, issues, aliasTargets: walker.aliasTargets };
}

class Walker {
  public readonly issues: YamlIssue[] = [];
  public readonly aliasTargets = new Map<Alias, Node>();
  private readonly anchors = new Map<string, Node>();
  private readonly open = new Set<Node>();
  /** Values each anchored node stands for, itself and its aliases' expansions included. */
  private readonly sizes = new Map<Node, number>();
  private readonly converted = new Map<Node, unknown>();
  private readonly path: PathSegment[] = [];
  private expanded = 0;

  constructor(private readonly lineOf: (offset: number) => number) {}

  /** Checks `node` and what it holds; returns the number of values it stands for. */
  public check(node: Node | null): number {
    if (node === null) return 1;
    if (isAlias(node)) return this.checkAlias(node);
    if (node.anchor) {
      this.anchors.set(node.anchor, node);
      this.open.add(node);
    }
    if (node.tag !== undefined && node.tag !== '!' && !CORE_TAGS.has(node.tag)) {
      this.issue(node, FleetFileMessages.unsupportedTag(displayTag(node.tag)));
    }
    let size = 1;
    if (isMap(node)) {
      const keys = new Map<string, number>();
      for (const pair of node.items as Pair<Node | null, Node | null>[]) {
        size += isMergeKey(pair.key)
          ? this.checkMerge(pair.value)
          : this.checkPair(pair.key, pair.value, keys);
      }
    } else if (isSeq(node)) {
      (node.items as Array<Node | null>).forEach((item, i) => {
        this.path.push(i);
        size += this.check(item);
        this.path.pop();
      });
    }
    if (node.anchor) {
      this.open.delete(node);
      this.sizes.set(node, size);
    }
    return size;
  }

  private checkAlias(alias: Alias): number {
    const target = this.anchors.get(alias.source);
    if (!target) {
      this.issue(alias, FleetFileMessages.unknownAlias(alias.source));
      return 1;
    }
    this.aliasTargets.set(alias, target);
    if (this.open.has(target)) {
      this.issue(alias, FleetFileMessages.recursiveAlias(alias.source));
      return 1;
    }
    const size = this.sizes.get(target) ?? 1;
    const before = this.expanded;
    this.expanded += size;
    if (before <= MAX_ALIAS_EXPANSION && this.expanded > MAX_ALIAS_EXPANSION) {
      this.issue(
        alias,
        FleetFileMessages.aliasExpansion(MAX_ALIAS_EXPANSION, MAX_FLEET_FILE_BYTES),
      );
    }
    return size;
  }

  private checkPair(keyNode: Node | null, value: Node | null, keys: Map<string, number>): number {
    this.check(keyNode);
    const key = this.keyOf(keyNode);
    if (key === undefined) {
      this.issue(keyNode, FleetFileMessages.collectionKey());
      return this.check(value);
    }
    const offset = keyNode?.range?.[0] ?? 0;
    const first = keys.get(key);
    if (first === undefined) keys.set(key, offset);
    this.path.push(key);
    if (first !== undefined) {
      this.issue(keyNode, FleetFileMessages.duplicateKey(key, this.lineOf(first)));
    }
    const size = this.check(value);
    this.path.pop();
    return size;
  }

  /** `<<: source`: a mapping, an alias of one, or a list of those. */
  private checkMerge(value: Node | null): number {
    const size = this.check(value);
    const source = this.deref(value);
    const sources = isSeq(source) ? (source.items as Array<Node | null>) : [value];
    if (!sources.every((s) => isMap(this.deref(s)))) {
      this.issue(value, FleetFileMessages.badMergeSource());
    }
    return size;
  }

  /** The data of a checked node; aliases share their anchor's data, as in the yaml library. */
  public toData(node: Node | null): unknown {
    if (node === null) return null;
    if (isAlias(node)) return this.toData(this.aliasTargets.get(node)!);
    const done = this.converted.get(node);
    if (done !== undefined) return done;
    let data: unknown;
    if (isScalar(node)) {
      data = node.value;
    } else if (isSeq(node)) {
      data = (node.items as Array<Node | null>).map((item) => this.toData(item));
    } else {
      data = this.mapToData(node as Node & { items: Pair<Node | null, Node | null>[] });
    }
    if (node.anchor) this.converted.set(node, data);
    return data;
  }

  /**
   * YAML's merge rules as the yaml library applies them: the mapping's own keys win,
   * then earlier merge sources over later ones; keys keep the order they arrive in.
   */
  private mapToData(map: { items: Pair<Node | null, Node | null>[] }): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) {
        define(result, this.keyOf(pair.key)!, this.toData(pair.value));
        continue;
      }
      const source = this.deref(pair.value);
      const sources = isSeq(source) ? (source.items as Array<Node | null>) : [pair.value];
      for (const from of sources) {
        const merged = this.toData(from) as Record<string, unknown>;
        for (const key of Object.keys(merged)) {
          if (!Object.prototype.hasOwnProperty.call(result, key)) define(result, key, merged[key]);
        }
      }
    }
    return result;
  }

  /** A key as the data spells it (null as "", as the yaml library does); undefined for a collection. */
  private keyOf(key: Node | null): string | undefined {
    const node = this.deref(key);
    if (node === null) return '';
    if (!isScalar(node)) return undefined;
    return node.value === null ? '' : String(node.value);
  }

  private deref(node: Node | null): Node | null {
    return isAlias(node) ? (this.aliasTargets.get(node) ?? null) : node;
  }

  private issue(node: Node | null, message: string): void {
    this.issues.push({ offset: node?.range?.[0] ?? 0, path: [...this.path], message });
  }
}

/** A plain `<<` key (a quoted "<<" is an ordinary key), read with `merge: true`. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/** Sets a key; `__proto__` as an own key, without touching the prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** A tag as it is written: `!!binary`, `!Ref`, `!<tag:example.com,2000:x>`. */
function displayTag(tag: string): string {
  if (tag.startsWith('tag:yaml.org,2002:')) return `!!${tag.slice('tag:yaml.org,2002:'.length)}`;
  return tag.startsWith('!') ? tag : `!<${tag}>`;
}
