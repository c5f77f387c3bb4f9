/**
 * Problems found in a fleet file, each pinned to a place in it. Pure module: no CDKTF
 * import.
 */
import { detailOf, hideDetails } from '../errors';

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
