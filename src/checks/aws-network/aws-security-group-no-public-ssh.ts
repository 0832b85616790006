import { defineCheck } from '../types.js';
import { evaluateIngress, type PortTarget } from './shared/security-group.js';

const SSH: readonly PortTarget[] = [{ reason: 'public_ssh', name: 'SSH', from: 22, to: 22, tcp: true, udp: false }];

export default defineCheck({
  meta: {
    id: 'aws-security-group-no-public-ssh',
    title: 'Security groups keep SSH closed to the internet',
    description: 'Flags every ingress rule that lets 0.0.0.0/0 or ::/0 reach TCP port 22, including port ranges and all-traffic rules that contain it. An SSH daemon reachable from anywhere is brute-forced within minutes and turns one leaked key into a way in; administrators should come through a session manager, VPN or bastion restricted to known addresses.',
    severity: 'high',
    resourceType: 'aws.ec2.security-group',
    controls: ['NET-03', 'NET-02', 'NET-05'],
    remediation: {
      text: 'Remove the internet-wide rule. Reach hosts through AWS Systems Manager Session Manager, or allow port 22 only from your VPN or bastion range.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_vpc_security_group_ingress_rule" "ssh_from_vpn" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.20.0.0/16" # the VPN range, never 0.0.0.0/0
}`,
      },
    },
  },
  evaluate: ({ attributes }) => evaluateIngress(attributes, SSH, 'public_ssh', 'SSH (22)'),
});
