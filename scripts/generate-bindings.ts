/**
 * Generates the CDKTF bindings of the providers that have no prebuilt package
 * (design D5) from their schema files, `schemas/<name>.json`, into `src/.gen/providers/<name>/`
 * (git-ignored, compiled with the library). Library code imports one submodule at a time,
 * e.g. `../../.gen/providers/proxmox/virtual-environment-vm`.
 *
 * Run by `npm run gen` and before build, type-check, test and synth. It does nothing
 * when the schema files, this script and the generator are unchanged since the last run,
 * so the hooks cost a few milliseconds. `--force` regenerates regardless.
 *
 * The CDK Terrain build (scripts/build-cdktn.ts) calls `generateBindings` with
 * `CDKTN_GENERATOR`, every schema file and its own output folder.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Schema files (`schemas/<name>.json`) to generate bindings for. */
export const GENERATED_PROVIDERS = ['proxmox', 'maas', 'vcd'];

const ROOT = path.resolve(__dirname, '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const OUT = path.join(ROOT, 'src', '.gen');

/**
 * A core's provider generator. Both export the same classes; CDK Terrain renamed the
 * packages and compiles to build/ instead of lib/. Modules resolve from `resolveFrom`, as
 * the cdktn generator is installed in packages/cdktn-kamaji, apart from cdktf's.
 */
export interface BindingsGenerator {
  /** The generator's package.json: its name and version are part of the stamp. */
  readonly packageJson: string;
  /** The TypeScript generator module itself: the package index also loads jsii-pacmak. */
  readonly generatorModule: string;
  readonly commonsModule: string;
  readonly resolveFrom: string;
}

export const CDKTF_GENERATOR: BindingsGenerator = {
  packageJson: '@cdktf/provider-generator/package.json',
  generatorModule: '@cdktf/provider-generator/lib/get/generator/provider-generator',
  commonsModule: '@cdktf/commons',
  resolveFrom: ROOT,
};

export const CDKTN_GENERATOR: BindingsGenerator = {
  packageJson: '@cdktn/provider-generator/package.json',
  generatorModule: '@cdktn/provider-generator/build/get/generator/provider-generator',
  commonsModule: '@cdktn/commons',
  resolveFrom: path.join(ROOT, 'packages', 'cdktn-kamaji'),
};

/** What to generate: with which generator, from which schema files, into which folder. */
export interface BindingsTarget {
  readonly generator: BindingsGenerator;
  readonly providers: readonly string[];
  readonly outDir: string;
}

const CDKTF_TARGET: BindingsTarget = {
  generator: CDKTF_GENERATOR,
  providers: GENERATED_PROVIDERS,
  outDir: OUT,
};

/** Every schema file's provider name (`schemas/<name>.json`). */
export function schemaProviders(): string[] {
  return fs
    .readdirSync(SCHEMAS)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

function resolveFor(generator: BindingsGenerator, module: string): string {
  return require.resolve(module, { paths: [generator.resolveFrom] });
}

export interface SchemaFile {
  readonly provenance?: { readonly version?: string };
  readonly provider_schemas?: Record<string, unknown>;
}

/** What the output was generated from: when it matches, the output is current. */
function inputsFingerprint(target: BindingsTarget): Record<string, string> {
  const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const generator = JSON.parse(
    fs.readFileSync(resolveFor(target.generator, target.generator.packageJson), 'utf8'),
  );
  const fingerprint: Record<string, string> = {
    generator: `${generator.name}@${generator.version}`,
    script: sha256(__filename),
  };
  for (const name of target.providers) {
    fingerprint[name] = sha256(path.join(SCHEMAS, `${name}.json`));
  }
  return fingerprint;
}

/** Whether src/.gen holds the bindings of the current schema files, generator and script. */
export function bindingsAreCurrent(target: BindingsTarget = CDKTF_TARGET): boolean {
  return isCurrent(target, inputsFingerprint(target));
}

function isCurrent(target: BindingsTarget, fingerprint: Record<string, string>): boolean {
  const stampFile = path.join(target.outDir, 'stamp.json');
  if (!fs.existsSync(stampFile)) return false;
  const stamp = fs.readFileSync(stampFile, 'utf8');
  const outputs = target.providers.every((name) =>
    fs.existsSync(path.join(target.outDir, 'providers', name, 'provider', 'index.ts')),
  );
  return outputs && stamp === JSON.stringify(fingerprint, null, 2);
}

/**
 * Provider addresses as `terraform providers schema -json` and `tofu providers schema -json`
 * write them: OpenTofu's default registry host is registry.opentofu.org
 * (opentofu/opentofu internal/addrs/provider.go, DefaultProviderRegistryHost).
 */
const PROVIDER_ADDRESS = /^registry\.(?:terraform\.io|opentofu\.org)\/([^/]+)\/([^/]+)$/;

/**
 * The one provider of a schema file, as `<namespace>/<type>` and its pinned version. The
 * generator is given this short, fully qualified source: it becomes the provider's
 * `terraformProviderSource`, so required_providers reads `bpg/proxmox` (design D6) rather
 * than the bare type (Terraform's `hashicorp/<type>` default) or the registry host. The
 * key the generator finds it under is registry.terraform.io/<source>, whichever registry
 * the file came from: it matches a host-less source against that host only
 * (@cdktf/provider-generator get/generator/provider-generator.ts, isMatching), and the
 * host reaches nothing it writes.
 */
export function providerOf(
  name: string,
  schema: SchemaFile,
): { fqpn: string; source: string; version: string; schemas: Record<string, unknown> } {
  const keys = Object.keys(schema.provider_schemas ?? {});
  const match = keys.length === 1 ? PROVIDER_ADDRESS.exec(keys[0]) : null;
  if (!match || match[2] !== name) {
    throw new Error(
      `schemas/${name}.json: expected one provider "registry.terraform.io/<namespace>/${name}" (or registry.opentofu.org/...) in provider_schemas, found ${JSON.stringify(keys)}`,
    );
  }
  const version = schema.provenance?.version;
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(
      `schemas/${name}.json: provenance.version must be the exact provider version (x.y.z), found ${JSON.stringify(version)}`,
    );
  }
  const source = `${match[1]}/${match[2]}`;
  const fqpn = `registry.terraform.io/${source}`;
  return { fqpn, source, version, schemas: { [fqpn]: schema.provider_schemas![keys[0]] } };
}

async function generate(target: BindingsTarget): Promise<void> {
  for (const name of target.providers) {
    const schema: SchemaFile = JSON.parse(
      fs.readFileSync(path.join(SCHEMAS, `${name}.json`), 'utf8'),
    );
    await generateProviderBindings(target.generator, name, schema, target.outDir);
  }
}

/** Writes the bindings of one schema file into `<outDir>/providers/<name>/`. */
export async function generateProviderBindings(
  core: BindingsGenerator,
  name: string,
  schema: SchemaFile,
  outDir: string,
): Promise<void> {
  // @cdktf/commons reads both variables when first loaded, so the generator is imported only
  // after they are set. Unless checkpoint is disabled it reports errors to HashiCorp's
  // checkpoint service and writes a project id into cdktf.json. Loading it also runs
  // `<TERRAFORM_BINARY_NAME> version -json`, which generating from a schema file never uses:
  // a name that resolves to no program makes that a silent no-op instead of a terraform run.
  process.env.CHECKPOINT_DISABLE = '1';
  process.env.TERRAFORM_BINARY_NAME = 'terraform-is-not-needed-to-generate-bindings';
  // The package index also loads jsii-pacmak, which only other target languages need and
  // the package does not depend on: load the TypeScript generator module itself.
  const { TerraformProviderGenerator } = (await import(
    resolveFor(core, core.generatorModule)
  )) as typeof import('@cdktf/provider-generator/lib/get/generator/provider-generator');
  // The generator's own codemaker: the one its output format was made with.
  const { CodeMaker } = (await import(
    require.resolve('codemaker', { paths: [path.dirname(resolveFor(core, core.packageJson))] })
  )) as typeof import('codemaker');
  const { ConstructsMakerProviderTarget, Language, TerraformProviderConstraint } = (await import(
    resolveFor(core, core.commonsModule)
  )) as typeof import('@cdktf/commons');

  const { fqpn, source, version, schemas } = providerOf(name, schema);
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, {
    provider_schemas: schemas as never,
    // The exact version becomes required_providers' version, as in the prebuilt packages.
    provider_versions: { [fqpn]: version },
  });
  generator.generate(
    new ConstructsMakerProviderTarget(
      new TerraformProviderConstraint(`${source}@${version}`),
      Language.TYPESCRIPT,
    ),
  );
  fs.rmSync(path.join(outDir, 'providers', name), { recursive: true, force: true });
  await code.save(outDir);
  fixProviderDocComments(path.join(outDir, 'providers', name, 'provider', 'index.ts'));
}

/**
 * The providers are public API (exported by src/index.ts), so typedoc reads their
 * comments: the generator names two @param tags unlike the parameters they describe
 * (`provider?` for `provider`, `options` for `config`), which typedoc warns about.
 */
export function fixProviderDocComments(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(
    file,
    text
      .replace(/@param provider\? /g, '@param provider ')
      .replace(/@param options /g, '@param config '),
  );
}

/** Generates the target's bindings unless they are current (or `force`). */
export async function generateBindings(target: BindingsTarget, force = false): Promise<void> {
  const fingerprint = inputsFingerprint(target);
  if (!force && isCurrent(target, fingerprint)) return;
  const started = Date.now();
  const stampFile = path.join(target.outDir, 'stamp.json');
  // Removed first and written last, so an interrupted run is never taken for a current one.
  fs.rmSync(stampFile, { force: true });
  await generate(target);
  fs.writeFileSync(stampFile, JSON.stringify(fingerprint, null, 2));
  console.log(
    `generated bindings for ${target.providers.join(', ')} into ${path.relative(ROOT, target.outDir)} in ${Date.now() - started} ms`,
  );
}

if (require.main === module) {
  generateBindings(CDKTF_TARGET, process.argv.includes('--force')).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
