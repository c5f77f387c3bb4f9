/**
 * The kubeadm JoinConfiguration and the discovery kubeconfig of a node (design D2:
 * file discovery pins the tenant CA; the bootstrap token only authenticates the
 * TLS bootstrap). Pure module: no CDKTF import.
 */
import { Json } from './encoding';
import { NodeBootstrapConfig, Taint } from './node-bootstrap';

export const DISCOVERY_KUBECONFIG_PATH = '/etc/kubernetes/discovery.conf';
export const JOIN_CONFIGURATION_PATH = '/etc/kubernetes/kubeadm-join.yaml';
export const CONTAINERD_SOCKET = 'unix:///run/containerd/containerd.sock';

/** The first minor of 1.x whose kubeadm reads (and defaults to) config API v1beta4. */
export const V1BETA4_SINCE_MINOR = 31;

/**
 * kubeadm's config API for a Kubernetes version: v1beta4 from 1.31 (where it became
 * the default), v1beta3 before. A version that is not `vX.Y.Z` (a token) gets v1beta4.
 */
export function kubeadmApiVersion(kubernetesVersion: string): string {
  const match = /^v(\d+)\.(\d+)\./.exec(kubernetesVersion);
  if (
    match &&
    (Number(match[1]) < 1 || (Number(match[1]) === 1 && Number(match[2]) < V1BETA4_SINCE_MINOR))
  ) {
    return 'kubeadm.k8s.io/v1beta3';
  }
  return 'kubeadm.k8s.io/v1beta4';
}

/** A kubeconfig with the tenant server and CA and no credentials. */
export function discoveryKubeconfig(
  config: NodeBootstrapConfig,
  base64: (text: string) => string,
): Json {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'tenant',
        cluster: {
          server: `https://${config.endpoint}`,
          'certificate-authority-data': base64(config.caCertificate),
        },
      },
    ],
    contexts: [{ name: 'discovery', context: { cluster: 'tenant', user: 'discovery' } }],
    'current-context': 'discovery',
    users: [{ name: 'discovery', user: {} }],
  };
}

/** The JoinConfiguration, in the shape of the API version the node's kubeadm reads. */
export function joinConfiguration(config: NodeBootstrapConfig): Json {
  const apiVersion = kubeadmApiVersion(config.kubernetesVersion);
  const labels = Object.entries(config.labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const kubeletArgs: Array<[string, string]> = labels ? [['node-labels', labels]] : [];
  // v1beta3 takes kubeletExtraArgs as a map, v1beta4 as a list of name/value pairs.
  const kubeletExtraArgs: Json =
    apiVersion === 'kubeadm.k8s.io/v1beta3'
      ? Object.fromEntries(kubeletArgs)
      : kubeletArgs.map(([name, value]) => ({ name, value }));
  return {
    apiVersion,
    kind: 'JoinConfiguration',
    discovery: {
      file: { kubeConfigPath: DISCOVERY_KUBECONFIG_PATH },
      tlsBootstrapToken: config.token,
    },
    nodeRegistration: {
      name: config.nodeName,
      criSocket: CONTAINERD_SOCKET,
      taints: (config.taints ?? []).map(renderTaint),
      kubeletExtraArgs,
    },
  };
}

function renderTaint(taint: Taint): Json {
  return {
    key: taint.key,
    ...(taint.value !== undefined && { value: taint.value }),
    effect: taint.effect,
  };
}
