/**
 * Config-file stacks: a fleet of tenant control planes and their node pools, described
 * in a YAML file checked against fleet.schema.json, built into CDKTF stacks in the
 * two-stack layout (design D1). Parsing and checking live in the pure modules beside
 * this one; this one only makes constructs.
 */
import * as path from 'path';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { MaasProvider } from '../.gen/providers/maas/provider';
import { ProxmoxProvider } from '../.gen/providers/proxmox/provider';
import { VcdProvider } from '../.gen/providers/vcd/provider';
import { ValidationError } from '../errors';
import { captureProblems } from '../private/problems';
import { INodePoolOwner, TenantControlPlane } from '../kamaji/tenant-control-plane';
import { BringYourOwnMachines } from '../node-pool/bring-your-own-machines';
import { INodeInfrastructure } from '../node-pool/infrastructure';
import { NodePool } from '../node-pool/node-pool';
import { CloudDirectorInfrastructure } from '../providers/cloud-director/cloud-director-infrastructure';
import { MaasInfrastructure } from '../providers/maas/maas-infrastructure';
import { ProxmoxInfrastructure } from '../providers/proxmox/proxmox-infrastructure';
import { VSphereInfrastructure } from '../providers/vsphere/vsphere-infrastructure';
import { keepLiteralsLiteral } from '../private/terraform-literals';
import { StateBackend } from '../stacks/state-backend';
import { FleetFileError, FleetProblem } from './fleet-errors';
import { readFleetFile } from './fleet-file';
import {
  controlPlaneProps,
  DEFAULT_MANAGEMENT_KUBECONFIG,
  existingControlPlaneAttributes,
  FleetConfig,
  InfrastructureConfig,
  InfrastructureKind,
  fromInfrastructureConfig,
  infrastructureKind,
  nodePoolOptions,
  PoolConfig,
  ProvidersConfig,
  StateBackendConfig,
} from './fleet-model';
import { formatPath, PathSegment } from './fleet-path';
import { FleetSource } from './fleet-source';
import {
  EntryMapping,
  isWithinPath,
  libraryProblems,
  validateFleetSource,
  valueProblemsLeft,
} from './fleet-validation';

/**
 * Absolute path of the fleet file's JSON Schema as shipped (`lib/config/fleet.schema.json`
 * in the package), for tools; editors reference it from the YAML file itself.
 */
export const FLEET_SCHEMA_FILE = path.join(__dirname, 'fleet.schema.json');

/** Stack of the control planes the fleet makes. */
export const CONTROL_PLANE_STACK_ID = 'control-planes';

export interface FleetOptions {
  /**
   * Where every stack keeps its state; wins over the file's `stateBackend`.
   * @default - the file's `stateBackend`, else StateBackend.local()
   */
  readonly stateBackend?: StateBackend;
}

/** One control plane of the fleet, made or referenced, and its pools. */
export interface FleetControlPlane {
  readonly controlPlane: INodePoolOwner;
  /** The stack of its pools, `nodes-<name>`; undefined when it has none. */
  readonly nodeStack?: TerraformStack;
  /** Its pools, in file order. */
  readonly nodePools: NodePool[];
}

/** What a fleet file built. */
export interface FleetStacks {
  /** `control-planes`: every control plane the file makes; undefined when it makes none. */
  readonly controlPlaneStack?: TerraformStack;
  /** `nodes-<control plane>`, one per control plane with pools, in file order. */
  readonly nodeStacks: TerraformStack[];
  /** Every control plane, made ones first, then referenced ones, in file order. */
  readonly controlPlanes: FleetControlPlane[];
}

/**
 * Builds the stacks a fleet file describes into `scope` (usually the App). Throws a
 * FleetFileError naming file, path and line of every problem, one per line: a file that
 * is missing, unreadable or above MAX_FLEET_FILE_BYTES (one line, `<file>: ...`), YAML,
 * then the JSON Schema's keys, types and enums and unique names, then the library's own
 * checks (design D7) for every entry those passed; a value the schema's patterns and
 * ranges refuse is reported in the library's words, or in the schema's where the
 * library has none.
 */
