/**
 * What every pool of the raw-L1 baseline (raw-app.ts) writes whatever its
 * infrastructure: its nodes' names, addresses and cloud-init text, their retirement
 * (drain and Node deletion), the stack's ledger and the pool's nodes output.
 */
import {
  Fn,
  Lazy,
  Op,
  TerraformIterator,
  TerraformOutput,
  TerraformResource,
  TerraformSelf,
  TerraformElement,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
import { Construct } from 'constructs';
import { TERRAFORM_ENCODING } from '../src/bootstrap/terraform-encoding';
import { TerraformData } from '../src/private/terraform-data';
import { escapeTemplate } from '../src/private/terraform-literals';
import { renderCheckedUserData } from '../src/bootstrap/user-data';
import { NodeDrain } from '../src/day-two/node-drain';
import { renderDrainScript, renderNodeDeletionScript } from '../src/day-two/retirement-scripts';
import { poolCheckBlock } from '../src/day-two/node-checks';
import { LEDGER } from '../src/day-two/ledger-rules';
import {
  LEDGER_DESCRIPTION,
  LEDGER_ID,
  LEDGER_VARIABLES,
  LedgerControlPlane,
  ledgerValue,
  poolKey,
  poolRecord,
  removalGuards,
  retiredGuard,
  selfRead,
} from '../src/day-two/ledger-terraform';
import { KUBERNETES_VERSION, NAMESPACE, PoolSpec, SSH_AUTHORIZED_KEYS } from './scenario';

/** What the node pools of one tenant need from its control plane and join token. */
export interface Tenant {
  readonly name: string;
  readonly scope: Construct;
  readonly endpoint: string;
  readonly caCertificate: string;
  readonly token: string;
  /** The management kubeconfig's path, with which the drain and Node deletion scripts read the admin kubeconfig. */
  readonly managementKubeconfig: string;
  /** The control plane's version in Terraform's state: no node is made newer than it. */
  readonly appliedVersion: string;
  /** admin.conf's server (`host:port`) and CA hash: the scripts refuse another tenant. */
  readonly server: string;
  readonly caSha256: string;
  /** The nodes stack's ledger. */
  readonly ledger: Ledger;
}

/** One node of a pool, as the hand-written loop computes it. */
export interface Node {
  readonly scope: Construct;
  readonly index: number;
  readonly name: string;
  readonly rendered: string;
  readonly address?: string;
}

/** The pool's nodes: names, static addresses and cloud-init text, written out by hand. */
export function poolNodes(
  tenant: Tenant,
  pool: PoolSpec,
  poolScope: Construct,
  replicas: number,
): Node[] {
  const firstHost = pool.addressing && Number(pool.addressing.first.split('.')[3]);
  return Array.from({ length: replicas }, (_, index) => {
    const suffix = `node-${String(index).padStart(2, '0')}`;
    const name = `${tenant.name}-${pool.name}-${suffix}`;
    const rendered = renderCheckedUserData(
      {
        sshAuthorizedKeys: SSH_AUTHORIZED_KEYS,
        nodeName: name,
        kubernetesVersion: KUBERNETES_VERSION,
        endpoint: tenant.endpoint,
        caCertificate: tenant.caCertificate,
        token: tenant.token,
        labels: pool.labels,
        taints: pool.taints,
      },
      TERRAFORM_ENCODING,
    );
    const address =
      firstHost === undefined
        ? undefined
        : pool.addressing!.first.replace(/\d+$/, String(firstHost + index));
    return { scope: new Construct(poolScope, suffix), index, name, rendered, address };
  });
}

/**
 * Draining a node before its machine is destroyed and deleting its Node after: two
 * `terraform_data` per pool with one instance per node (`for_each`) and a destroy-time
 * `local-exec`. `NodeDeletion` comes first, for the machines to depend on; `drain`
 * (`NodeDrain`) then depends on them, so Terraform destroys it first. The drain records
 * the version and machine spec each node was made with (ignored later), which the
 * pool's check block compares with the pool's; a per-pool `control-plane-first` that
 * the Node records wait on holds the control-plane-first precondition.
 */
export class Retirement extends Construct {
  private readonly names: string[];
  private readonly tenant: Tenant;
  public readonly deletion: TerraformData;

  constructor(scope: Construct, tenant: Tenant, pool: PoolSpec, nodes: Node[]) {
    super(scope, 'retirement');
    this.names = nodes.map((node) => node.name);
    this.tenant = tenant;
    this.deletion = this.perNode('node-deletion', renderNodeDeletionScript());
    // Made before every machine: no node joins before its control plane runs the
    // pool's minor (a kubelet may not be newer than its API server). One per pool, so
    // a failure is reported once.
    const applied = tenant.appliedVersion;
    const first = new TerraformData(this, 'control-plane-first', {
      lifecycle: {
        precondition: [
          {
            condition: Op.gte(
              Fn.tonumber(Fn.element(Fn.split('.', applied), 1)),
              KUBERNETES_MINOR.minor,
            ),
            errorMessage:
              `Pool ${pool.name}: its nodes get ${KUBERNETES_VERSION}, but control plane ${tenant.name} ` +
              `was last applied with ${Fn.nonsensitive(applied)}: apply the control plane first (a kubelet may not be newer than its API server).`,
          },
        ],
      },
    });
    this.deletion.dependsOn = [`terraform_data.${first.friendlyUniqueId}`];
  }

  /** The drain, destroyed before `machines`, and the pool's check block on it. */
  public drain(
    pool: PoolSpec,
    machineSpec: { [attribute: string]: string },
    machines: TerraformResource[],
  ): TerraformData {
    const drain = this.perNode('node-drain', renderDrainScript(NodeDrain.DEFAULT), {
      dependsOn: [this.deletion, ...machines],
      record: { kubelet_version: KUBERNETES_VERSION, machine_spec: machineSpec },
    });
    // CDKTF 0.21 has no construct for check blocks: written into the stack as is.
    const { major, minor } = KUBERNETES_MINOR;
    TerraformStack.of(this).addOverride(
      `check.${drain.friendlyUniqueId}_nodes`,
      poolCheckBlock({
        drainAddress: `terraform_data.${drain.friendlyUniqueId}`,
        poolName: pool.name,
        poolVersion: KUBERNETES_VERSION,
        machineSpec,
        ...(major === 1 && { controlPlaneMinor: minor, controlPlaneVersion: KUBERNETES_VERSION }),
      }),
    );
    return drain;
  }

  private perNode(
    id: string,
    script: string,
    drain?: { dependsOn: TerraformResource[]; record: { [key: string]: unknown } },
  ): TerraformData {
    const nodes = TerraformIterator.fromList(this.names);
    return new TerraformData(this, id, {
      forEach: nodes,
      input: {
        node: nodes.value,
        secret_namespace: NAMESPACE,
        secret_name: `${this.tenant.name}-admin-kubeconfig`,
        management_kubeconfig: Fn.nonsensitive(this.tenant.managementKubeconfig),
        management_context: '',
        management_kubeconfig_paths: '',
        management_context_auth_info: '',
        management_context_cluster: '',
        management_unreproducible: '',
        tenant_endpoint: Fn.nonsensitive(this.tenant.server),
        tenant_ca_sha256: Fn.nonsensitive(this.tenant.caSha256),
      },
      ...(drain && { triggersReplace: drain.record }),
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          // The script through the environment: a failure prints this short command.
          command: 'sh -c "$CDKTF_KAMAJI_SCRIPT" cdktf-kamaji-retirement',
          environment: {
            CDKTF_KAMAJI_SCRIPT: escapeTemplate(script),
            NODE_NAME: TerraformSelf.getString('input.node'),
            ADMIN_KUBECONFIG_SECRET_NAMESPACE: TerraformSelf.getString('input.secret_namespace'),
            ADMIN_KUBECONFIG_SECRET_NAME: TerraformSelf.getString('input.secret_name'),
            MANAGEMENT_KUBECONFIG: TerraformSelf.getString('input.management_kubeconfig'),
            MANAGEMENT_CONTEXT: TerraformSelf.getString('input.management_context'),
            MANAGEMENT_KUBECONFIG_PATHS: '${try(self.input.management_kubeconfig_paths, "")}',
            MANAGEMENT_CONTEXT_AUTH_INFO: '${try(self.input.management_context_auth_info, "")}',
            MANAGEMENT_CONTEXT_CLUSTER: '${try(self.input.management_context_cluster, "")}',
            MANAGEMENT_UNREPRODUCIBLE: '${try(self.input.management_unreproducible, "")}',
            TENANT_ENDPOINT: '${try(self.input.tenant_endpoint, "")}',
            TENANT_CA_SHA256: '${try(self.input.tenant_ca_sha256, "")}',
          },
        },
      ],
      ...(drain && {
        dependsOn: drain.dependsOn,
        lifecycle: { ignoreChanges: ['triggers_replace'] },
      }),
    });
  }
}

