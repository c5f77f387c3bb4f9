/**
 * What of a synthesized stack the stub providers can check, read from its Terraform
 * JSON alone: the providers it requires and the resource and data source types it uses,
 * against the provider schemas the package serves; its backend; the
 * `terraform_remote_state` reads and which stack of the app each one reads.
 * Whatever the stubs cannot serve is named, so that the check reports it as not
 * checked instead of passing it silently.
 */

/** A provider the stubs serve: its address and the types its schema file holds. */
export interface ServedProvider {
  /** e.g. registry.terraform.io/hashicorp/kubernetes */
  readonly address: string;
  readonly version: string;
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
}

/** A `data "terraform_remote_state"` block and the stack of this app it reads, if any. */
export interface RemoteStateRead {
  readonly name: string;
  readonly backend: string;
  /** The stack whose state it reads; undefined when it reads a state outside the app. */
  readonly stack?: string;
  /** Whether it has a `count` (the ledger's read of its own stack, skipped without state). */
  readonly counted?: boolean;
}

export interface StackCoverage {
  /** Addresses of required providers no schema file holds. */
  readonly unservedProviders: string[];
  /** `resource <type>` / `data <type>` of served providers that their schema lacks. */
  readonly unservedTypes: string[];
  /** Module calls whose source terraform init would download. */
  readonly remoteModules: string[];
  /** The backend the stack declares (`cloud` for a `cloud` block), undefined for none. */
  readonly backend?: string;
  readonly remoteStates: RemoteStateRead[];
}

/** Terraform's built-in provider (terraform_remote_state, terraform_data): always there. */
const BUILTIN = 'terraform.io/builtin/terraform';

/** A provider source as terraform expands it: `hashicorp/random` -> registry.terraform.io/... */
export function providerAddress(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts.join('/')}`;
  return parts.join('/');
}

/** `registry.terraform.io/hashicorp/random` -> `hashicorp/random`, as users write it. */
export function shortAddress(address: string): string {
  return address.replace(/^registry\.terraform\.io\//, '');
}

/** The backend type and its settings, from `terraform.backend` or `terraform.cloud`. */
export function backendOf(json: any): { type: string; config: any } | undefined {
  const terraform = json?.terraform ?? {};
  if (terraform.cloud) return { type: 'cloud', config: terraform.cloud };
  const [type] = Object.keys(terraform.backend ?? {});
  return type ? { type, config: terraform.backend[type] } : undefined;
}

/**
 * What of `json` (a stack's cdk.tf.json) the served providers cover. `stacks` maps the
 * app's stack names to their JSON, to find which stack a remote state read reads: the
 * name CDKTF gives its cross-stack reads, or else a backend configured as that stack's.
 */
export function stackCoverage(
  json: any,
  served: readonly ServedProvider[],
  stacks: Record<string, any>,
): StackCoverage {
  const required: Record<string, string> = Object.fromEntries(
    Object.entries<any>(json.terraform?.required_providers ?? {}).map(([local, spec]) => [
      local,
      providerAddress(typeof spec === 'string' ? local : (spec.source ?? local)),
    ]),
  );
  const addressOf = (local: string) =>
    local === 'terraform' ? BUILTIN : (required[local] ?? providerAddress(local));
  const byAddress = new Map(served.map((provider) => [provider.address, provider]));

  const unservedProviders = new Set<string>();
  for (const address of Object.values(required)) {
    if (address !== BUILTIN && !byAddress.has(address)) unservedProviders.add(address);
  }
  const unservedTypes = new Set<string>();
  const visit = (kind: 'resource' | 'data', blocks: Record<string, any> | undefined) => {
    for (const [type, instances] of Object.entries<any>(blocks ?? {})) {
      for (const block of Object.values<any>(instances)) {
        const local = String(block?.provider ?? type.split('_')[0]).split('.')[0];
        const address = addressOf(local);
        if (address === BUILTIN) continue;
        const provider = byAddress.get(address);
        if (!provider) {
          unservedProviders.add(address);
          continue;
        }
        const known = kind === 'resource' ? provider.resources : provider.dataSources;
        if (!known.includes(type)) unservedTypes.add(`${kind} ${type}`);
      }
    }
  };
  visit('resource', json.resource);
  visit('data', json.data);

  const remoteModules = Object.entries<any>(json.module ?? {})
    .filter(([, call]) => !/^\.\.?\//.test(String(call?.source ?? '')))
    .map(([name, call]) => `module.${name} (${call?.source})`);

  const remoteStates = Object.entries<any>(json.data?.terraform_remote_state ?? {}).map(
    ([name, read]) => ({
      name,
      backend: String(read?.backend ?? 'local'),
      stack: readStack(name, read, stacks),
      ...(read?.count !== undefined && { counted: true }),
    }),
  );

  return {
    unservedProviders: [...unservedProviders].sort(),
    unservedTypes: [...unservedTypes].sort(),
    remoteModules,
    backend: backendOf(json)?.type,
    remoteStates,
  };
}

const CROSS_STACK_READ = 'cross-stack-reference-input-';

function readStack(name: string, read: any, stacks: Record<string, any>): string | undefined {
  if (name.startsWith(CROSS_STACK_READ)) {
    const stack = name.slice(CROSS_STACK_READ.length);
    if (stack in stacks) return stack;
  }
  const wanted = JSON.stringify({ type: read?.backend ?? 'local', config: read?.config ?? {} });
  return Object.keys(stacks).find((stack) => {
    const backend = backendOf(stacks[stack]);
    return backend !== undefined && JSON.stringify(backend) === wanted;
  });
}

/**
 * The override file (`zz_check_override.tf.json`, read after cdk.tf.json) that keeps a
 * stack's state where `backend` (a backend block) says, and points its remote state reads
 * at the local states of the app's stacks. Terraform merges it over the stack: a
 * `backend` in an override replaces the stack's backend or `cloud` block, and the
 * arguments of a data block replace the original's. A counted read (a stack's ledger reading its own state,
 * src/day-two/state-ledger.ts) is read only once its local state file holds a state:
 * Terraform refuses to read one that does not exist.
 */
export function localStateOverride(
  coverage: StackCoverage,
  backend: object,
  stateFileOf: (stack: string) => string,
): object {
  const reads = coverage.remoteStates.filter((read) => read.stack !== undefined);
  return {
    terraform: { backend },
    ...(reads.length > 0 && {
      data: {
        terraform_remote_state: Object.fromEntries(
          reads.map((read) => {
            const file = stateFileOf(read.stack!);
            const quoted = asText(JSON.stringify(file));
            return [
              read.name,
              {
                backend: 'local',
                config: { path: asText(file) },
                workspace: 'default',
                ...(read.counted && {
                  count: `\${fileexists(${quoted}) && try(trimspace(file(${quoted})), "") != "" ? 1 : 0}`,
                }),
              },
            ];
          }),
        ),
      },
    }),
  };
}

/** Text as Terraform reads it in a template: `${` and `%{` escaped (this module imports nothing of the library). */
function asText(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
