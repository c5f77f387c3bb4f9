import { Aspects, IAspect, LocalBackend, TerraformBackend, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { addWarning } from './annotations';
import { sharedWeakMap } from './shared-state';

/** What each watched stack holds that Terraform's state keeps in clear. */
const secretsByStack = sharedWeakMap<TerraformStack, Set<string>>('local-state-secrets');

/**
 * Warns at synth, where `cdktf synth` shows it, when a stack that holds secrets keeps
 * its state on local disk: Terraform's state holds the join token and the admin
 * kubeconfig in clear, and a stack given no backend gets CDKTF's implicit local one,
 * which also writes the machine's absolute path into the configuration. Constructs that
 * put secrets in the state call this with what they hold; one aspect per stack.
 */
export function warnOnLocalState(scope: IConstruct, secret: string): void {
  const stack = TerraformStack.of(scope);
  const known = secretsByStack.get(stack);
  if (known) {
    known.add(secret);
    return;
  }
  const secrets = new Set([secret]);
  secretsByStack.set(stack, secrets);
  Aspects.of(stack).add(new LocalStateWarning(stack, secrets));
}

class LocalStateWarning implements IAspect {
  private warned = false;

  constructor(
    private readonly stack: TerraformStack,
    private readonly secrets: ReadonlySet<string>,
  ) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack || this.warned) return;
    const backend = this.stack.node.findAll().find(TerraformBackend.isBackend);
    if (backend !== undefined && !(backend instanceof LocalBackend)) return;
    this.warned = true;
    addWarning(this.stack, secretsInLocalState(this.stack.node.path, [...this.secrets].sort()));
  }
}

/** The line `cdktf synth` shows for such a stack. */
function secretsInLocalState(stackPath: string, secrets: readonly string[]): string {
  return `${stackPath}: state backend: local (CDKTF's default when a stack has none); this stack holds ${secrets.join(', ')}, which Terraform's state keeps in clear: give it an encrypted remote backend, e.g. StateBackend.s3({ bucket, region }).applyTo(stack), or StateBackend.kubernetes() or hcpTerraform()`;
}
