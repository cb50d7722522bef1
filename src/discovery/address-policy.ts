/**
 * Which IP addresses the service discovery check may connect to: public unicast only. Everything
 * else (loopback, private, link-local including cloud metadata 169.254.169.254, unique local,
 * carrier-grade NAT, unspecified, multicast, broadcast, reserved and documentation ranges, and IPv6
 * forms that embed an IPv4 address such as IPv4-mapped, IPv4-compatible, NAT64, 6to4 and Teredo) is refused.
 */
import ipaddr from 'ipaddr.js';

/**
 * Names the range an address is in, as ipaddr.js calls it (`unicast` for public addresses,
 * `private`, `loopback`, `linkLocal`, `uniqueLocal`, ...), or `invalid` when it does not parse.
 * IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are judged by the IPv4 address inside.
 */
export function addressRange(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return 'invalid';
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) {
      return v6.toIPv4Address().range();
    }
    if (v6.parts.slice(0, 6).every((part) => part === 0)) {
      // ::a.b.c.d, the deprecated IPv4-compatible form (also :: and ::1).
      return v6.range() === 'unicast' ? 'ipv4Compatible' : v6.range();
    }
    return v6.range();
  }
  return (parsed as ipaddr.IPv4).range();
}

/** True only for a public unicast address the check may connect to. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}
