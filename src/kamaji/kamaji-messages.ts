/**
 * Messages of the control plane's props: versions, network profile, exposure, DataStore,
 * imports. Kubelet versions and configuration are in kubelet-messages.ts. Pure module.
 */
import { problem } from '../private/common-messages';

export const KamajiMessages = {
  badVersionFormat: (field: string, value: string) =>
    problem(field, value, 'must be a Kubernetes release "vMAJOR.MINOR.PATCH", e.g. "v1.33.4"'),
  unsupportedVersion: (field: string, value: string, lowest: string, highest: string) =>
    problem(
      field,
      value,
      `this Kamaji release supports Kubernetes ${lowest} to ${highest}; choose a version in that range`,
    ),
  tooManyCidrs: (field: string, value: readonly string[]) =>
    problem(
      field,
      value,
      'must hold one or two CIDR blocks: one for a single-stack cluster, one IPv4 and one IPv6 for dual-stack',
    ),
  sameFamilyTwice: (field: string, value: readonly string[]) =>
    problem(field, value, 'a dual-stack pair must be one IPv4 and one IPv6 block'),
  cidrsOverlap: (field: string, value: string, other: string, otherField: string) =>
    problem(field, value, `must not overlap ${otherField} "${other}"`),
  addressOutsideCidrs: (field: string, value: string, cidrs: readonly string[]) =>
    problem(field, value, `must lie inside the service CIDRs ${JSON.stringify(cidrs)}`),
  tooManyDnsServiceIps: (field: string, value: readonly string[]) =>
    problem(field, value, 'must hold at most 8 addresses'),
  noRoomForDnsServiceIp: (field: string, value: string, address: string) =>
    problem(
      field,
      value,
      `has no room for the cluster DNS Service address Kamaji derives from it (${address}: the network address plus 10, read as hexadecimal for IPv6); use a larger block such as "10.96.0.0/16" or "fd00::/108", or give networkProfile.dnsServiceIps`,
    ),
  loadBalancerOnly: (field: string, value: unknown, serviceType: string) =>
    problem(
      field,
      value,
      `is supported only with serviceType LoadBalancer (serviceType is ${serviceType}); remove it or use ServiceType.LOAD_BALANCER`,
    ),
  ingressAndGateway: (value: unknown) =>
    problem(
      'ingress, gateway',
      value,
      'Kamaji exposes a control plane through an ingress or a gateway, not both; set only one',
    ),
  konnectivityReplicasWithDaemonSet: (field: string, value: number) =>
    problem(
      field,
      value,
      'must be 0 or unset when the konnectivity agent runs as a DaemonSet; use KonnectivityAgentMode.DEPLOYMENT to set replicas',
    ),
  konnectivityReplicasZeroWithDeployment: (field: string, value: number) =>
    problem(field, value, 'must be 1 or more when the konnectivity agent runs as a Deployment'),
  tooManyControlPlaneReplicas: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a whole number of control plane pods from 0 to ${highest}: each is a whole kube-apiserver with its own connections to the DataStore, and 2 or 3 make a control plane highly available`,
    ),
  badDuration: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a Go duration of hours, minutes and seconds such as "20m" or "1h30m"',
    ),
  notClusterDomain: (field: string, value: string) =>
    problem(field, value, 'must be a DNS domain with at least one dot, such as "cluster.local"'),
  reservedSpecField: (field: string, value: string) =>
    problem(
      field,
      value,
      'sets a field the typed props own; use the typed prop instead, or node.defaultChild.addOverride() to force it',
    ),
  prototypeKey: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'is a key a JavaScript object cannot hold as data (it would set the prototype and be dropped) and no Kubernetes field; remove it',
    ),
  notHostPort: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be "host:port" with no scheme, e.g. "etcd-0.etcd.kamaji-system.svc:2379"',
    ),
  noEndpoints: (field: string) => problem(field, [], 'needs at least one "host:port" endpoint'),
  etcdNeedsClientCertificate: (field: string) =>
    problem(
      field,
      undefined,
      'the etcd driver authenticates with certificates: give tlsConfig.certificateAuthority.privateKey and tlsConfig.clientCertificate (certificate and privateKey)',
    ),
  sqlNeedsCredentials: (field: string, driver: string) =>
    problem(field, undefined, `the ${driver} driver needs tlsConfig or basicAuth`),
  basicAuthWithEtcd: (field: string) =>
    problem(
      field,
      'basicAuth',
      'the etcd driver does not use basicAuth; authenticate with tlsConfig.clientCertificate',
    ),
  secretKeyIncomplete: (field: string, value: unknown) =>
    problem(field, value, 'a Secret reference needs name, namespace and key'),
  missingImportAttribute: (attribute: string) =>
    problem(
      attribute,
      undefined,
      `was not given to TenantControlPlane.fromTenantControlPlaneAttributes(); pass "${attribute}" there to use it`,
    ),
  noControlPlane: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must be a TenantControlPlane, or one from TenantControlPlane.fromTenantControlPlaneAttributes()',
    ),
  badJoinEndpoint: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be the tenant API server as "host:port", host a DNS name, an IPv4 address or a bracketed IPv6 address, port 1 to 65535, on one line, e.g. "203.0.113.10:6443"',
    ),
};
