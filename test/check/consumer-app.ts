/**
 * A CDKTF app as a platform team writes it, for the tests of `cdktf-kamaji check`:
 * two stacks with S3 backends (credentials the check never has), a cross-stack
 * reference, a variable without a default. CONSUMER_VARIANT changes it:
 * - `unknown-attribute`: an argument the kubernetes_manifest schema lacks, added with
 *   the escape hatch (terraform validate refuses it);
 * - `unknown-provider`: a third stack with a provider no schema file of the package holds.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import {
  App,
  S3Backend,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesVersion, NodePool, TenantControlPlane, VSphereInfrastructure } from '../../src';

const variant = process.env.CONSUMER_VARIANT ?? 'valid';

function s3State(stack: TerraformStack, key: string): void {
  new S3Backend(stack, { bucket: 'platform-terraform-state', key, region: 'eu-central-1' });
}

class ControlPlanes extends TerraformStack {
  public readonly controlPlane: TenantControlPlane;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    s3State(this, 'kamaji/control-planes.tfstate');
    new KubernetesProvider(this, 'management', { configPath: '~/.kube/management' });
    this.controlPlane = new TenantControlPlane(this, 'tcp-alpha', {
      name: 'tcp-alpha',
      namespace: 'kamaji-tenant',
      kubernetesVersion: KubernetesVersion.of('v1.35.7'),
    });
    if (variant === 'unknown-attribute') {
      // kubernetes_deployment has this argument; kubernetes_manifest does not.
      (this.controlPlane.node.defaultChild as TerraformResource).addOverride(
        'wait_for_rollout',
        true,
      );
    }
  }
}

class Workers extends TerraformStack {
  constructor(scope: Construct, id: string, controlPlane: TenantControlPlane) {
    super(scope, id);
    s3State(this, 'kamaji/workers.tfstate');
    const password = new TerraformVariable(this, 'vsphere_password', {
      type: 'string',
      sensitive: true,
    });
    new VsphereProvider(this, 'vsphere', {
      vsphereServer: 'vcenter.example.com',
      user: 'terraform@vsphere.local',
      password: password.stringValue,
    });
    new NodePool(this, 'default-pool', {
      controlPlane,
      name: 'default-pool',
      replicas: 2,
      infrastructure: new VSphereInfrastructure({
        datacenter: 'dc-1',
        computeCluster: 'cluster-1',
        datastore: 'vsan-datastore',
        networks: ['tenant-nodes'],
        template: 'templates/ubuntu-24.04-cloudinit',
      }),
    });
  }
}

/** A provider the package has no schema for, as a consumer's own bindings declare one. */
class AwsProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'aws',
      terraformGeneratorMetadata: { providerName: 'aws', providerVersionConstraint: '~> 5.0' },
      terraformProviderSource: 'hashicorp/aws',
    });
  }
}

class Audit extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    s3State(this, 'kamaji/audit.tfstate');
    new AwsProvider(this, 'aws');
    new TerraformResource(this, 'audit-bucket', {
      terraformResourceType: 'aws_s3_bucket',
      terraformGeneratorMetadata: { providerName: 'aws' },
    }).addOverride('bucket', 'platform-audit');
  }
}

const app = new App();
const controlPlanes = new ControlPlanes(app, 'control-planes');
new Workers(app, 'workers', controlPlanes.controlPlane);
if (variant === 'unknown-provider') new Audit(app, 'audit');
app.synth();
