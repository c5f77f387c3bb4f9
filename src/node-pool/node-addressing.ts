/**
 * How a pool's machines get their addresses. Pure module: no CDKTF import.
 */
import { Problem } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { NodePoolMessages } from './node-pool-messages';
import { cidrContains, parseCidr, parseIp, ParsedCidr } from '../private/cidr';
import { Address4, Address6 } from 'ip-address';
import { Brand } from '../private/brand';

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
  /** The range's first address: node-00's. */
  readonly first: string;
  /** Default gateway, inside `cidr` and outside the range. */
  readonly gateway: string;
  /** @default - none (the image's resolvers) */
  readonly dns?: string[];
  /**
   * How many addresses the range holds, from `first`: at least the pool's `replicas`,
   * plus its rollout's `maxSurge` while one runs (`replicas + maxSurge` is enough for
   * ever). Choose it once: a new size gives every node whose index has gone round the
   * range another address.
   * @default - every address from `first` up to the gateway or the end of `cidr`,
   * whichever comes first (the network and broadcast addresses excluded)
   */
  readonly count?: number;
}

const BRAND = new Brand('NodeAddressing');

/**
 * DHCP, or a static range of addresses that nodes take in turn.
 *
 * In a static range node i holds the address `first + (i mod count)` for life. Indices
 * are never reused (retirements and rollouts raise them), so they go round the range:
 * an index whose address a lower live node of the pool still holds is passed over, and
 * a retired node's address goes to a later node, made in the same apply or after it
 * (Terraform destroys the retired machine first). A node whose index is below `count`,
 * which is every node made before ranges went round, has the address `first + i`.
 */
export class NodeAddressing {
  /** Whether `x` is a NodeAddressing, made by this copy of the library or another. */
  public static isNodeAddressing(x: unknown): x is NodeAddressing {
    return BRAND.has(x);
  }

  /** Addresses from DHCP (or the infrastructure's own pool). */
  public static dhcp(): NodeAddressing {
    return new NodeAddressing(undefined);
  }

  /** The addressing of a pool that does not say: {@link NodeAddressing.dhcp}. */
  public static readonly DEFAULT = NodeAddressing.dhcp();

  /** A static range from `first`, checked to fit `cidr` and to hold the pool's nodes. */
  public static staticRange(options: StaticRangeOptions): NodeAddressing {
    return new NodeAddressing(options);
  }

  private constructor(public readonly staticRange: StaticRangeOptions | undefined) {
    BRAND.mark(this);
  }

  /** Whether addresses come from DHCP. */
  public get isDhcp(): boolean {
    return this.staticRange === undefined;
  }

  /**
   * How many addresses the range holds; undefined with DHCP or a range not known at
   * synth or not valid.
   * @internal For NodePool: the address slots its nodes go round.
   */
  public get size(): number | undefined {
    const bounds = this.bounds();
    if (!bounds) return undefined;
    const size = bounds.end - bounds.first + 1n;
    return size > 0n ? Number(size) : undefined;
  }

  /**
   * Whether `count` was given: the range is then the pool's, used or not yet.
   * @internal For NodePool's overlap check.
   */
  public get isSized(): boolean {
    return this.staticRange?.count !== undefined;
  }

  /** The address of node `index`: the range's address number `index mod size`; undefined with DHCP. */
  public addressOf(index: number): NodeAddress | undefined {
    const size = this.size;
    return this.addressAt(size === undefined ? index : index % size);
  }

  /**
   * The address node `index` was given before nodes went round ranges: `first + index`.
   * @internal For the check that a running node keeps its address.
   */
  public unroundedAddressOf(index: number): string | undefined {
    return this.addressAt(index)?.address;
  }

  private addressAt(offset: number): NodeAddress | undefined {
    const range = this.staticRange;
    if (!range) return undefined;
    const cidr = parseCidr(range.cidr);
    const first = parseIp(range.first);
    if (!cidr || !first) return undefined;
    const value = first.value + BigInt(offset);
    return {
      address: format(cidr, value),
      prefixLength: Number(range.cidr.split('/')[1]),
      gateway: range.gateway,
      dnsServers: range.dns ?? [],
    };
  }

  /**
   * The addresses a pool whose highest node index is `slots - 1` may hold, as numbers and
   * as text: the whole range when `count` is given or the nodes went round it, else the
   * addresses up to that node's. Undefined with DHCP or no node.
   * @internal For NodePool's overlap check; its CIDR type is private.
   */
  public span(
    slots: number,
  ): { cidr: ParsedCidr; first: bigint; last: bigint; text: string } | undefined {
    const bounds = this.bounds();
    const size = this.size;
    if (!bounds || size === undefined || (slots === 0 && !this.isSized)) return undefined;
    const used = this.isSized ? size : Math.min(size, slots);
    const last = bounds.first + BigInt(used - 1);
    const text = `${format(bounds.cidr, bounds.first)} to ${format(bounds.cidr, last)}`;
    return { cidr: bounds.cidr, first: bounds.first, last, text };
  }

