import { Token, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { DataProxmoxVm } from '../../.gen/providers/proxmox/data-proxmox-vm';
import { VirtualEnvironmentFile } from '../../.gen/providers/proxmox/virtual-environment-file';
import { VirtualEnvironmentVm } from '../../.gen/providers/proxmox/virtual-environment-vm';
import { Problem } from '../../errors';
import { checkSafely } from '../../private/field-checks';
import {
  IBoundNodeInfrastructure,
  INodeInfrastructure,
  INodePool,
  NodeMachine,
  NodeSpec,
} from '../../node-pool/infrastructure';
import { qualifyProviderSources } from '../../private/provider-sources';
import { sharedLookup } from '../../private/shared-lookups';
import { specValue } from '../../private/spec-value';
import { terraformLiterals } from '../../private/terraform-literals';
import { nocloudMetaData } from './nocloud-meta-data';
import { proxmoxIpConfig } from './proxmox-ip-config';
import { validateProxmoxProps } from './proxmox-validation';
import { Brand } from '../../private/brand';

/** A network device of each VM. */
export interface ProxmoxNetworkDevice {
  /** Linux bridge, e.g. `vmbr0`. */
  readonly bridge: string;
  /** @default - untagged */
  readonly vlanId?: number;
  /** @default "virtio" */
  readonly model?: string;
}

/** Where and how a pool's VMs run on Proxmox VE (bpg/proxmox). */
export interface ProxmoxInfrastructureProps {
  /** Proxmox nodes the VMs are spread over, round-robin (the pool's failure domains). */
  readonly nodes: string[];
  /** VM id of the template to clone (cloud-init enabled, QEMU guest agent installed). */
  readonly templateVmId: number;
  /**
   * Proxmox node holding the template.
   * @default - the first of `nodes`
   */
  readonly templateNode?: string;
  /**
   * Full clone (independent disks) or linked clone (needs the template's storage).
   * @default true
   */
  readonly fullClone?: boolean;
  /** Datastore with the `snippets` content type, where each node's user-data is uploaded. */
  readonly snippetsDatastore: string;
  /**
   * Datastore of the boot disk (and of full clones).
   * @default "local-lvm"
   */
  readonly diskDatastore?: string;
  /**
   * Datastore of the cloud-init drive.
   * @default - diskDatastore
   */
  readonly cloudInitDatastore?: string;
  /**
   * Size the cloned boot disk is resized to.
   * @default 20
   */
  readonly diskGiB?: number;
  /**
   * Interface of the boot disk in the template.
   * @default "scsi0"
   */
  readonly diskInterface?: string;
  /** @default 2 */
  readonly cpuCores?: number;
  /** @default 1 */
  readonly cpuSockets?: number;
  /** @default "x86-64-v2-AES" */
  readonly cpuType?: string;
  /** @default 4096 */
  readonly memoryMiB?: number;
  /** @default - one virtio device on vmbr0 */
  readonly networkDevices?: ProxmoxNetworkDevice[];
  /** Extra Proxmox tags. @default - only "kamaji", the control plane and the pool */
  readonly tags?: string[];
  /**
   * The bpg/proxmox provider.
   * @default - the stack's default proxmox provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Where the VM reads its cloud-init files from; ignored once the VM exists: bpg/proxmox
 * forces a new VM on a change of either (ForceNew in proxmoxtf/resource/vm/vm.go), so a
 * token rotation (design D3) or a library upgrade (VMs made before the meta-data
 * snippet existed read "" there) must not reach a running VM.
 */
const USER_DATA_ATTRIBUTES = [
  'initialization[0].user_data_file_id',
  'initialization[0].meta_data_file_id',
];

/**
 * What the VM is made from (issue #14 item 3): bpg/proxmox forces a new VM on a change
 * of its `clone` block (vm_id, node_name, datastore_id: ForceNew in
 * proxmoxtf/resource/vm/vm.go) and updates CPU, memory and disk size in place, rebooting
 * the VM (`reboot_after_update`, default true).
 */
const MACHINE_SPEC_ATTRIBUTES = [
  'clone',
  'cpu[0].cores',
  'cpu[0].sockets',
  'cpu[0].type',
  'memory[0].dedicated',
  'disk[0].size',
];

const BRAND = new Brand('ProxmoxInfrastructure');

/**
 * VMs cloned from a template on Proxmox VE. Each node gets a cloud-init snippet
 * (`proxmox_virtual_environment_file`, uploaded over SSH by the provider) and a VM
 * that boots from it, on the Proxmox node its index picks round-robin.
 */
export class ProxmoxInfrastructure implements INodeInfrastructure {
  /** Whether `x` is a ProxmoxInfrastructure, made by this copy of the library or another. */
  public static isProxmoxInfrastructure(x: unknown): x is ProxmoxInfrastructure {
    return BRAND.has(x);
  }

  constructor(private readonly props: ProxmoxInfrastructureProps) {
    BRAND.mark(this);
  }

  public validate(): Problem[] {
    return checkSafely(this.props, () => validateProxmoxProps(this.props, Token.isUnresolved));
  }

  public machineSpec(): { [attribute: string]: string } {
    const props = this.props;
    return {
      template_vm_id: specValue(props.templateVmId),
      template_node: props.templateNode ?? props.nodes[0],
      full_clone: String(props.fullClone ?? true),
      cpu_cores: specValue(props.cpuCores ?? 2),
      cpu_sockets: specValue(props.cpuSockets ?? 1),
      cpu_type: props.cpuType ?? 'x86-64-v2-AES',
      memory_mib: specValue(props.memoryMiB ?? 4096),
      disk_gib: specValue(props.diskGiB ?? 20),
    };
  }

  public bind(pool: INodePool): IBoundNodeInfrastructure {
    const props = this.props;
    qualifyProviderSources(pool);

    const provider = props.provider;
    const templateNode = props.templateNode ?? props.nodes[0];
    // Looked up once per stack (shared by its pools): a missing template fails the plan, not the apply.
    // proxmox_vm, not proxmox_virtual_environment_vm: bpg/proxmox 0.111 deprecates the
    // latter (removed in v1.0) and warns on every plan; proxmox_vm takes the VM id as `id`.
    const template = sharedLookup(
      pool,
      'proxmox-template',
      provider,
      [templateNode, props.templateVmId],
      (stack, id) =>
        new DataProxmoxVm(stack, id, { provider, nodeName: templateNode, id: props.templateVmId }),
    );
    const diskDatastore = props.diskDatastore ?? 'local-lvm';
    const fullClone = props.fullClone ?? true;
    const tags = ['kamaji', pool.controlPlane.name, pool.name, ...(props.tags ?? [])];

    return {
      failureDomains: props.nodes,
      createMachine: (scope: Construct, node: NodeSpec): NodeMachine => {
        const proxmoxNode = node.failureDomain ?? props.nodes[0];
        const snippet = new VirtualEnvironmentFile(scope, 'UserData', {
          provider,
          contentType: 'snippets',
          datastoreId: props.snippetsDatastore,
          nodeName: proxmoxNode,
          // Not ignore_changes: a VM created later (a rollout step, a taint, -replace) must
          // boot with the current token. A rotation re-uploads the snippet (source_raw
          // forces a new file in bpg/proxmox, proxmoxtf/resource/file.go); the VM keeps
          // the same file id and ignores it (USER_DATA_ATTRIBUTES).
          sourceRaw: { data: node.userData, fileName: `${node.name}-user-data.yaml` },
        });
        // Its own instance-id, which Proxmox VE would otherwise derive from the snippet
        // above: a token rotation must not make a node's next boot a first boot.
        const metaData = new VirtualEnvironmentFile(scope, 'MetaData', {
          provider,
          contentType: 'snippets',
          datastoreId: props.snippetsDatastore,
          nodeName: proxmoxNode,
          sourceRaw: { data: nocloudMetaData(node.name), fileName: `${node.name}-meta-data.yaml` },
        });
        const vm = new VirtualEnvironmentVm(scope, 'Machine', {
          provider,
          name: node.name,
          nodeName: proxmoxNode,
          tags,
          clone: {
            vmId: template.id,
            nodeName: templateNode,
            full: fullClone,
            ...(fullClone && { datastoreId: diskDatastore }),
          },
          cpu: {
            cores: props.cpuCores ?? 2,
            sockets: props.cpuSockets ?? 1,
            type: props.cpuType ?? 'x86-64-v2-AES',
          },
          memory: { dedicated: props.memoryMiB ?? 4096 },
          disk: [
            {
              datastoreId: diskDatastore,
              interface: props.diskInterface ?? 'scsi0',
              size: props.diskGiB ?? 20,
            },
          ],
          initialization: {
            datastoreId: props.cloudInitDatastore ?? diskDatastore,
            userDataFileId: snippet.id,
            metaDataFileId: metaData.id,
            ipConfig: [proxmoxIpConfig(node.address)],
            ...(node.address?.dnsServers.length && { dns: { servers: node.address.dnsServers } }),
          },
          agent: { enabled: true },
          started: true,
          onBoot: true,
        });
        // An override is written as is: its user strings are escaped here.
        vm.addOverride(
          'network_device',
          terraformLiterals((props.networkDevices ?? [{ bridge: 'vmbr0' }]).map(networkDevice)),
        );
        return {
          resource: vm,
          userDataAttributes: USER_DATA_ATTRIBUTES,
          machineSpecAttributes: MACHINE_SPEC_ATTRIBUTES,
          machineId: Token.asString(vm.vmId),
        };
      },
    };
  }
}

/**
 * A `network_device` entry with every field of its object type. bpg/proxmox declares
 * the list in SDKv2's attribute mode (ConfigModeAttr, proxmoxtf/resource/vm/network),
 * so Terraform types it `list(object)` and refuses entries that leave fields out;
 * the values here are the provider's defaults, null where it has none.
 */
function networkDevice(device: ProxmoxNetworkDevice): Record<string, unknown> {
  return {
    bridge: device.bridge,
    disconnected: false,
    enabled: true,
    firewall: false,
    mac_address: null,
    model: device.model ?? 'virtio',
    mtu: 0,
    queues: 0,
    rate_limit: 0,
    trunks: null,
    vlan_id: device.vlanId ?? 0,
  };
}
