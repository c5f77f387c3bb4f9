/**
 * Messages of mixed kubelet versions (#16): the kubelet configuration a control plane
 * serves, and which pools can read it and join it (the skew policy). Pure module.
 */
import { problem } from '../private/common-messages';

export const KubeletMessages = {
  kubeletNewerThanControlPlane: (field: string, value: string, controlPlane: string) =>
    problem(
      field,
      value,
      `the kubelet may not be newer than its control plane (${controlPlane}); use that minor or an older one`,
    ),
  kubeletTooOld: (field: string, value: string, controlPlane: string) =>
    problem(
      field,
      value,
      `the kubelet may be at most three minors older than its control plane (${controlPlane}); upgrade the pool first`,
    ),
  oldestKubeletOutOfRange: (field: string, value: string, lowest: string, highest: string) =>
    problem(
      field,
      value,
      `must be a kubelet version from ${lowest} (the control plane's minor minus the allowed skew, and the oldest kubeadm that reads the cluster's kubeadm-config) to ${highest} (the control plane's minor)`,
    ),
  notJsonPointer: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must be a JSON pointer such as "/maxPods" (or "" for the whole document)',
    ),
  patchNotApplied: (field: string, value: unknown, reason: string) =>
    problem(
      field,
      value,
      `does not apply to the kubelet configuration Kamaji renders (${reason}); Kamaji would fail to write the kubelet-config ConfigMap: fix the path, or guard a removal with an "add" of the same path first`,
    ),
  patchesBreakOldestKubelet: (field: string, value: unknown, oldest: string, reasons: string) =>
    problem(
      field,
      value,
      `leave a kubelet configuration that kubelet ${oldest}, the oldest this control plane serves, refuses: ${reasons}; change the patches, or raise kubelet.oldestKubeletVersion once no older kubelet joins`,
    ),
  poolOlderThanServed: (
    field: string,
    value: string,
    oldest: string,
    controlPlane: string,
    prop: string,
  ) =>
    problem(
      field,
      value,
      `control plane ${controlPlane} serves a kubelet configuration for kubelets from ${oldest} on; set its ${prop} to this pool's minor or older, or use ${oldest} or newer here`,
    ),
  poolCannotReadConfiguration: (
    field: string,
    value: string,
    controlPlane: string,
    reasons: string,
  ) =>
    problem(
      field,
      value,
      `this kubelet would refuse the kubelet configuration of control plane ${controlPlane}: ${reasons}; change that control plane's kubelet.configurationJsonPatches`,
    ),
  poolCannotJoin: (
    field: string,
    value: string,
    controlPlane: string,
    reason: string,
    oldest: string,
  ) =>
    problem(
      field,
      value,
      `cannot join control plane ${controlPlane}: ${reason}; use ${oldest} or newer`,
    ),
};
