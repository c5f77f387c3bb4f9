import { Fn, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Instance } from '../../.gen/providers/maas/instance';
import { VmHostMachine } from '../../.gen/providers/maas/vm-host-machine';
import { Problem } from '../../errors';
import { checkSafely } from '../../private/field-checks';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  INodePool,
  NodeMachine,
  NodeSpec,
} from '../../node-pool/infrastructure';
import { parseCidr } from '../../private/cidr';
import { qualifyProviderSources } from '../../private/provider-sources';
import { specValue } from '../../private/spec-value';
import { validateMaasProps } from './maas-validation';
import { Brand } from '../../private/brand';

/** What MAAS deploys on each machine. */
export interface MaasDeployOptions {
  /**
   * Ubuntu series to deploy.
   * @default "noble"
   */
  readonly distroSeries?: string;
  /** @default - MAAS's default kernel for the series */
  readonly hweKernel?: string;
  /**
   * Interface that gets the pool's static address, when the pool has a static range.
   * @default "eth0"
   */
  readonly staticInterface?: string;
  /**
   * The canonical/maas provider.
   * @default - the stack's default maas provider
   */
  readonly provider?: TerraformProvider;
}

/** Bare-metal machines MAAS allocates from its Ready machines. */
export interface MaasBareMetalProps extends MaasDeployOptions {
  /**
   * Allocate these machines by host name, node i taking `hostnames[i]`; at least as
   * many as the pool's replicas.
   * @default - any machine matching the other constraints
   */
  readonly hostnames?: string[];
  /** Machine tags the machines must carry. @default - none */
  readonly tags?: string[];
  /** @default - any resource pool */
  readonly resourcePool?: string;
  /** Zones the nodes are spread over, round-robin. @default - any zone */
  readonly zones?: string[];
  /** @default - no minimum */
  readonly minCpuCount?: number;
  /** @default - no minimum */
  readonly minMemoryMiB?: number;
}

/** A disk of a VM composed on a MAAS VM host. */
export interface MaasStorageDisk {
  readonly sizeGiB: number;
  /** Storage pool of the VM host. @default - the VM host's default */
  readonly pool?: string;
}

/** VMs MAAS composes on its VM hosts (LXD or virsh), then deploys. */
export interface MaasVmHostProps extends MaasDeployOptions {
  /** VM hosts (id or name) the VMs are composed on, round-robin. */
  readonly vmHosts: string[];
  /** @default 2 */
  readonly cores?: number;
  /** @default 4096 */
  readonly memoryMiB?: number;
  /** @default - one 20 GiB disk */
  readonly storageDisks?: MaasStorageDisk[];
  /** @default - MAAS's default */
  readonly resourcePool?: string;
  /** @default - MAAS's default */
  readonly zone?: string;
}

/** The user-data MAAS deployed; ignored once the machine runs (design D3). */
const USER_DATA_ATTRIBUTES = ['deploy_params[0].user_data'];

/**
 * What the machine is deployed with and allocated by (issue #14 item 3): every
 * argument of maas_instance forces a new deployment (canonical/maas has no update for it).
 */
const MACHINE_SPEC_ATTRIBUTES = [
  'deploy_params[0].distro_series',
  'deploy_params[0].hwe_kernel',
  'allocate_params[0].min_cpu_count',
  'allocate_params[0].min_memory',
];

/**
 * The size of a composed VM: canonical/maas 2.4.0 forces a new maas_vm_host_machine on
 * a change of its cores, memory or disks (`cores`, `memory`, `storage_disks` ForceNew in
 * resourceMaasVMHostMachine, maas/resource_maas_vm_host_machine.go).
 */
const VM_SPEC_ATTRIBUTES = ['cores', 'memory', 'storage_disks'];

const BRAND = new Brand('MaasInfrastructure');

/**
 * Machines deployed by Canonical MAAS with the node's cloud-init user-data: bare
 * metal it allocates, or VMs it composes on VM hosts.
 */
export class MaasInfrastructure implements INodeInfrastructure {
  /** Whether `x` is a MaasInfrastructure, made by this copy of the library or another. */
  public static isMaasInfrastructure(x: unknown): x is MaasInfrastructure {
    return BRAND.has(x);
  }

  /** Bare metal: per node a `maas_instance` allocating and deploying a machine. */
  public static bareMetal(props: MaasBareMetalProps = {}): MaasInfrastructure {
    return new MaasInfrastructure(props, undefined);
  }

  /** VMs: per node a `maas_vm_host_machine`, then a `maas_instance` that deploys it. */
  public static vmHosts(props: MaasVmHostProps): MaasInfrastructure {
    return new MaasInfrastructure(props, props);
  }

  private constructor(
    private readonly props: MaasBareMetalProps | MaasVmHostProps,
    private readonly vmHostProps: MaasVmHostProps | undefined,
  ) {
    BRAND.mark(this);
  }

