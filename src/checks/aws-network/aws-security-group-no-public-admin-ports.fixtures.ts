import { defineFixtures } from '../types.js';
import { group, rule } from './shared/fixtures.js';

const port = (from: number, to = from, over: Parameters<typeof rule>[0] = {}) => group(rule({ fromPort: from, toPort: to, ...over }));

export default defineFixtures('aws.ec2.security-group', {
  pass: [
    group(),
    port(6443, 6443, { cidrs: ['10.0.0.0/8'] }),
    port(10250, 10250, { cidrs: [], sourceSecurityGroups: ['aws_security_group.control_plane'] }),
    port(5900, 5900, { protocol: 'udp' }),
    port(8080, 8443),
  ],
  fail: [
    { attributes: port(23), reason: 'public_telnet' },
    { attributes: port(445), reason: 'public_smb' },
    { attributes: port(2376), reason: 'public_docker_api' },
    { attributes: port(2379, 2380), reason: 'public_etcd' },
    { attributes: port(5900, 5910), reason: 'public_vnc' },
    { attributes: port(5986, 5986, { cidrs: [], ipv6Cidrs: ['::/0'] }), reason: 'public_winrm' },
    { attributes: port(6443), reason: 'public_kubernetes_api' },
    { attributes: port(10250), reason: 'public_kubelet' },
    { attributes: port(0, 65535), reason: 'public_admin_ports' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: port(6443, 6443, { cidrs: [{ $unknown: 'data.aws_ip_ranges.x.cidr_blocks' }] }), reason: 'unknown_value' },
    { attributes: port(23, 23, { protocol: { $unknown: 'var.proto' } }), reason: 'unknown_value' },
  ],
});
