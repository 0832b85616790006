import { defineFixtures } from '../types.js';
import { group, rule } from './shared/fixtures.js';

export default defineFixtures('aws.ec2.security-group', {
  pass: [
    group(),
    group(rule(), rule({ fromPort: 80, toPort: 80, cidrs: [], ipv6Cidrs: ['::/0'] }), rule({ protocol: 'udp' })),
    group(rule({ protocol: 'icmp', fromPort: 3, toPort: 4 })),
    group(rule({ fromPort: 8080, toPort: 8080, cidrs: ['10.0.0.0/8'] })),
    group(rule({ fromPort: 22, toPort: 22, cidrs: [], sourceSecurityGroups: ['sg-bastion'] })),
  ],
  fail: [
    { attributes: group(rule({ fromPort: 8080, toPort: 8080 })), reason: 'public_non_web_port' },
    { attributes: group(rule({ fromPort: 80, toPort: 443 })), reason: 'public_non_web_port' },
    { attributes: group(rule({ protocol: '-1', fromPort: 0, toPort: 0 })), reason: 'public_non_web_port' },
    { attributes: group(rule({ protocol: '50', fromPort: 0, toPort: 0, cidrs: [], ipv6Cidrs: ['::/0'] })), reason: 'public_non_web_port' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: group(rule({ fromPort: 25, toPort: 25, cidrs: [{ $unknown: 'var.mail_sources' }] })), reason: 'unknown_value' },
    { attributes: group(rule({ fromPort: { $unknown: 'var.port' }, toPort: { $unknown: 'var.port' } })), reason: 'unknown_value' },
  ],
});
