/**
 * The import rewrite of the CDK Terrain build (scripts/lib/core-imports.ts, issue #24
 * item 1): only module specifiers change, every kind of them, and a CDKTF import without a
 * counterpart fails with its file and line.
 */
import {
  consumerSpecifier,
  coreSpecifier,
  moduleSpecifiers,
  rewriteImports,
} from '../../scripts/lib/core-imports';

const toCdktn = (specifier: string) =>
  coreSpecifier(specifier) ??
  (specifier.startsWith('@cdktf/provider-') ? `./gen/${specifier.slice(16)}` : undefined);

describe('rewriteImports', () => {
  test('rewrites every kind of module specifier and nothing else', () => {
    // GIVEN a file with imports, exports, type imports, require and import() of cdktf
    const source = [
      "import { App, TerraformStack } from 'cdktf';",
      "import type { IConstruct } from 'constructs';",
      "import { captureStackTrace } from 'cdktf/lib/tokens/private/stack-trace';",
      "export { Fn } from 'cdktf';",
      "import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';",
      "type T = import('cdktf').TerraformStack;",
      "const lazy = () => import('cdktf');",
      "const required = require('cdktf');",
      "const BRAND = Symbol.for('cdktf/TerraformStack');",
      "const level = '@cdktf/warn'; // an annotation level, not a module",
    ].join('\n');
    // WHEN it is rewritten for cdktn
    const out = rewriteImports('a.ts', source, toCdktn);
    // THEN each specifier changed, the strings that are no modules did not
    expect(out.split('\n')).toEqual([
      "import { App, TerraformStack } from 'cdktn';",
      "import type { IConstruct } from 'constructs';",
      "import { captureStackTrace } from 'cdktn/lib/tokens/private/stack-trace';",
      "export { Fn } from 'cdktn';",
      "import { Manifest } from './gen/kubernetes/lib/manifest';",
      "type T = import('cdktn').TerraformStack;",
      "const lazy = () => import('cdktn');",
      "const required = require('cdktn');",
      "const BRAND = Symbol.for('cdktf/TerraformStack');",
      "const level = '@cdktf/warn'; // an annotation level, not a module",
    ]);
    expect(moduleSpecifiers('a.ts', out).map((s) => s.text)).not.toContain('cdktf');
  });

  test('fails when a CDKTF import survives, naming file and line', () => {
    // GIVEN an import of a @cdktf package the mapping keeps
    const source = "import { App } from 'cdktf';\nimport { x } from '@cdktf/hcl2json';\n";
    // WHEN / THEN
    expect(() => rewriteImports('src/x.ts', source, coreSpecifier)).toThrow(
      "the CDK Terrain import rewrite failed:\n  src/x.ts:2: import '@cdktf/hcl2json' is a CDKTF package and has no CDK Terrain counterpart",
    );
  });

  test('fails with the reason the mapping gives', () => {
    // GIVEN a mapping that refuses a specifier
    const refuse = (specifier: string): string | undefined => {
      if (specifier === 'cdktf') throw new Error('no way');
      return undefined;
    };
    // WHEN / THEN
    expect(() => rewriteImports('b.ts', "\n\nimport 'cdktf';", refuse)).toThrow('b.ts:3: no way');
  });
});

describe('consumerSpecifier (an app migrating to cdktn-kamaji)', () => {
  test('maps the core, the library and the prebuilt providers', () => {
    expect(consumerSpecifier('cdktf')).toBe('cdktn');
    expect(consumerSpecifier('cdktf-kamaji')).toBe('cdktn-kamaji');
    expect(consumerSpecifier('@cdktf/provider-vsphere/lib/provider')).toBe('cdktn-kamaji');
    expect(consumerSpecifier('constructs')).toBeUndefined();
  });

  test('refuses a prebuilt submodule cdktn-kamaji does not export', () => {
    expect(() => consumerSpecifier('@cdktf/provider-kubernetes/lib/namespace-v1')).toThrow(
      "import '@cdktf/provider-kubernetes/lib/namespace-v1': cdktn-kamaji exports only the providers",
    );
  });
});
