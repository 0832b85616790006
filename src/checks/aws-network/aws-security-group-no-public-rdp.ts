import { defineCheck } from '../types.js';
import { evaluateIngress, type PortTarget } from './shared/security-group.js';

// RDP listens on TCP 3389 and, since RDP 8, also uses UDP 3389 for its transport.
const RDP: readonly PortTarget[] = [{ reason: 'public_rdp', name: 'RDP', from: 3389, to: 3389, tcp: true, udp: true }];

export default defineCheck({
  meta: {
    id: 'aws-security-group-no-public-rdp',
    title: 'Security groups keep RDP closed to the internet',
    description: 'Flags every ingress rule that lets 0.0.0.0/0 or ::/0 reach port 3389 over TCP or UDP, including port ranges and all-traffic rules that contain it. Remote Desktop exposed to the internet is a favourite entry point for ransomware crews; Windows hosts should be administered through a session manager, VPN or gateway instead.',
    severity: 'high',
    resourceType: 'aws.ec2.security-group',
    controls: ['NET-03', 'NET-02', 'NET-05'],
    remediation: {
      text: 'Remove the internet-wide rule. Use Systems Manager Fleet Manager or a VPN, or allow port 3389 only from the address range of your administrators.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_vpc_security_group_ingress_rule" "rdp_from_vpn" {
  security_group_id = aws_security_group.windows.id
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_ipv4         = "10.20.0.0/16" # the VPN range
}`,
      },
    },
  },
  evaluate: ({ attributes }) => evaluateIngress(attributes, RDP, 'public_rdp', 'RDP (3389)'),
});
