/**
 * The import rewrite that turns the library's CDKTF sources into CDK Terrain sources
 * (issue #24 item 1): one source, two builds. Only module specifiers change; every other
 * string (construct ids, `Symbol.for('cdktf/...')` brands, the `@cdktf/warn` annotation
 * levels, messages) stays byte for byte, which is what keeps the two builds' stacks equal.
 *
 * Specifiers are found by TypeScript's parser, not by a regular expression, so that
 * `import type`, `export ... from`, `import()` types and calls and `require()` are all seen,
 * and a string that merely looks like a module name is left alone.
 */
import * as ts from 'typescript';

/** A module specifier of a source file and where it stands in the text. */
export interface ModuleSpecifier {
  readonly text: string;
  /** Offset of the string literal's opening quote. */
  readonly start: number;
  /** Offset just past its closing quote. */
  readonly end: number;
  /** 1-based line, for messages. */
  readonly line: number;
}

/** Every module specifier of a TypeScript file, in text order. */
export function moduleSpecifiers(fileName: string, text: string): ModuleSpecifier[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ModuleSpecifier[] = [];
  const add = (node: ts.Node | undefined) => {
    if (!node || !ts.isStringLiteralLike(node)) return;
    const start = node.getStart(file);
    found.push({
      text: node.text,
      start,
      end: node.getEnd(),
      line: file.getLineAndCharacterOfPosition(start).line + 1,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node)) {
      if (ts.isExternalModuleReference(node.moduleReference)) {
        add(node.moduleReference.expression);
      }
    } else if (ts.isImportTypeNode(node)) {
      if (ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if ((isImport || isRequire) && node.arguments.length > 0) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found.sort((a, b) => a.start - b.start);
}

/** Whether a specifier names a CDKTF package: the core, its deep paths or any `@cdktf/` one. */
export function isCdktfSpecifier(specifier: string): boolean {
  return (
    specifier === 'cdktf' || specifier.startsWith('cdktf/') || specifier.startsWith('@cdktf/')
  );
}

/**
 * The prebuilt provider package and submodule a specifier names
 * (`@cdktf/provider-kubernetes/lib/manifest` -> kubernetes, manifest), else undefined.
 */
export function prebuiltProvider(
  specifier: string,
): { readonly provider: string; readonly submodule?: string } | undefined {
  const match = /^@cdktf\/provider-([a-z0-9-]+)(?:\/lib\/([a-z0-9-]+))?$/.exec(specifier);
  return match ? { provider: match[1], submodule: match[2] } : undefined;
}

/**
 * Maps one specifier to its CDK Terrain counterpart: returns the new specifier, or
 * undefined to keep it. Throws with the reason when a CDKTF specifier has none.
 */
export type SpecifierMapping = (specifier: string) => string | undefined;

/**
 * The core itself and its deep paths: `cdktf` -> `cdktn`, `cdktf/lib/x` -> `cdktn/lib/x`
 * (CDK Terrain kept the file layout of the package).
 */
export function coreSpecifier(specifier: string): string | undefined {
  if (specifier === 'cdktf') return 'cdktn';
  if (specifier.startsWith('cdktf/')) return `cdktn/${specifier.slice('cdktf/'.length)}`;
  return undefined;
}

/**
 * `text` with every specifier that `mapping` maps replaced. Then checked: a CDKTF
 * specifier that survives (the mapping kept it) is an error naming file and line, so a
 * new import of another `@cdktf/` package cannot slip into the CDK Terrain build.
 */
export function rewriteImports(fileName: string, text: string, mapping: SpecifierMapping): string {
  let out = '';
  let from = 0;
  const problems: string[] = [];
  for (const specifier of moduleSpecifiers(fileName, text)) {
    let mapped: string | undefined;
    try {
      mapped = mapping(specifier.text);
    } catch (error) {
      problems.push(`${fileName}:${specifier.line}: ${(error as Error).message}`);
      continue;
    }
    const result = mapped ?? specifier.text;
    if (isCdktfSpecifier(result)) {
      problems.push(
        `${fileName}:${specifier.line}: import '${result}' is a CDKTF package and has no CDK Terrain counterpart`,
      );
      continue;
    }
    if (mapped === undefined) continue;
    out += `${text.slice(from, specifier.start)}'${mapped}'`;
    from = specifier.end;
  }
  if (problems.length > 0) {
    throw new Error(`the CDK Terrain import rewrite failed:\n  ${problems.join('\n  ')}`);
  }
  return out + text.slice(from);
}

/**
 * The rewrite of an app that uses cdktf-kamaji into one that uses cdktn-kamaji, as a team
 * migrating does it by hand: the core, the library, and the prebuilt providers' `provider`
 * submodules, whose classes cdktn-kamaji exports (`KubernetesProvider`, `VsphereProvider`,
 * `RandomProvider`, `TimeProvider`). Another submodule of a prebuilt package has no
 * counterpart in cdktn-kamaji: the app generates its own bindings (`cdktn get`).
 */
export function consumerSpecifier(specifier: string): string | undefined {
  if (specifier === 'cdktf-kamaji') return 'cdktn-kamaji';
  const prebuilt = prebuiltProvider(specifier);
  if (prebuilt?.submodule === 'provider') return 'cdktn-kamaji';
  if (prebuilt) {
    throw new Error(
      `import '${specifier}': cdktn-kamaji exports only the providers of the prebuilt packages (${prebuilt.provider}/lib/provider); generate other bindings with cdktn get`,
    );
  }
  return coreSpecifier(specifier);
}
