// Builders for the fixtures of this family: complete, passing resources that each fixture bends.
import type { CloudFrontDistribution, EksCluster, LoadBalancer, LoadBalancerListener, SecurityGroup, SecurityGroupRule } from '../../../domain/resources/aws.js';

export const rule = (over: Partial<SecurityGroupRule> = {}): SecurityGroupRule => ({
  protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], sourceSecurityGroups: [], description: null,
  location: { startLine: 10, endLine: 16 }, ...over,
});

export const group = (...ingress: SecurityGroupRule[]): SecurityGroup => ({
  groupName: 'web', vpcId: 'vpc-0abc', ingress, egress: [rule({ protocol: '-1', fromPort: 0, toPort: 0, location: null })],
});

export const listener = (over: Partial<LoadBalancerListener> = {}): LoadBalancerListener => ({
  port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', redirectsToHttps: false, location: { startLine: 20, endLine: 30 }, ...over,
});

export const loadBalancer = (over: Partial<LoadBalancer> = {}): LoadBalancer => ({
  lbType: 'application', internal: false,
  listeners: [listener(), listener({ port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: true, location: { startLine: 32, endLine: 44 } })],
  accessLogs: true, dropInvalidHeaders: true, ...over,
});

export const distribution = (over: Partial<CloudFrontDistribution> = {}): CloudFrontDistribution => ({
  viewerProtocolPolicies: ['redirect-to-https', 'https-only'], minimumProtocolVersion: 'TLSv1.2_2021', usesDefaultCertificate: false,
  logging: true, webAclId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/edge/0f1e2d3c', ...over,
});

export const eksCluster = (over: Partial<EksCluster> = {}): EksCluster => ({
  endpointPublicAccess: false, endpointPrivateAccess: true, publicAccessCidrs: [], enabledLogTypes: ['api', 'audit', 'authenticator'],
  secretsEncryption: true, version: '1.31', ...over,
});
