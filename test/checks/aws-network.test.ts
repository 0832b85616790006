// What the fixtures table cannot say about the aws-network checks: one outcome per offending
// rule or listener, each pointing at its own lines, and the exact set of reasons a rule yields.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/engine.js';
import { awsNetworkChecks } from '../../src/checks/aws-network/index.js';
import { distribution, eksCluster, group, listener, loadBalancer, rule } from '../../src/checks/aws-network/shared/fixtures.js';
import type { Resource } from '../../src/domain/resources/index.js';

const run = (checkId: string, type: string, attributes: unknown) => {
  const check = awsNetworkChecks.find((c) => c.meta.id === checkId);
  if (!check) throw new Error(`no check ${checkId}`);
  const resource: Resource<unknown> = { type, id: 'r', name: null, attributes, source: { kind: 'file', format: 'terraform', path: 'main.tf', startLine: 1, endLine: 99 } };
  return evaluate([check], [resource]);
};
const sg = (checkId: string, attributes: unknown) => run(checkId, 'aws.ec2.security-group', attributes);

describe('security group checks', () => {
  it('fail once per offending rule, at the rule\'s own lines', () => {
    const results = sg('aws-security-group-no-public-ssh', group(
      rule({ fromPort: 22, toPort: 22, location: { startLine: 10, endLine: 15 } }),
      rule({ fromPort: 443, toPort: 443, location: { startLine: 17, endLine: 22 } }),
      rule({ protocol: '-1', fromPort: 0, toPort: 0, cidrs: [], ipv6Cidrs: ['::/0'], location: { startLine: 24, endLine: 30 } }),
    ));
    expect(results.map((r) => [r.status, r.reason, r.startLine, r.endLine])).toEqual([
      ['fail', 'public_ssh', 10, 15],
      ['fail', 'public_ssh', 24, 30],
    ]);
  });

  it('fall back to the resource\'s lines when the rule has no location of its own', () => {
    const [result] = sg('aws-security-group-no-public-rdp', group(rule({ fromPort: 3389, toPort: 3389, location: null })));
    expect([result?.status, result?.startLine, result?.endLine]).toEqual(['fail', 1, 99]);
  });

  it('name the engine, or use the plural reason when one rule opens several databases', () => {
    const results = sg('aws-security-group-no-public-database-ports', group(
      rule({ fromPort: 6379, toPort: 6379 }),
      rule({ fromPort: 5432, toPort: 5439 }),
      rule({ fromPort: 5432, toPort: 5432, cidrs: ['10.0.0.0/8'] }),
    ));
    expect(results.map((r) => r.reason)).toEqual(['public_redis', 'public_database_ports']);
    expect(results[1]?.message).toContain('5439');
  });

  it('report a rule with an unknown source as unknown next to the failing rules, and never fail it', () => {
    const results = sg('aws-security-group-no-public-ssh', group(
      rule({ fromPort: 22, toPort: 22, cidrs: [{ $unknown: 'var.admin_cidr' }] }),
      rule({ fromPort: 0, toPort: 65535 }),
    ));
    expect(results.map((r) => `${r.status}:${r.reason}`)).toEqual(['unknown:unknown_value', 'fail:public_ssh']);
    expect(results[0]?.message).toContain('var.admin_cidr');
  });

  it('fail a rule with a known internet source even when another of its sources is unknown', () => {
    const results = sg('aws-security-group-no-public-ssh', group(rule({ fromPort: 22, toPort: 22, cidrs: [{ $unknown: 'var.x' }, '0.0.0.0/0'] })));
    expect(results.map((r) => r.status)).toEqual(['fail']);
  });

  it('fail every internet rule beyond web ports at its own lines, and only those', () => {
    const results = sg('aws-security-group-public-ingress-web-only', group(
      rule({ location: { startLine: 2, endLine: 4 } }),
      rule({ fromPort: 8443, toPort: 8443, location: { startLine: 6, endLine: 8 } }),
      rule({ protocol: 'icmp', fromPort: -1, toPort: -1, location: { startLine: 10, endLine: 12 } }),
      rule({ fromPort: 25, toPort: 25, cidrs: [], ipv6Cidrs: ['::/0'], location: { startLine: 14, endLine: 16 } }),
    ));
    expect(results.map((r) => [r.reason, r.startLine])).toEqual([['public_non_web_port', 6], ['public_non_web_port', 14]]);
    expect(results[1]?.message).toContain('::/0');
  });

  it('ignore egress rules', () => {
    const attributes = { ...group(), egress: [rule({ protocol: '-1', fromPort: 0, toPort: 0 })] };
    for (const id of ['aws-security-group-no-public-ssh', 'aws-security-group-no-public-all-traffic', 'aws-security-group-public-ingress-web-only']) {
      expect(sg(id, attributes).map((r) => r.status), id).toEqual(['pass']);
    }
  });
});

