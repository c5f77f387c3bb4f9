/**
 * The README is executed (issue #13 item 3, design D12). Every TypeScript block
 * (```ts or ```typescript) is type-checked against the public API, importing
 * 'cdktf-kamaji' as a consumer does, and then run; a block that builds an App
 * synthesizes it, validations included.
 *
 * A block that is not a whole app says so with a marker on the line before it:
 *
 *     <!-- fragment: uses app, stack, tcp -->
 *
 * The test completes it with the least context: the named values (see CONTEXT below),
 * imports of the public API, cdktf and the kubernetes provider for the names it uses,
 * and `app.synth()` at the end when it uses the app. Blocks added later are picked up:
 * an unmarked block that is not an app fails here, naming its line. A value the
 * context needs but the marker does not name (the stack under `tcp`) is made under a
 * name the fragment cannot see, so a fragment using a name it does not declare fails
 * to type-check (issue #22 item 8), as it would fail a reader copying it.
 *
 * The Install section is checked against what it describes: its `npm install` line
 * names every peer at its declared range, and its cdktf.json and tsconfig.json are the
 * consumer test's (scripts/consumer-test.ts, which installs and synthesizes them).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdktfModule from 'cdktf';
import * as ts from 'typescript';
import * as publicApi from '../../src';

const ROOT = path.resolve(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const PUBLIC_API = path.join(ROOT, 'src', 'index.ts');
const CONSUMER_APP = path.join(ROOT, 'test', 'consumer', 'app');

interface Block {
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  /** Context names of a fragment; undefined for a block that is not marked as one. */
  readonly uses?: readonly string[];
}

/**
 * What a fragment may use, each with the context it needs in turn. `code` declares the
 * value under the name `as` gives it, and refers to the values it needs through `as` too.
 */
const CONTEXT: Record<
  string,
  { readonly needs: readonly string[]; readonly code: (as: (name: string) => string) => string }
> = {
  app: { needs: [], code: (as) => `const ${as('app')} = new App();` },
  stack: {
    needs: ['app'],
    code: (as) =>
      [
        `const ${as('stack')} = new TerraformStack(${as('app')}, 'control-planes');`,
        `new KubernetesProvider(${as('stack')}, 'management', { configPath: '~/.kube/config' });`,
      ].join('\n'),
  },
  tcp: {
    needs: ['stack'],
    code: (as) =>
      [
        `const ${as('tcp')} = new TenantControlPlane(${as('stack')}, 'tcp-alpha', {`,
        "  name: 'tcp-alpha',",
        "  namespace: 'kamaji-tenant',",
        "  kubernetesVersion: KubernetesVersion.of('v1.35.7'),",
        '});',
      ].join('\n'),
  },
  controlPlaneStack: {
    needs: ['app'],
    code: (as) =>
      `const ${as('controlPlaneStack')} = new TerraformStack(${as('app')}, 'control-plane');`,
  },
  nodeStack: {
    needs: ['app'],
    code: (as) => `const ${as('nodeStack')} = new TerraformStack(${as('app')}, 'nodes');`,
  },
};

/** The name of a context value the marker does not declare: no README block uses it. */
const UNDECLARED = (name: string) => `undeclaredInFragmentMarker_${name}`;

const MARKER = /^<!--\s*fragment(?::\s*uses\s+(.*?))?\s*-->$/;

function readmeBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`README.md:${i + 1}: unclosed code block`);
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const marker = before >= 0 ? MARKER.exec(lines[before].trim()) : null;
    blocks.push({
      line: i + 1,
      lang: open[1],
      code: lines.slice(i + 1, end).join('\n'),
      uses: marker ? (marker[1] ?? '').split(/[\s,]+/).filter((n) => n) : undefined,
    });
    i = end;
  }
  return blocks;
}

