/**
 * Where the runner finds the management cluster, for the day-2 scripts to read a
 * tenant's admin kubeconfig Secret when they run (they keep no credential in state).
 * Only the non-secret settings of the control plane's management kubernetes provider
 * travel: its kubeconfig paths and context names, and the names of the arguments it
 * has that a kubectl call cannot reproduce (host, token, certificates, exec), for the
 * scripts to refuse rather than reach another cluster (retirement-scripts.ts).
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformProvider, TerraformStack, Token } from 'cdktf';
import type { ITenantControlPlane } from '../kamaji/tenant-control-plane-interface';

/** The management provider's kubeconfig settings; each may be a Terraform expression. */
export interface ManagementKubeconfig {
  /**
   * The provider's `config_path` (a leading `~` is the runner's home).
   * @default - the runner's `KUBE_CONFIG_PATH`, else `configPaths`
   */
  readonly configPath?: string;
  /**
   * The provider's `config_paths`.
   * @default - the runner's `KUBE_CONFIG_PATHS` (a list separated like `KUBECONFIG`)
   */
  readonly configPaths?: string[];
  /**
   * The provider's `config_context`.
   * @default - the runner's `KUBE_CTX`, else the kubeconfig's current context
   */
  readonly configContext?: string;
  /**
   * The provider's `config_context_auth_info`.
   * @default - the runner's `KUBE_CTX_AUTH_INFO`, else the context's
   */
  readonly configContextAuthInfo?: string;
  /**
   * The provider's `config_context_cluster`.
   * @default - the runner's `KUBE_CTX_CLUSTER`, else the context's
   */
  readonly configContextCluster?: string;
  /**
   * Names of the provider's arguments that override the kubeconfig (host, token, ...):
   * the scripts cannot reach the cluster the provider reaches, and refuse.
   * @default - none
   */
  readonly unreproducible?: string[];
}

/**
 * The provider's arguments that override what a kubeconfig says (hashicorp/kubernetes,
 * kubernetes/provider.go, initializeConfiguration): a kubectl call given only the
 * kubeconfig would reach another server or user than the provider.
 */
const OVERRIDES: ReadonlyArray<[keyof KubernetesProvider, string]> = [
  ['host', 'host'],
  ['token', 'token'],
  ['username', 'username'],
  ['password', 'password'],
  ['clientCertificate', 'client_certificate'],
  ['clientKey', 'client_key'],
  ['clusterCaCertificate', 'cluster_ca_certificate'],
  ['insecure', 'insecure'],
  ['tlsServerName', 'tls_server_name'],
  ['proxyUrl', 'proxy_url'],
  ['exec', 'exec'],
];

/**
 * The kubeconfig settings of `controlPlane`'s management provider: the one it was given,
 * else the default (unaliased) kubernetes provider of its stack, as it stands when the
 * pool is made. Empty when there is none: the scripts then follow the runner's `KUBE_*`
 * variables, as the provider would.
 */
export function managementKubeconfigOf(controlPlane: ITenantControlPlane): ManagementKubeconfig {
  const provider = controlPlane.managementProvider ?? defaultKubernetesProvider(controlPlane);
  if (!(provider instanceof KubernetesProvider)) return {};
  // `insecure = false` overrides nothing.
  const unreproducible = OVERRIDES.filter(
    ([getter]) => provider[getter] !== undefined && provider[getter] !== false,
  ).map(([, argument]) => argument);
  return {
    ...(provider.configPath !== undefined && { configPath: provider.configPath }),
    ...(provider.configPaths !== undefined && { configPaths: provider.configPaths }),
    ...(provider.configContext !== undefined && { configContext: provider.configContext }),
    ...(provider.configContextAuthInfo !== undefined && {
      configContextAuthInfo: provider.configContextAuthInfo,
    }),
    ...(provider.configContextCluster !== undefined && {
      configContextCluster: provider.configContextCluster,
    }),
    ...(unreproducible.length > 0 && { unreproducible }),
  };
}

/**
 * The settings as a `terraform_data` input records them: every key always present, ""
 * when not given, lists joined with `:` as `KUBECONFIG` separates them.
 */
