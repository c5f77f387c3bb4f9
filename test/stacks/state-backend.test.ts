import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { StateBackend } from '../../src';
import { refusalMessage } from '../support/refusal';
import { synthesize } from '../support/synth';

/** The problem lines of giving `backend()` to a stack `id` and synthesizing it. */
function refusal(backend: () => StateBackend, id = 'nodes'): string[] {
  return refusalMessage(() => {
    const stack = new TerraformStack(Testing.app(), id);
    backend().applyTo(stack);
    synthesize(stack);
  }).split('\n');
}

/** Two stacks with the backend, the second reading a value of the first. */
function linkedStacks(backend: StateBackend) {
  const app = Testing.app();
  const source = new TerraformStack(app, 'control-plane');
  backend.applyTo(source);
  new RandomProvider(source, 'random');
  const value = new StringResource(source, 'value', { length: 4 });
  const reader = new TerraformStack(app, 'nodes');
  backend.applyTo(reader);
  new TerraformOutput(reader, 'copy', { value: value.result });
  app.synth();
  const json = (stack: TerraformStack) => JSON.parse(Testing.synth(stack));
  const nodes = json(reader);
  return {
    source: json(source).terraform,
    reader: nodes.terraform,
    // The cross-stack read (the ledger reads the stack's own state beside it)
    remoteState: Object.entries(nodes.data.terraform_remote_state).find(([name]) =>
      name.startsWith('cross-stack-reference-input-'),
    )![1] as any,
  };
}

