/**
 * A Kubernetes release, as Kamaji's `spec.kubernetes.version` takes it.
 * Pure module: no CDKTF import.
 */

import { Brand } from '../private/brand';

const FORMAT = /^v(\d+)\.(\d+)\.(\d+)$/;

/**
 * The Kubernetes minors the targeted Kamaji release (26.8.2-edge) runs, inclusive.
 * Highest: Kamaji's webhook refuses versions above the kubeadm it embeds
 * (internal/upgrade/kubeadm_version.go, v1.36). Lowest: the webhook has no floor, so
 * this is the oldest minor of Kamaji's versioning table (docs/content/reference/versioning.md).
 */
export const SUPPORTED_MINORS = {
  lowest: { major: 1, minor: 30 },
  highest: { major: 1, minor: 36 },
};

const BRAND = new Brand('KubernetesVersion');

/** A Kubernetes release such as `v1.33.4`. */
export class KubernetesVersion {
  /** Whether `x` is a KubernetesVersion, made by this copy of the library or another. */
  public static isKubernetesVersion(x: unknown): x is KubernetesVersion {
    return BRAND.has(x);
  }

  /** The release used when none is given: Kamaji 26.8's own default (api/v1alpha1). */
  public static readonly DEFAULT = KubernetesVersion.of('v1.35.7');

  /**
   * A Kubernetes release. The format (`vX.Y.Z`) and the supported range are checked by
   * the construct that uses it, so the error can name that construct; a token is
   * passed through unchecked.
   */
  public static of(version: string): KubernetesVersion {
    return new KubernetesVersion(version);
  }

  private constructor(public readonly version: string) {
    BRAND.mark(this);
  }

  /** Major, minor and patch, or undefined when the text is not `vX.Y.Z`. */
  public get parts(): { major: number; minor: number; patch: number } | undefined {
    const match = FORMAT.exec(this.version);
    if (!match) return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
  }

  /** Whether this release is inside {@link SUPPORTED_MINORS}; false when unparsable. */
  public get isSupported(): boolean {
    const parts = this.parts;
    if (!parts) return false;
    const key = parts.major * 1000 + parts.minor;
    const { lowest, highest } = SUPPORTED_MINORS;
    return key >= lowest.major * 1000 + lowest.minor && key <= highest.major * 1000 + highest.minor;
  }

  public toString(): string {
    return this.version;
  }
}

/** `v1.30` style text of a supported bound, for messages. */
export function formatMinor(bound: { major: number; minor: number }): string {
  return `v${bound.major}.${bound.minor}`;
}