/**
 * A stack's ledger (issue #20), by hand as the library writes it, from the same pure
 * builders (`src/day-two/ledger-terraform.ts`): three bool variables, a read of the
 * stack's own local state, an output with its removal guards, and per pool two records,
 * the first depended on by the Node deletions, the second on the machines and drains.
 */
export class Ledger extends Construct {
  private readonly pools: Array<[string, string]> = [];

  constructor(stack: TerraformStack, controlPlanes: LedgerControlPlane[] = []) {
    super(stack, LEDGER_ID);
    for (const { name, description } of LEDGER_VARIABLES) {
      new TerraformVariable(this, name, {
        type: 'bool',
        default: false,
        description,
      }).overrideLogicalId(name);
    }
    const id = stack.node.id;
    const read = selfRead(
      { backend: { local: { path: `../${id}/terraform.${id}.tfstate` } } },
      (file) => file!,
    );
    new RemoteStateRead(this, 'read', read);
    const output = new TerraformOutput(this, 'output', {
      description: LEDGER_DESCRIPTION,
      value: Lazy.anyValue({ produce: () => ledgerValue(this.pools, controlPlanes) }),
    });
    output.overrideLogicalId(LEDGER);
    output.addOverride(
      'precondition',
      Lazy.anyValue({
        produce: () =>
          removalGuards(
            this.pools.map(([key]) => key),
            controlPlanes,
          ),
      }),
    );
  }

