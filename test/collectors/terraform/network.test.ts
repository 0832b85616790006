// Networks: security groups from inline blocks, dynamic blocks and separate rule resources (each
// rule with its own lines), VPC flow logs, load balancers with their listeners, CloudFront.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformCollection } from '../../../src/collectors/terraform/index.js';
import type { SecurityGroupRule } from '../../../src/domain/resources/aws.js';
import { collectFixture, fixture, get, ids } from './helpers.js';

const rule = (over: Partial<SecurityGroupRule>): SecurityGroupRule => ({
  protocol: 'tcp', fromPort: 0, toPort: 0, cidrs: [], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location: null, ...over,
});

describe('Terraform network resources', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectFixture('network');
  });

  it('collects inline rules and separate rule resources into their group, each with its own lines', () => {
    const web = get(c.resources, 'aws.ec2.security-group', 'aws_security_group.web');
    expect(web.source).toMatchObject({ path: fixture('network', 'security_groups.tf'), startLine: 14, endLine: 40 });
    expect(web.attributes.groupName).toBe('web');
    expect(web.attributes.vpcId).toEqual({ $unknown: 'aws_vpc.main.id' });
    expect(web.attributes.ingress).toEqual([
      rule({ fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'], description: 'SSH from anywhere', location: { startLine: 18, endLine: 24 } }),
      rule({ protocol: '-1', sourceSecurityGroups: ['aws_security_group.web'], location: { startLine: 26, endLine: 31 } }),
      // aws_security_group_rule: protocol number 6 read as tcp; the source group named by its resource id.
      rule({ fromPort: 443, toPort: 443, sourceSecurityGroups: ['aws_security_group.lb'], location: { startLine: 42, endLine: 49 } }),
      rule({ fromPort: 3389, toPort: 3389, ipv6Cidrs: ['::/0'], description: 'RDP', location: { startLine: 51, endLine: 58 } }),
    ]);
    expect(web.attributes.egress).toEqual([
      rule({ protocol: '-1', cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'], location: { startLine: 33, endLine: 39 } }),
      // No ports on a vpc_security_group rule for all protocols: -1, as AWS reports them.
      rule({ protocol: '-1', fromPort: -1, toPort: -1, cidrs: ['10.0.0.0/8'], location: { startLine: 60, endLine: 64 } }),
    ]);
  });

  it('expands dynamic blocks over known collections and leaves a block over an unknown one unknown', () => {
    const lb = get(c.resources, 'aws.ec2.security-group', 'aws_security_group.lb');
    expect(lb.attributes.groupName).toEqual({ $unknown: 'aws_security_group.lb.name (name_prefix)' });
    expect(lb.attributes.ingress).toEqual([
      rule({ fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'], description: 'https', location: { startLine: 69, endLine: 78 } }),
      rule({ fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'], description: 'ssh', location: { startLine: 69, endLine: 78 } }),
      rule({ fromPort: { $unknown: 'rule.value.port' }, toPort: { $unknown: 'rule.value.port' }, cidrs: [{ $unknown: 'rule.value.cidrs' }], location: { startLine: 80, endLine: 89 } }),
    ]);
  });

  it('judges a rule on a group declared elsewhere as a group of its own', () => {
    const orphan = get(c.resources, 'aws.ec2.security-group', 'aws_security_group_rule.elsewhere');
    expect(orphan.attributes).toEqual({ groupName: null, vpcId: null, ingress: [rule({ fromPort: 5432, toPort: 5432, cidrs: ['0.0.0.0/0'], location: { startLine: 92, endLine: 99 } })], egress: [] });
    expect(ids(c.resources, 'aws.ec2.security-group')).toHaveLength(3);
  });

  it('marks a VPC as logging when a flow log references it', () => {
    expect(get(c.resources, 'aws.ec2.vpc', 'aws_vpc.main').attributes).toEqual({ cidr: '10.0.0.0/16', flowLogsEnabled: true });
    expect(get(c.resources, 'aws.ec2.vpc', 'aws_vpc.quiet').attributes).toEqual({ cidr: '10.1.0.0/16', flowLogsEnabled: false });
  });

  it('attaches listeners to their load balancer, with the default TLS policy and HTTPS redirects', () => {
    const pub = get(c.resources, 'aws.elb.load-balancer', 'aws_lb.public');
    expect(pub.attributes).toEqual({
      lbType: 'application',
      internal: false,
      accessLogs: true,
      dropInvalidHeaders: true,
      listeners: [
        { port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: true, location: { startLine: 11, endLine: 22 } },
        { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-2016-08', redirectsToHttps: false, location: { startLine: 24, endLine: 33 } },
      ],
    });
    expect(get(c.resources, 'aws.elb.load-balancer', 'aws_alb.internal').attributes).toEqual({ lbType: 'application', internal: true, listeners: [], accessLogs: false, dropInvalidHeaders: false });
    const nlb = get(c.resources, 'aws.elb.load-balancer', 'aws_lb.nlb');
    expect(nlb.attributes.dropInvalidHeaders).toBeNull();
    expect(nlb.attributes.listeners.map((l) => [l.protocol, l.sslPolicy])).toEqual([['TLS', 'ELBSecurityPolicy-TLS13-1-2-2021-06']]);
  });

  it('reads classic load balancers, their access logs and a listener policy set by separate resources', () => {
    expect(get(c.resources, 'aws.elb.load-balancer', 'aws_elb.classic').attributes).toEqual({
      lbType: 'classic',
      internal: false,
      accessLogs: true,
      dropInvalidHeaders: null,
      listeners: [
        { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01', redirectsToHttps: false, location: { startLine: 60, endLine: 65 } },
        { port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: false, location: { startLine: 66, endLine: 71 } },
      ],
    });
  });

  it('reads CloudFront viewer policies, certificates, logging and WAF', () => {
    expect(get(c.resources, 'aws.cloudfront.distribution', 'aws_cloudfront_distribution.site').attributes).toEqual({
      viewerProtocolPolicies: ['redirect-to-https', 'allow-all'],
      minimumProtocolVersion: 'TLSv1.2_2021',
      usesDefaultCertificate: false,
      logging: true,
      webAclId: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/site/1',
    });
    expect(get(c.resources, 'aws.cloudfront.distribution', 'aws_cloudfront_distribution.default_cert').attributes).toEqual({
      viewerProtocolPolicies: ['https-only'], minimumProtocolVersion: null, usesDefaultCertificate: true, logging: false, webAclId: null,
    });
    // A custom certificate without minimum_protocol_version gets the provider default, TLSv1.
    expect(get(c.resources, 'aws.cloudfront.distribution', 'aws_cloudfront_distribution.old_tls').attributes).toMatchObject({ viewerProtocolPolicies: ['allow-all'], minimumProtocolVersion: 'TLSv1', usesDefaultCertificate: false });
  });
});
