import { DataKubernetesSecretV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1';
import { Fn, ITerraformDependable, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { warnOnLocalState } from '../private/state-warning';

export interface AdminKubeconfigReaderOptions {
  /** `<tcp>-admin-kubeconfig`. */
  readonly secretName: string;
  readonly namespace: string;
  readonly provider?: TerraformProvider;
  /** Read only after these exist (the TenantControlPlane, when made here). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Reads the admin kubeconfig Secret Kamaji writes for a control plane. The data
 * source is created on first use, so a control plane whose kubeconfig nobody reads
 * adds nothing to the plan.
 */
export class AdminKubeconfigReader {
  private secret?: DataKubernetesSecretV1;

  constructor(
    private readonly scope: Construct,
    private readonly options: AdminKubeconfigReaderOptions,
  ) {}

  /**
   * `admin.conf`: the kubeconfig for the public endpoint, sensitive wherever it is used.
   * The provider marks the Secret's `data` sensitive, but a stack that reads it from
   * another one gets it through CDKTF's cross-stack output and `terraform_remote_state`,
   * whose outputs Terraform does not mark: `sensitive()` here is evaluated in the stack
   * that uses the value, so every consumer, in any stack, gets it marked.
   */
  public get adminConf(): string {
    return Fn.sensitive(this.secretAdminConf());
  }

  /**
   * `host:port` of the API server, taken from the kubeconfig's server URL at apply time.
   * An address is no secret: `nonsensitive` lets it be an ordinary output, where
   * Terraform would otherwise carry the Secret's sensitivity over to it.
   */
  public get endpoint(): string {
    const server = Fn.lookupNested(Fn.yamldecode(this.secretAdminConf()), [
      'clusters',
      0,
      'cluster',
      'server',
    ]);
    return Fn.nonsensitive(Fn.trimprefix(Token.asString(server), 'https://'));
  }

  private secretAdminConf(): string {
    return this.dataSource().data.lookup('admin.conf');
  }

  private dataSource(): DataKubernetesSecretV1 {
    // The kubeconfig this reads lands in the state of the stack that reads it.
    if (!this.secret) warnOnLocalState(this.scope, "a tenant control plane's admin kubeconfig");
    this.secret ??= new DataKubernetesSecretV1(this.scope, 'AdminKubeconfigSecret', {
      provider: this.options.provider,
      metadata: { name: this.options.secretName, namespace: this.options.namespace },
      dependsOn: this.options.dependsOn,
    });
    return this.secret;
  }
}
