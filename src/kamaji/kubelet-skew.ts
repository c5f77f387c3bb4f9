/**
 * Kubernetes' version skew policy for kubelets against their API server: not newer than
 * the control plane's minor, at most three minors older
 * (https://kubernetes.io/releases/version-skew-policy/#kubelet). Pure module: no CDKTF
 * import.
 */
import { Problem } from '../errors';
import { KubeletMessages } from './kubelet-messages';
import type { KubernetesVersion } from './kubernetes-version';

/** The skew of `kubelet` against `controlPlane`; nothing to check without a control plane version. */
export function checkSkew(
  kubelet: KubernetesVersion,
  controlPlane: KubernetesVersion | undefined,
): Problem[] {
  if (!controlPlane) return [];
  const k = kubelet.parts;
  const c = controlPlane.parts;
  if (!k || !c || k.major !== c.major) return [];
  if (k.minor > c.minor) {
    return [
      KubeletMessages.kubeletNewerThanControlPlane(
        'kubernetesVersion',
        kubelet.version,
        controlPlane.version,
      ),
    ];
  }
  if (c.minor - k.minor > 3) {
    return [
      KubeletMessages.kubeletTooOld('kubernetesVersion', kubelet.version, controlPlane.version),
    ];
  }
  return [];
}
