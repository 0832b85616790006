// Networks: security groups (inline rules, aws_security_group_rule, the per-rule VPC resources),
// VPCs with their flow logs, load balancers (v2 and classic) with listeners, CloudFront.
import { unknown, type Resource, type V } from '../../../domain/resources/index.js';
import type { CloudFrontDistribution, LoadBalancer, LoadBalancerListener, SecurityGroup, SecurityGroupRule, Vpc } from '../../../domain/resources/aws.js';
import type { EBlock, EBody } from '../eval/body.js';
import { isUnk, type Value } from '../eval/values.js';
import { attr, block, blocks, bool, link, location, num, numOrNull, optStr, resource, str, strList, strOr, Targets, type NormalizeContext, type TfResource } from './common.js';

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

function protocol(v: Value | undefined): V<string> {
  const p = str(v);
  if (p === null) return unknown('protocol (not set)');
  if (typeof p !== 'string') return p;
  const l = p.trim().toLowerCase();
  return PROTOCOL_NUMBERS[l] ?? l;
}

type GroupTargets = Targets<Resource<SecurityGroup>>;

/** Source groups: a declared group is named by its resource id (its sg- id is not known before apply). */
function groupRefs(v: Value | undefined, groups: GroupTargets): V<string>[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.flatMap((x) => {
    const res = groups.resolve(x);
    return res.kind === 'found' ? [res.target.id] : strList(x);
  });
}

/** A rule from an inline block or aws_security_group_rule (`self` names the group itself). */
function ruleOf(body: EBody, loc: SecurityGroupRule['location'], selfId: V<string> | null, sourceAttr: 'security_groups' | 'source_security_group_id', groups: GroupTargets): SecurityGroupRule {
  const a = body.attrs;
  const sources = groupRefs(a[sourceAttr], groups);
  if (a.self === true && selfId !== null) sources.push(selfId);
  else if (isUnk(a.self)) sources.push(unknown(a.self.$unknown));
  return {
    protocol: protocol(a.protocol),
    fromPort: num(a.from_port, -1),
    toPort: num(a.to_port, -1),
    cidrs: strList(a.cidr_blocks),
    ipv6Cidrs: strList(a.ipv6_cidr_blocks),
    sourceSecurityGroups: sources,
    description: str(a.description),
    location: loc,
  };
}

/** aws_vpc_security_group_ingress_rule / _egress_rule: one source per rule. */
function vpcRuleOf(r: TfResource, groups: GroupTargets): SecurityGroupRule {
  const a = r.body.attrs;
  return {
    protocol: protocol(a.ip_protocol),
    fromPort: num(a.from_port, -1),
    toPort: num(a.to_port, -1),
    cidrs: strList(a.cidr_ipv4),
    ipv6Cidrs: strList(a.cidr_ipv6),
    sourceSecurityGroups: groupRefs(a.referenced_security_group_id, groups),
    description: str(a.description),
    location: location(null, r),
  };
}

export function securityGroups(ctx: NormalizeContext): Resource<unknown>[] {
  const targets: GroupTargets = new Targets();
  const all: { sg: Resource<SecurityGroup>; r: TfResource }[] = [];
  for (const type of ['aws_security_group', 'aws_default_security_group']) {
    for (const r of ctx.of(type)) {
      const a = r.body.attrs;
      const groupName = type === 'aws_default_security_group' ? 'default' : a.name !== undefined ? str(a.name) : a.name_prefix !== undefined ? unknown(`${r.address}.name (name_prefix)`) : null;
      const sg = resource<SecurityGroup>('aws.ec2.security-group', r, groupName, { groupName, vpcId: optStr(a.vpc_id), ingress: [], egress: [] });
      targets.add(r, sg, groupName);
      all.push({ sg, r });
    }
  }
  for (const { sg, r } of all) {
    for (const kind of ['ingress', 'egress'] as const) for (const b of blocks(r.body, kind)) sg.attributes[kind].push(ruleOf(b, location(b), sg.id, 'security_groups', targets));
  }
  const orphans: Resource<SecurityGroup>[] = [];
  const attach = (r: TfResource, rule: SecurityGroupRule, egress: boolean) => {
    const res = targets.resolve(r.body.attrs.security_group_id);
    if (res.kind === 'found') (egress ? res.target.attributes.egress : res.target.attributes.ingress).push(rule);
    else {
      // A rule on a group declared elsewhere: still judged, as a group of its own.
      orphans.push(resource<SecurityGroup>('aws.ec2.security-group', r, null, { groupName: null, vpcId: null, ingress: egress ? [] : [rule], egress: egress ? [rule] : [] }));
    }
  };
  for (const r of ctx.of('aws_security_group_rule')) {
    const type = r.body.attrs.type;
    const self = r.body.attrs.self === true ? targets.resolve(r.body.attrs.security_group_id) : null;
    const selfId = self?.kind === 'found' ? self.target.id : str(r.body.attrs.security_group_id);
    const rule = ruleOf(r.body, location(null, r), selfId, 'source_security_group_id', targets);
    if (type === 'ingress' || type === 'egress') attach(r, rule, type === 'egress');
    else ctx.notice({ path: r.path, line: r.format === 'terraform' ? r.startLine : null, message: `${r.address}: type ${isUnk(type) ? type.$unknown : JSON.stringify(type ?? null)} is not known statically; rule not read` });
  }
  for (const r of ctx.of('aws_vpc_security_group_ingress_rule')) attach(r, vpcRuleOf(r, targets), false);
  for (const r of ctx.of('aws_vpc_security_group_egress_rule')) attach(r, vpcRuleOf(r, targets), true);
  return [...all.map((x) => x.sg), ...orphans];
}

