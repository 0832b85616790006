import { defineFixtures } from '../types.js';
import { group, rule } from './shared/fixtures.js';

export default defineFixtures('aws.ec2.security-group', {
  pass: [
    group(),
    group(rule({ fromPort: 3389, toPort: 3389, cidrs: ['192.168.10.0/24'] })),
    group(rule({ fromPort: 3389, toPort: 3389, cidrs: [], sourceSecurityGroups: ['sg-0123'] })),
    group(rule({ fromPort: 3390, toPort: 4000 })),
  ],
  fail: [
    { attributes: group(rule({ fromPort: 3389, toPort: 3389 })), reason: 'public_rdp' },
    { attributes: group(rule({ protocol: 'udp', fromPort: 3389, toPort: 3389, cidrs: [], ipv6Cidrs: ['::/0'] })), reason: 'public_rdp' },
    { attributes: group(rule({ fromPort: 1024, toPort: 65535 })), reason: 'public_rdp' },
    { attributes: group(rule({ protocol: 'all', fromPort: 0, toPort: 0 })), reason: 'public_rdp' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: group(rule({ fromPort: 3389, toPort: 3389, ipv6Cidrs: [{ $unknown: 'aws_vpc.main.ipv6_cidr_block' }], cidrs: [] })), reason: 'unknown_value' },
    { attributes: group(rule({ fromPort: 3000, toPort: { $unknown: 'local.max_port' } })), reason: 'unknown_value' },
  ],
});
