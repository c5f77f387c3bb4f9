/**
 * The language features the library writes that Terraform and OpenTofu both run, with
 * the first release of each that has them (feature names: terraform-json-features.ts).
 * A synthesized stack that uses anything else fails the OpenTofu compatibility test
 * (test/conformance/opentofu-compatibility.test.ts) until it is checked and listed here.
 *
 * Facts read in the source of both cores at their release tags (snapshots of
 * opentofu/opentofu of 2026-08-22 and of hashicorp/terraform): the first tag whose
 * lang/functions.go names each function, whose configs/ parse each block and argument
 * (the variable block's `sensitive` from v0.14.0; resource `for_each`, parsed but refused
 * before, from v0.12.6), whose builtin terraform provider has `terraform_data`, and whose
 * s3 and kubernetes backends take each setting (s3 `endpoints` and `use_path_style`
 * from v1.6.0, `use_lockfile` from v1.10.0 in both). OpenTofu v1.6.0, its first stable
 * release, has every feature listed but `use_lockfile`. `docs` is OpenTofu's page.
 */

export interface SharedFeature {
  /** The first Terraform release that has it. */
  readonly terraform: string;
  /** The first OpenTofu release that has it. */
  readonly opentofu: string;
  /** Where OpenTofu documents it, under website/docs/language/ of opentofu/opentofu. */
  readonly docs: string;
}

const OPENTOFU_FIRST = '1.6';

function since(terraform: string, docs: string, opentofu = OPENTOFU_FIRST): SharedFeature {
  return { terraform, opentofu, docs };
}

const fn = (name: string, terraform = '0.12') =>
  [`function:${name}`, since(terraform, `functions/${name}.mdx`)] as const;

