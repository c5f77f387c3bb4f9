import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Password } from '@cdktf/provider-random/lib/password';
import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { Offset } from '@cdktf/provider-time/lib/offset';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Rotating } from '@cdktf/provider-time/lib/rotating';
import { Fn, TerraformLocal, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Errors, Problem, ValidationError } from '../errors';
import { ITenantControlPlane } from '../kamaji/tenant-control-plane';
import { qualifyProviderSources } from '../private/provider-sources';
import { warnOnLocalState } from '../stacks/state-warning';

export interface JoinTokenProps {
  /** The control plane whose tenant cluster the token joins. */
  readonly controlPlane: ITenantControlPlane;
  /**
   * A kubernetes provider for the tenant cluster.
   * @default - one configured from the control plane's admin kubeconfig
   */
  readonly tenantProvider?: TerraformProvider;
  /**
   * How long a token is valid.
   * @default 24 (kubeadm's own default TTL)
   */
  readonly ttlHours?: number;
  /**
   * How often a new token replaces the current one, on the next apply after that
   * time. Must be shorter than `ttlHours`: a machine created just before a rotation
   * still has `ttlHours - rotationHours` to join.
   * @default - half of ttlHours
   */
  readonly rotationHours?: number;
  /**
   * Description stored in the token Secret.
   * @default "Node join token managed by cdktf-kamaji"
   */
  readonly description?: string;
}

const AUTH_EXTRA_GROUPS = 'system:bootstrappers:kubeadm:default-node-token';

/**
 * A kubeadm bootstrap token in the tenant cluster (design D3): a
 * `bootstrap.kubernetes.io/token` Secret in `kube-system`, whose id and secret come
 * from the random provider and whose expiry comes from the time provider. A
 * `time_rotating` renews id, secret and expiry before the token lapses, so a pool
 * scaled up next month still gets a valid token; machines ignore later changes of
 * their user-data, so a rotation replaces none of them.
 */
export class JoinToken extends Construct {
  /**
   * The join token of `controlPlane` in the stack of `scope`, made on first use, so the
   * pools of one control plane in one stack share one token.
   */
  public static forControlPlane(scope: Construct, controlPlane: ITenantControlPlane): JoinToken {
    const stack = TerraformStack.of(scope);
    const id = `${controlPlane.name}-join-token`;
    const existing = stack.node.tryFindChild(id);
    return existing instanceof JoinToken ? existing : new JoinToken(stack, id, { controlPlane });
  }

  /** `<id>.<secret>`, sensitive: use it only in sensitive outputs and user-data. */
  public readonly token: string;
  /** The tenant API server, `host:port`. */
  public readonly endpoint: string;
  /** The tenant cluster CA certificate (PEM), read from the admin kubeconfig. */
  public readonly caCertificate: string;
  /** The kubernetes provider the token Secret is created with. */
  public readonly tenantProvider: TerraformProvider;
  /** The bootstrap token Secret. */
  public readonly secret: SecretV1;

