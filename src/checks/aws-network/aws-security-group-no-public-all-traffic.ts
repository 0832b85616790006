import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';
import { describeRule, internetSource, portRange, protocolOf, UNKNOWN_SOURCE, unknownWhy } from './shared/security-group.js';

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
  evaluate({ attributes }) {
    let out: Outcome[] | null = null;
    for (const rule of attributes.ingress) {
      const source = internetSource(rule);
      if (source === null) continue;
      let reason: string | null = null;
      let undecided = false;
      if (isUnknown(rule.protocol)) undecided = true;
      else {
        const proto = protocolOf(rule.protocol);
        if (proto === 'all') reason = 'public_all_traffic';
        else if (proto === 'tcp' || proto === 'udp') {
          const range = portRange(rule);
          if (range === null) undecided = true;
          else if (range[0] <= 1 && range[1] >= 65535) reason = 'public_all_ports';
        }
      }
      if (reason === null && !undecided) continue;
      out ??= [];
      if (undecided || source === UNKNOWN_SOURCE) out.push(unknownOutcome('unknown_value', `ingress rule ${describeRule(rule)} may admit the internet on every port: ${unknownWhy(rule, source)}`));
      else out.push(fail(reason!, `ingress rule ${describeRule(rule)} admits ${source} on every port`, rule.location));
    }
    return out ?? pass();
  },
});
