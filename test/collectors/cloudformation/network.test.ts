import { describe, expect, it } from 'vitest';
import type { LoadBalancer, SecurityGroup } from '../../../src/domain/resources/aws.js';
import { collect, idOf } from './helpers.js';

const net = collect('network.yaml');
const lbs = collect('loadbalancers.yaml');

describe('CloudFormation security groups', () => {
  it('emits groups and VPCs only: rule and flow log resources fold into them, rules for groups outside the template are dropped', () => {
    expect(net.problems).toEqual([]);
    expect(net.resources.map((r) => r.id)).toEqual(['Vpc', 'QuietVpc', 'Web', 'Bastion'].map((l) => idOf('network.yaml', l)));
  });

  it('normalizes inline rules with their lines: protocol numbers to names, all traffic to every port, ICMP without ports to -1', () => {
    const web = net.get('Web').attributes as unknown as SecurityGroup;
    expect(web.groupName).toBe('web');
    expect(web.vpcId).toBe(idOf('network.yaml', 'Vpc'));
    expect(web.ingress).toEqual([
      { protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], sourceSecurityGroups: [], description: 'HTTPS from anywhere', location: { startLine: 39, endLine: 43 } },
      { protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: [{ $unknown: 'Ref:AdminCidr' }], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location: { startLine: 44, endLine: 47 } },
      { protocol: 'icmp', fromPort: -1, toPort: -1, cidrs: [], ipv6Cidrs: ['::/0'], sourceSecurityGroups: [], description: null, location: { startLine: 48, endLine: 49 } },
      { protocol: '-1', fromPort: 0, toPort: 65535, cidrs: [], ipv6Cidrs: [], sourceSecurityGroups: [idOf('network.yaml', 'Bastion')], description: null, location: { startLine: 50, endLine: 51 } },
      // AWS::EC2::SecurityGroupIngress WebRdp, attached through !GetAtt Web.GroupId, located at its own resource.
      { protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location: { startLine: 58, endLine: 65 } },
    ]);
    expect(web.egress).toEqual([
      { protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrs: [], ipv6Cidrs: [], sourceSecurityGroups: ['sg-0123456789abcdef0'], description: null, location: { startLine: 53, endLine: 56 } },
    ]);
  });

  it('keeps the default allow-all egress when no inline egress is declared, and attaches rules by group name', () => {
    const bastion = net.get('Bastion').attributes as unknown as SecurityGroup;
    expect(bastion.vpcId).toEqual({ $unknown: 'Ref:VpcIdParam' });
    expect(bastion.ingress.map((r) => [r.protocol, r.fromPort, r.cidrs, r.location])).toEqual([['tcp', 22, ['0.0.0.0/0'], { startLine: 74, endLine: 81 }]]);
    expect(bastion.egress).toEqual([
      { protocol: '-1', fromPort: 0, toPort: 65535, cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location: null },
      { protocol: 'udp', fromPort: 53, toPort: 53, cidrs: ['10.0.0.2/32'], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location: { startLine: 83, endLine: 90 } },
    ]);
  });
});

describe('CloudFormation VPCs', () => {
  it('enables flow logs from a VPC-level AWS::EC2::FlowLog pointing at the VPC, not from a subnet-level one', () => {
    expect(net.get('Vpc').attributes).toEqual({ cidr: '10.0.0.0/16', flowLogsEnabled: true });
    expect(net.get('QuietVpc').attributes).toEqual({ cidr: '10.1.0.0/16', flowLogsEnabled: false });
  });

  it('makes flow logs unknown when a flow log may point at the VPC or may not be created', () => {
    const u = collect('flow-logs-unknown.yaml');
    expect(u.get('Vpc').attributes).toEqual({ cidr: { $unknown: 'Ipv4IpamPoolId' }, flowLogsEnabled: { $unknown: 'Ref:TargetVpc' } });
    expect(u.get('Other').attributes).toEqual({ cidr: '10.9.0.0/16', flowLogsEnabled: { $unknown: 'Ref:LogsWanted' } });
  });
});

