/**
 * `npm run test:consumer [-- --keep]`: installs the package the way a platform team
 * does, synthesizes their app with the real cdktf CLI (issue #13 item 1) and checks it
 * offline with the check package (issue #21 item 9). Then the same for CDK Terrain
 * (issue #24 item 2): the packed cdktn-kamaji with cdktn, constructs at its peer range and
 * cdktn-cli 0.24.0 in a project of its own, the same app with its imports rewritten as a
 * migrating team would (scripts/lib/core-imports.ts `consumerSpecifier`), synthesized by
 * `cdktn synth` on Node 22 (scripts/node22.ts) and checked offline; without the
 * `--state` rehearsal, which depends on no core.
 *
 * In a temporary folder outside the repository: `npm pack` of the library and of
 * packages/check (each prepack builds its lib/), a new project (test/consumer/app:
 * main.ts, cdktf.json, tsconfig.json) whose package.json depends on the library's
 * tarball and the peers at the ranges this package declares, with the check's tarball,
 * cdktf-cli 0.21.0, ts-node and typescript as devDependencies; `npm install` from
 * the npm registry (the only network it needs); then `npx cdktf synth`, which type-checks
 * main.ts with Node16 module resolution (so the exports map decides what resolves) and
 * synthesizes two tenants with pools on all five infrastructures and an S3 backend.
 * It then checks the synthesized stacks, that internals are not importable, that the
 * library's own dependencies hold none of the check's, and how long
 * `require('cdktf-kamaji')` takes there; last `npx cdktf-kamaji check` (terraform on PATH).
 *
 * Slow (npm install: about a minute with a warm npm cache), so it is not part of
 * `npm test`; `.ci/run` runs it. Nothing is cached in the repository.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { consumerSpecifier, rewriteImports } from './lib/core-imports';
import { NODE22, node22Missing } from './node22';

const ROOT = path.resolve(__dirname, '..');
const FIXTURE = path.join(ROOT, 'test', 'consumer', 'app');
const CDKTF_CLI = '0.21.0';
const CDKTN_CLI = '0.24.0';
const CHECK_PACKAGE = path.join(ROOT, 'packages', 'check');
const CDKTN_PACKAGE = path.join(ROOT, 'packages', 'cdktn-kamaji');
/** Libraries only the check uses: a consumer's production install must not hold them. */
const CHECK_ONLY = ['@grpc/grpc-js', '@grpc/proto-loader', '@msgpack/msgpack', 'node-forge'];

/** Stacks the consumer app declares, with the resource types each must hold. */
const EXPECTED_STACKS: Record<string, string[]> = {
  'control-planes': ['kubernetes_manifest'],
  'nodes-tcp-alpha': [
    'vsphere_virtual_machine',
    'proxmox_virtual_environment_vm',
    'proxmox_virtual_environment_file',
  ],
  'nodes-tcp-beta': ['maas_instance', 'vcd_vapp_vm'],
};
const EXPECTED_PROVIDERS: Record<string, string[]> = {
  'control-planes': ['hashicorp/kubernetes'],
  'nodes-tcp-alpha': ['vmware/vsphere', 'bpg/proxmox', 'hashicorp/random', 'hashicorp/time'],
  'nodes-tcp-beta': ['canonical/maas', 'vmware/vcd', 'hashicorp/random', 'hashicorp/time'],
};

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

const timings: [string, number][] = [];
const failures: string[] = [];

function step<T>(title: string, run: () => T): T {
  console.log(`\n== ${title}`);
  const start = Date.now();
  try {
    return run();
  } finally {
    timings.push([title, (Date.now() - start) / 1000]);
  }
}

function exec(command: string, args: string[], options: SpawnSyncOptions): string {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status} in ${options.cwd}:\n${output}`,
    );
  }
  return String(result.stdout ?? '');
}

function check(condition: boolean, what: string): void {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${what}`);
  if (!condition) failures.push(what);
}

/** One core's leg: its library package, the CLI that synthesizes, and what it must write. */
interface Leg {
  readonly library: PackageJson;
  readonly cli: Record<string, string>;
  /** `<core> synth` in the app folder. */
  readonly synth: (app: string) => void;
  /** The core's version in the stacks' metadata. */
  readonly coreVersion: string;
  /** Packages the production install must not hold. */
  readonly notInProduction: readonly string[];
}

