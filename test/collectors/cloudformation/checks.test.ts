// The collector feeds the check catalog: every resource collected from the fixtures is judged
// without a check error, and a few findings prove that the shapes mean what the checks read.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/checks/engine.js';
import { checks } from '../../../src/checks/registry.js';
import { collect } from './helpers.js';

const templates = readdirSync(new URL('./fixtures/', import.meta.url)).filter((f) => /\.(ya?ml|json)$/.test(f));
const results = evaluate(checks, templates.flatMap((f) => collect(f).resources));
const outcome = (checkId: string, resourceId: string) =>
  results.filter((r) => r.checkId === checkId && r.resourceId === resourceId).map((r) => `${r.status}${r.reason ? `:${r.reason}` : ''}`);

describe('collected CloudFormation resources under the check catalog', () => {
  it('are judged by every applicable check without a check error', () => {
    expect(results.length).toBeGreaterThan(100);
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.checkId} ${r.resourceId}: ${r.message}`)).toEqual([]);
  });

  it('pass the S3 checks for the shared audit bucket', () => {
    for (const id of ['aws-s3-bucket-encryption', 'aws-s3-bucket-versioning', 'aws-s3-bucket-access-logging', 'aws-s3-bucket-public-access-block', 'aws-s3-bucket-tls-only']) {
      expect(outcome(id, 'infra/shared-bucket.yaml#AuditLogs'), id).toEqual(['pass']);
    }
  });

  it('fail on what the templates get wrong, at the lines of the offending rule resource', () => {
    const rdp = results.filter((r) => r.checkId === 'aws-security-group-no-public-rdp' && r.resourceId === 'infra/network.yaml#Web');
    expect(rdp.map((r) => [r.status, r.reason, r.startLine, r.endLine])).toEqual([['fail', 'public_rdp', 58, 65]]);
  });

  it('answer unknown, never fail, where the template depends on values not known statically', () => {
    expect(outcome('aws-s3-bucket-encryption', 'infra/s3.yaml#Maybe')).toEqual(['unknown:unknown_value']);
    expect(outcome('aws-vpc-flow-logs-enabled', 'infra/flow-logs-unknown.yaml#Vpc').map((o) => o.split(':')[0])).toEqual(['unknown']);
  });
});
