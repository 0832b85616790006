import { defineFixtures } from '../types.js';
import { group, rule } from './shared/fixtures.js';

export default defineFixtures('aws.ec2.security-group', {
  pass: [
    group(),
    group(rule({ protocol: '-1', fromPort: 0, toPort: 0, cidrs: ['10.0.0.0/16'] })),
    group(rule({ protocol: '-1', fromPort: 0, toPort: 0, cidrs: [], sourceSecurityGroups: ['aws_security_group.web'] })),
    group(rule({ fromPort: 1024, toPort: 65535 })),
    group(rule({ protocol: 'icmp', fromPort: -1, toPort: -1 })),
  ],
  fail: [
    { attributes: group(rule({ protocol: '-1', fromPort: 0, toPort: 0 })), reason: 'public_all_traffic' },
    { attributes: group(rule({ protocol: '-1', fromPort: 0, toPort: 0, cidrs: [], ipv6Cidrs: ['::/0'] })), reason: 'public_all_traffic' },
    { attributes: group(rule({ fromPort: 0, toPort: 65535 })), reason: 'public_all_ports' },
    { attributes: group(rule({ protocol: 'udp', fromPort: 1, toPort: 65535 })), reason: 'public_all_ports' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: group(rule({ protocol: '-1', fromPort: 0, toPort: 0, cidrs: [{ $unknown: 'var.ingress_cidr' }] })), reason: 'unknown_value' },
    { attributes: group(rule({ protocol: { $unknown: 'var.protocol' } })), reason: 'unknown_value' },
    { attributes: group(rule({ fromPort: 0, toPort: { $unknown: 'var.max_port' } })), reason: 'unknown_value' },
  ],
});
