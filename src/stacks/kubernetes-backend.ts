import { TerraformBackend, TerraformRemoteState } from 'cdktf';
import { Construct } from 'constructs';
import { remoteStateConfig } from '../private/terraform-literals';

/** Settings of Terraform's `kubernetes` backend (cdktf 0.21 ships no class for it). */
export interface KubernetesBackendConfig {
  /** Suffix of the state Secret `tfstate-<workspace>-<suffix>`. */
  readonly secretSuffix: string;
  /** @default - the backend's default ("default") */
  readonly namespace?: string;
  /** @default - KUBE_CONFIG_PATH from the environment */
  readonly configPath?: string;
  /** @default - the kubeconfig's current context */
  readonly configContext?: string;
  /** @default false */
  readonly inClusterConfig?: boolean;
}

/** State kept as a Secret in a Kubernetes cluster (here: the Kamaji management cluster). */
export class KubernetesBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly config: KubernetesBackendConfig,
  ) {
    super(scope, 'backend', 'kubernetes');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return snakeCase(this.config);
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return snakeCase(this.config);
  }

  public getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    return new DataTerraformRemoteStateKubernetes(scope, name, {
      ...remoteStateConfig(snakeCase(this.config)),
      workspace: '${terraform.workspace}',
    });
  }
}

/** `terraform_remote_state` reading a `kubernetes` backend, for cross-stack references. */
export class DataTerraformRemoteStateKubernetes extends TerraformRemoteState {
  constructor(scope: Construct, id: string, config: { [name: string]: unknown }) {
    super(scope, id, 'kubernetes', config);
  }
}

function snakeCase(config: KubernetesBackendConfig): { [name: string]: unknown } {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
  );
}
