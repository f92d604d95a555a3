/**
 * The part of a client address a rate limit counts: an IPv4 address whole, an IPv6 address by
 * its /64 (one subscriber usually holds a whole /64, so counting full addresses would give an
 * attacker 2^64 fresh buckets). IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as the IPv4 address.
 *
 * @example ipLimitKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function ipLimitKey(ip: string): string {
  const address = ip
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
  if (!address.includes(':')) return address
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address)
  if (mapped) return mapped[1]!
  const hextets = expandIpv6(address)
  if (!hextets) return address
  return `${hextets.slice(0, 4).join(':')}::/64`
}

/** The eight hextets of an IPv6 address (without leading zeros), or undefined if it is not one. */
function expandIpv6(address: string): string[] | undefined {
  // A trailing dotted IPv4 part holds the last two hextets, which a /64 never needs.
  const text = address.replace(/:\d{1,3}(?:\.\d{1,3}){3}$/, ':0:0')
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = halves[0] ? halves[0].split(':') : []
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (all.some((part) => !/^[0-9a-f]{1,4}$/.test(part))) return undefined
  return all.map((part) => parseInt(part, 16).toString(16))
}