describe('load balancer checks', () => {
  const lb = (attributes: unknown, checkId: string) => run(checkId, 'aws.elb.load-balancer', attributes);

  it('fail each plain HTTP listener at its own lines, and leave redirecting and TLS listeners alone', () => {
    const results = lb(loadBalancer({ listeners: [
      listener({ port: 80, protocol: 'HTTP', sslPolicy: null, redirectsToHttps: true, location: { startLine: 5, endLine: 9 } }),
      listener({ port: 8080, protocol: 'HTTP', sslPolicy: null, location: { startLine: 11, endLine: 19 } }),
      listener({ port: 443, location: { startLine: 21, endLine: 29 } }),
      listener({ port: 8081, protocol: 'HTTP', sslPolicy: null, location: { startLine: 31, endLine: 39 } }),
    ] }), 'aws-elb-listeners-encrypted');
    expect(results.map((r) => [r.reason, r.startLine])).toEqual([['plaintext_listener', 11], ['plaintext_listener', 31]]);
    expect(results[0]?.message).toContain('HTTP:8080');
  });

  it('fail each outdated TLS policy at its listener', () => {
    const results = lb(loadBalancer({ listeners: [
      listener({ sslPolicy: 'ELBSecurityPolicy-2016-08', location: { startLine: 3, endLine: 8 } }),
      listener({ port: 8443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', location: { startLine: 10, endLine: 15 } }),
    ] }), 'aws-elb-tls-policy-modern');
    expect(results.map((r) => [r.status, r.reason, r.startLine, r.endLine])).toEqual([['fail', 'outdated_policy', 3, 8]]);
    expect(results[0]?.message).toContain('ELBSecurityPolicy-2016-08');
  });

  it('pass a network load balancer with TLS and passthrough listeners without judging the passthrough ones', () => {
    const attributes = loadBalancer({ lbType: 'network', listeners: [listener({ protocol: 'TLS' }), listener({ protocol: 'TCP', port: 80, sslPolicy: null })] });
    expect(lb(attributes, 'aws-elb-listeners-encrypted').map((r) => r.status)).toEqual(['pass']);
    expect(lb(attributes, 'aws-elb-tls-policy-modern').map((r) => r.status)).toEqual(['pass']);
  });
});

describe('CloudFront and EKS checks', () => {
  it('count the cache behaviours that allow plain HTTP', () => {
    const [result] = run('aws-cloudfront-https-only', 'aws.cloudfront.distribution', distribution({ viewerProtocolPolicies: ['allow-all', 'https-only', 'allow-all'] }));
    expect(result?.reason).toBe('http_allowed');
    expect(result?.message).toContain('2 of 3');
  });

  it('name the missing control-plane log types', () => {
    const [result] = run('aws-eks-control-plane-logging', 'aws.eks.cluster', eksCluster({ enabledLogTypes: ['API', 'scheduler'] }));
    expect(result?.reason).toBe('missing_log_types');
    expect(result?.message).toContain('audit, authenticator');
    expect(result?.message).not.toContain('api');
  });
});
