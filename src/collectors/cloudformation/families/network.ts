// Security groups (inline rules and AWS::EC2::SecurityGroupIngress/Egress resources) and VPCs
// (with their AWS::EC2::FlowLog resources).
import type { SecurityGroupRule } from '../../../domain/resources/aws.js';
import { isUnknown, unknown, type V } from '../../../domain/resources/index.js';
import type { Resolved } from '../evaluate.js';
import type { Context, Normalizer, TemplateResource } from '../context.js';
import type { Span } from '../parse.js';
import { at, items, num, str, strList, unknownOf } from '../values.js';

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

function protocolOf(v: Resolved | undefined): V<string> {
  const p = str(v);
  if (p === null) return unknown('IpProtocol');
  if (isUnknown(p)) return p;
  const lower = p.toLowerCase();
  return PROTOCOL_NUMBERS[lower] ?? lower;
}

/** One rule, from an inline item or a rule resource's properties. `get` reads a property. */
function rule(get: (name: string) => Resolved | undefined, direction: 'ingress' | 'egress', location: Span | null, ctx: Context): SecurityGroupRule {
  const protocol = protocolOf(get('IpProtocol'));
  const allTraffic = protocol === '-1';
  // ICMP without ports means every type and code (-1); TCP/UDP require them.
  const portDefault = protocol === 'icmp' || protocol === 'icmpv6' ? -1 : null;
  const port = (name: string): V<number> => (allTraffic ? (name === 'FromPort' ? 0 : 65535) : (num(get(name)) ?? portDefault ?? unknown(name)));
  const groups = direction === 'ingress' ? ['SourceSecurityGroupId', 'SourceSecurityGroupName'] : ['DestinationSecurityGroupId'];
  return {
    protocol,
    fromPort: port('FromPort'),
    toPort: port('ToPort'),
    cidrs: strList(get('CidrIp')),
    ipv6Cidrs: strList(get('CidrIpv6')),
    sourceSecurityGroups: groups.flatMap((g) => {
      const v = get(g);
      return v === undefined || v === null ? [] : [ctx.resourceId(v) ?? unknown(g)];
    }),
    description: str(get('Description')),
    location,
  };
}

/** A rule whose whole definition is unknown (an undecidable !If around it, say). */
const unknownRule = (u: ReturnType<typeof unknown>, location: Span | null): SecurityGroupRule => ({
  protocol: u, fromPort: u, toPort: u, cidrs: [u], ipv6Cidrs: [u], sourceSecurityGroups: [], description: null, location,
});

function inlineRules(list: Resolved | undefined, direction: 'ingress' | 'egress', ctx: Context): SecurityGroupRule[] {
  return items(list).map((item) => {
    const u = unknownOf(item);
    return u ? unknownRule(u, ctx.spanOf(item)) : rule((name) => at(item, name), direction, ctx.spanOf(item), ctx);
  });
}

/** Without an inline egress list, EC2 gives a VPC security group an allow-all egress rule. */
const DEFAULT_EGRESS: SecurityGroupRule = {
  protocol: '-1', fromPort: 0, toPort: 65535, cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location: null,
};

function ruleResources(type: string, target: TemplateResource, direction: 'ingress' | 'egress', ctx: Context): SecurityGroupRule[] {
  const byId = ctx.attached(type, 'GroupId', target).matches;
  // Ingress rules may name a group of the default VPC by its name.
  const byName = direction === 'ingress' ? ctx.attached(type, 'GroupName', target, { name: str(target.get('GroupName')) }).matches : [];
  return [...byId, ...byName.filter((r) => !byId.includes(r))].map((r) => rule((name) => r.get(name), direction, r.span, ctx));
}

export const securityGroup: Normalizer = (r, ctx) => {
  const groupName = str(r.get('GroupName'));
  const egressDeclared = r.get('SecurityGroupEgress');
  const ingress = [...inlineRules(r.get('SecurityGroupIngress'), 'ingress', ctx), ...ruleResources('AWS::EC2::SecurityGroupIngress', r, 'ingress', ctx)];
  const egress = [
    ...(egressDeclared === undefined ? [{ ...DEFAULT_EGRESS }] : inlineRules(egressDeclared, 'egress', ctx)),
    ...ruleResources('AWS::EC2::SecurityGroupEgress', r, 'egress', ctx),
  ];
  return [ctx.emit(r, 'aws.ec2.security-group', groupName, { groupName, vpcId: ctx.resourceId(r.get('VpcId')), ingress, egress })];
};

export const vpc: Normalizer = (r, ctx) => {
  const cidr = str(r.get('CidrBlock')) ?? (r.get('Ipv4IpamPoolId') !== undefined ? unknown('Ipv4IpamPoolId') : null);
  const flowLogs = ctx.attached('AWS::EC2::FlowLog', 'ResourceId', r, {
    filter: (f) => {
      const type = str(f.get('ResourceType'));
      return type === null || isUnknown(type) || type === 'VPC';
    },
  });
  return [ctx.emit(r, 'aws.ec2.vpc', null, { cidr, flowLogsEnabled: ctx.present(flowLogs) })];
};
