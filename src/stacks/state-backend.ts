import {
  CloudBackend,
  CloudBackendConfig,
  DataTerraformRemoteState,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  LocalBackend,
  LocalBackendConfig,
  NamedCloudWorkspace,
  S3Backend,
  S3BackendConfig,
  TerraformRemoteState,
  TerraformStack,
  Token,
} from 'cdktf';
import { Construct } from 'constructs';
import { Problem, ValidationError } from '../errors';
import { remoteStateConfig } from '../private/terraform-literals';
import { StateLedger } from '../day-two/state-ledger';
import { KubernetesBackend } from './kubernetes-backend';
import {
  validateHcpTerraformState,
  validateHcpWorkspace,
  validateKubernetesSecretSuffix,
  validateKubernetesState,
  validateS3State,
} from './state-backend-validation';
import { Brand } from '../private/brand';

/** An S3 bucket, on AWS or any S3-compatible store. */
export interface S3StateOptions {
  readonly bucket: string;
  readonly region: string;
  /**
   * Prefix of the state keys: `<prefix>/<stack>.tfstate`.
   * @default "cdktf-kamaji"
   */
  readonly keyPrefix?: string;
  /**
   * Endpoint of an S3-compatible store (MinIO, Ceph, ...): path-style requests and no
   * AWS-only checks.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Lock with a lock file next to the state (Terraform 1.10+).
   * @default true
   */
  readonly useLockfile?: boolean;
}

/** State as Secrets in a Kubernetes cluster, typically the Kamaji management cluster. */
export interface KubernetesStateOptions {
  /** @default "default" */
  readonly namespace?: string;
  /** @default - KUBE_CONFIG_PATH from the environment */
  readonly configPath?: string;
  /**
   * Prefix of the Secret suffix: the Secret is `tfstate-<workspace>-<prefix><stack>`.
   * @default "cdktf-kamaji-"
   */
  readonly secretSuffixPrefix?: string;
}

/** HCP Terraform (or Terraform Enterprise): one workspace per stack. */
export interface HcpTerraformStateOptions {
  readonly organization: string;
  /**
   * Prefix of the workspace names: `<prefix><stack>`.
   * @default "cdktf-kamaji-"
   */
  readonly workspacePrefix?: string;
  /**
   * The host of HCP Terraform, Terraform Enterprise or another service of that API, with
   * an optional port. Give it to run on OpenTofu: OpenTofu has no default host, neither
   * for the `cloud` block nor for the `remote` backend the stacks read each other's state
   * through (opentofu/opentofu internal/cloud/backend.go, internal/backend/remote/backend.go).
   * @default - none written: Terraform's default, "app.terraform.io"
   */
  readonly hostname?: string;
  /** @default - the organization's default project */
  readonly project?: string;
}

const BRAND = new Brand('StateBackend');

/**
 * Where each stack keeps its state. Every choice writes names derived from the stack
 * id, so cross-stack references between control plane and node stacks (design D1)
 * find each other's state; credentials come from the environment, as the backends
 * themselves read it (AWS_*, KUBE_CONFIG_PATH, TF_TOKEN_*). State holds secrets (join
 * tokens, kubeconfigs): prefer an encrypted remote backend to local files.
 */
export class StateBackend {
  /** Whether `x` is a StateBackend, made by this copy of the library or another. */
  public static isStateBackend(x: unknown): x is StateBackend {
    return BRAND.has(x);
  }

  /**
   * `cdktf.out/stacks/<stack>/terraform.<stack>.tfstate`, written relative to the stack
   * folder (`../<stack>/...`): no machine path in the output, and other stacks'
   * cross-stack reads, run from their own folders, resolve it too.
   */
  public static local(): StateBackend {
    return new StateBackend(
      (stack, id) => new LiteralLocalBackend(stack, { path: `../${id}/terraform.${id}.tfstate` }),
    );
  }

  /**
   * An S3 bucket, key `<keyPrefix>/<stack>.tfstate`, encrypted. Throws a ValidationError
   * (path `StateBackend.s3`) for settings Terraform or S3 would refuse: an empty
   * bucket or region, a bucket or region name AWS does not allow (without `endpoint`),
   * a key prefix with a leading, trailing or double "/", a token (backends take literals).
   */
  public static s3(options: S3StateOptions): StateBackend {
    refuse('StateBackend.s3', validateS3State(options, Token.isUnresolved));
    return new StateBackend((stack, id) => {
      const backend = new LiteralS3Backend(stack, {
        bucket: options.bucket,
        region: options.region,
        key: `${options.keyPrefix ?? 'cdktf-kamaji'}/${id}.tfstate`,
        encrypt: true,
        ...(options.endpoint !== undefined && {
          endpoints: { s3: options.endpoint },
          usePathStyle: true,
          skipCredentialsValidation: true,
          skipRegionValidation: true,
          skipRequestingAccountId: true,
          skipMetadataApiCheck: true,
        }),
      });
      // cdktf 0.21 predates use_lockfile (Terraform 1.10): set it as a raw attribute.
      if (options.useLockfile ?? true) backend.addOverride('use_lockfile', true);
    });
  }