/** Names the public API exports, values and types (from src/index.ts). */
function publicNames(): Set<string> {
  const source = fs.readFileSync(PUBLIC_API, 'utf8');
  const names = new Set<string>();
  for (const [, list] of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const entry of list.split(',')) {
      const name = entry
        .replace(/\/\/.*$/gm, '')
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)
        .pop()!
        .trim();
      if (name) names.add(name);
    }
  }
  return names;
}

function identifiers(code: string): Set<string> {
  return new Set(code.match(/[A-Za-z_$][\w$]*/g) ?? []);
}

/** Names a block imports or declares itself. */
function ownNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const [, list] of code.matchAll(/import\s*\{([^}]*)\}/g)) {
    for (const n of list.split(','))
      if (n.trim())
        names.add(
          n
            .trim()
            .split(/\s+as\s+/)
            .pop()!,
        );
  }
  for (const [, n] of code.matchAll(/(?:const|let|class|function)\s+([A-Za-z_$][\w$]*)/g)) {
    names.add(n);
  }
  return names;
}

function withNeeds(uses: readonly string[]): string[] {
  const ordered: string[] = [];
  const visit = (name: string) => {
    const context = CONTEXT[name];
    if (!context) throw new Error(`unknown context "${name}"; known: ${Object.keys(CONTEXT)}`);
    context.needs.forEach(visit);
    if (!ordered.includes(name)) ordered.push(name);
  };
  uses.forEach(visit);
  return ordered;
}

/** A fragment with its context and imports, as a program a consumer could write. */
function complete(block: Block, api: Set<string>, cdktf: Set<string>): string {
  const context = withNeeds(block.uses!);
  const as = (name: string) => (block.uses!.includes(name) ? name : UNDECLARED(name));
  const contextCode = context.map((n) => CONTEXT[n].code(as)).join('\n');
  const own = ownNames(block.code);
  const used = [...identifiers(`${contextCode}\n${block.code}`)].filter((n) => !own.has(n)).sort();
  const imports = [
    `import { ${used.filter((n) => api.has(n)).join(', ')} } from 'cdktf-kamaji';`,
    `import { ${used.filter((n) => cdktf.has(n) && !api.has(n)).join(', ')} } from 'cdktf';`,
    "import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';",
  ].filter((line) => !line.startsWith('import {  }'));
  const ownImports = block.code.split('\n').filter((l) => /^import\s/.test(l));
  const ownBody = block.code
    .split('\n')
    .filter((l) => !/^import\s/.test(l))
    .join('\n');
  return [
    ...ownImports,
    ...imports,
    '',
    contextCode,
    ownBody,
    context.includes('app') ? `${as('app')}.synth();` : '',
  ].join('\n');
}

