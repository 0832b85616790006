import { defineCheck } from '../types.js';
import { evaluatePublicRules } from './shared/security-group.js';

export default defineCheck({
  meta: {
    id: 'aws-security-group-no-public-all-traffic',
    title: 'Security groups never admit the internet on every port',
    description: 'Flags ingress rules that let 0.0.0.0/0 or ::/0 in on all protocols (protocol -1, reason public_all_traffic) or on the whole TCP or UDP port range (0 or 1 to 65535, reason public_all_ports). Such a rule turns every service on the instance, including ones nobody meant to publish, into an internet-facing one.',
    severity: 'critical',
    resourceType: 'aws.ec2.security-group',
    controls: ['NET-02', 'NET-03'],
    remediation: {
      text: 'Replace the rule with rules for the ports the service actually serves, and from the narrowest sources that need them.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}`,
      },
    },
  },
  evaluate: ({ attributes }) => evaluatePublicRules(attributes, (proto, range) => {
    if (proto === 'all') return 'public_all_traffic';
    return range !== null && range[0] <= 1 && range[1] >= 65535 ? 'public_all_ports' : null;
  }, { does: 'on every port', may: 'on every port' }),
});