function consumerPackageJson(
  leg: Leg,
  root: PackageJson,
  tarball: string,
  checkTarball: string,
): object {
  return {
    name: 'platform-tenants',
    version: '1.0.0',
    private: true,
    dependencies: { [leg.library.name]: `file:${tarball}`, ...leg.library.peerDependencies },
    devDependencies: {
      '@types/node': root.devDependencies['@types/node'],
      ...leg.cli,
      'cdktf-kamaji-check': `file:${checkTarball}`,
      'ts-node': root.devDependencies['ts-node'],
      typescript: root.devDependencies.typescript,
    },
  };
}

function checkSynthesized(app: string, leg: Leg): void {
  const stacksDir = path.join(app, 'cdktf.out', 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).sort() : [];
  check(
    JSON.stringify(stacks) === JSON.stringify(Object.keys(EXPECTED_STACKS).sort()),
    `stacks ${JSON.stringify(stacks)}`,
  );
  for (const [stack, types] of Object.entries(EXPECTED_STACKS)) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    const resources = Object.keys(doc.resource ?? {});
    check(
      types.every((t) => resources.includes(t)),
      `${stack}: resources include ${types.join(', ')}`,
    );
    const sources = Object.values<{ source: string }>(doc.terraform?.required_providers ?? {}).map(
      (p) => p.source,
    );
    check(
      EXPECTED_PROVIDERS[stack].every((s) => sources.includes(s)),
      `${stack}: providers ${EXPECTED_PROVIDERS[stack].join(', ')}`,
    );
    check(doc.terraform?.backend?.s3?.bucket === 'platform-tfstate', `${stack}: S3 backend`);
    check(
      doc['//']?.metadata?.version === leg.coreVersion,
      `${stack}: synthesized by core ${leg.coreVersion}`,
    );
  }
  const alpha = path.join(stacksDir, 'nodes-tcp-alpha', 'cdk.tf.json');
  if (fs.existsSync(alpha)) {
    const outputs = Object.keys(JSON.parse(fs.readFileSync(alpha, 'utf8')).output ?? {});
    check(
      outputs.some((o) => o.startsWith('tcp-alpha-edge-pool-node-00')),
      'nodes-tcp-alpha: bring-your-own user-data output',
    );
  }
}

function checkPublicSurface(app: string, library: string): void {
  const probe = (code: string) =>
    spawnSync(process.execPath, ['-e', code], { cwd: app, encoding: 'utf8' });
  const deep = probe(`require('${library}/lib/.gen/providers/proxmox/provider')`);
  check(
    deep.status !== 0 && deep.stderr.includes('ERR_PACKAGE_PATH_NOT_EXPORTED'),
    'deep import of lib/.gen is refused (ERR_PACKAGE_PATH_NOT_EXPORTED)',
  );
  const schema = probe(
    `const s = require('${library}/fleet.schema.json'); if (!s.$schema) process.exit(1)`,
  );
  check(schema.status === 0, `require('${library}/fleet.schema.json') resolves`);
  const version = probe(`console.log(require('${library}/package.json').version)`);
  check(version.status === 0, `require('${library}/package.json') resolves`);
  const load = probe(
    `const t = process.hrtime.bigint(); require('${library}'); console.log(Number(process.hrtime.bigint() - t) / 1e9)`,
  );
  if (load.status === 0) console.log(`require('${library}'): ${Number(load.stdout).toFixed(2)} s`);
  check(load.status === 0, `require('${library}') loads`);
}

/**
 * What `npm install --omit=dev` would install: the library and its peers, neither the
 * check's libraries nor the packages of the other core.
 */
function checkProductionTree(app: string, leg: Leg): void {
  const result = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: app,
    encoding: 'utf8',
  });
  const dirs = result.stdout.split('\n').filter((l) => l.includes('node_modules'));
  const names = new Set(dirs.map((d) => d.slice(d.lastIndexOf('node_modules/') + 13)));
  const held = [...CHECK_ONLY, ...leg.notInProduction].filter((name) => names.has(name));
  check(
    dirs.length > 0 && held.length === 0,
    `production dependencies (${names.size} packages) hold none of ${JSON.stringify([...CHECK_ONLY, ...leg.notInProduction])}: ${JSON.stringify(held)}`,
  );
}

/** Files of each packed tarball, by tarball. */
const packedFiles = new Map<string, string[]>();

function pack(dir: string, work: string): string {
  const out = exec('npm', ['pack', '--json', '--pack-destination', work], { cwd: dir });
  const [{ filename, size, files }] = JSON.parse(out.slice(out.indexOf('[')));
  console.log(`${filename}: ${(size / 1024).toFixed(0)} KiB`);
  const tarball = path.join(work, filename);
  packedFiles.set(
    tarball,
    files.map((file: { path: string }) => file.path),
  );
  return tarball;
}

