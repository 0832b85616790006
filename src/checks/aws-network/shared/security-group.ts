// Shared reading of security group ingress rules for the aws-security-group-* checks: which
// rules admit the whole internet, and which ports they open. Kept allocation-light: a group
// that exposes nothing costs a few comparisons per rule and one `pass` outcome.
import { isUnknown, type V } from '../../../domain/resources/index.js';
import type { SecurityGroup, SecurityGroupRule } from '../../../domain/resources/aws.js';
import type { Outcome } from '../../types.js';
import { fail, pass, unknownOutcome } from '../../util.js';

/** A service reached on a port range: SSH on tcp/22, Memcached on tcp+udp/11211… */
export interface PortTarget {
  /** Fail reason when a rule admits the internet to this service. */
  reason: string;
  name: string;
  from: number;
  to: number;
  udp: boolean;
  tcp: boolean;
}

export type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'other';

/** AWS accepts protocol names and IANA numbers; `-1` (or `all`) is every protocol on every port. */
export function protocolOf(protocol: string): Protocol {
  switch (protocol.trim().toLowerCase()) {
    case '-1': case 'all': return 'all';
    case 'tcp': case '6': return 'tcp';
    case 'udp': case '17': return 'udp';
    case 'icmp': case '1': case 'icmpv6': case '58': return 'icmp';
    default: return 'other';
  }
}

/** A prefix of length 0 (0.0.0.0/0, ::/0) is the whole address space. */
const isInternet = (cidr: string): boolean => cidr.trim().endsWith('/0');

/** The sentinel for "some source of this rule is not known statically". */
export const UNKNOWN_SOURCE = '?';

/**
 * The internet CIDR a rule admits (`0.0.0.0/0`, `::/0`), UNKNOWN_SOURCE when a source is not
 * known statically and none is known to be the internet, or null when it admits no internet source.
 */
export function internetSource(rule: SecurityGroupRule): string | null {
  const v4 = scan(rule.cidrs);
  if (v4 !== null && v4 !== UNKNOWN_SOURCE) return v4;
  const v6 = scan(rule.ipv6Cidrs);
  return v6 ?? v4;
}

function scan(cidrs: V<string>[]): string | null {
  let unknownSeen = false;
  for (const c of cidrs) {
    if (isUnknown(c)) unknownSeen = true;
    else if (isInternet(c)) return c.trim();
  }
  return unknownSeen ? UNKNOWN_SOURCE : null;
}

/** The rule's port range, with -1 (or a missing bound) read as the open end. */
export function portRange(rule: SecurityGroupRule): [number, number] | null {
  const { fromPort, toPort } = rule;
  if (isUnknown(fromPort) || isUnknown(toPort)) return null;
  return [fromPort < 0 ? 0 : fromPort, toPort < 0 ? 65535 : toPort];
}

/** "tcp 22", "tcp 0-65535", "all traffic"; for messages. */
export function describeRule(rule: SecurityGroupRule): string {
  const proto = isUnknown(rule.protocol) ? null : protocolOf(rule.protocol);
  if (proto === 'all') return 'all traffic';
  const range = portRange(rule);
  const ports = range === null ? 'ports not known statically' : range[0] === range[1] ? `port ${range[0]}` : `ports ${range[0]}-${range[1]}`;
  const desc = rule.description !== null && !isUnknown(rule.description) && rule.description !== '' ? ` ("${rule.description}")` : '';
  return `${isUnknown(rule.protocol) ? 'an unknown protocol' : rule.protocol} ${ports}${desc}`;
}

const valueText = (v: V<unknown>): string => (isUnknown(v) ? v.$unknown : String(v));

/** Why a rule's exposure cannot be decided, for unknown outcomes. */
export function unknownWhy(rule: SecurityGroupRule, source: string): string {
  if (source === UNKNOWN_SOURCE) {
    const u = [...rule.cidrs, ...rule.ipv6Cidrs].find(isUnknown);
    return `a source CIDR depends on ${u ? valueText(u) : 'an unknown value'}`;
  }
  if (isUnknown(rule.protocol)) return `the protocol depends on ${rule.protocol.$unknown}`;
  return `the port range depends on ${isUnknown(rule.fromPort) ? rule.fromPort.$unknown : valueText(rule.toPort)}`;
}