export function vpcs(ctx: NormalizeContext): Resource<unknown>[] {
  const targets = new Targets<Resource<Vpc>>();
  const all: Resource<Vpc>[] = [];
  for (const type of ['aws_vpc', 'aws_default_vpc']) {
    for (const r of ctx.of(type)) {
      const a = r.body.attrs;
      const cidr = a.cidr_block !== undefined ? str(a.cidr_block) : a.ipv4_ipam_pool_id !== undefined ? unknown(`${r.address}.cidr_block (IPAM)`) : null;
      const vpc = resource<Vpc>('aws.ec2.vpc', r, null, { cidr, flowLogsEnabled: false });
      targets.add(r, vpc);
      all.push(vpc);
    }
  }
  const configured = new Set<Resource<Vpc>>();
  link(ctx, ctx.of('aws_flow_log').filter((f) => f.body.attrs.vpc_id !== undefined && f.body.attrs.vpc_id !== null), targets, 'vpc_id', (vpc) => {
    vpc.attributes.flowLogsEnabled = true;
    configured.add(vpc);
  }, all, (vpc, text) => {
    if (!configured.has(vpc)) vpc.attributes.flowLogsEnabled = unknown(text);
  });
  return all;
}

const DEFAULT_TLS_POLICY = 'ELBSecurityPolicy-2016-08'; // what the ELB API applies to an HTTPS/TLS listener given none
const isTls = (p: V<string>) => typeof p === 'string' && ['HTTPS', 'TLS', 'SSL'].includes(p.toUpperCase());

function redirectsToHttps(actions: EBlock[]): V<boolean> {
  for (const a of actions) {
    const type = a.attrs.type;
    if (isUnk(type)) return unknown(type.$unknown);
    if (type !== 'redirect') continue;
    const p = attr(block(a, 'redirect'), 'protocol');
    if (isUnk(p)) return unknown(p.$unknown);
    if (typeof p === 'string' && p.toUpperCase() === 'HTTPS') return true;
  }
  return false;
}