/**
 * What cdktn-kamaji's tarball holds beyond cdktf-kamaji's: the bindings of the providers
 * cdktf-kamaji takes from prebuilt peers, and nothing else; it lacks nothing of it.
 */
function checkPackagesDiffer(cdktfTarball: string, cdktnTarball: string): void {
  const cdktf = new Set(packedFiles.get(cdktfTarball));
  const cdktn = new Set(packedFiles.get(cdktnTarball));
  const prebuilt = Object.keys(readPackage(ROOT).peerDependencies)
    .filter((name) => name.startsWith('@cdktf/provider-'))
    .map((name) => name.slice('@cdktf/provider-'.length));
  const added = [...cdktn].filter((file) => !cdktf.has(file));
  const addedProviders = new Set(
    added.map((file) => /^lib\/\.gen\/providers\/([^/]+)\//.exec(file)?.[1]),
  );
  check(
    JSON.stringify([...addedProviders].sort()) === JSON.stringify(prebuilt.sort()),
    `cdktn-kamaji adds only the bindings of ${prebuilt.join(', ')} (${added.length} files): ${JSON.stringify([...addedProviders])}`,
  );
  const missing = [...cdktf].filter((file) => !cdktn.has(file));
  check(
    missing.length === 0,
    `cdktn-kamaji lacks no file of cdktf-kamaji: ${JSON.stringify(missing)}`,
  );
}

/** The environment of every command the consumer runs: offline, no colours. */
const CONSUMER_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' };

function hasTerraform(): boolean {
  return spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
}

/** `npx cdktf-kamaji check <args>` in the app, its report echoed; returns the report. */
function runCheckCommand(app: string, args: string[], env = CONSUMER_ENV): string {
  const run = spawnSync('npx', ['--no-install', 'cdktf-kamaji', 'check', ...args], {
    cwd: app,
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(run.stdout ?? '');
  const command = ['npx cdktf-kamaji check', ...args].join(' ');
  check(run.status === 0, `${command} exits 0 (exited ${run.status})`);
  return run.stdout ?? '';
}

/** `npx cdktf-kamaji check` in the app: the check package's command on the library's schemas. */
function runOfflineCheck(
  app: string,
  library: string,
  args: string[] = [],
  env = CONSUMER_ENV,
): void {
  const help = spawnSync('npx', ['--no-install', 'cdktf-kamaji', 'check', '--help'], {
    cwd: app,
    encoding: 'utf8',
    env,
  });
  check(
    help.status === 0 && help.stdout.includes('usage: cdktf-kamaji check'),
    'npx cdktf-kamaji check --help (the command of cdktf-kamaji-check)',
  );
  if (!hasTerraform()) {
    console.log('skip npx cdktf-kamaji check: no terraform on PATH');
    return;
  }
  const report = runCheckCommand(app, args, env);
  const served = path.join(app, 'node_modules', library, 'schemas');
  check(
    report.includes(`stub providers served from ${served}`),
    "the check serves the installed library's schemas",
  );
}

/**
 * `--state` across two configurations, as a pull request's CI runs it: the app as it is,
 * applied to the stubs with its state kept; then the first pool scaled from 3 to 2 and
 * checked against that state, which must show node-02 drained, destroyed and deleted.
 */
function rehearseScaleDown(app: string, work: string): void {
  if (!hasTerraform()) {
    console.log('skip npx cdktf-kamaji check --state: no terraform on PATH');
    return;
  }
  const state = path.join(work, 'kamaji-state');
  runCheckCommand(app, ['--state', state, '--apply']);
  const main = path.join(app, 'main.ts');
  const source = fs.readFileSync(main, 'utf8');
  const scaled = source.replace('replicas: 3,', 'replicas: 2,');
  check(scaled !== source, 'the consumer app has a pool of 3 to scale down');
  fs.writeFileSync(main, scaled);
  exec('npx', ['cdktf', 'synth'], {
    cwd: app,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: CONSUMER_ENV,
  });
  const output = runCheckCommand(app, ['--state', state]);
  check(
    /drain node\S* \S*default-pool-node-02/.test(output) &&
      /delete Node\S* \S*default-pool-node-02/.test(output),
    'the check rehearses the scale-down from the kept state: node-02 drained, then its Node deleted',
  );
}

/** The environment of the cdktn leg: Node 22 first on PATH, as cdktn-cli requires. */
const CDKTN_ENV = { ...CONSUMER_ENV, PATH: `${path.dirname(NODE22)}:${process.env.PATH}` };

function readPackage(dir: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

const CDKTF_LEG: Leg = {
  library: readPackage(ROOT),
  cli: { 'cdktf-cli': CDKTF_CLI },
  synth: (app) =>
    exec('npx', ['cdktf', 'synth'], {
      cwd: app,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: CONSUMER_ENV,
    }),
  coreVersion: '0.21.0',
  notInProduction: ['cdktn', 'cdktn-kamaji'],
};

const CDKTN_LEG: Leg = {
  library: readPackage(CDKTN_PACKAGE),
  cli: { 'cdktn-cli': CDKTN_CLI },
  synth: (app) =>
    exec(NODE22, [path.join(app, 'node_modules', 'cdktn-cli', 'bin', 'cdktn'), 'synth'], {
      cwd: app,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: CDKTN_ENV,
    }),
  coreVersion: '0.24.0',
  // cdktf and the prebuilt @cdktf providers: cdktf-kamaji's peers, apart from constructs.
  notInProduction: [
    'cdktf-kamaji',
    ...Object.keys(readPackage(ROOT).peerDependencies).filter((name) => name.includes('cdktf')),
  ],
};

/** The consumer app for a leg: the fixture, its imports rewritten for cdktn. */
function writeApp(app: string, leg: Leg, tarball: string, checkTarball: string): void {
  fs.cpSync(FIXTURE, app, { recursive: true });
  if (leg === CDKTN_LEG) {
    const main = path.join(app, 'main.ts');
    fs.writeFileSync(
      main,
      rewriteImports('main.ts', fs.readFileSync(main, 'utf8'), consumerSpecifier),
    );
  }
  const root = readPackage(ROOT);
  fs.writeFileSync(
    path.join(app, 'package.json'),
    `${JSON.stringify(consumerPackageJson(leg, root, tarball, checkTarball), null, 2)}\n`,
  );
}

function install(app: string): void {
  exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function main(args: string[]): number {
  const keep = args.includes('--keep');
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-consumer-'));
  try {
    const checkTarball = step('npm pack (packages/check)', () => pack(CHECK_PACKAGE, work));
    let cdktfTarball: string | undefined;
    try {
      const app = path.join(work, 'platform-tenants');
      const tarball = step('npm pack', () => pack(ROOT, work));
      cdktfTarball = tarball;
      writeApp(app, CDKTF_LEG, tarball, checkTarball);
      step('npm install (tarballs, peers, cdktf-cli, from the npm registry)', () => install(app));
      step('npx cdktf synth', () => CDKTF_LEG.synth(app));
      step('checks', () => {
        checkSynthesized(app, CDKTF_LEG);
        checkPublicSurface(app, 'cdktf-kamaji');
        checkProductionTree(app, CDKTF_LEG);
      });
      step('npx cdktf-kamaji check', () => runOfflineCheck(app, 'cdktf-kamaji'));
      step('npx cdktf-kamaji check --state, two configurations', () =>
        rehearseScaleDown(app, work),
      );
    } catch (error) {
      failures.push((error as Error).message);
      console.error((error as Error).message);
    }
    const missing = node22Missing();
    if (missing) {
      failures.push(`the cdktn leg cannot run: ${missing}`);
    } else {
      const app = path.join(work, 'platform-tenants-cdktn');
      const tarball = step('npm pack (packages/cdktn-kamaji)', () => pack(CDKTN_PACKAGE, work));
      if (cdktfTarball) checkPackagesDiffer(cdktfTarball, tarball);
      writeApp(app, CDKTN_LEG, tarball, checkTarball);
      step('npm install (cdktn-kamaji, cdktn, cdktn-cli, from the npm registry)', () =>
        install(app),
      );
      step('cdktn synth (Node 22)', () => CDKTN_LEG.synth(app));
      step('checks (cdktn)', () => {
        checkSynthesized(app, CDKTN_LEG);
        checkPublicSurface(app, 'cdktn-kamaji');
        checkProductionTree(app, CDKTN_LEG);
      });
      step('npx cdktf-kamaji check --app "npx cdktn synth" (Node 22)', () =>
        runOfflineCheck(app, 'cdktn-kamaji', ['--app', 'npx cdktn synth'], CDKTN_ENV),
      );
    }
  } catch (error) {
    failures.push((error as Error).message);
    console.error((error as Error).message);
  } finally {
    if (keep) console.log(`\nkept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  console.log('\ntimings:');
  for (const [title, seconds] of timings) console.log(`  ${seconds.toFixed(1)} s  ${title}`);
  console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s  total`);
  if (failures.length > 0) {
    console.error(`\nconsumer test FAILED: ${failures.length} problem(s)`);
    return 1;
  }
  console.log('\nconsumer test passed');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