  public addPool(
    scope: Construct,
    tenant: Tenant,
    pool: PoolSpec,
    nodes: Node[],
    appliedAfter: TerraformResource[],
    deletion: TerraformResource,
  ): void {
    const record = poolRecord(
      pool.name,
      tenant.name,
      undefined,
      nodes.map((node) => node.name),
    );
    const retired = new TerraformData(scope, 'ledger-retired', { input: record });
    retired.addOverride('lifecycle.precondition', [
      retiredGuard(
        poolKey(NAMESPACE, tenant.name, pool.name),
        pool.name,
        tenant.name,
        nodes.map((node) => node.index),
        addressSlotsOf(pool),
      ),
    ]);
    deletion.dependsOn = [
      ...(deletion.dependsOn ?? []),
      `terraform_data.${retired.friendlyUniqueId}`,
    ];
    const applied = new TerraformData(scope, 'ledger-applied', {
      input: record,
      dependsOn: [retired, ...appliedAfter],
    });
    this.pools.push([
      poolKey(NAMESPACE, tenant.name, pool.name),
      `terraform_data.${applied.friendlyUniqueId}`,
    ]);
  }
}

/**
 * The addresses a pool's static range holds, from its first address to the last host of
 * its CIDR: the slots its nodes go round (the drain is on, so the library counts them).
 */
function addressSlotsOf(pool: PoolSpec): number | undefined {
  if (!pool.addressing) return undefined;
  const toNumber = (address: string) =>
    address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const [network, bits] = pool.addressing.cidr.split('/');
  const lastHost = toNumber(network) + 2 ** (32 - Number(bits)) - 2;
  return lastHost - toNumber(pool.addressing.first) + 1;
}

/** CDKTF's TerraformRemoteState has no `count`: the read, written as Terraform has it. */
class RemoteStateRead extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly read: { [key: string]: unknown },
  ) {
    super(scope, id, 'data.terraform_remote_state');
  }

  public toTerraform(): { [key: string]: unknown } {
    return { data: { terraform_remote_state: { [LEDGER]: this.read } } };
  }
}

/** `v1.35.7` as numbers, for the skew check. */
const KUBERNETES_MINOR = (() => {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.').map(Number);
  return { major, minor };
})();

export function nodesOutput(
  tenant: Tenant,
  pool: PoolSpec,
  scope: Construct,
  machines: Array<[string, { machine_id: string; address?: string }]>,
): void {
  const output = new TerraformOutput(scope, 'Nodes', {
    description: `Nodes of pool ${pool.name}: machine id and address`,
    value: Object.fromEntries(machines),
  });
  output.overrideLogicalId(`${tenant.name}-${pool.name}-nodes`);
}