export function buildFleetFromFile(
  scope: Construct,
  file: string,
  options: FleetOptions = {},
): FleetStacks {
  return buildFleet(scope, readFleetFile(file), file, options);
}

/**
 * Builds the stacks of a fleet given as YAML text; `file` names it in error messages.
 * See buildFleetFromFile.
 */
export function buildFleet(
  scope: Construct,
  text: string,
  file: string,
  options: FleetOptions = {},
): FleetStacks {
  const source = FleetSource.parse(text, file);
  const { shape, values } = validateFleetSource(source);
  if (shape.some((p) => !isWithinEntry(p.path))) throw new FleetFileError([...shape, ...values]);
  const builder = new FleetBuilder(scope, source, shape, options);
  const stacks = builder.build();
  const problems = [
    ...shape,
    ...builder.libraryProblems,
    ...valueProblemsLeft(values, builder.libraryProblems),
  ];
  if (problems.length > 0) throw new FleetFileError(problems);
  return stacks;
}

/** Problems inside one control plane entry leave the others buildable. */
function isWithinEntry(path: string): boolean {
  return /^(controlPlanes|existingControlPlanes)\[\d+\]/.test(path);
}

class FleetBuilder {
  /** What the library's own checks found, at the file's lines. */
  public readonly libraryProblems: FleetProblem[] = [];
  private readonly config: FleetConfig;
  private readonly backend: StateBackend;
  private readonly backendGiven: boolean;

  constructor(
    private readonly scope: Construct,
    private readonly source: FleetSource,
    private readonly shapeProblems: readonly FleetProblem[],
    options: FleetOptions,
  ) {
    this.config = source.data as FleetConfig;
    this.backendGiven = options.stateBackend !== undefined;
    this.backend =
      options.stateBackend ??
      // A refused backend is reported at its lines; local stands in so every other
      // problem of the file is still found.
      this.attempt({ entry: this.backendPath() }, () => backendOf(this.config.stateBackend)) ??
      StateBackend.local();
  }

  /** `stateBackend.<kind>` in the file, where the backend's problems point. */
  private backendPath(): PathSegment[] {
    const kind = Object.keys(this.config.stateBackend ?? {})[0];
    return kind === undefined ? [] : ['stateBackend', kind];
  }

  public build(): FleetStacks {
    const made = this.config.controlPlanes ?? [];
    const controlPlaneStack = made.length > 0 ? this.newStack(CONTROL_PLANE_STACK_ID) : undefined;
    if (controlPlaneStack) this.addManagementProvider(controlPlaneStack);
    const controlPlanes: FleetControlPlane[] = [];
    made.forEach((entry, i) => {
      const entryPath = ['controlPlanes', i];
      if (!this.isClean(entryPath, true)) return;
      const controlPlane = this.attempt(
        { entry: entryPath },
        () =>
          new TenantControlPlane(
            controlPlaneStack!,
            entry.name,
            controlPlaneProps(entry, this.config.namespace),
          ),
      );
      if (controlPlane) controlPlanes.push(this.addPools(entryPath, controlPlane, entry));
    });
    (this.config.existingControlPlanes ?? []).forEach((entry, i) => {
      const entryPath = ['existingControlPlanes', i];
      if (!this.isClean(entryPath, true)) return;
      const stack = this.newStack(`nodes-${entry.name}`);
      this.addManagementProvider(stack);
      const controlPlane = this.attempt({ entry: entryPath }, () =>
        TenantControlPlane.fromTenantControlPlaneAttributes(
          stack,
          entry.name,
          existingControlPlaneAttributes(entry, this.config.namespace),
        ),
      );
      if (controlPlane) controlPlanes.push(this.addPools(entryPath, controlPlane, entry, stack));
    });
    return {
      controlPlaneStack,
      nodeStacks: controlPlanes.flatMap((c) => (c.nodeStack ? [c.nodeStack] : [])),
      controlPlanes,
    };
  }

