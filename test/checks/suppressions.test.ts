import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/engine.js';
import { applySuppressions, fingerprint, parseInlineSuppressions } from '../../src/checks/suppressions.js';

const finding = (over: Partial<CheckResult> = {}): CheckResult => ({
  checkId: 'aws-s3-bucket-versioning', resourceType: 'aws.s3.bucket', resourceId: 'aws_s3_bucket.logs', status: 'fail', reason: 'disabled',
  message: 'versioning is off', severity: 'medium', path: 'infra/main.tf', startLine: 10, endLine: 14, resourceLine: 10, ...over,
});

describe('suppressions', () => {
  const text = [
    'resource "aws_s3_bucket" "x" {}',
    '# attest:ignore aws-s3-bucket-logging',
    '',
    '',
    '',
    '',
    '',
    '',
    '# attest:ignore aws-s3-bucket-versioning reason="write-once log bucket"',
    'resource "aws_s3_bucket" "logs" {',
  ].join('\n');

  it('parses inline markers with and without a reason', () => {
    expect(parseInlineSuppressions(text)).toEqual([
      { line: 2, checkId: 'aws-s3-bucket-logging', reason: null },
      { line: 9, checkId: 'aws-s3-bucket-versioning', reason: 'write-once log bucket' },
    ]);
  });

  it('suppresses with a reason on the line above; refuses a marker without a reason, saying so', () => {
    const inline = new Map([['infra/main.tf', parseInlineSuppressions(text)]]);
    const { results, notices } = applySuppressions([
      finding(),
      finding({ checkId: 'aws-s3-bucket-logging', startLine: 3, endLine: 4, resourceLine: 3 }),
      finding({ resourceId: 'aws_s3_bucket.other', startLine: 40, endLine: 44, resourceLine: 40 }),
    ], inline, [], '2026-11-24');
    expect(results.map((r) => r.status)).toEqual(['suppressed', 'fail', 'fail']);
    expect(results[0]?.suppression).toEqual({ source: 'inline', reason: 'write-once log bucket' });
    expect(notices).toEqual([{ path: 'infra/main.tf', line: 2, message: expect.stringMatching(/no reason/) }]);
  });

  it('applies config suppressions until they expire, then reports them again with a notice', () => {
    const config = [{ check: 'aws-s3-bucket-versioning', resource: 'aws_s3_bucket.logs', reason: 'migrating', expires: '2026-12-31' }];
    const before = applySuppressions([finding()], new Map(), config, '2026-12-31');
    expect(before.results[0]?.status).toBe('suppressed');
    expect(before.notices).toEqual([]);
    const after = applySuppressions([finding(), finding({ startLine: 50 })], new Map(), config, '2027-01-01');
    expect(after.results.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(after.notices).toHaveLength(1);
    expect(after.notices[0]?.message).toMatch(/expired on 2026-12-31/);
  });

  it('never touches passing results, and fingerprints ignore line moves', () => {
    const passing = finding({ status: 'pass', reason: null });
    expect(applySuppressions([passing], new Map(), [{ check: '*', reason: 'all' }], '2026-01-01').results[0]).toBe(passing);
  });

  it('applies a marker above the resource to a finding inside it', () => {
    const inline = new Map([['infra/main.tf', [{ line: 9, checkId: 'aws-s3-bucket-versioning', reason: 'ok' }]]]);
    const inside = finding({ resourceLine: 10, startLine: 13, endLine: 15 });
    expect(applySuppressions([inside], inline, [], '2026-01-01').results[0]?.status).toBe('suppressed');
    const elsewhere = finding({ resourceLine: 30, startLine: 33, endLine: 35 });
    expect(applySuppressions([elsewhere], inline, [], '2026-01-01').results[0]?.status).toBe('fail');
    expect(fingerprint(finding())).toBe(fingerprint(finding({ startLine: 99, endLine: 120 })));
  });
});