export const SHARED_FEATURES: Readonly<Record<string, SharedFeature>> = {
  'block:terraform': since('0.12', 'settings/index.mdx'),
  'block:provider': since('0.12', 'providers/configuration.mdx'),
  'block:resource': since('0.12', 'resources/syntax.mdx'),
  'block:data': since('0.12', 'data-sources/index.mdx'),
  'block:variable': since('0.12', 'values/variables.mdx'),
  'block:output': since('0.12', 'values/outputs.mdx'),
  'block:locals': since('0.12', 'values/locals.mdx'),
  'block:check': since('1.5', 'checks/index.mdx'),
  'check:assert': since('1.5', 'checks/index.mdx'),

  'terraform:required_providers': since('0.13', 'providers/requirements.mdx'),
  'terraform:backend': since('0.12', 'settings/backends/configuration.mdx'),
  'backend:local': since('0.12', 'settings/backends/local.mdx'),
  'backend:local.path': since('0.12', 'settings/backends/local.mdx'),
  'backend:s3': since('0.12', 'settings/backends/s3.mdx'),
  'backend:s3.bucket': since('0.12', 'settings/backends/s3.mdx'),
  'backend:s3.key': since('0.12', 'settings/backends/s3.mdx'),
  'backend:s3.region': since('0.12', 'settings/backends/s3.mdx'),
  'backend:s3.encrypt': since('0.12', 'settings/backends/s3.mdx'),
  'backend:s3.endpoints': since('1.6', 'settings/backends/s3.mdx'),
  'backend:s3.use_path_style': since('1.6', 'settings/backends/s3.mdx'),
  'backend:s3.skip_credentials_validation': since('0.12', 'settings/backends/s3.mdx'),
  'backend:s3.skip_region_validation': since('0.12', 'settings/backends/s3.mdx'),
  'backend:s3.skip_metadata_api_check': since('0.12', 'settings/backends/s3.mdx'),
  'backend:s3.skip_requesting_account_id': since('0.12', 'settings/backends/s3.mdx'),
  // The library's default for StateBackend.s3 (useLockfile): Terraform 1.10, OpenTofu 1.10.
  'backend:s3.use_lockfile': since('1.10', 'settings/backends/s3.mdx', '1.10'),
  'backend:kubernetes': since('0.13', 'settings/backends/kubernetes.mdx'),
  'backend:kubernetes.secret_suffix': since('0.13', 'settings/backends/kubernetes.mdx'),
  'backend:kubernetes.namespace': since('0.13', 'settings/backends/kubernetes.mdx'),
  'backend:kubernetes.config_path': since('0.13', 'settings/backends/kubernetes.mdx'),
  // OpenTofu requires `hostname` (or TF_CLOUD_HOSTNAME): `cloud:without-hostname` is not here.
  'terraform:cloud': since('1.1', 'settings/tf-cloud.mdx'),
  'cloud:organization': since('1.1', 'settings/tf-cloud.mdx'),
  'cloud:hostname': since('1.1', 'settings/tf-cloud.mdx'),
  'cloud:workspaces': since('1.1', 'settings/tf-cloud.mdx'),

  'data:terraform_remote_state': since('0.12', 'state/remote-state-data.mdx'),
  'remote_state:local': since('0.12', 'settings/backends/local.mdx'),
  'remote_state:local.path': since('0.12', 'settings/backends/local.mdx'),
  'remote_state:s3': since('0.12', 'settings/backends/s3.mdx'),
  'remote_state:s3.bucket': since('0.12', 'settings/backends/s3.mdx'),
  'remote_state:s3.key': since('0.12', 'settings/backends/s3.mdx'),
  'remote_state:s3.region': since('0.12', 'settings/backends/s3.mdx'),
  'remote_state:s3.encrypt': since('0.12', 'settings/backends/s3.mdx'),
  'remote_state:s3.endpoints': since('1.6', 'settings/backends/s3.mdx'),
  'remote_state:s3.use_path_style': since('1.6', 'settings/backends/s3.mdx'),
  'remote_state:s3.skip_credentials_validation': since('0.12', 'settings/backends/s3.mdx'),
  'remote_state:s3.skip_region_validation': since('0.12', 'settings/backends/s3.mdx'),
  'remote_state:s3.skip_metadata_api_check': since('0.12', 'settings/backends/s3.mdx'),
  'remote_state:s3.skip_requesting_account_id': since('0.12', 'settings/backends/s3.mdx'),
  // A stack's ledger reads its own state with the settings of its backend.
  'remote_state:s3.use_lockfile': since('1.10', 'settings/backends/s3.mdx', '1.10'),
  'remote_state:kubernetes': since('0.13', 'settings/backends/kubernetes.mdx'),
  'remote_state:kubernetes.secret_suffix': since('0.13', 'settings/backends/kubernetes.mdx'),
  'remote_state:kubernetes.namespace': since('0.13', 'settings/backends/kubernetes.mdx'),
  'remote_state:kubernetes.config_path': since('0.13', 'settings/backends/kubernetes.mdx'),
  // A `cloud` stack is read through the `remote` backend, which has no default host in
  // OpenTofu: `remote_state:remote.without-hostname` is not here.
  'remote_state:remote': since('0.12', 'settings/backends/remote.mdx'),
  'remote_state:remote.organization': since('0.12', 'settings/backends/remote.mdx'),
  'remote_state:remote.hostname': since('0.12', 'settings/backends/remote.mdx'),
  'remote_state:remote.workspaces': since('0.12', 'settings/backends/remote.mdx'),

  'resource:terraform_data': since('1.4', 'resources/tf-data.mdx'),
  'meta:count': since('0.12', 'meta-arguments/count.mdx'),
  'meta:for_each': since('0.12.6', 'meta-arguments/for_each.mdx'),
  'meta:depends_on': since('0.12', 'meta-arguments/depends_on.mdx'),
  'meta:provider': since('0.12', 'meta-arguments/resource-provider.mdx'),
  'meta:lifecycle': since('0.12', 'meta-arguments/lifecycle.mdx'),
  'lifecycle:ignore_changes': since('0.12', 'meta-arguments/lifecycle.mdx'),
  'lifecycle:prevent_destroy': since('0.12', 'meta-arguments/lifecycle.mdx'),
  'lifecycle:precondition': since('1.2', 'expressions/custom-conditions.mdx'),
  'provisioner:local-exec': since('0.12', 'resources/provisioners/local-exec.mdx'),
  'provisioner:local-exec.command': since('0.12', 'resources/provisioners/local-exec.mdx'),
  'provisioner:local-exec.environment': since('0.12', 'resources/provisioners/local-exec.mdx'),
  'provisioner:local-exec.when=destroy': since('0.12', 'resources/provisioners/syntax.mdx'),

  'output:value': since('0.12', 'values/outputs.mdx'),
  'output:description': since('0.12', 'values/outputs.mdx'),
  'output:sensitive': since('0.12', 'values/outputs.mdx'),
  'output:precondition': since('1.2', 'expressions/custom-conditions.mdx'),
  'variable:type': since('0.12', 'values/variables.mdx'),
  'variable:default': since('0.12', 'values/variables.mdx'),
  'variable:description': since('0.12', 'values/variables.mdx'),
  'variable:sensitive': since('0.14', 'values/variables.mdx'),

  ...Object.fromEntries([
    fn('alltrue', '0.14'),
    fn('base64decode'),
    fn('base64encode'),
    // Equal output up to OpenTofu 1.12; from 1.13 equivalent, not equal (README,
    // "CDK for Terraform, CDK Terrain, Terraform, OpenTofu"): used only under ignore_changes.
    fn('base64gzip'),
    fn('contains'),
    fn('distinct'),
    fn('element'),
    fn('file'),
    fn('fileexists'),
    fn('format'),
    fn('join'),
    fn('jsonencode'),
    fn('length'),
    fn('lookup'),
    fn('max'),
    fn('nonsensitive', '0.15'),
    fn('pathexpand'),
    fn('sensitive', '0.15'),
    fn('sha256'),
    fn('split'),
    fn('tolist'),
    fn('tonumber'),
    fn('toset'),
    fn('trimprefix', '0.12.17'),
    fn('trimspace'),
    fn('try', '0.12.20'),
    fn('yamldecode', '0.12.2'),
  ]),
};

/** The newest of the given versions (`1.10` > `1.6`). */
export function newest(versions: readonly string[]): string {
  const parts = (v: string) => v.split('.').map(Number);
  return [...versions].sort((a, b) => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    }
    return 0;
  })[versions.length - 1];
}
