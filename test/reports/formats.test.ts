// SARIF validated against the official OASIS schema; JUnit parsed back and checked.
import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checks } from '../../src/checks/registry.js';
import type { SuppressedResult } from '../../src/checks/suppressions.js';
import { catalog } from '../../src/content/load.js';
import type { ScanReport } from '../../src/reports/findings.js';
import { toJunit } from '../../src/reports/junit.js';
import { toSarif } from '../../src/reports/sarif.js';

// A CommonJS module: its default export is the module object, whose `default` is the class.
const Ajv = (ajvDraft04 as unknown as { default: typeof ajvDraft04.default }).default;

const schema = JSON.parse(readFileSync(new URL('../../../shared/reference/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

const base: Omit<SuppressedResult, 'status'> = {
  checkId: 'aws-s3-bucket-encryption', resourceType: 'aws.s3.bucket', resourceId: 'aws_s3_bucket.logs', reason: 'no_encryption',
  message: 'the bucket declares no default encryption', severity: 'high', path: 'infra/main.tf', startLine: 12, endLine: 20, resourceLine: 12,
};
const report: ScanReport = {
  tool: { name: 'Attest', version: '0.1.0' },
  startedAt: '2026-11-24T10:00:00.000Z', finishedAt: '2026-11-24T10:00:02.500Z', targets: ['infra'], files: 3, resources: 4,
  results: [
    { ...base, status: 'fail' },
    { ...base, status: 'pass', resourceId: 'aws_s3_bucket.data', reason: null, message: null },
    { ...base, status: 'suppressed', resourceId: 'aws_s3_bucket.tmp', suppression: { source: 'inline', reason: 'scratch bucket, deleted nightly' } },
    { ...base, status: 'unknown', resourceId: 'aws_s3_bucket.var', reason: 'unknown_value', message: 'depends on var.sse <&>' },
    { ...base, status: 'fail', resourceId: 'arn:aws:s3:::live', path: null, startLine: null, endLine: null, resourceLine: null },
  ],
  problems: [{ path: 'infra/broken.tf', line: 7, message: 'unexpected "}"' }],
  notices: [{ path: 'logo.png', line: null, message: 'skipped: binary file' }],
};

describe('SARIF', () => {
  const sarif = toSarif(report, checks, catalog()) as { runs: { tool: { driver: { rules: { id: string; help: { markdown: string }; properties: { tags: string[] } }[] } }; results: Record<string, unknown>[] }[] };
  it('validates against the OASIS SARIF 2.1.0 schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('carries rules with help and SOC 2 tags, and one result per failing or suppressed finding', () => {
    const run = sarif.runs[0]!;
    const rule = run.tool.driver.rules.find((r) => r.id === 'aws-s3-bucket-encryption')!;
    expect(rule.help.markdown).toContain('aws_s3_bucket_server_side_encryption_configuration');
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['soc2/CC6.1', 'control/CRY-01']));
    expect(run.results).toHaveLength(3);
    expect(run.results[0]).toMatchObject({
      ruleId: 'aws-s3-bucket-encryption', level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'infra/main.tf' }, region: { startLine: 12, endLine: 20 } } }],
    });
    expect(run.results[1]).toMatchObject({ suppressions: [{ kind: 'inSource', justification: 'scratch bucket, deleted nightly' }] });
    expect(run.results[2]).toMatchObject({ locations: [{ logicalLocations: [{ name: 'arn:aws:s3:::live' }] }] });
  });
});

describe('JUnit', () => {
  const xml = toJunit(report, checks);
  it('is well-formed XML with a suite per check and a case per judged resource', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(doc.testsuites).toMatchObject({ tests: '5', failures: '2', skipped: '2', errors: '0' });
    const suite = doc.testsuites.testsuite;
    expect(suite.name).toBe('aws-s3-bucket-encryption');
    const cases = suite.testcase as { name: string; failure?: { message: string }; skipped?: { message: string } }[];
    expect(cases.map((c) => c.name)).toEqual(['aws_s3_bucket.logs', 'aws_s3_bucket.data', 'aws_s3_bucket.tmp', 'aws_s3_bucket.var', 'arn:aws:s3:::live']);
    expect(cases[0]?.failure?.message).toBe('the bucket declares no default encryption');
    expect(cases[3]?.skipped?.message).toBe('unknown: unknown_value');
  });
});
