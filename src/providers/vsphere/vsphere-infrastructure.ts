import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereNetwork } from '@cdktf/provider-vsphere/lib/data-vsphere-network';
import { DataVsphereResourcePool } from '@cdktf/provider-vsphere/lib/data-vsphere-resource-pool';
import { DataVsphereVirtualMachine } from '@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { Fn, Lazy, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problem } from '../../errors';
import { ProviderMessages } from '../provider-messages';
import { checkSafely } from '../../private/field-checks';
import { recordProblems } from '../../private/problems';
import { qualifyProviderSources } from '../../private/provider-sources';
import { sharedLookup } from '../../private/shared-lookups';
import { specValue } from '../../private/spec-value';
import { claimName } from '../../private/stack-names';
import { keepLiteralsLiteral } from '../../private/terraform-literals';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  INodePool,
  NodeMachine,
  NodeSpec,
} from '../../node-pool/infrastructure';
import type { ITenantControlPlane } from '../../kamaji/tenant-control-plane-interface';
import { guestinfoMetadata } from './guestinfo';
import { staticMacAddress } from './static-mac';
import { validateVSphereProps } from './vsphere-validation';
import { Brand } from '../../private/brand';
import { sharedWeakMap } from '../../private/shared-state';

/** Where and how a pool's VMs run on vSphere. */
export interface VSphereInfrastructureProps {
  /** Datacenter name. */
  readonly datacenter: string;
  /**
   * Compute cluster the VMs run in (its root resource pool). Give this or `resourcePool`.
   * @default - none
   */
  readonly computeCluster?: string;
  /**
   * Resource pool path, e.g. `cluster-1/Resources/tenants`. Give this or `computeCluster`.
   * @default - none
   */
  readonly resourcePool?: string;
  /** Datastore for the VMs' disks. */
  readonly datastore: string;
  /** Port groups, one network interface each; the first carries the static address. */
  readonly networks: string[];
  /** Template VM (name or path) with cloud-init and its VMware datasource. */
  readonly template: string;
  /**
   * VM folder, relative to the datacenter's VM folder.
   * @default - the datacenter's VM folder
   */
  readonly folder?: string;
  /**
   * Create a folder named after the control plane inside `folder` (once per stack),
   * so each tenant's VMs stay together.
   * @default false
   */
  readonly folderPerTenant?: boolean;
  /** @default 2 */
  readonly cpus?: number;
  /** @default - cpus (one socket) */
  readonly coresPerSocket?: number;
  /** @default 4096 */
  readonly memoryMiB?: number;
  /**
   * Size of the first disk; never smaller than the template's.
   * @default - the template's size
   */
  readonly diskGiB?: number;
  /**
   * Minutes Terraform waits for the guest to report a network address; 0 waits not.
   * @default 5
   */
  readonly waitForGuestNetTimeoutMinutes?: number;
  /**
   * Add a VM anti-affinity rule so the pool's VMs land on different ESXi hosts
   * (needs `computeCluster`; applies to pools of 2 or more).
   * @default false
   */
  readonly antiAffinity?: boolean;
  /**
   * The vsphere provider.
   * @default - the stack's default vsphere provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * What a VM reads only at first boot, so a running VM ignores later changes of it: its
 * user-data (design D3) and, because a library upgrade may change them (design D13;
 * 57abe4a and 851e803 did), its guestinfo metadata and its first NIC's static MAC.
 * hashicorp/vsphere 2.15.0 (pinned by @cdktf/provider-vsphere 11.2.1) reboots a VM on
 * any `extra_config` change (expandExtraConfig, vsphere/virtual_machine_config_structure.go:
 * `extra_config_reboot_required` defaults to true), which would restart a whole pool in
 * one apply (design D10); it sets a new MAC on a running NIC in place
 * (NetworkInterfaceSubresource.Update, vsphere/internal/virtualdevice/
 * virtual_machine_network_interface_subresource.go), leaving the guest's network config,
 * which matches the NIC by MAC, behind. A VM keeps what it was made with until it is
 * replaced (README, "Infrastructures").
 */
const USER_DATA_ATTRIBUTES = [
  'extra_config["guestinfo.userdata"]',
  'extra_config["guestinfo.userdata.encoding"]',
  'extra_config["guestinfo.metadata"]',
  'extra_config["guestinfo.metadata.encoding"]',
  // The first NIC's static MAC (static-mac.ts); `networks` is never empty (validated).
  'network_interface[0].mac_address',
  'network_interface[0].use_static_mac',
];

/**
 * What the VM is made from (issue #14 item 3): hashicorp/vsphere forces a new VM on any
 * change under `clone` (resourceVSphereVirtualMachineCustomizeDiff flags every changed
 * `clone.0.*` key but the timeout), and updates CPU, memory and disk size in place,
 * powering the VM off when hot-add is not enabled. Guest id, firmware, SCSI type,
 * disk provisioning and NIC adapter types come from the template, so they change with it.
 */
const MACHINE_SPEC_ATTRIBUTES = [
  'clone',
  'num_cpus',
  'num_cores_per_socket',
  'memory',
  'disk[0].size',
  'disk[0].thin_provisioned',
  'guest_id',
  'firmware',
  'scsi_type',
];

const BRAND = new Brand('VSphereInfrastructure');

/**
 * VMs cloned from a template on VMware vSphere, with cloud-init's VMware datasource
 * reading `guestinfo.metadata` and `guestinfo.userdata`. Datacenter, cluster or
 * resource pool, datastore, networks and template are looked up once per stack, shared
 * by its pools.
 */
export class VSphereInfrastructure implements INodeInfrastructure {
  /** Whether `x` is a VSphereInfrastructure, made by this copy of the library or another. */
  public static isVSphereInfrastructure(x: unknown): x is VSphereInfrastructure {
    return BRAND.has(x);
  }