  /** The control plane's pools, in its own stack `nodes-<name>`. */
  private addPools(
    entryPath: PathSegment[],
    controlPlane: INodePoolOwner,
    entry: { pools?: PoolConfig[] },
    existingStack?: TerraformStack,
  ): FleetControlPlane {
    const pools = (entry.pools ?? [])
      .map((pool, j) => ({ pool, path: [...entryPath, 'pools', j] }))
      .filter(({ path: poolPath }) => this.isClean(poolPath, false));
    if (pools.length === 0) return { controlPlane, nodeStack: existingStack, nodePools: [] };
    const stack = existingStack ?? this.newStack(`nodes-${controlPlane.name}`);
    const kinds = new Set(pools.map(({ pool }) => infrastructureKind(pool.infrastructure)));
    addInfrastructureProviders(stack, kinds, this.config.providers ?? {});
    const nodePools: NodePool[] = [];
    for (const { pool, path: poolPath } of pools) {
      const kind = infrastructureKind(pool.infrastructure);
      const made = this.attempt({ entry: poolPath, infrastructureKind: kind }, () => {
        const options = nodePoolOptions(pool);
        const from = fromInfrastructureConfig(pool);
        return new NodePool(stack, pool.name, {
          ...options,
          ...(options.rollout &&
            from && {
              rollout: { ...options.rollout, fromInfrastructure: infrastructureOf(from) },
            }),
          controlPlane,
          infrastructure: infrastructureOf(pool.infrastructure),
        });
      });
      if (made) nodePools.push(made);
    }
    return { controlPlane, nodeStack: stack, nodePools };
  }

  /**
   * Whether no problem was found in the entry (a control plane entry's pools aside,
   * with `skipPools`): entries with problems are not built, the others still are, so
   * the library's own checks report at once too.
   */
  private isClean(entryPath: PathSegment[], skipPools: boolean): boolean {
    const prefix = formatPath(entryPath);
    const pools = `${prefix}.pools[`;
    return ![...this.shapeProblems, ...this.libraryProblems].some(
      (p) => isWithinPath(p.path, prefix) && !(skipPools && p.path.startsWith(pools)),
    );
  }

  /**
   * Runs `make`, turning the problems the library records (or throws) into problems at
   * the entry's lines; undefined when there were any.
   */
  private attempt<T>(mapping: EntryMapping, make: () => T): T | undefined {
    try {
      const { value, errors } = captureProblems(make);
      errors.forEach((e) => this.libraryProblems.push(...libraryProblems(this.source, mapping, e)));
      return errors.length > 0 ? undefined : value;
    } catch (e) {
      if (ValidationError.isValidationError(e)) {
        this.libraryProblems.push(...libraryProblems(this.source, mapping, e));
      } else {
        this.libraryProblems.push(this.source.problem(mapping.entry, (e as Error).message));
      }
      return undefined;
    }
  }

  private newStack(id: string): TerraformStack {
    const stack = new TerraformStack(this.scope, id);
    // Names derived from the stack id (a Secret suffix, a workspace) can be refused: the
    // file's backend at its lines; a caller's backend is the caller's to report.
    if (this.backendGiven) this.backend.applyTo(stack);
    else this.attempt({ entry: this.backendPath() }, () => this.backend.applyTo(stack));
    // Everything in it comes from the file, provider settings included.
    keepLiteralsLiteral(stack);
    return stack;
  }

