/**
 * Terraform's file functions read the host, not the stack: `file("~/.aws/credentials")` in
 * a pull request's stack would put the runner's secret into the plan, and terraform's
 * messages quote the value (a failed precondition prints its error_message). So the check
 * runs a stack only when every call of a function that reads a file names, as a string
 * literal, a path inside the stack's own folder of the temporary copy, where the check
 * copied only the app's output. `fileexists` returns a boolean only and is allowed with
 * any argument (the library's management kubeconfig check calls it on a variable);
 * `pathexpand` and `abspath` read no file, and a path built with them is no literal.
 * `templatestring`, whose template is made at plan time, needs no look: Terraform refuses
 * file functions in it ("cannot use filesystem access functions", tried with 1.11).
 *
 * Functions: developer.hashicorp.com/terraform/language/functions (the "Filesystem
 * Functions" section); template syntax (`${`, `%{`, their `$${`, `%%{` escapes):
 * developer.hashicorp.com/terraform/language/expressions/strings.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The functions that return what a file, or a folder's listing, holds. */
const READING_FUNCTIONS = [
  'file',
  'filebase64',
  'filemd5',
  'filesha1',
  'filesha256',
  'filesha512',
  'filebase64sha256',
  'filebase64sha512',
  'fileset',
  'templatefile',
];

/**
 * A call's name and its `(`: HCL lets spaces, newlines and comments (`#`, `//` to the end
 * of the line, `/* *\/`) stand between them, inside a template's `${...}` as well.
 */
const CALL = new RegExp(
  `(?<![\\w.])(${READING_FUNCTIONS.join('|')})(?:\\s|#[^\\n]*\\n|//[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*\\(`,
  'g',
);

/**
 * Why a Terraform JSON document of a stack may read the host: one line per call whose
 * path is no string literal inside `stackDir` (where terraform runs, and so where a
 * relative path starts). `shown` names the file in the lines.
 */
export function hostFileReadsInJson(json: unknown, stackDir: string, shown: string): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, where: string[]) => {
    if (typeof value === 'string') {
      for (const problem of templateReads(value, stackDir, new Set())) {
        problems.push(`${shown}: ${where.join('.')}: ${problem}`);
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...where, String(i)]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // A key of an object value is a template as well.
        visit(key, where);
        visit(item, [...where, key]);
      }
    }
  };
  visit(json, []);
  return [...new Set(problems)];
}

/**
 * The calls of reading functions in an HCL file (comments removed): the check confines
 * literal paths of JSON only, so every call is refused.
 */
export function hostFileReadsInHcl(text: string, shown: string): string[] {
  const names = [...text.matchAll(CALL)].map((match) => match[1]);
  return [...new Set(names)].map(
    (name) =>
      `${shown}: ${name}() in HCL: the check runs no file function of an HCL file ` +
      "(it could read the runner's files); write the stack's JSON",
  );
}

/** The reads of a template string (a JSON string, or a templatefile's template). */
function templateReads(template: string, stackDir: string, seen: Set<string>): string[] {
  const problems: string[] = [];
  for (const expression of interpolations(template)) {
    for (const match of expression.matchAll(CALL)) {
      const name = match[1];
      const args = literalArguments(expression, match.index! + match[0].length);
      const problem = callProblem(name, args, stackDir, seen);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

function callProblem(
  name: string,
  args: Array<string | undefined>,
  stackDir: string,
  seen: Set<string>,
): string | undefined {
  const refused = (why: string) =>
    `${name}() ${why}: the check reads no file outside the stack's folder (the runner's ` +
    "secrets); name a file of the stack's folder with a literal path, e.g. a TerraformAsset";
  const [target, pattern] = args;
  if (target === undefined) return refused('with a path that is no string literal');
  const resolved = insideFolder(stackDir, target);
  if (resolved === undefined) return refused(`of "${target}", outside the stack's folder`);
  if (name === 'fileset' && (pattern === undefined || pattern.split('/').includes('..'))) {
    return refused('with a pattern that is no string literal, or holds ..');
  }
  // The template's own expressions run too, and may call file().
  if (name === 'templatefile' && !seen.has(resolved) && fs.existsSync(resolved)) {
    seen.add(resolved);
    const inner = templateReads(fs.readFileSync(resolved, 'utf8'), stackDir, seen);
    if (inner.length > 0) return `${name}() of "${target}", whose template: ${inner[0]}`;
  }
  return undefined;
}

/** The path, symlinks resolved, when it is inside the folder (or undefined). */
function insideFolder(folder: string, target: string): string | undefined {
  const root = realPath(folder);
  const resolved = realPath(path.resolve(folder, target));
  const relative = path.relative(root, resolved);
  return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : resolved;
}

/** A path with the symlinks of its longest existing part resolved. */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realPath(parent), path.basename(file));
  }
}

/**
 * The expressions of a template: the text inside each `${...}` and `%{...}`, nested
 * strings and braces included. An escaped `$${` is read as an expression too: that may
 * refuse a literal text that looks like a call, never miss a call.
 */
export function interpolations(template: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if ((c === '$' || c === '%') && template[i + 1] === '{') {
      const end = closingBrace(template, i + 2);
      found.push(template.slice(i + 2, end));
      i = end;
    }
  }
  return found;
}

/** Where the `}` closing an expression that starts at `start` is (or the text's end). */
function closingBrace(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i);
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      return i;
    }
  }
  return text.length;
}

/** Where the `"` closing the string literal that opens at `start` is (its templates too). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if ((c === '$' || c === '%') && text[i + 1] === '{') i = closingBrace(text, i + 2);
    else if (c === '"') return i;
  }
  return text.length;
}

/**
 * The arguments of a call whose `(` ends at `start`, each a string literal's value, or
 * undefined where an argument is anything else (a template, a reference, a call).
 */
function literalArguments(expression: string, start: number): Array<string | undefined> {
  const args: Array<string | undefined> = [];
  let i = start;
  for (;;) {
    while (/\s/.test(expression[i] ?? '')) i++;
    if (expression[i] === ')' && args.length === 0) return args;
    let value: string | undefined;
    if (expression[i] === '"') {
      const end = stringEnd(expression, i);
      value = stringValue(expression.slice(i, end + 1));
      i = end + 1;
      while (/\s/.test(expression[i] ?? '')) i++;
    }
    // Anything but a literal ends where the next argument of this call starts.
    if (value === undefined || (expression[i] !== ',' && expression[i] !== ')')) {
      args.push(undefined);
      i = nextArgument(expression, i);
    } else {
      args.push(value);
    }
    if (expression[i] !== ',') return args;
    i++;
  }
}

/** Where the `,` or `)` after the argument at `start` is, at this call's level. */
function nextArgument(expression: string, start: number): number {
  let depth = 0;
  for (let i = start; i < expression.length; i++) {
    const c = expression[i];
    if (c === '"') i = stringEnd(expression, i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && depth-- === 0) return i;
    else if (c === ',' && depth === 0) return i;
  }
  return expression.length;
}

/** A quoted HCL string's value, or undefined when it holds a template (or is malformed). */
function stringValue(quoted: string): string | undefined {
  const body = quoted.slice(1, -1);
  // `${` even escaped: a literal path needs none.
  if (quoted.length < 2 || !quoted.endsWith('"') || /[$%]\{/.test(body)) return undefined;
  try {
    // HCL's escapes are JSON's, and \U for eight hex digits, which no path needs.
    return JSON.parse(`"${body}"`);
  } catch {
    return undefined;
  }
}
