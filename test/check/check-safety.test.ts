/**
 * `cdktf-kamaji check` on code it must not trust (#21 items 1-5): a CI runs it on a pull
 * request's app with the CI's secrets in the environment. Each app here is synthesized
 * JSON written by hand, as a hostile app could write it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  hclModuleSources,
  stripProvisioners,
  unsafeStackFiles,
  withoutComments,
} from '../../packages/check/src/app-copy';
import { CheckExit, CheckOptions, runCheck } from '../../packages/check/src/check';
import { parseArguments } from '../../packages/check/src/cli';
import {
  offlineCliConfig,
  SynthesizedApp,
  TerraformHarness,
} from '../../packages/check/src/harness';
import { PROVIDER_ENV_DEFAULTS } from '../../packages/check/src/stub/provider-env-defaults';
import { loadProviderSchemas, providerSchemaIn } from '../../packages/check/src/stub/schema';
import { describeWithTerraform } from '../terraform/support';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'fake-secret-7c1d0b';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-safety-test-'));
}

interface StackSpec {
  readonly json: object;
  readonly dependencies?: string[];
  readonly workingDirectory?: string;
}

/** Writes `cdktf.out` as an app would: manifest.json and each stack's cdk.tf.json. */
function writeApp(cwd: string, stacks: Record<string, StackSpec>): string {
  const out = path.join(cwd, 'cdktf.out');
  fs.mkdirSync(out, { recursive: true });
  const manifest: any = { version: '0.21.0', stacks: {} };
  for (const [name, spec] of Object.entries(stacks)) {
    const workingDirectory = spec.workingDirectory ?? `stacks/${name}`;
    manifest.stacks[name] = {
      name,
      workingDirectory,
      synthesizedStackPath: `${workingDirectory}/cdk.tf.json`,
      dependencies: spec.dependencies ?? [],
    };
    const dir = path.resolve(out, workingDirectory);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(spec.json));
  }
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest));
  return out;
}

async function check(options: Partial<CheckOptions> & { cwd: string }) {
  const lines: string[] = [];
  const code = await runCheck({ ...options, print: (line) => lines.push(line) });
  return { code, output: lines.join('\n') };
}

/** Runs `body` with these variables set in this process, as a CI job would have them. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Every file under dir whose content holds `text`. */
function filesHolding(dir: string, text: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter((file) => fs.lstatSync(file).isFile() && fs.readFileSync(file, 'utf8').includes(text));
}

/** Names terraform's environment may hold: the harness's own, and what a shell adds. */
const ALLOWED_ENVIRONMENT =
  /^(PATH|HOME|TMPDIR|TF_CLI_CONFIG_FILE|TF_REATTACH_PROVIDERS|TF_IN_AUTOMATION|CHECKPOINT_DISABLE|TF_VAR_management_kubeconfig|KAMAJI_STUB_TENANT|CDKTF_KAMAJI_SKIP_DRAIN|PWD|SHLVL|_)$/;

/** Names the app command's environment may hold: what a synth needs, what --app-env names. */
const APP_ENVIRONMENT_NAMES =
  /^(PATH|HOME|TMPDIR|LANG|LC_ALL|TZ|NODE_OPTIONS|NODE_PATH|NODE_EXTRA_CA_CERTS|APP_STAGE|CDKTF_OUTDIR|CHECKPOINT_DISABLE|PWD|SHLVL|_)$/;

const keptFolder = (output: string) => /kept the checked copy.* in (\S+)/.exec(output)?.[1];

