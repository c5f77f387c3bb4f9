import { Integer } from '@cdktf/provider-random/lib/integer';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Fn, Op, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ensureProvider } from '../../private/ensure-provider';

/** VMware's block for manually assigned MACs: 00:50:56:00:00:00 to 00:50:56:3F:FF:FF. */
const VMWARE_MANUAL_MAC_COUNT = 0x40_0000;

/**
 * A static MAC address for a node's first NIC, so its network config can match that
 * NIC before vCenter would assign one (the VM's own MAC is known only after apply, and
 * its metadata cannot refer to itself). Drawn once per node by `random_integer` and
 * kept in state: stable for the node's life, a replaced VM keeps it, and unlike a hash
 * of names it does not repeat across two apps that use the same names. vSphere only
 * accepts the VMware OUI 00:50:56 with a fourth byte up to 3F for static MACs (vSphere
 * networking docs, "VMware OUI in Static MAC Addresses"): 22 random bits, so two
 * nodes on one network share a MAC with a chance of about n^2 / 8.4 million.
 */
export function staticMacAddress(scope: Construct): string {
  const random = ensureProvider(
    scope,
    'random',
    () => new RandomProvider(TerraformStack.of(scope), 'KamajiRandomProvider'),
  );
  const draw = new Integer(scope, 'MacAddress', {
    provider: random,
    min: 0,
    max: VMWARE_MANUAL_MAC_COUNT - 1,
  });
  const n = draw.result;
  const byte = (divisor: number) => Op.mod(Fn.floor(Token.asNumber(Op.div(n, divisor))), 256);
  return Fn.format('00:50:56:%02x:%02x:%02x', [
    Fn.floor(Token.asNumber(Op.div(n, 65_536))),
    byte(256),
    Op.mod(n, 256),
  ]);
}
