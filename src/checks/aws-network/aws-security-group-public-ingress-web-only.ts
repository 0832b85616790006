import { defineCheck } from '../types.js';
import { evaluatePublicRules } from './shared/security-group.js';

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
  evaluate: ({ attributes }) => evaluatePublicRules(attributes, (proto, range) => {
    if (proto === 'icmp') return null;
    if (range !== null) return range[0] === range[1] && isWebPort(range[0]) ? null : 'public_non_web_port';
    return 'public_non_web_port';
  }, { does: 'beyond ports 80 and 443', may: 'beyond web ports' }),
});