describe('what of an app the check leaves out or refuses, without terraform', () => {
  test('every provisioner of a JSON configuration is left out, in either JSON shape', () => {
    // GIVEN
    const json = {
      resource: [
        {
          terraform_data: {
            a: { provisioner: [{ 'local-exec': { command: 'env' } }], input: 1 },
            b: [{ provisioner: { 'remote-exec': {}, file: {} } }],
          },
        },
      ],
    };
    // WHEN
    const removed = stripProvisioners(json);
    // THEN
    expect(removed).toEqual([
      { resource: 'terraform_data.a', type: 'local-exec' },
      { resource: 'terraform_data.b', type: 'remote-exec' },
      { resource: 'terraform_data.b', type: 'file' },
    ]);
    expect(JSON.stringify(json)).not.toContain('provisioner');
  });

  test('reads the sources of HCL module blocks, comments and nested blocks aside', () => {
    const text = withoutComments(
      [
        '# module "commented" { source = "git::https://example.com/x" }',
        'module "net" {',
        '  providers = { aws = aws }',
        '  inner { source = "not-this" }',
        '  source = "terraform-aws-modules/vpc/aws" // remote',
        '}',
        'module "local" { source = "./sub" }',
        'module bare {source="git::https://example.com/y"}',
      ].join('\n'),
    );
    expect(hclModuleSources(text)).toEqual([
      { module: 'net', source: 'terraform-aws-modules/vpc/aws' },
      { module: 'local', source: './sub' },
      { module: 'bare', source: 'git::https://example.com/y' },
    ]);
  });

  test('a stack whose modules hold an HCL provisioner, lead outside or download is named', () => {
    // GIVEN a stack calling a local module that does all three
    const root = tempDir();
    const stack = path.join(root, 'stacks/s');
    fs.mkdirSync(path.join(stack, 'mod'), { recursive: true });
    fs.writeFileSync(path.join(stack, 'cdk.tf.json'), '{"module":{"m":{"source":"./mod"}}}');
    fs.writeFileSync(
      path.join(stack, 'mod/main.tf'),
      [
        'resource "terraform_data" "x" {',
        '  provisioner "local-exec" { command = "env" }',
        '}',
        'module "up" { source = "../../../../elsewhere" }',
        'module "vpc" { source = "git::https://example.com/vpc.git" }',
        'locals { userdata = "#cloud-config for cloud-init { }" }',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(stack, 'mod/backend.tf'), 'terraform {\n  backend "s3" {}\n}\n');
    // AND a second JSON file beside cdk.tf.json with a backend of its own
    fs.writeFileSync(
      path.join(stack, 'zzz_override.tf.json'),
      JSON.stringify({
        terraform: { backend: { http: { address: 'https://example.com/state' } } },
        module: { far: { source: 'example/far/aws' } },
      }),
    );
    // WHEN
    const problems = unsafeStackFiles(root, stack);
    // THEN
    expect(problems).toEqual([
      'stacks/s/zzz_override.tf.json: a backend or terraform_remote_state outside cdk.tf.json',
      'stacks/s/zzz_override.tf.json: module.far (example/far/aws): terraform init would download it',
      'stacks/s/mod/backend.tf: a backend or terraform_remote_state outside cdk.tf.json',
      'stacks/s/mod/main.tf: a provisioner in HCL, which the check cannot leave out',
      "stacks/s/mod/main.tf: module.up (../../../../elsewhere) is outside the app's output folder",
      'stacks/s/mod/main.tf: module.vpc (git::https://example.com/vpc.git): terraform init would download it',
    ]);
  });

  test("terraform's CLI configuration installs providers from an empty mirror only", () => {
    const config = offlineCliConfig('/w/no-providers');
    expect(config).toContain('provider_installation {');
    expect(config).toContain('filesystem_mirror {\n    path    = "/w/no-providers"');
    expect(config).toContain('include = ["*/*/*"]');
    // no `direct` installation: nothing is asked of a registry
    expect(config).not.toContain('direct');
    expect(config).not.toContain('network_mirror');
  });

  test('--app-env may be given more than once, and takes a variable name only', () => {
    expect(parseArguments(['check', '--app-env', 'A', '--app-env=B_2'], '/w')).toEqual({
      cwd: '/w',
      appEnv: ['A', 'B_2'],
    });
    expect(() => parseArguments(['check', '--app-env', 'A=1'], '/w')).toThrow(
      '--app-env: a variable name (letters, digits, _), received A=1',
    );
  });

  test('--var-file may be given more than once', () => {
    expect(
      parseArguments(['check', '--var-file', 'a.tfvars', '--var-file=b.tfvars'], '/w'),
    ).toEqual({ cwd: '/w', varFiles: ['a.tfvars', 'b.tfvars'] });
  });
});

describe('provider arguments with environment defaults (SDKv2 EnvDefaultFunc)', () => {
  const providers = loadProviderSchemas(path.join(ROOT, 'schemas'));
  const provider = (name: string) => providers.find((p) => p.address.endsWith(`/${name}`))!;
  const required = (name: string, env: Record<string, string>) =>
    Object.entries(providerSchemaIn(provider(name), env).block.attributes ?? {})
      .filter(([, attribute]) => attribute.required)
      .map(([attribute]) => attribute)
      .sort();

  test('are optional when their variable is set and not empty, required otherwise', () => {
    expect(required('vsphere', {})).toEqual(['password', 'user']);
    expect(required('vsphere', { VSPHERE_USER: 'u', VSPHERE_PASSWORD: '' })).toEqual(['password']);
    expect(required('vcd', { VCD_URL: 'https://vcd', VCD_ORG: 'o' })).toEqual([]);
  });

  test('a required argument without an environment default stays required', () => {
    // GIVEN vsphere's schema with a required argument the table does not list
    const vsphere = provider('vsphere');
    const extended = {
      ...vsphere,
      provider: {
        ...vsphere.provider,
        block: {
          ...vsphere.provider.block,
          attributes: {
            ...vsphere.provider.block.attributes,
            tenant: { type: 'string' as const, required: true },
          },
        },
      },
    };
    // WHEN every variable of the table is set
    const env = { VSPHERE_USER: 'u', VSPHERE_PASSWORD: 'p', TENANT: 't' };
    const attributes = providerSchemaIn(extended, env).block.attributes!;
    // THEN
    expect(attributes.tenant.required).toBe(true);
    expect(attributes.user.required).toBe(false);
  });

  test('the table names only arguments its schema file has as required', () => {
    for (const [address, defaults] of Object.entries(PROVIDER_ENV_DEFAULTS)) {
      const schema = providers.find((p) => p.address === address)!;
      for (const argument of Object.keys(defaults)) {
        expect({
          address,
          argument,
          required: schema.provider.block.attributes?.[argument]?.required,
        }).toEqual({
          address,
          argument,
          required: true,
        });
      }
    }
  });
});

describeWithTerraform('cdktf-kamaji check on an app it must not trust', () => {
  const leakyApp = (cwd: string) => {
    const leak = path.join(cwd, 'leaked-env');
    writeApp(cwd, {
      base: {
        json: {
          resource: {
            terraform_data: {
              leak: {
                input: 'x',
                provisioner: [{ 'local-exec': { command: `env > "${leak}"` } }],
              },
            },
          },
          output: { value: { value: 'v' } },
        },
      },
      reader: {
        dependencies: ['base'],
        json: {
          data: {
            terraform_remote_state: {
              'cross-stack-reference-input-base': { backend: 'local', config: { path: 'x' } },
            },
          },
          output: {
            read: {
              value:
                '${data.terraform_remote_state.cross-stack-reference-input-base.outputs.value}',
            },
          },
        },
      },
    });
    return leak;
  };

  for (const apply of [false, true]) {
    test(`runs none of the app's provisioners, and no secret reaches terraform (apply: ${apply})`, async () => {
      // GIVEN an app whose stack, read by another, writes its environment to a file
      const cwd = tempDir();
      const leak = leakyApp(cwd);
      // WHEN the check runs with a secret in the environment
      const { code, output } = await withEnv(
        { AWS_SECRET_ACCESS_KEY: SECRET, TF_VAR_token: SECRET },
        () => check({ cwd, apply, keep: true }),
      );
      // THEN the provisioner did not run, and says so
      expect(fs.existsSync(leak)).toBe(false);
      expect(output).toContain(
        "== stack base\n   backend: none, set to the check's state server on 127.0.0.1",
      );
      expect(output).toContain(
        '   terraform_data.leak: provisioner local-exec not exercised (the check runs no provisioner)',
      );
      expect(output).toContain('passed:      base, reader');
      expect(code).toBe(CheckExit.OK);
      // AND the secret is nowhere: not in the report, not in the kept copy
      expect(output).not.toContain(SECRET);
      const kept = keptFolder(output)!;
      expect(filesHolding(kept, SECRET)).toEqual([]);
      expect(filesHolding(kept, 'local-exec')).toEqual([]);
      fs.rmSync(kept, { recursive: true, force: true });
    });
  }

  test("a variable gets its value from --var-file, never from the caller's TF_VAR_", async () => {
    // GIVEN a stack that outputs a variable without a default
    const cwd = tempDir();
    writeApp(cwd, {
      s: {
        json: {
          variable: { token: { type: 'string' } },
          output: { token: { value: '${var.token}' } },
        },
      },
    });
    fs.writeFileSync(path.join(cwd, 'ci.tfvars.json'), '{"token": "from-the-var-file"}');
    // WHEN it is checked and applied, with and without a variable file
    const withFile = await withEnv({ TF_VAR_token: SECRET }, () =>
      check({ cwd, varFiles: ['ci.tfvars.json'], apply: true, keep: true }),
    );
    const without = await withEnv({ TF_VAR_token: SECRET }, () =>
      check({ cwd, apply: true, keep: true }),
    );
    // THEN the state holds the var file's value, or the placeholder; never the caller's
    const outputs = [withFile, without].map(({ output }) => {
      const kept = keptFolder(output)!;
      const state = JSON.parse(fs.readFileSync(path.join(kept, 'state/s.tfstate'), 'utf8'));
      fs.rmSync(kept, { recursive: true, force: true });
      return state.outputs.token.value;
    });
    expect(outputs).toEqual(['from-the-var-file', 'placeholder-token']);
    expect(withFile.code).toBe(CheckExit.OK);
    expect(withFile.output).not.toContain(SECRET);
  });

  test("terraform and what it starts get a minimal environment, none of the caller's", async () => {
    // GIVEN a stack whose provisioner writes its environment, run by the harness itself
    // (which, unlike the check, runs provisioners: the library's tests rehearse drains)
    const cwd = tempDir();
    const seen = path.join(cwd, 'env');
    writeApp(cwd, {
      s: {
        json: {
          resource: {
            terraform_data: {
              d: { input: 1, provisioner: [{ 'local-exec': { command: `env > "${seen}"` } }] },
            },
          },
        },
      },
    });
    const app = SynthesizedApp.open(path.join(cwd, 'cdktf.out'));
    // WHEN it applies with secrets and terraform settings in the caller's environment
    const harness = await withEnv(
      { AWS_SECRET_ACCESS_KEY: SECRET, TF_VAR_token: SECRET, TF_DATA_DIR: '/tmp/elsewhere' },
      () => TerraformHarness.start(),
    );
    try {
      await harness.init(app);
      const applied = await harness.applyAll(app);
      expect(applied.map((r) => r.code)).toEqual([0]);
      // THEN the provisioner saw none of them, and a HOME and TMPDIR of the harness's own
      const env = fs.readFileSync(seen, 'utf8');
      expect(env).not.toContain(SECRET);
      expect(env).not.toMatch(/^(AWS_|TF_DATA_DIR|TF_VAR_token)/m);
      const lines = env.trimEnd().split('\n');
      expect(lines).toContain(`HOME=${path.join(harness.workDir, 'home')}`);
      expect(lines).toContain(`TMPDIR=${path.join(harness.workDir, 'tmp')}`);
      for (const line of lines) expect(line.split('=')[0]).toMatch(ALLOWED_ENVIRONMENT);
    } finally {
      await harness.stop();
    }
  });

  test("the app command gets PATH, HOME and node's settings, and only the variables --app-env names", async () => {
    // GIVEN an app command that writes its environment, then synthesizes an empty stack
    const cwd = tempDir();
    const seen = path.join(tempDir(), 'env');
    writeApp(cwd, { s: { json: {} } });
    const app = `env > '${seen}'`;
    // WHEN the check runs it with secrets in the caller's environment, one passed by name
    const { code } = await withEnv(
      { AWS_SECRET_ACCESS_KEY: SECRET, TF_VAR_token: SECRET, APP_STAGE: 'ci', HOME: '/home/ci' },
      () => check({ cwd, app, appEnv: ['APP_STAGE', 'UNSET_NAME'] }),
    );
    // THEN it saw none of the secrets, the named variable, and what a synth needs
    expect(code).toBe(CheckExit.OK);
    const env = fs.readFileSync(seen, 'utf8');
    expect(env).not.toContain(SECRET);
    const lines = env.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining(['APP_STAGE=ci', 'HOME=/home/ci', `PATH=${process.env.PATH}`]),
    );
    expect(lines).toContain('CHECKPOINT_DISABLE=1');
    for (const line of lines) expect(line.split('=')[0]).toMatch(APP_ENVIRONMENT_NAMES);
  });

  test("Terraform's file functions read nothing outside the stack's folder (the runner's secrets)", async () => {
    // GIVEN a secret planted outside the app, as a runner's ~/.aws/credentials, and stacks
    // that read it each with one file function, where terraform's messages would quote it
    const cwd = tempDir();
    const secretFile = path.join(tempDir(), 'credentials');
    fs.writeFileSync(secretFile, `${SECRET}\n`);
    fs.writeFileSync(path.join(path.dirname(secretFile), 'config.tpl'), `${SECRET}\n`);
    const quoted = JSON.stringify(secretFile);
    const readsHost = (value: string) => ({
      json: {
        variable: { never: { type: 'bool', default: false } },
        resource: {
          terraform_data: {
            d: {
              input: 1,
              lifecycle: {
                precondition: [{ condition: '${var.never}', error_message: `\${${value}}` }],
              },
            },
          },
        },
      },
    });
    const out = writeApp(cwd, {
      file: readsHost(`file(${quoted})`),
      base64: readsHost(`base64decode(filebase64(${quoted}))`),
      template: readsHost(
        `templatefile(${JSON.stringify(path.join(path.dirname(secretFile), 'config.tpl'))}, {})`,
      ),
      expanded: readsHost(`file(pathexpand(${quoted}))`),
      relative: readsHost(
        `file(${JSON.stringify(path.relative(path.join(cwd, 'cdktf.out/stacks/relative'), secretFile))})`,
      ),
      listed: readsHost(`join(",", fileset(${JSON.stringify(path.dirname(secretFile))}, "*"))`),
      own: {
        json: {
          variable: { kubeconfig: { type: 'string', default: secretFile } },
          resource: {
            terraform_data: {
              d: { input: '${file("payload.txt")}${fileexists(pathexpand(var.kubeconfig))}' },
            },
          },
        },
      },
    });
    fs.writeFileSync(path.join(out, 'stacks/own/payload.txt'), 'in the app');
    // WHEN the check runs
    const { code, output } = await check({ cwd });
    // THEN no secret is printed: each stack reading the host is refused, not run
    expect(output).not.toContain(SECRET);
    for (const stack of ['file', 'base64', 'template', 'expanded', 'relative', 'listed']) {
      expect(output).toMatch(
        new RegExp(
          `== stack ${stack}\\n(   .*\\n)*   stacks/${stack}/cdk\\.tf\\.json: .*file.*\\n(   .*\\n)*   NOT CHECKED`,
        ),
      );
    }
    // AND a literal path inside the stack's own folder, and a boolean fileexists, pass
    expect(output).toContain('passed:      own');
    expect(code).toBe(CheckExit.FAILED);
  });

  describe('hostile manifests and links are refused, and nothing outside the copy is written', () => {
    const victim = () => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), '{}');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
      return dir;
    };
    const untouched = (dir: string) => {
      expect(fs.readdirSync(dir).sort()).toEqual(['cdk.tf.json', 'notes.txt']);
      expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    };

    test('a workingDirectory with ..', async () => {
      const cwd = tempDir();
      const real = victim();
      writeApp(cwd, {
        s: { json: {}, workingDirectory: path.relative(path.join(cwd, 'cdktf.out'), real) },
      });
      const { code, output } = await check({ cwd });
      expect(output).toMatch(
        /manifest\.json: stack s: workingDirectory "\.\.\/[^"]+" is not a relative path inside the output folder/,
      );
      expect(code).toBe(CheckExit.USAGE);
      untouched(real);
    });

    test('an absolute workingDirectory', async () => {
      const cwd = tempDir();
      const real = victim();
      writeApp(cwd, { s: { json: {}, workingDirectory: real } });
      const { code, output } = await check({ cwd });
      expect(output).toContain(`workingDirectory "${real}" is not a relative path inside`);
      expect(code).toBe(CheckExit.USAGE);
      untouched(real);
    });

    test('a stack name with ..', async () => {
      const cwd = tempDir();
      writeApp(cwd, { '../../x': { json: {}, workingDirectory: 'stacks/x' } });
      const { code, output } = await check({ cwd });
      expect(output).toContain('manifest.json: stack name "../../x" is not allowed');
      expect(code).toBe(CheckExit.USAGE);
    });

    test('a symlinked zz_check_override.tf.json, or any link', async () => {
      // GIVEN the override file of a stack is a link to a file of the user's
      const cwd = tempDir();
      const real = victim();
      const out = writeApp(cwd, { s: { json: {} } });
      const link = path.join(out, 'stacks/s/zz_check_override.tf.json');
      fs.symlinkSync(path.join(real, 'notes.txt'), link);
      // WHEN
      const { code, output } = await check({ cwd });
      // THEN
      expect(output).toContain(`${link} is a symbolic link (to ${path.join(real, 'notes.txt')})`);
      expect(code).toBe(CheckExit.USAGE);
      untouched(real);
    });
  });

  test('a provider used in a local module is not checked, and nothing is downloaded', async () => {
    // GIVEN a stack calling a local module that uses hashicorp/aws
    const cwd = tempDir();
    const out = writeApp(cwd, { s: { json: { module: { net: { source: './net' } } } } });
    fs.mkdirSync(path.join(out, 'stacks/s/net'));
    fs.writeFileSync(
      path.join(out, 'stacks/s/net/main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws' } } },
        resource: { aws_s3_bucket: { b: { bucket: 'b' } } },
      }),
    );
    // WHEN
    const { code, output } = await check({ cwd });
    // THEN
    expect(output).toContain(
      '   provider hashicorp/aws (used in a module): no schema file in this package, ' +
        'and the check installs no provider\n   NOT CHECKED',
    );
    expect(output).toContain('not checked: s (provider hashicorp/aws (used in a module)');
    expect(output).not.toMatch(/registry\.terraform\.io\/v1|Failed to query available/);
    expect(code).toBe(CheckExit.FAILED);
  });

  test('--keep keeps the copy in a fresh folder only the caller can read; plans 0600', async () => {
    // GIVEN a stack with a plan to keep
    const cwd = tempDir();
    writeApp(cwd, { s: { json: { resource: { terraform_data: { d: { input: 1 } } } } } });
    // WHEN
    const { code, output } = await check({ cwd, keep: true });
    // THEN it is a folder made for it (mkdtemp), not one named after the work folder
    // that anyone could have made first
    expect(code).toBe(CheckExit.OK);
    const kept = keptFolder(output)!;
    expect(path.basename(kept)).toMatch(/^cdktf-kamaji-check-kept-\w{6}$/);
    expect(fs.statSync(kept).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(kept, 'app/stacks/s')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(kept, 'app/stacks/s/tfplan')).mode & 0o777).toBe(0o600);
    fs.rmSync(kept, { recursive: true, force: true });
  });

  describe('providers configured from the environment pass as with real Terraform', () => {
    // Terraform validates a provider's configuration where something uses the provider.
    const providerApp = (cwd: string, provider: string, source: string, data: string) =>
      writeApp(cwd, {
        s: {
          json: {
            terraform: { required_providers: { [provider]: { source } } },
            provider: { [provider]: [{}] },
            data: { [data]: { d: { name: 'd' } } },
          },
        },
      });

    test('vsphere with VSPHERE_USER and VSPHERE_PASSWORD', async () => {
      const cwd = tempDir();
      providerApp(cwd, 'vsphere', 'vmware/vsphere', 'vsphere_datacenter');
      const unset = await withEnv({ VSPHERE_USER: '', VSPHERE_PASSWORD: '' }, () => check({ cwd }));
      const set = await withEnv({ VSPHERE_USER: 'u', VSPHERE_PASSWORD: SECRET }, () =>
        check({ cwd }),
      );
      expect(unset.output).toContain('The argument "user" is required');
      expect(unset.code).toBe(CheckExit.FAILED);
      expect(set.output).toContain('passed:      s');
      expect(set.output).not.toContain(SECRET);
      expect(set.code).toBe(CheckExit.OK);
    });

    test('vcd with VCD_URL but without VCD_ORG fails on org only', async () => {
      const cwd = tempDir();
      providerApp(cwd, 'vcd', 'vmware/vcd', 'vcd_catalog');
      const { code, output } = await withEnv({ VCD_URL: 'https://vcd.example', VCD_ORG: '' }, () =>
        check({ cwd }),
      );
      expect(output).toContain('The argument "org" is required');
      expect(output).not.toContain('The argument "url" is required');
      expect(code).toBe(CheckExit.FAILED);
      const both = await withEnv({ VCD_URL: 'https://vcd.example', VCD_ORG: 'o' }, () =>
        check({ cwd }),
      );
      expect(both.code).toBe(CheckExit.OK);
    });
  });
});
