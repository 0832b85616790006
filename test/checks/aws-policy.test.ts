// Policy statement reasoning shared by the AWS checks: wildcards, principals, conditions,
// and the three-valued answers when part of a statement is unknown statically.
import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../src/domain/resources/aws.js';
import { unknown } from '../../src/domain/resources/index.js';
import {
  allowsFullAdmin, both, conditionsNarrow, coversService, deniesInsecureTransport, grantsToAnyone, isAllActions, isPublicPrincipal,
  not, requiresInsecureTransport, some, statementLabel, wildcardMatch, type Truth,
} from '../../src/checks/aws/policy.js';

const st = (over: Partial<PolicyStatement> = {}): PolicyStatement => ({
  sid: null, effect: 'Allow', actions: ['s3:GetObject'], notActions: [], resources: ['arn:aws:s3:::b/*'], principals: ['*'], conditions: {}, ...over,
});

describe('three-valued logic', () => {
  it('combines answers: no wins, then unknown', () => {
    const all: Truth[] = ['yes', 'no', 'unknown'];
    const table = all.flatMap((a) => all.map((b) => `${a}&${b}=${both(a, b)}`));
    expect(table).toEqual([
      'yes&yes=yes', 'yes&no=no', 'yes&unknown=unknown',
      'no&yes=no', 'no&no=no', 'no&unknown=no',
      'unknown&yes=unknown', 'unknown&no=no', 'unknown&unknown=unknown',
    ]);
    expect(all.map(not)).toEqual(['no', 'yes', 'unknown']);
  });
  it('some: a known match wins over unknown values, which win over no match', () => {
    const isA = (v: string) => v === 'a';
    expect(some(['b', unknown('var.x'), 'a'], isA)).toBe('yes');
    expect(some(['b', unknown('var.x')], isA)).toBe('unknown');
    expect(some(['b', 'c'], isA)).toBe('no');
    expect(some([], isA)).toBe('no');
  });
});

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true], ['*', 's3:GetObject', true], ['s3:*', 's3:GetObject', true], ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false], ['s3:GetObjec?', 's3:GetObject', true], ['s3:GetObjec?', 's3:GetObjec', false],
    ['S3:GETOBJECT', 's3:GetObject', true], ['*Object', 's3:GetObject', true], ['*Obj*t', 's3:GetObjectAcl', false],
    ['a*b*c', 'aXbYbZc', true], ['a*b*c', 'aXbYbZ', false], ['**', 'x', true], ['', '', true], ['', 'x', false], ['x', '', false],
  ])('%s against %s: %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });
  it('can match case-sensitively, as ARNs need', () => {
    expect(wildcardMatch('arn:aws:s3:::Logs/*', 'arn:aws:s3:::logs/a', false)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::logs/*', 'arn:aws:s3:::logs/a', false)).toBe(true);
  });
});

describe('actions', () => {
  it.each([['*', true], ['*:*', true], ['**', true], ['s3:*', false], ['*:Get*', false], ['iam:*', false], [':', false], ['', false]])(
    'isAllActions(%s) = %s', (action, expected) => {
      expect(isAllActions(action)).toBe(expected);
    },
  );
  it.each([['s3:*', true], ['S3:*', true], ['*', true], ['*:*', true], ['s*:*', true], ['s3:Get*', false], ['s3:GetObject', false], ['ec2:*', false], ['s3:', false]])(
    'coversService(%s, s3) = %s', (action, expected) => {
      expect(coversService(action, 's3')).toBe(expected);
    },
  );
});

describe('isPublicPrincipal', () => {
  it.each([
    ['*', true], ['AWS:*', true], ['AWS:arn:aws:iam::*:root', true], ['AWS:arn:aws:iam::1234*:root', true], ['AWS:arn:aws-us-gov:iam::?23456789012:root', true],
    ['AWS:arn:aws:iam::123456789012:root', false], ['AWS:arn:aws:iam::123456789012:role/*', false], ['AWS:123456789012', false],
    ['Service:cloudtrail.amazonaws.com', false], ['Federated:token.actions.githubusercontent.com', false], ['AWS:arn:aws:iam', false],
  ])('%s: %s', (principal, expected) => {
    expect(isPublicPrincipal(principal)).toBe(expected);
  });
});

describe('conditionsNarrow', () => {
  it.each<[string, PolicyStatement['conditions'], Truth]>([
    ['no condition', {}, 'no'],
    ['an account', { StringEquals: { 'aws:SourceAccount': ['111122223333'] } }, 'yes'],
    ['an organization, key in another case', { StringEquals: { 'AWS:PrincipalOrgID': ['o-abc123'] } }, 'yes'],
    ['a VPC endpoint, any-value set operator', { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': ['vpce-1'] } }, 'yes'],
    ['a source ARN in one account', { ArnLike: { 'aws:SourceArn': ['arn:aws:cloudtrail:eu-west-1:111122223333:trail/*'] } }, 'yes'],
    ['an office network', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }, 'yes'],
    ['StringEquals "*" is literal, so narrows', { StringEquals: { 'aws:PrincipalAccount': ['*'] } }, 'yes'],
    ['a catch-all StringLike', { StringLike: { 'aws:PrincipalAccount': ['*'] } }, 'no'],
    ['a catch-all ARN', { ArnLike: { 'aws:PrincipalArn': ['arn:aws:*'] } }, 'no'],
    ['an ARN in any account', { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/deployer'] } }, 'no'],
    ['one catch-all among the values', { StringLike: { 'aws:SourceAccount': ['111122223333', '*'] } }, 'no'],
    ['the whole IPv4 internet', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } }, 'no'],
    ['the whole IPv6 internet', { IpAddress: { 'aws:SourceIp': ['::/0'] } }, 'no'],
    ['a negated operator admits everyone else', { StringNotEquals: { 'aws:PrincipalOrgID': ['o-abc123'] } }, 'no'],
    ['IfExists holds when the key is absent', { StringEqualsIfExists: { 'aws:SourceVpc': ['vpc-1'] } }, 'no'],
    ['ForAllValues holds when the key is absent', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ['o-abc123'] } }, 'no'],
    ['a key that does not say who', { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } }, 'no'],
    ['a key outside the narrowing list', { StringEquals: { 'sts:ExternalId': ['shared-secret'] } }, 'no'],
    ['no values', { StringEquals: { 'aws:SourceAccount': [] } }, 'no'],
    ['an unknown account compared exactly (no value is a catch-all there)', { StringEquals: { 'aws:SourceAccount': [unknown('data.aws_caller_identity.current.account_id')] } }, 'yes'],
    ['an unknown pattern', { StringLike: { 'aws:PrincipalArn': [unknown('var.principal_pattern')] } }, 'unknown'],
    ['an unknown network', { IpAddress: { 'aws:SourceIp': [unknown('var.office_cidr')] } }, 'unknown'],
    ['an unknown value next to a catch-all', { StringLike: { 'aws:SourceAccount': [unknown('var.a'), '*'] } }, 'no'],
    ['an unknown pattern plus a known narrowing key', { ArnLike: { 'aws:SourceArn': [unknown('var.a')] }, StringEquals: { 'aws:SourceVpc': ['vpc-1'] } }, 'yes'],
  ])('%s', (_name, conditions, expected) => {
    expect(conditionsNarrow(conditions)).toBe(expected);
  });
});

describe('grantsToAnyone', () => {
  it.each<[string, Partial<PolicyStatement>, Truth]>([
    ['allow to *', {}, 'yes'],
    ['allow to AWS:*', { principals: ['AWS:*'] }, 'yes'],
    ['allow to * with a condition that does not narrow', { conditions: { Bool: { 'aws:SecureTransport': ['true'] } } }, 'yes'],
    ['allow to * within an organization', { conditions: { StringEquals: { 'aws:PrincipalOrgID': ['o-abc123'] } } }, 'no'],
    ['allow to one account', { principals: ['AWS:arn:aws:iam::111122223333:root'] }, 'no'],
    ['allow to a service', { principals: ['Service:logging.s3.amazonaws.com'] }, 'no'],
    ['deny to *', { effect: 'Deny' }, 'no'],
    ['identity policy statement (no principal)', { principals: [] }, 'no'],
    ['unknown effect', { effect: unknown('var.effect') }, 'unknown'],
    ['unknown effect, but a known account principal', { effect: unknown('var.effect'), principals: ['AWS:arn:aws:iam::111122223333:root'] }, 'no'],
    ['unknown principal', { principals: [unknown('var.principal')] }, 'unknown'],
    ['* with an unknown account compared exactly', { conditions: { StringEquals: { 'aws:SourceAccount': [unknown('var.account')] } } }, 'no'],
    ['* with an unknown ARN pattern', { conditions: { ArnLike: { 'aws:PrincipalArn': [unknown('var.pattern')] } } }, 'unknown'],
  ])('%s', (_name, over, expected) => {
    expect(grantsToAnyone(st(over))).toBe(expected);
  });
});

describe('allowsFullAdmin', () => {
  it.each<[string, Partial<PolicyStatement>, Truth]>([
    ['* on *', { actions: ['*'], resources: ['*'] }, 'yes'],
    ['*:* on *', { actions: ['s3:GetObject', '*:*'], resources: ['*'] }, 'yes'],
    ['* on * even with a condition', { actions: ['*'], resources: ['*'], conditions: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } }, 'yes'],
    ['* on one bucket', { actions: ['*'], resources: ['arn:aws:s3:::b'] }, 'no'],
    ['a whole service on *', { actions: ['s3:*'], resources: ['*'] }, 'no'],
    ['NotAction on *', { actions: [], notActions: ['iam:*'], resources: ['*'] }, 'no'],
    ['deny * on *', { effect: 'Deny', actions: ['*'], resources: ['*'] }, 'no'],
    ['unknown action on *', { actions: [unknown('var.actions')], resources: ['*'] }, 'unknown'],
    ['* on an unknown resource', { actions: ['*'], resources: [unknown('var.arn')] }, 'unknown'],
    ['unknown effect, * on *', { effect: unknown('var.effect'), actions: ['*'], resources: ['*'] }, 'unknown'],
  ])('%s', (_name, over, expected) => {
    expect(allowsFullAdmin(st(over))).toBe(expected);
  });
});

describe('deniesInsecureTransport', () => {
  const tls = { Bool: { 'aws:SecureTransport': ['false'] } };
  it.each<[string, Partial<PolicyStatement>, Truth]>([
    ['deny s3:* to * without TLS', { effect: 'Deny', actions: ['s3:*'], conditions: tls }, 'yes'],
    ['deny * to AWS:* without TLS, BoolIfExists, other cases', { effect: 'Deny', actions: ['*'], principals: ['AWS:*'], conditions: { BoolIfExists: { 'aws:securetransport': ['FALSE'] } } }, 'yes'],
    ['deny only some S3 actions', { effect: 'Deny', actions: ['s3:GetObject'], conditions: tls }, 'no'],
    ['deny to one role only', { effect: 'Deny', actions: ['s3:*'], principals: ['AWS:arn:aws:iam::111122223333:role/app'], conditions: tls }, 'no'],
    ['allow instead of deny', { effect: 'Allow', actions: ['s3:*'], conditions: tls }, 'no'],
    ['deny with TLS required true (the wrong way round)', { effect: 'Deny', actions: ['s3:*'], conditions: { Bool: { 'aws:SecureTransport': ['true'] } } }, 'no'],
    ['deny on an old TLS version only', { effect: 'Deny', actions: ['s3:*'], conditions: { NumericLessThan: { 's3:TlsVersion': ['1.2'] } } }, 'no'],
    ['deny with an unknown condition value', { effect: 'Deny', actions: ['s3:*'], conditions: { Bool: { 'aws:SecureTransport': [unknown('var.tls')] } } }, 'unknown'],
    ['deny of unknown actions', { effect: 'Deny', actions: [unknown('var.actions')], conditions: tls }, 'unknown'],
  ])('%s', (_name, over, expected) => {
    expect(deniesInsecureTransport(st(over), 's3')).toBe(expected);
  });
  it('reads only the Bool operators for the secure-transport key', () => {
    expect(requiresInsecureTransport({ StringEquals: { 'aws:SecureTransport': ['false'] } })).toBe('no');
    expect(requiresInsecureTransport({ Bool: { 'aws:SecureTransport': ['false'] } })).toBe('yes');
  });
});

describe('statementLabel', () => {
  it('names a statement by its Sid, else by its 1-based position', () => {
    expect(statementLabel(st({ sid: 'PublicRead' }), 0)).toBe('statement "PublicRead"');
    expect(statementLabel(st(), 2)).toBe('statement #3');
  });
});
