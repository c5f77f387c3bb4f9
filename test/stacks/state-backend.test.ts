import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { StateBackend } from '../../src';

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
    remoteState: Object.values(nodes.data.terraform_remote_state)[0] as any,
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
        bucket: 'b',
        region: 'us-east-1',
        keyPrefix: 'platform',
        useLockfile: false,
      }),
    );
    expect(source.backend.s3).toEqual({
      bucket: 'b',
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
});
