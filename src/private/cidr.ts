/**
 * Address math for network profiles, on top of the `ip-address` library.
 * Pure module: no CDKTF import.
 */
import { Address4, Address6 } from 'ip-address';

export type IpFamily = 'IPv4' | 'IPv6';

export interface ParsedCidr {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
  /** The block written by its network address, e.g. `10.96.0.0/16`. */
  readonly network: string;
}

/** Parses `a.b.c.d/n` or `x::/n`; undefined when it is not a CIDR block. */
export function parseCidr(value: string): ParsedCidr | undefined {
  if (!value.includes('/')) return undefined;
  const address = parseAddress(value);
  if (!address) return undefined;
  return {
    family: address instanceof Address4 ? 'IPv4' : 'IPv6',
    first: address.startAddress().bigInt(),
    last: address.endAddress().bigInt(),
    network: `${address.startAddress().correctForm()}/${address.subnetMask}`,
  };
}

/** Parses a single address (no prefix length); undefined when it is not one. */
export function parseIp(value: string): { family: IpFamily; value: bigint } | undefined {
  if (value.includes('/')) return undefined;
  const address = parseAddress(value);
  if (!address) return undefined;
  return { family: address instanceof Address4 ? 'IPv4' : 'IPv6', value: address.bigInt() };
}

export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function cidrContains(cidr: ParsedCidr, ip: { family: IpFamily; value: bigint }): boolean {
  return cidr.family === ip.family && cidr.first <= ip.value && ip.value <= cidr.last;
}

/**
 * The cluster DNS Service address Kamaji derives from a service CIDR: the network
 * address plus "10", read as decimal for IPv4 (10.96.0.0/16 -> 10.96.0.10) and as
 * hexadecimal for IPv6 (fd00::/108 -> fd00::10), as its CRD documents.
 */
export function dnsServiceIp(cidr: ParsedCidr): string {
  const offset = cidr.family === 'IPv4' ? 10n : 0x10n;
  const value = cidr.first + offset;
  return cidr.family === 'IPv4'
    ? Address4.fromBigInt(value).correctForm()
    : Address6.fromBigInt(value).correctForm();
}

function parseAddress(value: string): Address4 | Address6 | undefined {
  if (Address4.isValid(value)) return new Address4(value);
  if (value.includes(':') && Address6.isValid(value)) return new Address6(value);
  return undefined;
}
