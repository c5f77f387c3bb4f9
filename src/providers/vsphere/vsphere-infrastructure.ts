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
import { Errors, Problem } from '../../errors';
import { checkSafely } from '../../private/field-checks';
import { recordProblems } from '../../private/problems';
import { qualifyProviderSources } from '../../private/provider-sources';
import { claimName } from '../../private/stack-names';
import { keepLiteralsLiteral } from '../../private/terraform-literals';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  NodeMachine,
  NodeSpec,
} from '../../node-pool/infrastructure';
import type { ITenantControlPlane } from '../../kamaji/tenant-control-plane';
import type { NodePool } from '../../node-pool/node-pool';
import { guestinfoMetadata } from './guestinfo';
import { staticMacAddress } from './static-mac';
import { validateVSphereProps } from './vsphere-validation';

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

/** The user-data keys a VM may change without replacement (design D3). */
const USER_DATA_KEYS = ['extra_config["guestinfo.userdata"]'];

/**
 * VMs cloned from a template on VMware vSphere, with cloud-init's VMware datasource
 * reading `guestinfo.metadata` and `guestinfo.userdata`. Datacenter, cluster or
 * resource pool, datastore, networks and template are looked up once per pool.
 */
export class VSphereInfrastructure implements INodeInfrastructure {
  constructor(private readonly props: VSphereInfrastructureProps) {}

  public validate(): Problem[] {
    return checkSafely(this.props, () => validateVSphereProps(this.props, Token.isUnresolved));
  }

  public bind(pool: NodePool): IBoundNodeInfrastructure {
    const props = this.props;
    qualifyProviderSources(pool);

    const provider = props.provider;
    const lookups = new Construct(pool, 'VSphere');
    const datacenter = new DataVsphereDatacenter(lookups, 'Datacenter', {
      provider,
      name: props.datacenter,
    });
    const datacenterId = datacenter.id;
    const cluster = props.computeCluster
      ? new DataVsphereComputeCluster(lookups, 'ComputeCluster', {
          provider,
          name: props.computeCluster,
          datacenterId,
        })
      : undefined;
    const resourcePoolId = cluster
      ? cluster.resourcePoolId
      : new DataVsphereResourcePool(lookups, 'ResourcePool', {
          provider,
          name: props.resourcePool,
          datacenterId,
        }).id;
    const datastore = new DataVsphereDatastore(lookups, 'Datastore', {
      provider,
      name: props.datastore,
      datacenterId,
    });
    const networks = props.networks.map(
      (name, i) => new DataVsphereNetwork(lookups, `Network${i}`, { provider, name, datacenterId }),
    );
    const template = new DataVsphereVirtualMachine(lookups, 'Template', {
      provider,
      name: props.template,
      datacenterId,
    });
    const folder = props.folderPerTenant ? tenantFolder(pool, props, datacenterId) : props.folder;

    const vmIds: string[] = [];
    if (props.antiAffinity && cluster && pool.replicas >= 2) {
      new ComputeClusterVmAntiAffinityRule(lookups, 'AntiAffinity', {
        provider,
        name: `${pool.controlPlane.name}-${pool.name}-anti-affinity`,
        computeClusterId: cluster.id,
        virtualMachineIds: Lazy.listValue({ produce: () => vmIds }),
      });
    }

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
        vmIds.push(vm.id);
        return {
          resource: vm,
          userDataAttributes: USER_DATA_KEYS,
          machineId: vm.id,
          address: node.address ? undefined : vm.defaultIpAddress,
        };
      },
    };
  }
}

/**
 * The folder of a control plane's VMs, made once per stack whatever the number of
 * pools. Keyed by the control plane construct (and the datacenter and path), not by
 * its name: two control planes of one name are different tenants, whose VMs must not
 * share a folder.
 */
function tenantFolder(
  pool: NodePool,
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
      Errors.folderOfOtherTenant('infrastructure.folder', props.folder, path, other),
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

const foldersByStack = new WeakMap<TerraformStack, Map<string, TenantFolder>>();