  constructor(scope: Construct, id: string, props: JoinTokenProps) {
    super(scope, id);
    const ttlHours = props.ttlHours ?? 24;
    const rotationHours = props.rotationHours ?? ttlHours / 2;
    const problems = validateLifetime(ttlHours, rotationHours);
    if (problems.length > 0) throw new ValidationError(this.node.path, problems);
    qualifyProviderSources(this);
    warnOnLocalState(this, 'a join token');

    const kubeconfig = Fn.yamldecode(props.controlPlane.adminKubeconfig);
    // Locals, so each node's user-data refers to one name: every use of a cross-stack
    // value would otherwise become a cross-stack token of its own at synth time
    // (3,000 vSphere nodes: 2.99 GiB peak memory before, under 1 GiB after; npm run bench).
    const caCertificate = Fn.base64decode(
      Token.asString(
        Fn.lookupNested(kubeconfig, ['clusters', 0, 'cluster', 'certificate-authority-data']),
      ),
    );
    this.caCertificate = new TerraformLocal(this, 'CaCertificate', caCertificate).asString;
    this.endpoint = new TerraformLocal(this, 'Endpoint', props.controlPlane.endpoint).asString;
    this.tenantProvider =
      props.tenantProvider ?? this.tenantProviderFrom(kubeconfig, props.controlPlane);
    const random = ensureProvider(
      this,
      'random',
      () => new RandomProvider(TerraformStack.of(this), 'KamajiRandomProvider'),
    );
    const time = ensureProvider(
      this,
      'time',
      () => new TimeProvider(TerraformStack.of(this), 'KamajiTimeProvider'),
    );

    const rotation = new Rotating(this, 'Rotation', {
      provider: time,
      rotationMinutes: Math.round(rotationHours * 60),
    });
    const keepers = { rotation: rotation.id };
    const tokenId = new StringResource(this, 'TokenId', {
      provider: random,
      length: 6,
      upper: false,
      special: false,
      keepers,
    });
    // random_password: its result is sensitive, unlike random_string's.
    const tokenSecret = new Password(this, 'TokenSecret', {
      provider: random,
      length: 16,
      upper: false,
      special: false,
      keepers,
    });
    const expiry = new Offset(this, 'Expiry', {
      provider: time,
      baseRfc3339: rotation.rfc3339,
      offsetMinutes: Math.round(ttlHours * 60),
      triggers: keepers,
    });

    this.secret = new SecretV1(this, 'Resource', {
      provider: this.tenantProvider,
      metadata: { name: `bootstrap-token-${tokenId.result}`, namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      data: {
        'token-id': tokenId.result,
        'token-secret': tokenSecret.result,
        expiration: expiry.rfc3339,
        'usage-bootstrap-authentication': 'true',
        'usage-bootstrap-signing': 'true',
        'auth-extra-groups': AUTH_EXTRA_GROUPS,
        description: props.description ?? 'Node join token managed by cdktf-kamaji',
      },
    });
    this.token = `${tokenId.result}.${tokenSecret.result}`;
  }

  /**
   * A provider for the tenant cluster from `admin.conf`, decoded at apply time. In the
   * two-stack layout (design D1) the kubeconfig comes from the control plane stack's
   * state (a cross-stack reference) or from the management cluster's Secret, so it is
   * known when the node stack is planned.
   */
  private tenantProviderFrom(
    kubeconfig: unknown,
    controlPlane: ITenantControlPlane,
  ): TerraformProvider {
    const cluster = (key: string) =>
      Token.asString(Fn.lookupNested(kubeconfig, ['clusters', 0, 'cluster', key]));
    const user = (key: string) =>
      Token.asString(Fn.lookupNested(kubeconfig, ['users', 0, 'user', key]));
    return new KubernetesProvider(this, 'TenantProvider', {
      alias: `tenant-${controlPlane.name}-${this.node.addr.slice(0, 8)}`,
      host: cluster('server'),
      clusterCaCertificate: Fn.base64decode(cluster('certificate-authority-data')),
      clientCertificate: Fn.base64decode(user('client-certificate-data')),
      clientKey: Fn.base64decode(user('client-key-data')),
    });
  }
}

function validateLifetime(ttlHours: number, rotationHours: number): Problem[] {
  const problems: Problem[] = [];
  if (!Token.isUnresolved(ttlHours) && !(ttlHours > 0)) {
    problems.push(Errors.notPositiveNumber('ttlHours', ttlHours));
  }
  if (!Token.isUnresolved(rotationHours) && !(rotationHours > 0 && rotationHours < ttlHours)) {
    problems.push(Errors.rotationNotBeforeExpiry('rotationHours', rotationHours, ttlHours));
  }
  return problems;
}

/**
 * The stack's default provider of a type, created when the stack has none, so a
 * JoinToken works in a stack that never mentioned random or time.
 */
function ensureProvider(
  scope: Construct,
  type: string,
  create: () => TerraformProvider,
): TerraformProvider {
  const stack = TerraformStack.of(scope);
  const known = providersByStack.get(stack) ?? new Map<string, TerraformProvider>();
  providersByStack.set(stack, known);
  // Searching the whole stack for every token made large apps quadratic (npm run bench).
  const cached = known.get(type);
  if (cached) return cached;
  const existing = stack.node
    .findAll()
    .find(
      (c): c is TerraformProvider =>
        c instanceof TerraformProvider && c.terraformResourceType === type && c.alias === undefined,
    );
  const provider = existing ?? create();
  known.set(type, provider);
  return provider;
}

const providersByStack = new WeakMap<TerraformStack, Map<string, TerraformProvider>>();
