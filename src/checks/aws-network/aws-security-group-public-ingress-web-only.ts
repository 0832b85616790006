import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck, type Outcome } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';
import { describeRule, internetSource, portRange, protocolOf, UNKNOWN_SOURCE, unknownWhy } from './shared/security-group.js';

const isWebPort = (p: number): boolean => p === 80 || p === 443;

export default defineCheck({
  meta: {
    id: 'aws-security-group-public-ingress-web-only',
    title: 'Security groups admit the internet only on web ports',
    description: 'Flags ingress rules that let 0.0.0.0/0 or ::/0 in on anything other than port 80 or 443 (TCP, or UDP for HTTP/3); ICMP is allowed because path MTU discovery needs it. This is the baseline for internet exposure: only public load balancers and CDNs should face the internet, on web ports. It overlaps the SSH, RDP, database and all-traffic checks on purpose and is of low severity: a deliberate exception, such as a VPN endpoint or a mail server, is recorded as a suppression with its reason.',
    severity: 'low',
    resourceType: 'aws.ec2.security-group',
    controls: ['NET-02'],
    remediation: {
      text: 'Put the service behind a load balancer listening on 443, or restrict the rule to the networks that need it; record a suppression with a reason for a deliberate exception.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.alb.id
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
      let offending = false;
      let undecided = false;
      if (isUnknown(rule.protocol)) undecided = true;
      else {
        const proto = protocolOf(rule.protocol);
        if (proto === 'icmp') continue;
        if (proto === 'tcp' || proto === 'udp') {
          const range = portRange(rule);
          if (range === null) undecided = true;
          else offending = !(range[0] === range[1] && isWebPort(range[0]));
        } else offending = true;
      }
      if (!offending && !undecided) continue;
      out ??= [];
      if (undecided || source === UNKNOWN_SOURCE) out.push(unknownOutcome('unknown_value', `ingress rule ${describeRule(rule)} may admit the internet beyond web ports: ${unknownWhy(rule, source)}`));
      else out.push(fail('public_non_web_port', `ingress rule ${describeRule(rule)} admits ${source} beyond ports 80 and 443`, rule.location));
    }
    return out ?? pass();
  },
});