describe('CloudFormation load balancers', () => {
  const lb = (logicalId: string) => lbs.get(logicalId).attributes as unknown as LoadBalancer;

  it('emits load balancers and distributions only; listeners fold into their load balancer', () => {
    expect(lbs.problems).toEqual([]);
    expect(lbs.resources.map((r) => [r.type, r.id.split('#')[1]])).toEqual([
      ['aws.elb.load-balancer', 'Alb'], ['aws.elb.load-balancer', 'Internal'], ['aws.elb.load-balancer', 'Plain'], ['aws.elb.load-balancer', 'Classic'],
      ['aws.cloudfront.distribution', 'DefaultCert'], ['aws.cloudfront.distribution', 'OwnCert'], ['aws.cloudfront.distribution', 'OwnCertNoVersion'],
    ]);
  });

  it('reads an application load balancer: listeners with lines, redirect to HTTPS, access logs and header dropping from attributes', () => {
    expect(lbs.get('Alb').name).toBe('public-alb');
    expect(lb('Alb')).toEqual({
      lbType: 'application',
      internal: false,
      listeners: [
        { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', redirectsToHttps: false, location: { startLine: 16, endLine: 26 } },
        { port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: true, location: { startLine: 27, endLine: 38 } },
      ],
      accessLogs: true,
      dropInvalidHeaders: true,
    });
  });

  it('fills ELB defaults: TCP for network listeners, the API default TLS policy, no access logs, no header setting for non-application types', () => {
    expect(lb('Internal')).toEqual({
      lbType: 'network',
      internal: true,
      listeners: [
        { port: 8443, protocol: 'TLS', sslPolicy: 'ELBSecurityPolicy-2016-08', redirectsToHttps: false, location: { startLine: 46, endLine: 52 } },
        { port: 5432, protocol: 'TCP', sslPolicy: null, redirectsToHttps: false, location: { startLine: 53, endLine: 58 } },
      ],
      accessLogs: false,
      dropInvalidHeaders: null,
    });
    expect(lb('Plain')).toEqual({ lbType: 'application', internal: false, listeners: [], accessLogs: false, dropInvalidHeaders: false });
  });

  it('reads a classic load balancer: inline listeners, the predefined policy behind a listener policy, access logs', () => {
    expect(lb('Classic')).toEqual({
      lbType: 'classic',
      internal: false,
      listeners: [
        { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01', redirectsToHttps: false, location: { startLine: 70, endLine: 74 } },
        { port: 8443, protocol: 'SSL', sslPolicy: 'ELBSecurityPolicy-2016-08', redirectsToHttps: false, location: { startLine: 75, endLine: 78 } },
        { port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: false, location: { startLine: 79, endLine: 81 } },
      ],
      accessLogs: true,
      dropInvalidHeaders: null,
    });
  });
});

describe('CloudFormation CloudFront distributions', () => {
  it('with the default certificate: no TLS setting of its own, no logging, no WAF', () => {
    expect(lbs.get('DefaultCert').attributes).toEqual({ viewerProtocolPolicies: ['allow-all'], minimumProtocolVersion: null, usesDefaultCertificate: true, logging: false, webAclId: null });
  });

  it('with its own certificate: every behaviour, the TLS version (TLSv1 when unset), logging and the web ACL', () => {
    expect(lbs.get('OwnCert').attributes).toEqual({
      viewerProtocolPolicies: ['redirect-to-https', 'https-only'],
      minimumProtocolVersion: 'TLSv1.2_2021',
      usesDefaultCertificate: false,
      logging: true,
      webAclId: idOf('loadbalancers.yaml', 'WebAcl'),
    });
    expect(lbs.get('OwnCertNoVersion').attributes).toMatchObject({ minimumProtocolVersion: 'TLSv1', usesDefaultCertificate: false });
  });
});
