import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which peers are reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY, parsed in src/config.ts): a number
 * of hops in front of arbot, or the addresses and CIDR ranges of the proxies. null trusts nobody.
 */
export type TrustProxy = { readonly hops: number } | { readonly ranges: readonly string[] } | null;

const unmapped = (a: string) => (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a);

function blockList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const r of ranges) {
    const [addr, bits] = r.split('/') as [string, string | undefined];
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(bits), family);
  }
  return list;
}

/**
 * The client's address for rate limits, read right to left through `X-Forwarded-For` + the peer: with `hops`, the
 * address that many hops before the peer; with `ranges`, the first address from the right that is not a trusted
 * proxy. Without trust (the default) it is the peer itself, whatever the header says: anyone can send one.
 * An entry that is not an IP address stops the walk at the nearest valid address to its right (a trusted proxy).
 * @example clientAddressOf('10.0.0.2', '203.0.113.7, 198.51.100.1', { hops: 1 }) // '198.51.100.1'
 */
export function clientAddressOf(peer: string, forwardedFor: string | undefined, trust: TrustProxy): string {
  const nearest = unmapped(peer);
  if (!trust) return nearest;
  const chain = [...(forwardedFor ?? '').split(',').map((s) => unmapped(s.trim())).filter((s) => s !== ''), nearest];
  let i = chain.length - 1;
  if ('hops' in trust) {
    i = Math.max(0, chain.length - 1 - trust.hops);
  } else {
    const proxies = blockList(trust.ranges);
    const trusted = (a: string) => isIP(a) !== 0 && proxies.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4');
    while (i > 0 && trusted(chain[i]!)) i--;
  }
  for (let k = i; k < chain.length; k++) if (isIP(chain[k]!) !== 0) return chain[k]!;
  return nearest;
}

/** clientAddressOf for a request. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  const xff = req.headers['x-forwarded-for'];
  return clientAddressOf(req.socket.remoteAddress ?? 'unknown', Array.isArray(xff) ? xff.join(',') : xff, trust);
}
