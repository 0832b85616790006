import { defineFixtures } from '../types.js';
import { group, rule } from './shared/fixtures.js';

export default defineFixtures('aws.ec2.security-group', {
  pass: [
    group(),
    group(rule({ fromPort: 22, toPort: 22, cidrs: ['10.20.0.0/16'] })),
    group(rule({ fromPort: 22, toPort: 22, cidrs: [], sourceSecurityGroups: ['aws_security_group.bastion'] })),
    group(rule({ protocol: 'udp', fromPort: 0, toPort: 65535 })),
    group(rule({ protocol: 'icmp', fromPort: -1, toPort: -1 })),
    group(rule({ fromPort: 23, toPort: 1000 }), rule({ fromPort: 443, toPort: 443, cidrs: [{ $unknown: 'var.office_cidr' }] })),
  ],
  fail: [
    { attributes: group(rule({ fromPort: 22, toPort: 22 })), reason: 'public_ssh' },
    { attributes: group(rule({ fromPort: 22, toPort: 22, cidrs: [], ipv6Cidrs: ['::/0'] })), reason: 'public_ssh' },
    { attributes: group(rule({ fromPort: 0, toPort: 65535 })), reason: 'public_ssh' },
    { attributes: group(rule({ protocol: '-1', fromPort: 0, toPort: 0 })), reason: 'public_ssh' },
    { attributes: group(rule({ protocol: '6', fromPort: 20, toPort: 25, cidrs: ['10.0.0.0/8', '0.0.0.0/0'] })), reason: 'public_ssh' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: group(rule({ fromPort: 22, toPort: 22, cidrs: [{ $unknown: 'var.admin_cidr' }] })), reason: 'unknown_value' },
    { attributes: group(rule({ fromPort: { $unknown: 'var.port' }, toPort: { $unknown: 'var.port' } })), reason: 'unknown_value' },
    { attributes: group(rule({ protocol: { $unknown: 'var.protocol' } })), reason: 'unknown_value' },
  ],
});