function isApp(code: string): boolean {
  return /new App\(/.test(code) && /\.synth\(\)/.test(code);
}

/** Type-checks the programs as consumer files importing 'cdktf-kamaji' (src/index.ts). */
function typeCheck(programs: Map<string, string>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!;
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    noUnusedLocals: false,
    baseUrl: ROOT,
    paths: { 'cdktf-kamaji': ['src/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => programs.has(f) || fileExists.call(host, f);
  host.readFile = (f) => programs.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, v, ...rest) =>
    programs.has(f)
      ? ts.createSourceFile(f, programs.get(f)!, v)
      : getSourceFile.call(host, f, v, ...rest);
  const program = ts.createProgram([...programs.keys()], options, host);
  return [...programs.keys()].flatMap((file) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map(
        (d) => `${path.basename(file)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      ),
  );
}

/** Runs a program with 'cdktf-kamaji' bound to the library's sources; returns the stacks written. */
function run(code: string): string[] {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-readme-'));
  const outdir = path.join(work, 'cdktf.out');
  const previous = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    // jest's require, so the block shares the library's and cdktf's module instances.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = (id: string) => (id === 'cdktf-kamaji' ? publicApi : require(id));
    const module = { exports: {} };
    new Function('require', 'module', 'exports', js)(load, module, module.exports);
    const stacks = path.join(outdir, 'stacks');
    return fs.existsSync(stacks) ? fs.readdirSync(stacks).sort() : [];
  } finally {
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const readme = fs.readFileSync(README, 'utf8');
const blocks = readmeBlocks(readme);
const tsBlocks = blocks.filter((b) => b.lang === 'ts' || b.lang === 'typescript');

describe('README.md TypeScript blocks', () => {
  const api = publicNames();
  const cdktf = new Set(Object.keys(cdktfModule));
  const programs = new Map<string, { block: Block; code: string }>();
  for (const block of tsBlocks) {
    if (block.uses === undefined && !isApp(block.code)) continue;
    const file = path.join(ROOT, 'test', 'docs', `README.md-line-${block.line}.ts`);
    programs.set(file, {
      block,
      code: block.uses === undefined ? block.code : complete(block, api, cdktf),
    });
  }

  it('are all whole apps or marked fragments', () => {
    const unmarked = tsBlocks
      .filter((b) => b.uses === undefined && !isApp(b.code))
      .map(
        (b) =>
          `README.md:${b.line}: not an app (new App() ... synth()); mark it with <!-- fragment: uses ${Object.keys(CONTEXT).join(', ')} --> (the names it needs)`,
      );
    expect(unmarked).toEqual([]);
    expect(tsBlocks.length).toBeGreaterThanOrEqual(6);
  });

  it('type-check against the public API, each fragment seeing only the names its marker declares', () => {
    // A fragment that uses the stack under `tcp` without naming it, checked in the same
    // program: proves an undeclared name still fails once every README block is right.
    const undeclared = path.join(ROOT, 'test', 'docs', 'undeclared-context.ts');
    const canary: Block = {
      line: 0,
      lang: 'ts',
      uses: ['app', 'tcp'],
      code: "new TerraformVariable(stack, 'x', {});",
    };
    const sources = new Map([
      ...[...programs].map(([file, p]) => [file, p.code] as const),
      [undeclared, complete(canary, api, cdktf)] as const,
    ]);
    const problems = typeCheck(sources);
    expect(problems.filter((p) => !p.startsWith(path.basename(undeclared)))).toEqual([]);
    expect(problems.filter((p) => p.startsWith(path.basename(undeclared)))).toEqual([
      expect.stringContaining("Cannot find name 'stack'"),
    ]);
  }, 120_000);

  it.each([...programs.values()].map((p) => [p.block.line, p] as const))(
    'block at line %i runs and synthesizes',
    (_line, { block, code }) => {
      const stacks = run(code);
      if (isApp(block.code) || block.uses?.length) expect(stacks.length).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe('README.md Install section', () => {
  const install = readme.slice(
    readme.indexOf('## Install'),
    readme.indexOf('\n## ', readme.indexOf('## Install') + 1),
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  it('installs every peer at the range the package declares', () => {
    const line = install.split('\n').find((l) => l.startsWith('npm install cdktf-kamaji '))!;
    const missing = Object.entries<string>(pkg.peerDependencies)
      .map(([name, range]) => `'${name}@${range}'`)
      .filter((spec) => !line.split(' ').includes(spec));
    expect(missing).toEqual([]);
  });

  it("gives the consumer test's cdktf.json and tsconfig.json", () => {
    const json = blocks
      .filter((b) => b.lang === 'json' && install.includes(b.code))
      .map((b) => JSON.parse(b.code));
    const fixture = (name: string) =>
      JSON.parse(fs.readFileSync(path.join(CONSUMER_APP, name), 'utf8'));
    expect(json).toEqual([fixture('cdktf.json'), fixture('tsconfig.json')]);
  });
});

describe('README.md links', () => {
  it('point at the web, or at files the package holds', () => {
    const relative = [...readme.matchAll(/\]\(([^)]+)\)/g)]
      .map(([, target]) => target)
      .filter((t) => !/^(https?:|#|mailto:)/.test(t))
      .filter((t) => !/^(LICENSE|README\.md|lib\/)/.test(t));
    expect(relative).toEqual([]);
  });
});
