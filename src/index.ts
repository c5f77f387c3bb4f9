export {
  AppValidationError,
  describe as describeValue,
  formatProblems,
  type Problem,
  ValidationError,
} from './errors';
export { KubernetesVersion, SUPPORTED_MINORS } from './kamaji/kubernetes-version';
export { TaintEffect, type Toleration, TolerationOperator } from './kamaji/scheduling';
export {
  type ControlPlaneDeploymentOptions,
  type ControlPlaneExtraArgs,
  type ControlPlaneResources,
  type GatewayOptions,
  type GatewayParentReference,
  type IngressOptions,
  renderTenantControlPlane,
  type ResourceRequirements,
  ServiceType,
  type TenantControlPlaneSpecOptions,
} from './kamaji/tenant-control-plane-spec';
export { type NetworkProfileOptions } from './kamaji/network-profile-spec';
export {
  CgroupDriver,
  JsonPatchOp,
  type KubeletConfigurationPatch,
  type KubeletOptions,
  NodeAddressType,
} from './kamaji/kubelet-spec';
export {
  type AddonOptions,
  type AddonsOptions,
  KonnectivityAgentMode,
  type KonnectivityOptions,
} from './kamaji/addons-spec';
export { type ITenantControlPlane } from './kamaji/tenant-control-plane-interface';
export {
  type INodePoolOwner,
  TenantControlPlane,
  type TenantControlPlaneAttributes,
  type TenantControlPlaneProps,
  type TenantControlPlaneTimeouts,
} from './kamaji/tenant-control-plane';
export {
  type CertificateKeyPair,
  type DataStoreBasicAuth,
  DataStoreDriver,
  type DataStoreSpecOptions,
  type DataStoreTlsConfig,
  renderDataStore,
  type SecretKeyReference,
} from './kamaji/data-store-spec';
export { DataStore, type DataStoreProps } from './kamaji/data-store';
export { type IDataStore } from './kamaji/data-store-ref';
export {
  type AdminUser,
  type NodeBootstrapConfig,
  type NodeBootstrapOptions,
  type NodeFile,
  OsFamily,
  type ProxySettings,
  type Taint,
  YakiSource,
  type YakiComponentVersions,
} from './bootstrap/node-bootstrap';
export { renderUserData } from './bootstrap/user-data';
export { LITERAL_ENCODING, type ValueEncoding } from './bootstrap/encoding';
export { JoinToken, type JoinTokenProps } from './bootstrap/join-token';
export {
  type IBoundNodeInfrastructure,
  type INodeInfrastructure,
  type INodePool,
  type NodeMachine,
  type NodeSpec,
} from './node-pool/infrastructure';
export {
  NodePool,
  type NodePoolOptions,
  type NodePoolProps,
  type PoolRolloutOptions,
} from './node-pool/node-pool';
export { MAX_REPLICAS } from './node-pool/node-pool-validation';
export { PoolNode } from './node-pool/pool-node';
export { BringYourOwnMachines } from './node-pool/bring-your-own-machines';
export {
  JoinHealth,
  JoinHealthMode,
  type JoinHealthOptions,
  MAX_JOIN_TIMEOUT_SECONDS,
} from './day-two/join-health';
export { TimeoutAction } from './day-two/timeout-action';
export {
  type NodeAddress,
  NodeAddressing,
  type StaticRangeOptions,
} from './node-pool/node-addressing';
// Providers of the generated bindings (design D12): a stack with pools on these
// infrastructures declares its provider, and consumers never import lib/.gen.
export {
  ProxmoxProvider,
  type ProxmoxProviderConfig,
  type ProxmoxProviderSsh,
  type ProxmoxProviderSshNode,
} from './.gen/providers/proxmox/provider';
export { MaasProvider, type MaasProviderConfig } from './.gen/providers/maas/provider';
export {
  VcdProvider,
  type VcdProviderConfig,
  type VcdProviderIgnoreMetadataChanges,
} from './.gen/providers/vcd/provider';
export {
  VSphereInfrastructure,
  type VSphereInfrastructureProps,
} from './providers/vsphere/vsphere-infrastructure';
export {
  ProxmoxInfrastructure,
  type ProxmoxInfrastructureProps,
  type ProxmoxNetworkDevice,
} from './providers/proxmox/proxmox-infrastructure';
export {
  type MaasBareMetalProps,
  type MaasDeployOptions,
  MaasInfrastructure,
  type MaasStorageDisk,
  type MaasVmHostProps,
} from './providers/maas/maas-infrastructure';
export {
  CloudDirectorInfrastructure,
  type CloudDirectorInfrastructureProps,
  IpAllocationMode,
} from './providers/cloud-director/cloud-director-infrastructure';
export {
  type HcpTerraformStateOptions,
  type KubernetesStateOptions,
  type S3StateOptions,
  StateBackend,
} from './stacks/state-backend';
export {
  DataTerraformRemoteStateKubernetes,
  KubernetesBackend,
  type KubernetesBackendConfig,
} from './stacks/kubernetes-backend';
export { summarizeFleet } from './config/fleet-summary';
export {
  buildFleet,
  buildFleetFromFile,
  CONTROL_PLANE_STACK_ID,
  FLEET_SCHEMA_FILE,
  type FleetControlPlane,
  type FleetOptions,
  type FleetStacks,
} from './config/fleet';
export { FleetFileError, type FleetProblem, formatFleetProblem } from './config/fleet-errors';
export { DrainTimeoutAction, NodeDrain, type NodeDrainOptions } from './day-two/node-drain';
export { NodeRetirement, type NodeRetirementProps } from './day-two/node-retirement';
export { type ManagementKubeconfig, type TenantIdentity } from './day-two/management-kubeconfig';
export { type PoolRolloutPlan, type RolloutSlot } from './day-two/pool-rollout';
export {
  MAX_ROLLOUT_BATCH,
  RolloutStrategy,
  type RollingUpdateOptions,
} from './day-two/rollout-strategy';
