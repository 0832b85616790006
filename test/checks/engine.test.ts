import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/engine.js';
import { defineCheck, type AnyCheck } from '../../src/checks/types.js';
import { fail, pass } from '../../src/checks/util.js';
import type { Resource } from '../../src/domain/resources/index.js';

const meta = { title: 't', description: 'd', severity: 'high' as const, controls: ['CRY-01'], remediation: { text: 'r' } };
const volumeCheck = defineCheck({ meta: { ...meta, id: 'test-volume', resourceType: 'aws.ebs.volume' }, evaluate: ({ attributes }) => (attributes.encrypted === true ? pass() : fail('plain', 'not encrypted')) });
const manyCheck = defineCheck({
  meta: { ...meta, id: 'test-many', resourceType: 'aws.ec2.security-group', severity: 'low' },
  evaluate: ({ attributes }) => attributes.ingress.map((r) => (r.location ? fail('open', `rule ${String(r.fromPort)}`, r.location) : pass())),
});
const throwing = defineCheck({ meta: { ...meta, id: 'test-throws', resourceType: 'aws.ebs.volume' }, evaluate: () => { throw new Error('boom'); } });
const checks = [volumeCheck, manyCheck, throwing] as AnyCheck[];

const res = (type: string, id: string, attributes: unknown): Resource<unknown> => ({ type, id, name: null, attributes, source: { kind: 'file', format: 'terraform', path: 'main.tf', startLine: 10, endLine: 30 } });
const rule = (fromPort: number, location: { startLine: number; endLine: number } | null) => ({ protocol: 'tcp', fromPort, toPort: fromPort, cidrs: [], ipv6Cidrs: [], sourceSecurityGroups: [], description: null, location });

describe('engine', () => {
  const resources = [
    res('aws.ebs.volume', 'v1', { encrypted: true, kmsKeyId: null }),
    res('aws.ebs.volume', 'v2', { encrypted: false, kmsKeyId: null }),
    res('aws.ec2.security-group', 'sg', { groupName: null, vpcId: null, ingress: [rule(22, { startLine: 14, endLine: 16 }), rule(443, null)], egress: [] }),
    res('aws.s3.bucket', 'no-checks-for-this-in-this-test', {}),
  ];
  it('runs only the checks of each resource type, one result per outcome, with the tighter location', () => {
    const out = evaluate(checks, resources, { skip: ['test-throws'] });
    expect(out.map((r) => [r.checkId, r.resourceId, r.status, r.startLine])).toEqual([
      ['test-volume', 'v1', 'pass', 10],
      ['test-volume', 'v2', 'fail', 10],
      ['test-many', 'sg', 'fail', 14],
      ['test-many', 'sg', 'pass', 10],
    ]);
    expect(out[2]).toMatchObject({ severity: 'low', reason: 'open', message: 'rule 22', path: 'main.tf', endLine: 16 });
  });
  it('turns a check that throws into an error result and goes on', () => {
    const out = evaluate(checks, resources, { only: ['test-throws', 'test-volume'] });
    expect(out.filter((r) => r.status === 'error').map((r) => [r.resourceId, r.reason])).toEqual([['v1', 'check_error'], ['v2', 'check_error']]);
    expect(out.find((r) => r.status === 'error')?.message).toMatch(/boom/);
    expect(out.filter((r) => r.checkId === 'test-volume')).toHaveLength(2);
  });
});