export function loadBalancers(ctx: NormalizeContext): Resource<unknown>[] {
  const targets = new Targets<Resource<LoadBalancer>>();
  const all: Resource<LoadBalancer>[] = [];
  for (const r of [...ctx.of('aws_lb'), ...ctx.of('aws_alb')]) {
    const a = r.body.attrs;
    const lbType = str(a.load_balancer_type) ?? 'application';
    const logs = block(r.body, 'access_logs');
    const lb = resource<LoadBalancer>('aws.elb.load-balancer', r, str(a.name), {
      lbType: typeof lbType === 'string' && !['application', 'network', 'gateway'].includes(lbType) ? unknown(`load_balancer_type ${lbType}`) : (lbType as LoadBalancer['lbType']),
      internal: bool(a.internal, false),
      listeners: [],
      accessLogs: logs ? bool(logs.attrs.enabled, false) : false,
      dropInvalidHeaders: lbType === 'application' ? bool(a.drop_invalid_header_fields, false) : isUnk(lbType) ? bool(a.drop_invalid_header_fields, false) : null,
    });
    targets.add(r, lb, str(a.name));
    all.push(lb);
  }
  link(ctx, [...ctx.of('aws_lb_listener'), ...ctx.of('aws_alb_listener')], targets, 'load_balancer_arn', (lb, l) => {
    const a = l.body.attrs;
    const t = lb.attributes.lbType;
    const proto = a.protocol !== undefined && a.protocol !== null ? strOr(a.protocol, 'HTTP') : t === 'application' ? 'HTTP' : t === 'gateway' ? 'GENEVE' : t === 'network' ? 'TCP' : unknown('protocol (not set)');
    const protoUpper = typeof proto === 'string' ? proto.toUpperCase() : proto;
    lb.attributes.listeners.push({
      port: numOrNull(a.port) ?? unknown('port (not set)'),
      protocol: protoUpper,
      sslPolicy: optStr(a.ssl_policy) ?? (isTls(protoUpper) ? DEFAULT_TLS_POLICY : isUnk(a.protocol) ? unknown(a.protocol.$unknown) : null),
      redirectsToHttps: redirectsToHttps(blocks(l.body, 'default_action')),
      location: location(null, l),
    });
  }, all);

  // Classic load balancers: listeners are blocks; a TLS policy comes from separate policy resources.
  const classic = new Targets<Resource<LoadBalancer>>();
  for (const r of ctx.of('aws_elb')) {
    const a = r.body.attrs;
    const logs = block(r.body, 'access_logs');
    const listeners: LoadBalancerListener[] = blocks(r.body, 'listener').map((b) => {
      const p = strOr(b.attrs.lb_protocol, 'HTTP');
      const proto = typeof p === 'string' ? p.toUpperCase() : p;
      return { port: numOrNull(b.attrs.lb_port) ?? unknown('lb_port (not set)'), protocol: proto, sslPolicy: isTls(proto) ? DEFAULT_TLS_POLICY : null, redirectsToHttps: false, location: location(b) };
    });
    const lb = resource<LoadBalancer>('aws.elb.load-balancer', r, str(a.name), {
      lbType: 'classic',
      internal: bool(a.internal, false),
      listeners,
      accessLogs: logs ? bool(logs.attrs.enabled, true) : false,
      dropInvalidHeaders: null,
    });
    classic.add(r, lb, str(a.name));
    all.push(lb);
  }
  classicPolicies(ctx, classic);
  return all;
}

/** aws_load_balancer_listener_policy naming an aws_load_balancer_policy with a Reference-Security-Policy. */
function classicPolicies(ctx: NormalizeContext, classic: Targets<Resource<LoadBalancer>>): void {
  const byName = new Map<string, V<string>>();
  for (const p of ctx.of('aws_load_balancer_policy')) {
    const name = p.body.attrs.policy_name;
    if (typeof name !== 'string') continue;
    const ref = blocks(p.body, 'policy_attribute').find((b) => b.attrs.name === 'Reference-Security-Policy');
    byName.set(name, ref ? (str(ref.attrs.value) ?? unknown(`${p.address} policy value`)) : unknown(`${p.address} (custom ciphers)`));
  }
  const setPolicy = (lbValue: Value | undefined, port: Value | undefined, policy: V<string>) => {
    const res = classic.resolve(lbValue);
    if (res.kind !== 'found') return;
    for (const l of res.target.attributes.listeners) if (isUnk(port) || l.port === port) l.sslPolicy = policy;
  };
  for (const lp of ctx.of('aws_load_balancer_listener_policy')) {
    const names = lp.body.attrs.policy_names;
    const list = Array.isArray(names) ? names : [];
    const policy = list.map((n) => (typeof n === 'string' ? byName.get(n) : undefined)).find((p) => p !== undefined) ?? unknown(`${lp.address}.policy_names`);
    setPolicy(lp.body.attrs.load_balancer_name, lp.body.attrs.load_balancer_port, policy);
  }
  for (const sp of ctx.of('aws_lb_ssl_negotiation_policy')) setPolicy(sp.body.attrs.load_balancer, sp.body.attrs.lb_port, unknown(`${sp.address} (custom ciphers)`));
}

export function cloudFront(ctx: NormalizeContext): Resource<unknown>[] {
  return ctx.of('aws_cloudfront_distribution').map((r) => {
    const a = r.body.attrs;
    const policies = [...blocks(r.body, 'default_cache_behavior'), ...blocks(r.body, 'ordered_cache_behavior')].map((b) => strOr(b.attrs.viewer_protocol_policy, 'allow-all'));
    const cert = block(r.body, 'viewer_certificate');
    const custom = cert ? cert.attrs.acm_certificate_arn ?? cert.attrs.iam_certificate_id : undefined;
    const usesDefault: V<boolean> = !cert ? true : custom !== undefined && custom !== null ? false : bool(cert.attrs.cloudfront_default_certificate, false);
    const minimumProtocolVersion = usesDefault === true ? null : (str(cert?.attrs.minimum_protocol_version) ?? 'TLSv1');
    return resource<CloudFrontDistribution>('aws.cloudfront.distribution', r, null, {
      viewerProtocolPolicies: policies,
      minimumProtocolVersion,
      usesDefaultCertificate: usesDefault,
      logging: block(r.body, 'logging_config') !== null,
      webAclId: optStr(a.web_acl_id),
    });
  });
}
