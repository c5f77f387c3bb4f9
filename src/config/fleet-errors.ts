/**
 * Problems found in a fleet file, each pinned to a place in it, and the messages of the
 * file and its YAML. Pure module: no CDKTF import.
 */
import { detailOf, hideDetails } from '../private/error-details';

/** One problem in a fleet file: where it is and what is wrong. */
export interface FleetProblem {
  /** The file, as given to buildFleetFromFile (or the name given to buildFleet). */
  readonly file: string;
  /** 1-based line of the offending key or value; 0 for the file as a whole (unreadable, too large). */
  readonly line: number;
  /** 1-based column of the offending key or value; 0 for the file as a whole. */
  readonly column: number;
  /** Path in the document, e.g. `controlPlanes[2].pools[0].replicas`; empty for the whole document. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/**
 * A fleet file that cannot be built. The message holds every problem found, one per
 * line, as `<file>:<line>:<column>: <path>: <message>`, sorted by position.
 */
export class FleetFileError extends Error {
  constructor(problems: readonly FleetProblem[]) {
    const sorted = sortProblems(problems);
    super(sorted.map(formatFleetProblem).join('\n'));
    // Printed like the library's own problems: the lines, no trace (issue #12 item 17).
    hideDetails(this, 'FleetFileError', { problems: sorted });
  }

  /** Every problem, sorted by position. */
  public get problems(): readonly FleetProblem[] {
    return detailOf(this, 'problems');
  }
}

/**
 * `<file>:<line>:<column>: <path>: <message>`, the form editors and terminals link; a
 * problem of the whole document (YAML syntax) has no path, one of the file as a whole
 * (line 0) neither line nor column: `<file>: <message>`.
 */
export function formatFleetProblem(problem: FleetProblem): string {
  if (problem.line === 0) return `${problem.file}: ${problem.message}`;
  const path = problem.path === '' ? '' : `${problem.path}: `;
  return `${problem.file}:${problem.line}:${problem.column}: ${path}${problem.message}`;
}

/** A problem of the file as a whole, before any of its text is read as YAML. */
export function fileProblem(file: string, message: string): FleetProblem {
  return { file, line: 0, column: 0, path: '', message };
}

/** By line and column; the same message at the same place only once. */
function sortProblems(problems: readonly FleetProblem[]): FleetProblem[] {
  const seen = new Set<string>();
  return [...problems]
    .sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path))
    .filter((p) => {
      const key = formatFleetProblem(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

// Problems of the file itself and of its YAML (fleet-file.ts, fleet-source.ts,
// fleet-yaml.ts), before any schema or library check. Each is the message of a
// FleetProblem, which adds the file, line, column and path in the document.
const MIB = 1024 * 1024;

export const FleetFileMessages = {
  noSuchFile: () => 'no such file',
  isDirectory: () => 'is a directory, not a fleet file',
  unreadable: (reason: string) => `cannot be read: ${reason}`,
  tooLarge: (limitBytes: number) =>
    `received more than ${limitBytes / MIB} MiB (${limitBytes} bytes); a fleet file may hold at most ${limitBytes / MIB} MiB, over 10 times the largest fleet we know of: is this the right file?`,
  yamlVersion: (version: string) =>
    `YAML: received %YAML ${version}; fleet files are YAML 1.2: remove the directive`,
  duplicateKey: (key: string, firstLine: number) =>
    `YAML: key ${JSON.stringify(key)} is given twice in this mapping (first at line ${firstLine}); give each key once`,
  unsupportedTag: (tag: string) =>
    `YAML: received the tag ${tag}; a fleet file holds plain values: remove the tag (only the YAML core tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are read)`,
  collectionKey: () => 'YAML: a mapping key must be a plain value, not a list or mapping',
  badMergeSource: () => 'YAML: a merge key << takes a mapping, an alias of one, or a list of them',
  unknownAlias: (name: string) =>
    `YAML: alias *${name} has no anchor &${name} before it; define the anchor first`,
  recursiveAlias: (name: string) =>
    `YAML: alias *${name} is inside the value it stands for; an alias may not contain itself`,
  aliasExpansion: (limitValues: number, limitBytes: number) =>
    `YAML: aliases expand the file to more than ${limitValues} values; a fleet file may expand to at most ${limitValues} (as many as a ${limitBytes / MIB} MiB file holds): is this an alias bomb? Use fewer or smaller aliases`,
  tooDeep: () =>
    'YAML: nested too deeply for the parser; a fleet file nests a few levels, not thousands',
};
