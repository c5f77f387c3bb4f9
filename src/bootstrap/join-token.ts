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
import { Problem } from '../errors';
import { BootstrapMessages } from './bootstrap-messages';
import { CommonMessages } from '../private/common-messages';
import { KamajiMessages } from '../kamaji/kamaji-messages';
import { checkSafely } from '../private/field-checks';
import { recordProblems } from '../private/problems';
import { isControlPlane, ITenantControlPlane } from '../kamaji/tenant-control-plane-interface';
import { ensureProvider } from '../private/ensure-provider';
import { qualifyProviderSources } from '../private/provider-sources';
import { claimName } from '../private/stack-names';
import { keepLiteralsLiteral } from '../private/terraform-literals';
import { warnOnLocalState } from '../private/state-warning';
import { Brand } from '../private/brand';
import { sharedWeakMap } from '../private/shared-state';

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

const BRAND = new Brand('JoinToken');

/**
 * A kubeadm bootstrap token in the tenant cluster (design D3): a
 * `bootstrap.kubernetes.io/token` Secret in `kube-system`, whose id and secret come
 * from the random provider and whose expiry comes from the time provider. A
 * `time_rotating` renews id, secret and expiry before the token lapses, so a pool
 * scaled up next month still gets a valid token; machines ignore later changes of
 * their user-data, so a rotation replaces none of them.
 */
export class JoinToken extends Construct {
  /** Whether `x` is a JoinToken, made by this copy of the library or another. */
  public static isJoinToken(x: unknown): x is JoinToken {
    return BRAND.has(x);
  }

  /**
   * The join token of `controlPlane` in the stack of `scope`, made on first use, so the
   * pools of one control plane in one stack share one token. Keyed by the control
   * plane construct: another control plane of the same name (another namespace or
   * management cluster) gets its own token, id `<name>-join-token-<hash>`.
   */
  public static forControlPlane(scope: Construct, controlPlane: ITenantControlPlane): JoinToken {
    const stack = TerraformStack.of(scope);
    const tokens = tokensByStack.get(stack) ?? new Map<ITenantControlPlane, JoinToken>();
    tokensByStack.set(stack, tokens);
    let token = tokens.get(controlPlane);
    if (!token) {
      const id = claimName(stack, 'construct', `${controlPlane.name}-join-token`, controlPlane);
      token = new JoinToken(stack, id, { controlPlane });
      tokens.set(controlPlane, token);
    }
    return token;
  }

  // The fields below are undefined when the props were refused (synth then fails).

  /** `<id>.<secret>`, sensitive in whichever stack uses it: only sensitive outputs take it. */
  public readonly token!: string;
  /** The tenant API server, `host:port`. */
  public readonly endpoint!: string;
  /** The tenant cluster CA certificate (PEM), read from the admin kubeconfig. */
  public readonly caCertificate!: string;
  /** The kubernetes provider the token Secret is created with. */
  public readonly tenantProvider!: TerraformProvider;
  /** The bootstrap token Secret. */
  public readonly secret!: SecretV1;

  constructor(scope: Construct, id: string, props: JoinTokenProps) {
    super(scope, id);
    BRAND.mark(this);
    const given = props ?? ({} as JoinTokenProps);
    const ttlHours = given.ttlHours ?? 24;
    const rotationHours = given.rotationHours ?? (Token.isUnresolved(ttlHours) ? 12 : ttlHours / 2);
    const problems = checkSafely(given, () => [
      ...(props === undefined || props === null ? [CommonMessages.missingProps(props)] : []),
      ...(isControlPlane(given.controlPlane)
        ? []
        : [KamajiMessages.noControlPlane('controlPlane', given.controlPlane)]),
      ...validateLifetime(ttlHours, rotationHours, given.rotationHours !== undefined),
    ]);
    if (recordProblems(this, problems)) return;
    qualifyProviderSources(this);
    keepLiteralsLiteral(this);
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
    // random_password marks the secret in this stack only: a pool in another stack reads
    // it through CDKTF's cross-stack output and terraform_remote_state, whose outputs
    // Terraform does not mark. sensitive() is evaluated in the stack that uses the token,
    // so every value made from it (user-data, snippets, outputs) is redacted there too.
    // join() rather than a template string: CDKTF cannot resolve a template string that
    // holds cross-stack references inside a function call (it warns and emits `${${...}}`).
    this.token = Fn.sensitive(Fn.join('', [tokenId.result, '.', tokenSecret.result]));
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

/** A token may live at most a year: longer, it is a standing credential. */
export const MAX_TOKEN_TTL_HOURS = 24 * 365;

/**
 * Terraform gets whole minutes (`Math.round(hours * 60)`), so the checks judge the
 * minutes: 0.001 hours would otherwise become a token that never lives.
 */
function validateLifetime(
  ttlHours: number,
  rotationHours: number,
  rotationGiven: boolean,
): Problem[] {
  const problems: Problem[] = [];
  const ttl = checkHours('ttlHours', ttlHours, problems);
  // A default rotation (half the TTL) is only as wrong as the TTL: say it once.
  if (ttl === undefined && !rotationGiven) return problems;
  const rotation = checkHours('rotationHours', rotationHours, problems);
  if (ttl !== undefined && rotation !== undefined && rotation >= ttl) {
    problems.push(
      BootstrapMessages.rotationNotBeforeExpiry('rotationHours', rotationHours, ttlHours),
    );
  }
  return problems;
}

/** The whole minutes of `hours`, or undefined (and a problem) when unusable. */
function checkHours(field: string, hours: number, problems: Problem[]): number | undefined {
  if (Token.isUnresolved(hours)) {
    // Minutes and the rotation-before-expiry rule are computed here, at synth.
    problems.push(
      CommonMessages.notKnownAtSynth(field, 'the token lifetime is computed in minutes at synth'),
    );
    return undefined;
  }
  if (typeof hours !== 'number' || !(hours > 0) || !Number.isFinite(hours)) {
    problems.push(CommonMessages.notPositiveNumber(field, hours));
    return undefined;
  }
  if (hours > MAX_TOKEN_TTL_HOURS) {
    problems.push(BootstrapMessages.lifetimeTooLong(field, hours, MAX_TOKEN_TTL_HOURS));
    return undefined;
  }
  const minutes = Math.round(hours * 60);
  if (minutes === 0) {
    problems.push(BootstrapMessages.lifetimeRoundsToZero(field, hours));
    return undefined;
  }
  return minutes;
}

/** The shared token of each control plane, per stack: keyed by the construct, not its name. */
const tokensByStack = sharedWeakMap<TerraformStack, Map<ITenantControlPlane, JoinToken>>(
  'join-tokens',
);
