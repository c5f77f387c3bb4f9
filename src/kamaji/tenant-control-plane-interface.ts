import { TerraformProvider } from 'cdktf';
import { IConstruct } from 'constructs';
import { Brand } from '../private/brand';
import type { KubernetesVersion } from './kubernetes-version';

/**
 * A Kamaji tenant control plane, made here or elsewhere: what the layers below the
 * `TenantControlPlane` construct (join tokens, node pools, day-2) read of it. It has
 * no `addNodePool`: that is the construct's own (as aws-eks keeps
 * `addNodegroupCapacity` on `Cluster`, not on `ICluster`), so this file needs nothing
 * of the layers above it (issue #23 item 1).
 */
export interface ITenantControlPlane extends IConstruct {
  /** Name of the TenantControlPlane object. */
  readonly name: string;
  /** Its namespace in the management cluster. */
  readonly namespace: string;
  /** The API server endpoint nodes join, `host:port` (known at apply time). */
  readonly endpoint: string;
  /** Kubernetes version of the control plane. */
  readonly kubernetesVersion: KubernetesVersion;
  /**
   * The version the control plane was last applied with, from Terraform's state (known
   * at apply time); undefined for one made elsewhere. Pools refuse to make nodes newer
   * than it, so a node stack applied before its control plane's stack stops there.
   */
  readonly appliedKubernetesVersion?: string;
  /** Name of the Secret Kamaji writes the admin kubeconfig to. */
  readonly adminKubeconfigSecretName: string;
  /** The admin kubeconfig (`admin.conf`), sensitive; read from the management cluster. */
  readonly adminKubeconfig: string;
  /** The kubernetes provider of the management cluster, when not the stack's default. */
  readonly managementProvider?: TerraformProvider;
}

/**
 * Both kinds of control plane, `TenantControlPlane` and its imports, carry this brand:
 * pools, join tokens and the fleet summary take either, from any copy of the library.
 */
const BRAND = new Brand('ITenantControlPlane');

/** Brands a control plane, made here or imported; called by their constructors. */
export function markControlPlane(controlPlane: ITenantControlPlane): void {
  BRAND.mark(controlPlane);
}

/**
 * Whether a prop given from JavaScript or YAML is a control plane (made here or
 * imported): checked before it is read, so bad input becomes a problem, not a TypeError.
 */
export function isControlPlane(value: unknown): value is ITenantControlPlane {
  return BRAND.has(value);
}