/**
 * One outcome per ingress rule that admits the internet to one of the targets: `fail` with the
 * rule's location, or `unknown` when the source, protocol or ports are not known statically.
 * A rule that reaches several targets fails once, with `manyReason`.
 */
export function evaluateIngress(group: SecurityGroup, targets: readonly PortTarget[], manyReason: string, what: string): Outcome | Outcome[] {
  let out: Outcome[] | null = null;
  for (const rule of group.ingress) {
    const source = internetSource(rule);
    if (source === null) continue;
    const hits = reachedTargets(rule, targets);
    if (hits === 'none') continue;
    out ??= [];
    if (hits === 'unknown' || source === UNKNOWN_SOURCE) {
      const names = hits === 'unknown' ? what : hits.map((t) => t.name).join(', ');
      out.push(unknownOutcome('unknown_value', `ingress rule ${describeRule(rule)} may admit the internet to ${names}: ${unknownWhy(rule, source)}`));
      continue;
    }
    const only = hits.length === 1 ? hits[0] : undefined;
    const reason = only ? only.reason : manyReason;
    const names = hits.map((t) => (t.from === t.to ? `${t.name} (${t.from})` : `${t.name} (${t.from}-${t.to})`)).join(', ');
    out.push(fail(reason, `ingress rule ${describeRule(rule)} admits ${source} to ${names}`, rule.location));
  }
  return out ?? pass();
}

/** The targets a rule opens, 'none', or 'unknown' when its protocol or ports are not known statically. */
export function reachedTargets(rule: SecurityGroupRule, targets: readonly PortTarget[]): PortTarget[] | 'none' | 'unknown' {
  if (isUnknown(rule.protocol)) return 'unknown';
  const proto = protocolOf(rule.protocol);
  if (proto === 'all') return targets.slice();
  if (proto !== 'tcp' && proto !== 'udp') return 'none';
  const range = portRange(rule);
  if (range === null) return 'unknown';
  let hits: PortTarget[] | null = null;
  for (const t of targets) {
    if ((proto === 'tcp' ? t.tcp : t.udp) && range[0] <= t.to && range[1] >= t.from) (hits ??= []).push(t);
  }
  return hits ?? 'none';
}

/**
 * One outcome per internet-facing ingress rule that `offends` judges bad: `fail` with its reason,
 * or `unknown` when the source, the protocol or (for TCP and UDP) the ports are not known
 * statically. `offends` sees the protocol and, for TCP and UDP, the port range (else null), and
 * returns a fail reason or null. `say` completes the messages: "admits 0.0.0.0/0 <does>",
 * "may admit the internet <may>".
 */
export function evaluatePublicRules(
  group: SecurityGroup,
  offends: (proto: Protocol, range: [number, number] | null) => string | null,
  say: { does: string; may: string },
): Outcome | Outcome[] {
  let out: Outcome[] | null = null;
  for (const rule of group.ingress) {
    const source = internetSource(rule);
    if (source === null) continue;
    let reason: string | null = null;
    let undecided = false;
    if (isUnknown(rule.protocol)) undecided = true;
    else {
      const proto = protocolOf(rule.protocol);
      const range = proto === 'tcp' || proto === 'udp' ? portRange(rule) : null;
      if ((proto === 'tcp' || proto === 'udp') && range === null) undecided = true;
      else reason = offends(proto, range);
    }
    if (reason === null && !undecided) continue;
    out ??= [];
    if (undecided || source === UNKNOWN_SOURCE) out.push(unknownOutcome('unknown_value', `ingress rule ${describeRule(rule)} may admit the internet ${say.may}: ${unknownWhy(rule, source)}`));
    else out.push(fail(reason!, `ingress rule ${describeRule(rule)} admits ${source} ${say.does}`, rule.location));
  }
  return out ?? pass();
}
