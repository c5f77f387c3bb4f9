/**
 * The network config vSphere nodes read from guestinfo metadata, converted by
 * cloud-init itself (`cloud-init devel net-convert`) for netplan, ENI and networkd:
 * one NIC or two, IPv4 and IPv6 (issue #12 item 7).
 */
import { NodeAddressing } from '../../src';
import { NodeAddress } from '../../src/node-pool/node-addressing';
import { guestNetworkConfig } from '../../src/providers/vsphere/guest-network-config';
import { guestinfoMetadata } from '../../src/providers/vsphere/guestinfo';
import { netConvert, Renderer, RENDERERS } from '../support/net-convert';
import { skipUnless } from '../support/tools';

const MAC0 = '00:50:56:12:34:56';
const MAC1 = '00:50:56:3f:00:01';

const V4 = NodeAddressing.staticRange({
  cidr: '192.0.2.0/24',
  first: '192.0.2.21',
  gateway: '192.0.2.1',
  dns: ['192.0.2.53'],
}).addressOf(0)!;
const V6 = NodeAddressing.staticRange({
  cidr: '2001:db8:20::/64',
  first: '2001:db8:20::21',
  gateway: '2001:db8:20::1',
  dns: ['2001:db8:20::53'],
}).addressOf(0)!;

/** What each renderer must write for the default route, per family. */
const DEFAULT_ROUTE: Record<Renderer, Record<'IPv4' | 'IPv6', RegExp>> = {
  netplan: { IPv4: /- *to: 0\.0\.0\.0\/0\n *via: 192\.0\.2\.1/, IPv6: /gateway6: 2001:db8:20::1/ },
  eni: {
    IPv4: /post-up route add default gw 192\.0\.2\.1/,
    IPv6: /iface nic0 inet6 static[^]*\n\s+gateway 2001:db8:20::1/,
  },
  networkd: {
    IPv4: /\[Route\]\nDestination=0\.0\.0\.0\/0\n\nGateway=192\.0\.2\.1/,
    IPv6: /\[Route\]\nGateway=2001:db8:20::1/,
  },
};

describe('guestNetworkConfig', () => {
  test('configures only the NIC with the given MAC, renamed so every renderer agrees', () => {
    // WHEN
    const config = guestNetworkConfig(V4, MAC0) as any;
    // THEN
    expect(Object.keys(config.ethernets)).toEqual(['nic0']);
    expect(config.ethernets.nic0).toEqual({
      match: { macaddress: MAC0 },
      'set-name': 'nic0',
      dhcp4: false,
      dhcp6: false,
      addresses: ['192.0.2.21/24'],
      routes: [{ to: '0.0.0.0/0', via: '192.0.2.1' }],
      nameservers: { addresses: ['192.0.2.53'] },
    });
  });

  test('gives IPv6 its default gateway as gateway6, never a route cloud-init 22.4 misreads', () => {
    const nic = (guestNetworkConfig(V6, MAC0) as any).ethernets.nic0;
    expect(nic.addresses).toEqual(['2001:db8:20::21/64']);
    expect(nic.gateway6).toBe('2001:db8:20::1');
    expect(nic.routes).toBeUndefined();
  });
});

describe('guestinfoMetadata', () => {
  test('asks the VMware datasource to clear the user-data from guestinfo once read', () => {
    expect(guestinfoMetadata({ name: 'n-00' })).toEqual({
      'instance-id': 'n-00',
      'local-hostname': 'n-00',
      'cleanup-guestinfo': ['userdata'],
    });
    expect(guestinfoMetadata({ name: 'n-00', address: V4 }, MAC0)).toMatchObject({
      'cleanup-guestinfo': ['userdata'],
      network: guestNetworkConfig(V4, MAC0),
    });
  });
});

const withCloudInit = skipUnless('cloud-init', 'vSphere network config under net-convert')
  ? describe
  : describe.skip;

withCloudInit('the vSphere network config under cloud-init devel net-convert', () => {
  const cases: Array<[string, number, Renderer, NodeAddress]> = [];
  for (const [family, address] of [
    ['IPv4', V4],
    ['IPv6', V6],
  ] as Array<[string, NodeAddress]>) {
    for (const nics of [1, 2])
      for (const renderer of RENDERERS) cases.push([family, nics, renderer, address]);
  }

  test.each(cases)('%s, %i NIC(s): %s', (family, nics, renderer, address) => {
    // GIVEN a guest with one or two NICs and the metadata of its node
    const macs: Record<string, string> =
      nics === 2 ? { ens192: MAC0, ens224: MAC1 } : { ens192: MAC0 };
    const { network } = guestinfoMetadata({ name: 'n-00', address }, MAC0);
    // WHEN
    const result = netConvert(network, renderer, macs);
    // THEN cloud-init accepts it and writes the address on the first NIC only
    expect({ ok: result.ok, log: result.ok ? '' : result.log }).toEqual({ ok: true, log: '' });
    const text = Object.values(result.files).join('\n');
    const cidr = `${address.address}/${address.prefixLength}`;
    expect(text.split(cidr).length - 1).toBe(1);
    expect(text.toLowerCase()).toContain(MAC0);
    expect(text.toLowerCase()).not.toContain(MAC1);
    expect(text).toMatch(DEFAULT_ROUTE[renderer][family as 'IPv4' | 'IPv6']);
    expect(text).not.toContain('::/64');
    if (renderer === 'networkd') {
      expect(Object.keys(result.files).filter((f) => f.endsWith('.network'))).toEqual([
        'etc/systemd/network/10-cloud-init-nic0.network',
      ]);
    }
  });
});
