// Which IP addresses a user-supplied URL (a webhook) may reach: only public unicast ones.
// Everything else (loopback, private, link-local — the cloud metadata service at
// 169.254.169.254 —, unique-local, CGNAT, multicast, unspecified, reserved, documentation) is
// refused, IPv4 and IPv6 alike, IPv6 forms that embed an IPv4 address judged by that address.
// Pure: parsing by hand, no node:net, so the rule is tested as a table.

export type AddressClass =
  | 'public' | 'loopback' | 'private' | 'link_local' | 'unique_local' | 'cgnat'
  | 'multicast' | 'unspecified' | 'reserved' | 'documentation' | 'invalid';

export interface AddressVerdict {
  /** The address as understood (IPv4 dotted, or IPv6 in full hex groups); null when invalid. */
  address: string | null;
  version: 4 | 6 | null;
  class: AddressClass;
  /** Only public addresses are allowed without the administrator's override. */
  public: boolean;
}

/** Four octets, or null when `s` is not a dotted-quad IPv4 address (no octal, no short forms). */
export function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** Eight 16-bit groups, or null when `s` is not an IPv6 address. A zone (`%eth0`) is ignored. */
export function parseIPv6(input: string): number[] | null {
  let s = input.replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return null;
  // A trailing dotted IPv4 (::ffff:127.0.0.1) is two groups written differently.
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIPv4(last);
    if (!v4) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return null;
  const given = head.length + rest.length;
  if (halves.length === 2) {
    if (given > 7) return null;
    return [...head, ...new Array<number>(8 - given).fill(0), ...rest];
  }
  return given === 8 ? head : null;
}

function classifyV4([a, b, c]: number[]): AddressClass {
  if (a === 0) return 'unspecified'; // 0.0.0.0/8 "this network"
  if (a === 10) return 'private';
  if (a === 100 && b! >= 64 && b! <= 127) return 'cgnat'; // 100.64.0.0/10
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link_local';
  if (a === 172 && b! >= 16 && b! <= 31) return 'private';
  if (a === 192 && b === 0 && c === 0) return 'reserved'; // IETF protocol assignments
  if (a === 192 && b === 0 && c === 2) return 'documentation';
  if (a === 192 && b === 88 && c === 99) return 'reserved'; // 6to4 relay anycast
  if (a === 192 && b === 168) return 'private';
  if (a === 198 && (b === 18 || b === 19)) return 'reserved'; // benchmarking
  if (a === 198 && b === 51 && c === 100) return 'documentation';
  if (a === 203 && b === 0 && c === 113) return 'documentation';
  if (a! >= 224 && a! <= 239) return 'multicast';
  if (a! >= 240) return 'reserved'; // 240.0.0.0/4 and the broadcast address
  return 'public';
}

function classifyV6(g: number[]): { class: AddressClass; embedded?: number[] } {
  const v4of = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(8)) return { class: 'unspecified' };
  if (zeros(7) && g[7] === 1) return { class: 'loopback' };
  if (zeros(5) && g[5] === 0xffff) return { class: 'public', embedded: v4of(g[6]!, g[7]!) }; // ::ffff:a.b.c.d (IPv4-mapped)
  if (zeros(6)) return { class: 'public', embedded: v4of(g[6]!, g[7]!) }; // ::a.b.c.d (IPv4-compatible, deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return { class: 'public', embedded: v4of(g[6]!, g[7]!) }; // NAT64
  if (g[0] === 0x2002) return { class: 'public', embedded: v4of(g[1]!, g[2]!) }; // 6to4
  if (g[0] === 0x2001 && g[1] === 0) return { class: 'reserved' }; // Teredo: reaches an IPv4 address we cannot judge
  if (g[0] === 0x2001 && g[1] === 0xdb8) return { class: 'documentation' };
  if ((g[0]! & 0xfe00) === 0xfc00) return { class: 'unique_local' }; // fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return { class: 'link_local' }; // fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return { class: 'private' }; // fec0::/10, deprecated site-local
  if ((g[0]! & 0xff00) === 0xff00) return { class: 'multicast' };
  if (g[0] === 0x100 && g.slice(1, 4).every((x) => x === 0)) return { class: 'reserved' }; // 100::/64 discard
  if ((g[0]! & 0xe000) !== 0x2000) return { class: 'reserved' }; // outside 2000::/3, the global unicast space
  return { class: 'public' };
}

/** Judges one IP address (v4 or v6, brackets and zone allowed). */
export function classifyAddress(raw: string): AddressVerdict {
  const v4 = parseIPv4(raw);
  if (v4) {
    const cls = classifyV4(v4);
    return { address: v4.join('.'), version: 4, class: cls, public: cls === 'public' };
  }
  const v6 = parseIPv6(raw);
  if (!v6) return { address: null, version: null, class: 'invalid', public: false };
  const address = v6.map((x) => x.toString(16)).join(':');
  const judged = classifyV6(v6);
  const cls = judged.embedded ? classifyV4(judged.embedded) : judged.class;
  return { address, version: 6, class: cls, public: cls === 'public' };
}

/** Whether a host name is an IP literal (URL hosts put IPv6 in brackets). */
export const isIpLiteral = (host: string): boolean => parseIPv4(host) !== null || parseIPv6(host) !== null;
