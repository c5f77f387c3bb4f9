/**
 * The network profile of a TenantControlPlane (`spec.networkProfile`): where the API
 * server is reached, the service and pod CIDRs, cluster DNS. Pure module: no CDKTF import.
 */
import { dnsServiceIp, parseCidr } from '../private/cidr';
import { JsonObject } from '../private/deep-merge';

/** Where the API server is reached and which networks the tenant cluster uses. */
export interface NetworkProfileOptions {
  /**
   * Address the API server is exposed on.
   * @default - with LoadBalancer, the address the load balancer assigns
   */
  readonly address?: string;
  /**
   * IP address advertised to the tenant's nodes and konnectivity (an IP, not a name).
   * @default - the address Kamaji exposes
   */
  readonly advertiseAddress?: string;
  /**
   * Whether `address` is added to the Service's external IPs (ClusterIP and NodePort only).
   * @default false
   */
  readonly allowAddressAsExternalIp?: boolean;
  /**
   * API server port.
   * @default 6443
   */
  readonly port?: number;
  /**
   * Extra Subject Alternative Names for the API server certificate (Kamaji's `certSANs`).
   * @default - none
   */
  readonly certSans?: string[];
  /**
   * Service CIDRs: one block, or one IPv4 and one IPv6 block for dual-stack.
   * @default ["10.96.0.0/16"]
   */
  readonly serviceCidrs?: string[];
  /**
   * Pod CIDRs: one block, or one IPv4 and one IPv6 block for dual-stack.
   * @default ["10.244.0.0/16"]
   */
  readonly podCidrs?: string[];
  /**
   * Cluster DNS Service addresses (Kamaji's `dnsServiceIPs`), inside the service CIDRs.
   * @default - the tenth address of each service CIDR, e.g. 10.96.0.10
   */
  readonly dnsServiceIps?: string[];
  /**
   * Cluster DNS domain; Kamaji cannot change it later.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Load balancer class of the API server Service (LoadBalancer only, immutable).
   * @default - the cluster's default load balancer
   */
  readonly loadBalancerClass?: string;
  /**
   * CIDRs allowed to reach the API server through the load balancer (LoadBalancer only).
   * @default - every source
   */
  readonly loadBalancerSourceRanges?: string[];
}

/** What an unset network profile field means. */
export const NETWORK_PROFILE_DEFAULTS = {
  port: 6443,
  serviceCidrs: ['10.96.0.0/16'],
  podCidrs: ['10.244.0.0/16'],
  clusterDomain: 'cluster.local',
} as const;

/** Service CIDRs after defaults, in the order given. */
export function effectiveServiceCidrs(profile: NetworkProfileOptions | undefined): string[] {
  return profile?.serviceCidrs ?? [...NETWORK_PROFILE_DEFAULTS.serviceCidrs];
}

/**
 * Kamaji's own default for dnsServiceIPs: the tenth address of the first service CIDR.
 * Written out so the plan shows it and node pools can read it.
 */
export function effectiveDnsServiceIps(
  profile: NetworkProfileOptions | undefined,
  isUnresolved: (value: unknown) => boolean,
): string[] | undefined {
  if (profile?.dnsServiceIps) return profile.dnsServiceIps;
  const first = effectiveServiceCidrs(profile)[0];
  if (first === undefined || isUnresolved(first)) return undefined;
  const parsed = parseCidr(first);
  return parsed ? [dnsServiceIp(parsed)] : undefined;
}

/** Renders `spec.networkProfile`, which is always emitted: Kamaji's CEL rules read it. */
export function renderNetworkProfile(
  given: NetworkProfileOptions | undefined,
  isUnresolved: (value: unknown) => boolean,
): JsonObject {
  const profile = given ?? {};
  const serviceCidrs = effectiveServiceCidrs(profile);
  const podCidrs = profile.podCidrs ?? [...NETWORK_PROFILE_DEFAULTS.podCidrs];
  const dnsServiceIps = effectiveDnsServiceIps(profile, isUnresolved);
  return {
    ...(profile.address !== undefined && { address: profile.address }),
    ...(profile.advertiseAddress !== undefined && { advertiseAddress: profile.advertiseAddress }),
    ...(profile.allowAddressAsExternalIp !== undefined && {
      allowAddressAsExternalIP: profile.allowAddressAsExternalIp,
    }),
    port: profile.port ?? NETWORK_PROFILE_DEFAULTS.port,
    ...(profile.certSans?.length && { certSANs: profile.certSans }),
    // The deprecated singular fields mirror the first block: left out, the CRD would
    // default them to 10.96.0.0/16 and 10.244.0.0/16 whatever the lists say.
    serviceCidr: serviceCidrs[0],
    serviceCidrs,
    podCidr: podCidrs[0],
    podCidrs,
    ...(dnsServiceIps && { dnsServiceIPs: dnsServiceIps }),
    clusterDomain: profile.clusterDomain ?? NETWORK_PROFILE_DEFAULTS.clusterDomain,
    ...(profile.loadBalancerClass !== undefined && {
      loadBalancerClass: profile.loadBalancerClass,
    }),
    ...(profile.loadBalancerSourceRanges?.length && {
      loadBalancerSourceRanges: profile.loadBalancerSourceRanges,
    }),
  };
}
