// The address rule of webhooks: only public unicast addresses, IPv4 and IPv6 alike.
import { describe, expect, it } from 'vitest';
import { classifyAddress, parseIPv6 } from '../../src/domain/net-address.js';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link_local'], ['100.64.0.1', 'cgnat'], ['100.127.255.255', 'cgnat'],
    ['0.0.0.0', 'unspecified'], ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['255.255.255.255', 'reserved'], ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'], ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'], ['[::1]', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'], ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['[::ffff:169.254.169.254]', 'link_local'], ['::ffff:10.1.2.3', 'private'], ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'], ['2002:7f00:1::', 'loopback'], ['2002:0a00:0001::1', 'private'],
    ['fc00::1', 'unique_local'], ['fd12:3456:789a::1', 'unique_local'], ['fe80::1%eth0', 'link_local'], ['fec0::1', 'private'],
    ['ff02::1', 'multicast'], ['2001:db8::1', 'documentation'], ['2001:0::1', 'reserved'],
  ])('%s is %s (refused)', (address, cls) => {
    const v = classifyAddress(address);
    expect(v.class).toBe(cls);
    expect(v.public).toBe(false);
  });

  it.each([
    ['93.184.216.34', 4], ['8.8.8.8', 4], ['172.32.0.1', 4], ['100.128.0.1', 4], ['169.255.0.1', 4], ['11.0.0.1', 4],
    ['2606:4700:4700::1111', 6], ['2a00:1450:4001:80e::200e', 6], ['::ffff:93.184.216.34', 6], ['64:ff9b::8.8.8.8', 6],
  ])('%s is public', (address, version) => {
    const v = classifyAddress(address);
    expect(v).toMatchObject({ class: 'public', public: true, version });
  });

  it.each(['localhost', '1.2.3', '01.2.3.4', '256.1.1.1', '1.2.3.4.5', '::ffff:999.0.0.1', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', ''])('%s is not an address', (s) => {
    expect(classifyAddress(s)).toMatchObject({ class: 'invalid', public: false, address: null });
  });

  it('expands :: and embedded IPv4 into eight groups', () => {
    expect(parseIPv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
  });
});
