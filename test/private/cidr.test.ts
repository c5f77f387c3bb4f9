import {
  cidrContains,
  cidrsOverlap,
  dnsServiceIp,
  parseCidr,
  parseIp,
} from '../../src/private/cidr';

describe('cidr', () => {
  test('parses IPv4 and IPv6 blocks and refuses other text', () => {
    expect(parseCidr('10.96.0.0/16')).toMatchObject({ family: 'IPv4', network: '10.96.0.0/16' });
    expect(parseCidr('fd00::/108')).toMatchObject({ family: 'IPv6', network: 'fd00::/108' });
    expect(parseCidr('10.96.0.0')).toBeUndefined();
    expect(parseCidr('10.96.0.0/40')).toBeUndefined();
    expect(parseCidr('not-a-cidr/8')).toBeUndefined();
  });

  test('the network of a block with host bits set', () => {
    expect(parseCidr('10.96.3.7/16')?.network).toBe('10.96.0.0/16');
  });

  test('overlap needs the same family and shared addresses', () => {
    const a = parseCidr('10.96.0.0/12')!;
    expect(cidrsOverlap(a, parseCidr('10.100.0.0/16')!)).toBe(true);
    expect(cidrsOverlap(a, parseCidr('10.112.0.0/16')!)).toBe(false);
    expect(cidrsOverlap(a, parseCidr('::/0')!)).toBe(false);
  });

  test('containment', () => {
    const block = parseCidr('10.96.0.0/16')!;
    expect(cidrContains(block, parseIp('10.96.255.255')!)).toBe(true);
    expect(cidrContains(block, parseIp('10.97.0.0')!)).toBe(false);
    expect(parseIp('10.96.0.0/16')).toBeUndefined();
  });

  test('the DNS service address: decimal 10 for IPv4, hexadecimal 10 for IPv6, as Kamaji derives it', () => {
    expect(dnsServiceIp(parseCidr('10.96.0.0/16')!)).toBe('10.96.0.10');
    expect(dnsServiceIp(parseCidr('172.20.0.0/24')!)).toBe('172.20.0.10');
    expect(dnsServiceIp(parseCidr('2001:db8:abcd::/64')!)).toBe('2001:db8:abcd::10');
  });
});
