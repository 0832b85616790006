import { defineCheck } from '../types.js';
import { evaluateIngress, type PortTarget } from './shared/security-group.js';

const tcp = (reason: string, name: string, from: number, to = from): PortTarget => ({ reason, name, from, to, tcp: true, udp: false });

// Remote administration and control-plane services other than SSH and RDP (each has its own
// check). The fail reason names the service; a rule opening several fails as `public_admin_ports`.
const ADMIN: readonly PortTarget[] = [
  tcp('public_telnet', 'Telnet', 23),
  tcp('public_smb', 'SMB file sharing', 445),
  tcp('public_docker_api', 'Docker Engine API', 2375, 2376),
  tcp('public_etcd', 'etcd', 2379, 2380),
  tcp('public_vnc', 'VNC', 5900),
  tcp('public_winrm', 'WinRM', 5985, 5986),
  tcp('public_kubernetes_api', 'Kubernetes API server', 6443),
  tcp('public_kubelet', 'kubelet API', 10250),
];

export default defineCheck({
  meta: {
    id: 'aws-security-group-no-public-admin-ports',
    title: 'Security groups keep remote administration and cluster control ports closed to the internet',
    description: 'Flags every ingress rule that lets 0.0.0.0/0 or ::/0 reach Telnet (23), SMB (445), the Docker Engine API (2375-2376), etcd (2379-2380), VNC (5900), WinRM (5985-5986), a self-managed Kubernetes API server (6443) or the kubelet (10250), counting ranges and all-traffic rules that contain them. Each of these hands whoever reaches it control of a host or a cluster. SSH and RDP have checks of their own.',
    severity: 'critical',
    resourceType: 'aws.ec2.security-group',
    controls: ['NET-03', 'NET-02', 'NET-05'],
    remediation: {
      text: 'Remove the internet-wide rule; allow the port only from the security groups or private ranges that administer the hosts.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_vpc_security_group_ingress_rule" "k8s_api_from_vpn" {
  security_group_id = aws_security_group.control_plane.id
  ip_protocol       = "tcp"
  from_port         = 6443
  to_port           = 6443
  cidr_ipv4         = "10.20.0.0/16" # the VPN range
}`,
      },
    },
  },
  evaluate: ({ attributes }) => evaluateIngress(attributes, ADMIN, 'public_admin_ports', 'administration ports'),
});