  /**
   * Problems of the range for a pool that holds up to `needed` addresses at once
   * (`why` says whence that number, for the message when `count` is too small).
   * @internal For NodePool: the pool reports them under its path.
   */
  public validate(
    field: string,
    needed: number,
    why: string,
    isUnresolved: (v: unknown) => boolean,
  ): Problem[] {
    const range = this.staticRange;
    if (!range) return [];
    const missing = (['cidr', 'first', 'gateway'] as const).flatMap((key) =>
      typeof range[key] === 'string' || isUnresolved(range[key])
        ? []
        : [CommonMessages.required(`${field}.${key}`, range[key])],
    );
    if (missing.length > 0) return missing;
    const count: unknown = range.count;
    if (isUnresolved(count)) {
      // The size decides every node's address, at synth.
      return [CommonMessages.countNotKnownAtSynth(`${field}.count`, 'addresses')];
    }
    if (
      count !== undefined &&
      !(typeof count === 'number' && Number.isInteger(count) && count >= 1)
    ) {
      return [CommonMessages.notPositiveInteger(`${field}.count`, count as number)];
    }
    if ([range.cidr, range.first, range.gateway].some((v) => isUnresolved(v))) return [];
    const cidr = parseCidr(range.cidr);
    if (!cidr) return [CommonMessages.notCidr(`${field}.cidr`, range.cidr)];
    if (parseIp(range.cidr.split('/')[0])?.value !== cidr.first) {
      // Host bits set (192.0.2.10/24): usually a typo of the network or of the prefix.
      return [CommonMessages.cidrNotNetworkAddress(`${field}.cidr`, range.cidr, cidr.network)];
    }
    const problems: Problem[] = [];
    const first = parseIp(range.first);
    const gateway = parseIp(range.gateway);
    if (!first || !cidrContains(cidr, first)) {
      problems.push(
        NodePoolMessages.addressOutsideNetwork(`${field}.first`, range.first, range.cidr),
      );
    }
    if (!gateway || !cidrContains(cidr, gateway)) {
      problems.push(
        NodePoolMessages.addressOutsideNetwork(`${field}.gateway`, range.gateway, range.cidr),
      );
    }
    (range.dns ?? []).forEach((dns, i) => {
      if (!isUnresolved(dns) && !parseIp(dns))
        problems.push(CommonMessages.notIpAddress(`${field}.dns[${i}]`, dns));
    });
    if (problems.length > 0 || !first || !gateway) return problems;
    const notHost = reservedAddress(cidr, Number(range.cidr.split('/')[1]), gateway.value);
    if (notHost) {
      problems.push(
        NodePoolMessages.gatewayNotHost(`${field}.gateway`, range.gateway, range.cidr, notHost),
      );
    }
    const lastUsable = lastHost(cidr);
    if (typeof count === 'number') {
      const last = first.value + BigInt(count - 1);
      if (first.value === cidr.first || last > lastUsable) {
        problems.push(
          NodePoolMessages.countDoesNotFit(
            `${field}.count`,
            count,
            range.first,
            range.cidr,
            format(cidr, lastUsable),
          ),
        );
      } else if (gateway.value >= first.value && gateway.value <= last) {
        problems.push(
          NodePoolMessages.gatewayInRange(
            `${field}.gateway`,
            range.gateway,
            range.first,
            format(cidr, last),
          ),
        );
      } else if (count < needed) {
        problems.push(NodePoolMessages.rangeTooSmall(`${field}.count`, count, needed, why));
      }
      return problems;
    }
    // Without `count` the range ends where a pool of `needed` nodes was refused before
    // ranges went round: the same messages, for the same configurations.
    const last = first.value + BigInt(Math.max(needed - 1, 0));
    if (first.value === cidr.first || last > lastUsable) {
      problems.push(
        NodePoolMessages.rangeDoesNotFit(
          `${field}.first`,
          range.first,
          needed,
          range.cidr,
          format(cidr, lastUsable),
        ),
      );
    } else if (needed > 0 && gateway.value >= first.value && gateway.value <= last) {
      problems.push(
        NodePoolMessages.gatewayInRange(
          `${field}.gateway`,
          range.gateway,
          range.first,
          format(cidr, last),
        ),
      );
    }
    return problems;
  }

  /** The range's first and last address, when the range is known and valid. */
  private bounds(): { cidr: ParsedCidr; first: bigint; end: bigint } | undefined {
    const range = this.staticRange;
    if (!range || typeof range.cidr !== 'string' || typeof range.first !== 'string')
      return undefined;
    if (typeof range.gateway !== 'string') return undefined;
    const cidr = parseCidr(range.cidr);
    const first = parseIp(range.first);
    const gateway = parseIp(range.gateway);
    if (!cidr || !first || !gateway || !cidrContains(cidr, first)) return undefined;
    const count: unknown = range.count;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 1) {
      return { cidr, first: first.value, end: first.value + BigInt(count - 1) };
    }
    if (count !== undefined) return undefined;
    const lastUsable = lastHost(cidr);
    const end =
      gateway.value >= first.value && gateway.value <= lastUsable ? gateway.value - 1n : lastUsable;
    return { cidr, first: first.value, end };
  }
}

/** The network's last host address: with IPv4 the broadcast address is not one. */
function lastHost(cidr: ParsedCidr): bigint {
  return cidr.family === 'IPv4' ? cidr.last - 1n : cidr.last;
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