  /** The management cluster's provider, its kubeconfig a variable as in the examples. */
  private addManagementProvider(stack: TerraformStack): void {
    const management = this.config.managementCluster ?? {};
    const kubeconfig = new TerraformVariable(stack, 'management_kubeconfig', {
      type: 'string',
      default: management.kubeconfig ?? DEFAULT_MANAGEMENT_KUBECONFIG,
      description: 'Path of the kubeconfig of the Kamaji management cluster',
    });
    new KubernetesProvider(stack, 'management', {
      configPath: kubeconfig.stringValue,
      ...(management.context !== undefined && { configContext: management.context }),
    });
  }
}

function backendOf(config: StateBackendConfig | undefined): StateBackend {
  if (config?.s3) return StateBackend.s3(config.s3);
  if (config?.kubernetes) return StateBackend.kubernetes(config.kubernetes);
  if (config?.hcpTerraform) return StateBackend.hcpTerraform(config.hcpTerraform);
  return StateBackend.local();
}

/**
 * The providers the stack's pools need, with the file's settings; credentials come
 * from the environment or from Terraform variables set through it, as in the examples.
 */
function addInfrastructureProviders(
  stack: TerraformStack,
  kinds: Set<InfrastructureKind>,
  providers: ProvidersConfig,
): void {
  const variable = (name: string, description: string, sensitive = false) =>
    new TerraformVariable(stack, name, { type: 'string', description, sensitive }).stringValue;
  if (kinds.has('vsphere')) {
    const settings = providers.vsphere ?? {};
    new VsphereProvider(stack, 'vsphere', {
      vsphereServer: settings.server ?? variable('vsphere_server', 'vCenter host name'),
      user: variable('vsphere_user', 'vCenter user'),
      password: variable('vsphere_password', 'vCenter password', true),
      ...(settings.allowUnverifiedSsl !== undefined && {
        allowUnverifiedSsl: settings.allowUnverifiedSsl,
      }),
    });
  }
  if (kinds.has('proxmox')) {
    const { ssh = {}, ...settings } = providers.proxmox ?? {};
    // Snippets are uploaded over SSH: the provider needs an ssh block (agent by default).
    new ProxmoxProvider(stack, 'proxmox', {
      ...settings,
      ssh: [
        {
          agent: ssh.agent ?? true,
          ...(ssh.username !== undefined && { username: ssh.username }),
          ...(ssh.nodes && { nodeAttribute: ssh.nodes }),
        },
      ],
    });
  }
  if (kinds.has('maas-bare-metal') || kinds.has('maas-vm-hosts')) {
    new MaasProvider(stack, 'maas', { ...providers.maas });
  }
  if (kinds.has('cloud-director')) {
    const settings = providers['cloud-director'] ?? {};
    // The token itself comes from VCD_API_TOKEN, which the provider reads.
    new VcdProvider(stack, 'vcd', {
      url:
        settings.url ??
        variable('vcd_url', 'Cloud Director API URL, e.g. https://vcd.example.com/api'),
      org: settings.org ?? variable('vcd_org', 'Cloud Director organization'),
      vdc: settings.vdc ?? variable('vcd_vdc', 'Org VDC of the node VMs'),
      authType: settings.authType ?? 'api_token',
      ...(settings.allowUnverifiedSsl !== undefined && {
        allowUnverifiedSsl: settings.allowUnverifiedSsl,
      }),
    });
  }
}

function infrastructureOf(config: InfrastructureConfig): INodeInfrastructure {
  switch (infrastructureKind(config)) {
    case 'vsphere':
      return new VSphereInfrastructure(config.vsphere!);
    case 'proxmox':
      return new ProxmoxInfrastructure(config.proxmox!);
    case 'maas-bare-metal':
      return MaasInfrastructure.bareMetal(config['maas-bare-metal']);
    case 'maas-vm-hosts':
      return MaasInfrastructure.vmHosts(config['maas-vm-hosts']!);
    case 'cloud-director':
      return new CloudDirectorInfrastructure(config['cloud-director']!);
    case 'bring-your-own':
      return new BringYourOwnMachines(config['bring-your-own']!.failureDomains ?? []);
  }
}