describe('StateBackend', () => {
  test('local: a path relative to the stacks folder that the other stack resolves too', () => {
    const { source, remoteState } = linkedStacks(StateBackend.local());
    expect(source.backend).toEqual({
      local: { path: '../control-plane/terraform.control-plane.tfstate' },
    });
    expect(remoteState).toMatchObject({
      backend: 'local',
      config: { path: '../control-plane/terraform.control-plane.tfstate' },
    });
  });

  test('S3-compatible: one encrypted key per stack, path-style, lock file', () => {
    const { source, reader, remoteState } = linkedStacks(
      StateBackend.s3({
        bucket: 'tfstate',
        region: 'eu-west-1',
        endpoint: 'https://minio.example.com:9000',
      }),
    );
    expect(source.backend.s3).toEqual({
      bucket: 'tfstate',
      region: 'eu-west-1',
      key: 'cdktf-kamaji/control-plane.tfstate',
      encrypt: true,
      use_lockfile: true,
      endpoints: { s3: 'https://minio.example.com:9000' },
      use_path_style: true,
      skip_credentials_validation: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
    });
    expect(reader.backend.s3.key).toBe('cdktf-kamaji/nodes.tfstate');
    expect(remoteState).toMatchObject({
      backend: 's3',
      config: { bucket: 'tfstate', key: 'cdktf-kamaji/control-plane.tfstate' },
    });
  });

  test('AWS S3 with another prefix and no lock file', () => {
    const { source } = linkedStacks(
      StateBackend.s3({
        bucket: 'tf-state',
        region: 'us-east-1',
        keyPrefix: 'platform',
        useLockfile: false,
      }),
    );
    expect(source.backend.s3).toEqual({
      bucket: 'tf-state',
      region: 'us-east-1',
      key: 'platform/control-plane.tfstate',
      encrypt: true,
    });
  });

  test('Kubernetes: a state Secret per stack in the management cluster', () => {
    const { source, reader, remoteState } = linkedStacks(
      StateBackend.kubernetes({ namespace: 'kamaji-system', configPath: '~/.kube/management' }),
    );
    expect(source.backend).toEqual({
      kubernetes: {
        secret_suffix: 'cdktf-kamaji-control-plane',
        namespace: 'kamaji-system',
        config_path: '~/.kube/management',
      },
    });
    expect(reader.backend.kubernetes.secret_suffix).toBe('cdktf-kamaji-nodes');
    expect(remoteState).toMatchObject({
      backend: 'kubernetes',
      config: { secret_suffix: 'cdktf-kamaji-control-plane', namespace: 'kamaji-system' },
    });
  });

  test('Kubernetes: a config path with template syntax is written as given and read literally', () => {
    // GIVEN a kubeconfig path Terraform would read as a template in an expression
    const configPath = '~/.kube/${terraform.workspace}%{ if true }';
    // WHEN
    const { source, remoteState } = linkedStacks(StateBackend.kubernetes({ configPath }));
    // THEN the backend block (no template) keeps it, the remote state read escapes it
    expect(source.backend.kubernetes.config_path).toBe(configPath);
    expect(remoteState.config.config_path).toBe('~/.kube/$${terraform.workspace}%%{ if true }');
    expect(remoteState.workspace).toBe('${terraform.workspace}');
  });

  test('HCP Terraform: the cross-stack read names the workspace of the other stack', () => {
    const { remoteState } = linkedStacks(
      StateBackend.hcpTerraform({ organization: 'acme', hostname: 'tfe.example.com' }),
    );
    expect(remoteState).toEqual({
      backend: 'remote',
      config: {
        organization: 'acme',
        hostname: 'tfe.example.com',
        workspaces: { name: 'cdktf-kamaji-control-plane' },
      },
    });
  });

  test('HCP Terraform: a workspace per stack', () => {
    const { source, reader } = linkedStacks(
      StateBackend.hcpTerraform({
        organization: 'acme',
        workspacePrefix: 'kamaji-',
        project: 'platform',
      }),
    );
    expect(source.cloud).toEqual({
      organization: 'acme',
      workspaces: { name: 'kamaji-control-plane', project: 'platform' },
    });
    expect(reader.cloud.workspaces.name).toBe('kamaji-nodes');
  });

  describe('refuses what Terraform, S3, Kubernetes or HCP Terraform would refuse later', () => {
    test('fails when an S3 bucket or region is empty, missing or not a name AWS allows', () => {
      expect(refusal(() => StateBackend.s3({ bucket: '', region: ' ' }))).toEqual([
        'StateBackend.s3: bucket: received ""; must not be empty',
        'StateBackend.s3: region: received " "; must not be empty',
      ]);
      expect(refusal(() => StateBackend.s3({} as never))).toEqual([
        'StateBackend.s3: bucket: received nothing; is required',
        'StateBackend.s3: region: received nothing; is required',
      ]);
      expect(refusal(() => StateBackend.s3({ bucket: 'My_Bucket', region: 'Frankfurt' }))).toEqual([
        'StateBackend.s3: bucket: received "My_Bucket"; must be an S3 bucket name: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit',
        'StateBackend.s3: region: received "Frankfurt"; must be an AWS region such as "eu-west-1" (with an S3-compatible endpoint: any name without spaces)',
      ]);
    });

    test('an S3-compatible store names buckets and regions its own way', () => {
      const { source } = linkedStacks(
        StateBackend.s3({ bucket: 'Ceph_State', region: 'default', endpoint: 'http://ceph:7480' }),
      );
      expect(source.backend.s3).toMatchObject({ bucket: 'Ceph_State', region: 'default' });
    });

    test('fails on state keys Terraform refuses and on an endpoint that is not a URL', () => {
      expect(
        refusal(() =>
          StateBackend.s3({
            bucket: 'tfstate',
            region: 'eu-west-1',
            keyPrefix: '/kamaji/',
            endpoint: 'minio:9000',
          }),
        ),
      ).toEqual([
        'StateBackend.s3: keyPrefix: received "/kamaji/"; must not be empty, start or end with "/" or contain "//": Terraform refuses such state keys',
        'StateBackend.s3: endpoint: received "minio:9000"; must be an https:// (or http://) URL without spaces or quotes',
      ]);
      expect(
        refusal(() => StateBackend.s3({ bucket: 'tfstate', region: 'eu-west-1', keyPrefix: '' })),
      ).toEqual([
        'StateBackend.s3: keyPrefix: received ""; must not be empty, start or end with "/" or contain "//": Terraform refuses such state keys',
      ]);
    });

    test('fails on a token: Terraform reads backends before variables exist', () => {
      const [line] = refusalMessage(() => {
        const stack = new TerraformStack(Testing.app(), 'nodes');
        const bucket = new TerraformVariable(stack, 'bucket', { type: 'string' });
        StateBackend.s3({ bucket: bucket.stringValue, region: 'eu-west-1' }).applyTo(stack);
        synthesize(stack);
      }).split('\n');
      expect(line).toMatch(
        /^StateBackend\.s3: bucket: received "\$\{TfToken\[TOKEN\.\d+\]\}"; must be a literal string: Terraform reads backend settings before any variable or reference exists$/,
      );
    });

    test('fails when a Kubernetes namespace is not an RFC 1123 label, or the config path is empty', () => {
      expect(
        refusal(() => StateBackend.kubernetes({ namespace: 'Kamaji_System', configPath: '' })),
      ).toEqual([
        'StateBackend.kubernetes: namespace: received "Kamaji_System"; must be an RFC 1123 label: at most 63 characters, lower-case letters, digits and "-", starting and ending with a letter or digit',
        'StateBackend.kubernetes: configPath: received ""; must not be empty',
      ]);
      expect(refusal(() => StateBackend.kubernetes({ namespace: '' }))).toEqual([
        'StateBackend.kubernetes: namespace: received ""; must not be empty',
      ]);
    });

    test("fails on a stack's state Secret suffix that Kubernetes or Terraform 1.11 refuses", () => {
      // Terraform numbers the chunks of a large state "-<n>": it refuses such suffixes.
      expect(refusal(() => StateBackend.kubernetes(), 'nodes-tcp-1')).toEqual([
        'nodes-tcp-1: secretSuffixPrefix: received "cdktf-kamaji-"; makes the state Secret suffix "cdktf-kamaji-nodes-tcp-1" for stack "nodes-tcp-1", which ends in "-<number>": Terraform refuses that, as it numbers the chunks of large states so; rename the stack (for a fleet: the control plane) so it does not end in "-<number>"',
      ]);
      expect(
        refusal(() => StateBackend.kubernetes({ secretSuffixPrefix: 'Kamaji-' }))[0],
      ).toContain(
        'nodes: secretSuffixPrefix: received "Kamaji-"; makes the state Secret suffix "Kamaji-nodes"',
      );
      const long = `nodes-${'a'.repeat(45)}`;
      expect(refusal(() => StateBackend.kubernetes(), long)[0]).toContain(
        `makes the state Secret suffix "cdktf-kamaji-${long}" for stack "${long}"`,
      );
    });

    test('fails on an empty or malformed HCP Terraform organization, hostname or workspace', () => {
      expect(
        refusal(() =>
          StateBackend.hcpTerraform({
            organization: '',
            hostname: 'https://app.terraform.io',
            project: '',
          }),
        ),
      ).toEqual([
        'StateBackend.hcpTerraform: organization: received ""; must not be empty',
        'StateBackend.hcpTerraform: hostname: received "https://app.terraform.io"; must be a host name with an optional port, such as "app.terraform.io" or "tfe.example.com:8443", without scheme or path',
        'StateBackend.hcpTerraform: project: received ""; must not be empty',
      ]);
      expect(refusal(() => StateBackend.hcpTerraform({ organization: 'acme corp' }))).toEqual([
        'StateBackend.hcpTerraform: organization: received "acme corp"; must hold only letters, digits, "-", "_" and "."',
      ]);
      expect(
        refusal(() =>
          StateBackend.hcpTerraform({ organization: 'acme', workspacePrefix: 'kamaji/' }),
        ),
      ).toEqual([
        'nodes: workspacePrefix: received "kamaji/"; makes the workspace name "kamaji/nodes" for stack "nodes", which may hold only letters, digits, "-", "_" and "."; change the prefix or the stack id',
      ]);
    });
  });
});
