/**
 * How a pool's machines get their addresses. Pure module: no CDKTF import.
 */
import { Errors, Problem } from '../errors';
import { cidrContains, parseCidr, parseIp, ParsedCidr } from '../private/cidr';
import { Address4, Address6 } from 'ip-address';

/** The static address of one node. */
export interface NodeAddress {
  /** The address, e.g. `192.0.2.21`. */
  readonly address: string;
  /** Prefix length of the network, e.g. 24. */
  readonly prefixLength: number;
  readonly gateway: string;
  /** DNS servers. */
  readonly dnsServers: string[];
}

export interface StaticRangeOptions {
  /** The network the nodes live in, e.g. `192.0.2.0/24`. */
  readonly cidr: string;
  /** Address of node-00; node i gets `first + i`. */
  readonly first: string;
  /** Default gateway, inside `cidr`. */
  readonly gateway: string;
  /** @default - none (the image's resolvers) */
  readonly dns?: string[];
}

/** DHCP, or a static range: node i gets the address `first + i`. */
export class NodeAddressing {
  /** Addresses from DHCP (or the infrastructure's own pool). */
  public static dhcp(): NodeAddressing {
    return new NodeAddressing(undefined);
  }

  /** Consecutive static addresses from `first`, checked to fit `cidr`. */
  public static staticRange(options: StaticRangeOptions): NodeAddressing {
    return new NodeAddressing(options);
  }

  private constructor(public readonly staticRange: StaticRangeOptions | undefined) {}

  /** Whether addresses come from DHCP. */
  public get isDhcp(): boolean {
    return this.staticRange === undefined;
  }

  /** The address of node `index`, or undefined with DHCP. */
  public addressOf(index: number): NodeAddress | undefined {
    const range = this.staticRange;
    if (!range) return undefined;
    const cidr = parseCidr(range.cidr);
    const first = parseIp(range.first);
    if (!cidr || !first) return undefined;
    const value = first.value + BigInt(index);
    return {
      address: format(cidr, value),
      prefixLength: Number(range.cidr.split('/')[1]),
      gateway: range.gateway,
      dnsServers: range.dns ?? [],
    };
  }

  /**
   * First and last address a pool of `replicas` nodes uses, as numbers; undefined with DHCP.
   * @internal For NodePool's overlap check; its CIDR type is private.
   */
  public span(replicas: number): { cidr: ParsedCidr; first: bigint; last: bigint } | undefined {
    const range = this.staticRange;
    const cidr = range && parseCidr(range.cidr);
    const first = range && parseIp(range.first);
    if (!cidr || !first || replicas === 0) return undefined;
    return { cidr, first: first.value, last: first.value + BigInt(replicas - 1) };
  }

  /** Problems of the range for a pool of `replicas` nodes. */
  public validate(
    field: string,
    replicas: number,
    isUnresolved: (v: unknown) => boolean,
  ): Problem[] {
    const range = this.staticRange;
    if (!range) return [];
    const missing = (['cidr', 'first', 'gateway'] as const).flatMap((key) =>
      typeof range[key] === 'string' || isUnresolved(range[key])
        ? []
        : [Errors.required(`${field}.${key}`, range[key])],
    );
    if (missing.length > 0) return missing;
    if ([range.cidr, range.first, range.gateway].some((v) => isUnresolved(v))) return [];
    const cidr = parseCidr(range.cidr);
    if (!cidr) return [Errors.notCidr(`${field}.cidr`, range.cidr)];
    if (parseIp(range.cidr.split('/')[0])?.value !== cidr.first) {
      // Host bits set (192.0.2.10/24): usually a typo of the network or of the prefix.
      return [Errors.cidrNotNetworkAddress(`${field}.cidr`, range.cidr, cidr.network)];
    }
    const problems: Problem[] = [];
    const first = parseIp(range.first);
    const gateway = parseIp(range.gateway);
    if (!first || !cidrContains(cidr, first)) {
      problems.push(Errors.addressOutsideNetwork(`${field}.first`, range.first, range.cidr));
    }
    if (!gateway || !cidrContains(cidr, gateway)) {
      problems.push(Errors.addressOutsideNetwork(`${field}.gateway`, range.gateway, range.cidr));
    }
    (range.dns ?? []).forEach((dns, i) => {
      if (!isUnresolved(dns) && !parseIp(dns))
        problems.push(Errors.notIpAddress(`${field}.dns[${i}]`, dns));
    });
    if (problems.length > 0 || !first || !gateway) return problems;
    const notHost = reservedAddress(cidr, Number(range.cidr.split('/')[1]), gateway.value);
    if (notHost) {
      problems.push(Errors.gatewayNotHost(`${field}.gateway`, range.gateway, range.cidr, notHost));
    }
    // The network address, and with IPv4 the broadcast address, are not for hosts.
    const lastUsable = cidr.family === 'IPv4' ? cidr.last - 1n : cidr.last;
    const last = first.value + BigInt(Math.max(replicas - 1, 0));
    if (first.value === cidr.first || last > lastUsable) {
      problems.push(
        Errors.rangeDoesNotFit(
          `${field}.first`,
          range.first,
          replicas,
          range.cidr,
          format(cidr, lastUsable),
        ),
      );
    } else if (replicas > 0 && gateway.value >= first.value && gateway.value <= last) {
      problems.push(
        Errors.gatewayInRange(`${field}.gateway`, range.gateway, range.first, format(cidr, last)),
      );
    }
    return problems;
  }
}

function format(cidr: ParsedCidr, value: bigint): string {
  return cidr.family === 'IPv4'
    ? Address4.fromBigInt(value).correctForm()
    : Address6.fromBigInt(value).correctForm();
}

/**
 * What a gateway address is when no router can have it: the network address and the
 * IPv4 broadcast address, or IPv6's subnet-router anycast address (RFC 4291 2.6.1).
 * Point-to-point prefixes (/31, RFC 3021; /127, RFC 6164) have no such addresses.
 */
function reservedAddress(cidr: ParsedCidr, prefix: number, address: bigint): string | undefined {
  if (cidr.family === 'IPv4') {
    if (prefix >= 31) return undefined;
    if (address === cidr.first) return 'network address';
    if (address === cidr.last) return 'broadcast address';
    return undefined;
  }
  return prefix < 127 && address === cidr.first ? 'subnet-router anycast address' : undefined;
}