export function managementRecord(management: ManagementKubeconfig): { [key: string]: string } {
  const paths = management.configPaths;
  return {
    management_kubeconfig: plain(management.configPath),
    management_context: plain(management.configContext),
    management_kubeconfig_paths:
      paths === undefined
        ? ''
        : Token.isUnresolved(paths)
          ? Fn.nonsensitive(Fn.join(':', paths))
          : paths.map(plain).join(':'),
    management_context_auth_info: plain(management.configContextAuthInfo),
    management_context_cluster: plain(management.configContextCluster),
    management_unreproducible: (management.unreproducible ?? []).join(', '),
  };
}

/** The scripts' variable for each key of the record. */
const VARIABLES: { readonly [key: string]: string } = {
  management_kubeconfig: 'MANAGEMENT_KUBECONFIG',
  management_context: 'MANAGEMENT_CONTEXT',
  management_kubeconfig_paths: 'MANAGEMENT_KUBECONFIG_PATHS',
  management_context_auth_info: 'MANAGEMENT_CONTEXT_AUTH_INFO',
  management_context_cluster: 'MANAGEMENT_CONTEXT_CLUSTER',
  management_unreproducible: 'MANAGEMENT_UNREPRODUCIBLE',
};

/** Keys the first release recorded; the others may be missing from an older state. */
const FIRST_KEYS = ['management_kubeconfig', 'management_context'];

/**
 * The scripts' environment from that record (`self.input`). Keys added after the first
 * release are read with `try`: a node recorded by an older library keeps its old input
 * in state, and its destroy-time provisioner must still run.
 */
export const MANAGEMENT_ENVIRONMENT: { readonly [variable: string]: string } = Object.fromEntries(
  Object.entries(VARIABLES).map(([key, variable]) => [
    variable,
    FIRST_KEYS.includes(key) ? `\${self.input.${key}}` : `\${try(self.input.${key}, "")}`,
  ]),
);

/** The scripts' environment straight from the settings, for a script run at create time. */
export function managementEnvironment(management: ManagementKubeconfig): {
  [variable: string]: string;
} {
  return Object.fromEntries(
    Object.entries(managementRecord(management)).map(([key, value]) => [VARIABLES[key], value]),
  );
}

/** What the scripts check the tenant they reach against. */
export interface TenantIdentity {
  /** `host:port` of the API server. */
  readonly endpoint: string;
  /** sha256 (hex) of the cluster CA's PEM, as the kubeconfig holds it. */
  readonly caSha256: string;
}

/**
 * The tenant's API server and CA as the admin kubeconfig Terraform read names them
 * (through the control plane's own provider): the scripts refuse a kubeconfig they
 * fetched or were given with another server or CA (two environments may give their
 * tenants the same address; never the same CA). Not `controlPlane.endpoint`: an
 * imported control plane's endpoint may be the address nodes join, not admin.conf's.
 * An address and a hash of a public certificate are no secrets (`plain` makes them so).
 */
export function tenantIdentityOf(controlPlane: ITenantControlPlane): TenantIdentity {
  const cluster = Fn.lookupNested(Fn.yamldecode(controlPlane.adminKubeconfig), [
    'clusters',
    0,
    'cluster',
  ]);
  const server = Token.asString(Fn.lookupNested(cluster, ['server']));
  const ca = Token.asString(Fn.lookupNested(cluster, ['certificate-authority-data']));
  // Sensitive, as the Secret is: the scripts' environment makes them plain.
  return {
    endpoint: Fn.trimprefix(server, 'https://'),
    caSha256: Fn.sha256(Fn.base64decode(ca)),
  };
}

/**
 * A setting as the scripts get it: "" when not given. An expression (a variable, or an
 * output of the control plane's stack, which CDKTF marks sensitive) is a path, a name
 * or an address, no secret: `nonsensitive` keeps Terraform from hiding the scripts'
 * output, which it does when their environment holds a sensitive value. Redundant
 * `nonsensitive` is no error since Terraform 1.7 (hashicorp/terraform#33856) and
 * OpenTofu 1.6 (opentofu/opentofu#369).
 */
export function plain(value: string | undefined): string {
  if (value === undefined) return '';
  return Token.isUnresolved(value) ? Fn.nonsensitive(value) : value;
}

function defaultKubernetesProvider(
  controlPlane: ITenantControlPlane,
): TerraformProvider | undefined {
  return TerraformStack.of(controlPlane)
    .node.findAll()
    .find((c): c is KubernetesProvider => c instanceof KubernetesProvider && c.alias === undefined);
}
