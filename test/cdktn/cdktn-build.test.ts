/**
 * The CDK Terrain build (issue #24 item 2): scripts/build-cdktn.ts rewrites src/, the
 * examples and the consumer app of the check's tests for cdktn; here every example is
 * synthesized by both builds and each stack compared, and the offline check runs a cdktn
 * app synthesized by `cdktn synth` (cdktn-cli 0.24.0, Node 22).
 *
 * One synthesis per core for all examples: cdktf in this process, cdktn in a child that
 * runs the rewritten sources transpile-only (the package's tsc build is `npm run build`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckExit } from '../../packages/check/src/check';
import { NODE22, node22Missing } from '../../scripts/node22';
import { isCdktfSpecifier, moduleSpecifiers } from '../../scripts/lib/core-imports';
import { EXAMPLES } from '../support/examples';
import { synthExamples } from '../support/synth-examples';
import { describeWithTerraform } from '../terraform/support';
import { coreDifferences } from './core-differences';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = path.join(ROOT, 'packages', 'cdktn-kamaji');
const BUILD = path.join(PACKAGE, 'build');
const TS_NODE_BIN = require.resolve('ts-node/dist/bin.js');
const CDKTN_CLI = path.join(PACKAGE, 'node_modules', 'cdktn-cli', 'bin', 'cdktn');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
  });
  return { code: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Every file under dir, relative to it. */
function files(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? files(dir, relative) : [relative];
  });
}

/**
 * The keys in which the cdktn file may differ: the core's version, and the stack's record
 * of overrides, which lacks `terraform`. cdktf-kamaji qualifies the unqualified provider
 * sources of the prebuilt @cdktf packages (`kubernetes` -> `hashicorp/kubernetes`) with an
 * override of `terraform.required_providers` (src/private/provider-sources.ts); the cdktn
 * bindings are generated with qualified sources, so nothing is overridden and
 * required_providers is the same. The override record is a comment Terraform never reads.
 */
function expectedDifferences(file: string): string[] {
  if (file === 'manifest.json') return ['version: "0.21.0" -> "0.24.0"'];
  const overrides = file.includes('/nodes')
    ? '["check","terraform"] -> ["check"]'
    : '["terraform"] -> undefined';
  return [`//.metadata.overrides.stack: ${overrides}`, '//.metadata.version: "0.21.0" -> "0.24.0"'];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-cdktn-'));

beforeAll(() => {
  const build = run(
    process.execPath,
    [TS_NODE_BIN, '--transpile-only', 'scripts/build-cdktn.ts', '--sources'],
    ROOT,
  );
  if (build.code !== 0) throw new Error(`build-cdktn --sources failed:\n${build.output}`);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the cdktn sources', () => {
  test('import cdktn and no CDKTF package, in src/ (bindings included) and the examples', () => {
    // GIVEN the rewritten sources
    const sources = ['src', 'examples'].flatMap((dir) =>
      files(path.join(BUILD, dir))
        .filter((file) => file.endsWith('.ts'))
        .map((file) => path.join(BUILD, dir, file)),
    );
    // WHEN their module specifiers are read
    const specifiers = sources.flatMap((file) =>
      moduleSpecifiers(file, fs.readFileSync(file, 'utf8')).map((s) => ({ file, ...s })),
    );
    // THEN none names a CDKTF package, and the core is cdktn
    expect(specifiers.filter((s) => isCdktfSpecifier(s.text))).toEqual([]);
    expect(specifiers.filter((s) => s.text === 'cdktn').length).toBeGreaterThan(30);
  });
});

describe('every example synthesized by both builds', () => {
  const cdktfOut = path.join(tmp, 'cdktf');
  const cdktnOut = path.join(tmp, 'cdktn');

  beforeAll(() => {
    synthExamples(cdktfOut);
    const synth = run(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        path.join(BUILD, 'test', 'support', 'synth-examples.ts'),
        cdktnOut,
      ],
      BUILD,
      { TS_NODE_PROJECT: path.join(BUILD, 'tsconfig.json') },
    );
    if (synth.code !== 0) throw new Error(`cdktn synthesis failed:\n${synth.output}`);
  });

  test.each(EXAMPLES.map(([name, , stacks]) => [name, stacks] as const))(
    '%s: the same stacks, apart from the core version in the metadata',
    (name, stacks) => {
      // GIVEN the example's output of each core
      const written = (root: string) => files(path.join(root, name)).sort();
      expect(written(cdktnOut)).toEqual(written(cdktfOut));
      expect(written(cdktfOut)).toEqual(
        ['manifest.json', ...stacks.map((s) => path.join('stacks', s, 'cdk.tf.json'))].sort(),
      );
      for (const file of written(cdktfOut)) {
        // WHEN they are compared
        const differences = coreDifferences(
          fs.readFileSync(path.join(cdktfOut, name, file), 'utf8'),
          fs.readFileSync(path.join(cdktnOut, name, file), 'utf8'),
        );
        // THEN only the metadata differs, and only in these keys
        expect([file, differences]).toEqual([file, expectedDifferences(file)]);
      }
    },
  );
});

const node22 = node22Missing();
if (node22) console.warn(`skipped: the offline check under cdktn-cli: ${node22}`);
(node22 ? describe.skip : describeWithTerraform)('the offline check under cdktn-cli 0.24', () => {
  test("passes a cdktn consumer's app synthesized by `cdktn synth` on Node 22", () => {
    // GIVEN the check tests' consumer app, rewritten for cdktn, named by cdktf.json
    const cwd = fs.mkdtempSync(path.join(tmp, 'app-'));
    const app = [NODE22, TS_NODE_BIN, '--transpile-only', '--project', `${BUILD}/tsconfig.json`]
      .concat(path.join(BUILD, 'test', 'check', 'consumer-app.ts'))
      .map((word) => `"${word}"`)
      .join(' ');
    fs.writeFileSync(path.join(cwd, 'cdktf.json'), JSON.stringify({ language: 'typescript', app }));
    // WHEN the check synthesizes it with cdktn-cli's `cdktn synth`, with Node 22 first on PATH
    // (the CLI checks the version of the `node` it finds there, not its own)
    const { code, output } = run(
      process.execPath,
      [
        TS_NODE_BIN,
        '--transpile-only',
        path.join(ROOT, 'packages', 'check', 'src', 'cli.ts'),
        'check',
        '--app',
        `"${NODE22}" "${CDKTN_CLI}" synth`,
      ],
      cwd,
      { CI: '1', FORCE_COLOR: '0', PATH: `${path.dirname(NODE22)}:${process.env.PATH}` },
    );
    // THEN the CLI synthesized without an error, both stacks pass, and cdktn wrote them
    expect(output).toContain('Generated Terraform code for the stacks: control-planes, workers');
    expect(output).not.toMatch(/\bError\b/);
    expect(output).toContain('passed:      control-planes, workers');
    expect(code).toBe(CheckExit.OK);
    const stack = JSON.parse(
      fs.readFileSync(path.join(cwd, 'cdktf.out', 'stacks', 'workers', 'cdk.tf.json'), 'utf8'),
    );
    expect(stack['//'].metadata.version).toBe('0.24.0');
  });
});