  constructor(private readonly props: VSphereInfrastructureProps) {
    BRAND.mark(this);
  }

  public validate(): Problem[] {
    return checkSafely(this.props, () => validateVSphereProps(this.props, Token.isUnresolved));
  }

  public machineSpec(): { [attribute: string]: string } {
    const props = this.props;
    const cpus = props.cpus ?? 2;
    return {
      template: props.template,
      cpus: specValue(cpus),
      cores_per_socket: specValue(props.coresPerSocket ?? cpus),
      memory_mib: specValue(props.memoryMiB ?? 4096),
      ...(props.diskGiB !== undefined && { disk_gib: specValue(props.diskGiB) }),
    };
  }

  public bind(pool: INodePool): IBoundNodeInfrastructure {
    const props = this.props;
    qualifyProviderSources(pool);

    const provider = props.provider;
    const lookup = <T extends Construct>(
      kind: string,
      names: string[],
      make: (stack: TerraformStack, id: string) => T,
    ) => sharedLookup(pool, `vsphere-${kind}`, provider, [props.datacenter, ...names], make);
    const datacenter = lookup(
      'datacenter',
      [],
      (stack, id) => new DataVsphereDatacenter(stack, id, { provider, name: props.datacenter }),
    );
    const datacenterId = datacenter.id;
    const cluster = props.computeCluster
      ? lookup(
          'compute-cluster',
          [props.computeCluster],
          (stack, id) =>
            new DataVsphereComputeCluster(stack, id, {
              provider,
              name: props.computeCluster!,
              datacenterId,
            }),
        )
      : undefined;
    const resourcePoolId = cluster
      ? cluster.resourcePoolId
      : lookup(
          'resource-pool',
          [props.resourcePool ?? ''],
          (stack, id) =>
            new DataVsphereResourcePool(stack, id, {
              provider,
              name: props.resourcePool,
              datacenterId,
            }),
        ).id;
    const datastore = lookup(
      'datastore',
      [props.datastore],
      (stack, id) =>
        new DataVsphereDatastore(stack, id, { provider, name: props.datastore, datacenterId }),
    );
    const networks = props.networks.map((name) =>
      lookup(
        'network',
        [name],
        (stack, id) => new DataVsphereNetwork(stack, id, { provider, name, datacenterId }),
      ),
    );
    const template = lookup(
      'template',
      [props.template],
      (stack, id) =>
        new DataVsphereVirtualMachine(stack, id, { provider, name: props.template, datacenterId }),
    );
    const folder = props.folderPerTenant ? tenantFolder(pool, props, datacenterId) : props.folder;
    const antiAffinity = antiAffinityOf(pool, props, cluster);

    const cpus = props.cpus ?? 2;
    const templateDisk = template.disks.get(0);
    return {
      failureDomains: [],
      createMachine: (scope: Construct, node: NodeSpec): NodeMachine => {
        // A static address is matched to the first NIC by its MAC (guest-network-config.ts).
        const mac = node.address ? staticMacAddress(node.address) : undefined;
        const vm = new VirtualMachine(scope, 'Machine', {
          provider,
          name: node.name,
          resourcePoolId,
          datastoreId: datastore.id,
          folder,
          numCpus: cpus,
          numCoresPerSocket: props.coresPerSocket ?? cpus,
          memory: props.memoryMiB ?? 4096,
          guestId: template.guestId,
          firmware: template.firmware,
          scsiType: template.scsiType,
          networkInterface: networks.map((network, i) => ({
            networkId: network.id,
            adapterType: Fn.element(template.networkInterfaceTypes, i),
            ...(i === 0 && mac !== undefined && { useStaticMac: true, macAddress: mac }),
          })),
          disk: [
            {
              label: 'disk0',
              size:
                props.diskGiB === undefined
                  ? templateDisk.size
                  : Fn.max([props.diskGiB, templateDisk.size]),
              thinProvisioned: templateDisk.thinProvisioned,
            },
          ],
          clone: { templateUuid: template.id },
          extraConfig: {
            'guestinfo.metadata': Buffer.from(
              JSON.stringify(guestinfoMetadata(node, mac)),
            ).toString('base64'),
            'guestinfo.metadata.encoding': 'base64',
            'guestinfo.userdata': node.userDataGzipBase64,
            'guestinfo.userdata.encoding': 'gzip+base64',
          },
          waitForGuestNetTimeout: props.waitForGuestNetTimeoutMinutes ?? 5,
        });
        antiAffinity?.push(vm.id);
        return {
          resource: vm,
          userDataAttributes: USER_DATA_ATTRIBUTES,
          machineSpecAttributes: [
            ...MACHINE_SPEC_ATTRIBUTES,
            ...networks.map((_, i) => `network_interface[${i}].adapter_type`),
          ],
          machineId: vm.id,
          address: node.address ? undefined : vm.defaultIpAddress,
        };
      },
    };
  }
}

/**
 * The pool's anti-affinity rule, made by its first binding (the pool's own
 * infrastructure) when it asks for one: the list of VM ids the rule keeps together.
 * A later binding of the pool (the infrastructure a rollout comes from) adds its VMs
 * to that rule when they run in the same compute cluster, and makes no rule of its own:
 * the rule's address stays the pool's, `<pool>/VSphere/AntiAffinity`.
 */
function antiAffinityOf(
  pool: INodePool,
  props: VSphereInfrastructureProps,
  cluster: DataVsphereComputeCluster | undefined,
): string[] | undefined {
  const existing = rulesByPool.get(pool);
  if (existing !== undefined) {
    return existing && existing.computeCluster === props.computeCluster
      ? existing.vmIds
      : undefined;
  }
  if (!(props.antiAffinity && cluster && pool.replicas >= 2)) {
    rulesByPool.set(pool, null);
    return undefined;
  }
  const vmIds: string[] = [];
  new ComputeClusterVmAntiAffinityRule(new Construct(pool, 'VSphere'), 'AntiAffinity', {
    provider: props.provider,
    name: `${pool.controlPlane.name}-${pool.name}-anti-affinity`,
    computeClusterId: cluster.id,
    virtualMachineIds: Lazy.listValue({ produce: () => vmIds }),
  });
  rulesByPool.set(pool, { computeCluster: props.computeCluster, vmIds });
  return vmIds;
}

/** Per pool: its rule (null when its first binding made none). */
const rulesByPool = new WeakMap<
  INodePool,
  { readonly computeCluster?: string; readonly vmIds: string[] } | null
>();

/**
 * The folder of a control plane's VMs, made once per stack whatever the number of
 * pools. Keyed by the control plane construct (and the datacenter and path), not by
 * its name: two control planes of one name are different tenants, whose VMs must not
 * share a folder.
 */
function tenantFolder(
  pool: INodePool,
  props: VSphereInfrastructureProps,
  datacenterId: string,
): string {
  const stack = TerraformStack.of(pool);
  const controlPlane = pool.controlPlane;
  const path = props.folder ? `${props.folder}/${controlPlane.name}` : controlPlane.name;
  const key = JSON.stringify([props.datacenter, path]);
  const folders = foldersByStack.get(stack) ?? new Map<string, TenantFolder>();
  foldersByStack.set(stack, folders);
  const existing = folders.get(key);
  if (existing && existing.controlPlane !== controlPlane) {
    const other = `${existing.controlPlane.node.path} (namespace ${existing.controlPlane.namespace})`;
    // Reported with the pool's other problems at synth; the path is never written.
    recordProblems(pool, [
      ProviderMessages.folderOfOtherTenant('infrastructure.folder', props.folder, path, other),
    ]);
    return path;
  }
  if (existing) return existing.folder.path;
  const id = claimName(
    stack,
    'construct',
    `${controlPlane.name}-vsphere-folder`,
    `${controlPlane.node.addr}/${key}`,
  );
  const folder = new Folder(stack, id, {
    provider: props.provider,
    path,
    type: 'vm',
    datacenterId,
  });
  keepLiteralsLiteral(folder);
  folders.set(key, { controlPlane, folder });
  return folder.path;
}

interface TenantFolder {
  readonly controlPlane: ITenantControlPlane;
  readonly folder: Folder;
}

const foldersByStack = sharedWeakMap<TerraformStack, Map<string, TenantFolder>>('vsphere-folders');