  public validate(pool: INodePool): Problem[] {
    return checkSafely(this.props, () =>
      validateMaasProps(this.props, this.vmHostProps, pool.nodeSlots, Token.isUnresolved),
    );
  }

  public machineSpec(): { [attribute: string]: string } {
    const props = this.props;
    const vmHosts = this.vmHostProps;
    const bareMetal = props as MaasBareMetalProps;
    return {
      distro_series: props.distroSeries ?? 'noble',
      ...(props.hweKernel !== undefined && { hwe_kernel: props.hweKernel }),
      ...(vmHosts
        ? {
            cores: specValue(vmHosts.cores ?? 2),
            memory_mib: specValue(vmHosts.memoryMiB ?? 4096),
            disks_gib: (vmHosts.storageDisks ?? [{ sizeGiB: 20 }])
              .map((disk) => specValue(disk.sizeGiB) + (disk.pool ? `@${disk.pool}` : ''))
              .join(','),
          }
        : {
            ...(bareMetal.minCpuCount !== undefined && {
              min_cpu_count: specValue(bareMetal.minCpuCount),
            }),
            ...(bareMetal.minMemoryMiB !== undefined && {
              min_memory_mib: specValue(bareMetal.minMemoryMiB),
            }),
          }),
    };
  }

  public bind(pool: INodePool): IBoundNodeInfrastructure {
    qualifyProviderSources(pool);
    const vmHosts = this.vmHostProps;
    const bareMetal = this.props as MaasBareMetalProps;
    return {
      failureDomains: vmHosts ? vmHosts.vmHosts : (bareMetal.zones ?? []),
      createMachine: (scope: Construct, node: NodeSpec): NodeMachine =>
        vmHosts
          ? this.composeAndDeploy(scope, node, vmHosts)
          : this.allocateAndDeploy(scope, node, bareMetal),
    };
  }

  private allocateAndDeploy(
    scope: Construct,
    node: NodeSpec,
    props: MaasBareMetalProps,
  ): NodeMachine {
    return this.deploy(scope, node, {
      ...(props.hostnames && { hostname: props.hostnames[node.index] }),
      ...(props.tags && { tags: props.tags }),
      ...(props.resourcePool !== undefined && { pool: props.resourcePool }),
      ...(node.failureDomain !== undefined && { zone: node.failureDomain }),
      ...(props.minCpuCount !== undefined && { minCpuCount: props.minCpuCount }),
      ...(props.minMemoryMiB !== undefined && { minMemory: props.minMemoryMiB }),
    });
  }

  private composeAndDeploy(scope: Construct, node: NodeSpec, props: MaasVmHostProps): NodeMachine {
    const vm = new VmHostMachine(scope, 'VirtualMachine', {
      provider: props.provider,
      vmHost: node.failureDomain ?? props.vmHosts[0],
      hostname: node.name,
      cores: props.cores ?? 2,
      memory: props.memoryMiB ?? 4096,
      storageDisks: (props.storageDisks ?? [{ sizeGiB: 20 }]).map((disk) => ({
        sizeGigabytes: disk.sizeGiB,
        ...(disk.pool !== undefined && { pool: disk.pool }),
      })),
      ...(props.resourcePool !== undefined && { pool: props.resourcePool }),
      ...(props.zone !== undefined && { zone: props.zone }),
    });
    // The pool ignores the spec of the machine it deploys; the VM it composes is this one.
    vm.lifecycle = { ignoreChanges: VM_SPEC_ATTRIBUTES };
    return this.deploy(scope, node, { systemId: vm.id });
  }

  /** The maas_instance that deploys the machine with the node's user-data. */
  private deploy(
    scope: Construct,
    node: NodeSpec,
    allocateParams: Record<string, unknown>,
  ): NodeMachine {
    const props = this.props;
    const instance = new Instance(scope, 'Machine', {
      provider: props.provider,
      allocateParams,
      deployParams: {
        distroSeries: props.distroSeries ?? 'noble',
        ...(props.hweKernel !== undefined && { hweKernel: props.hweKernel }),
        // Already base64: the provider passes it on as is, whatever the text holds.
        userData: node.userDataBase64,
      },
      ...(node.address && {
        networkInterfaces: [
          {
            name: props.staticInterface ?? 'eth0',
            ipAddress: node.address.address,
            subnetCidr: parseCidr(`${node.address.address}/${node.address.prefixLength}`)?.network,
          },
        ],
      }),
    });
    return {
      resource: instance,
      userDataAttributes: USER_DATA_ATTRIBUTES,
      machineSpecAttributes: MACHINE_SPEC_ATTRIBUTES,
      machineId: instance.id,
      address: node.address ? undefined : Fn.join(',', instance.ipAddresses),
    };
  }
}