  /**
   * A Secret per stack in a Kubernetes cluster (Terraform's `kubernetes` backend).
   * Throws a ValidationError (path `StateBackend.kubernetes`) for a namespace that is not
   * an RFC 1123 label, an empty config path or a token; and, when given to a stack (path
   * of the stack), for a Secret suffix `<secretSuffixPrefix><stack>` that Kubernetes or
   * Terraform would refuse (over 63 characters, upper case, ending in "-<number>").
   */
  public static kubernetes(options: KubernetesStateOptions = {}): StateBackend {
    refuse('StateBackend.kubernetes', validateKubernetesState(options, Token.isUnresolved));
    const prefix = options.secretSuffixPrefix ?? 'cdktf-kamaji-';
    return new StateBackend((stack, id) => {
      refuse(stack.node.path, validateKubernetesSecretSuffix(prefix, id));
      new KubernetesBackend(stack, {
        secretSuffix: `${prefix}${id}`,
        namespace: options.namespace,
        configPath: options.configPath,
      });
    });
  }

  /**
   * HCP Terraform or Terraform Enterprise, workspace `<workspacePrefix><stack>`; on
   * OpenTofu, give `hostname`. Throws a ValidationError (path `StateBackend.hcpTerraform`)
   * for an empty organization, names with characters HCP Terraform refuses, a hostname
   * with a scheme or path, a token; and, when given to a stack (path of the stack), for
   * a workspace name it refuses.
   */
  public static hcpTerraform(options: HcpTerraformStateOptions): StateBackend {
    refuse('StateBackend.hcpTerraform', validateHcpTerraformState(options, Token.isUnresolved));
    const prefix = options.workspacePrefix ?? 'cdktf-kamaji-';
    return new StateBackend((stack, id) => {
      refuse(stack.node.path, validateHcpWorkspace(prefix, id));
      new LiteralCloudBackend(stack, {
        organization: options.organization,
        ...(options.hostname !== undefined && { hostname: options.hostname }),
        workspaces: new NamedCloudWorkspace(`${prefix}${id}`, options.project),
      });
    });
  }

  private constructor(private readonly configure: (stack: TerraformStack, id: string) => void) {
    BRAND.mark(this);
  }

  /**
   * Gives the stack this backend, and its ledger (issue #20): a stack that held a control
   * plane keeps refusing to drop it while pools point at it, even once nothing else of
   * the library is left in it.
   */
  public applyTo(stack: TerraformStack): void {
    this.configure(stack, stack.node.id);
    StateLedger.of(stack);
  }
}

/*
 * CDKTF's backends copy their settings into the terraform_remote_state of a cross-stack
 * reference as they are, where Terraform evaluates them (design D11): these read them
 * through remoteStateConfig. Same backend blocks, same data source addresses.
 */
const WORKSPACE = '${terraform.workspace}';

class LiteralLocalBackend extends LocalBackend {
  constructor(
    scope: Construct,
    private readonly settings: LocalBackendConfig & { path: string },
  ) {
    super(scope, settings);
  }

  public getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    const config = { ...remoteStateConfig(this.settings), workspace: WORKSPACE };
    return new DataTerraformRemoteStateLocal(scope, name, config);
  }
}

class LiteralS3Backend extends S3Backend {
  constructor(
    scope: Construct,
    private readonly settings: S3BackendConfig,
  ) {
    super(scope, settings);
  }

  public getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    const config = { ...remoteStateConfig(this.settings), workspace: WORKSPACE };
    return new DataTerraformRemoteStateS3(scope, name, config);
  }
}

/** Reads a named workspace through the `remote` backend, as CDKTF's CloudBackend does. */
class LiteralCloudBackend extends CloudBackend {
  constructor(
    scope: Construct,
    private readonly settings: CloudBackendConfig & { workspaces: NamedCloudWorkspace },
  ) {
    super(scope, settings);
  }

  public getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    const { organization, hostname, token, workspaces } = this.settings;
    const config = { organization, hostname, token, workspaces: { name: workspaces.name } };
    return new DataTerraformRemoteState(scope, name, remoteStateConfig(config));
  }
}

function refuse(path: string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ValidationError(path, problems);
}
