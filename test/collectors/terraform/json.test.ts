// Terraform's JSON syntax (*.tf.json, what CDK for Terraform writes): the same configuration
// written both ways gives the same resources, with lines pointing into the JSON file.
import { describe, expect, it } from 'vitest';
import { parseJsonWithLines, parseTerraformJson } from '../../../src/collectors/terraform/hcl/json.js';
import { HclSyntaxError } from '../../../src/collectors/terraform/hcl/parser.js';
import type { Resource } from '../../../src/domain/resources/index.js';
import { collectFixture, fixture, get } from './helpers.js';

/** Resources without their file positions (lines differ between the two files). */
const withoutSource = (rs: Resource[]) =>
  JSON.parse(JSON.stringify(rs.map(({ source: _s, ...r }) => r), (k, v: unknown) => (k === 'location' ? undefined : v)))
    .sort((a: Resource, b: Resource) => `${a.type} ${a.id}`.localeCompare(`${b.type} ${b.id}`));

describe('Terraform JSON configuration', () => {
  it('collects the same resources as the same configuration in native syntax', async () => {
    const native = await collectFixture('json/native');
    const json = await collectFixture('json/cdktf');
    expect(native.problems).toEqual([]);
    expect(json.problems).toEqual([]);
    expect(json.resources.length).toBeGreaterThanOrEqual(5);
    expect(withoutSource(json.resources)).toEqual(withoutSource(native.resources));
  });

  it('evaluates templates, locals, variables, companions, dynamic blocks, count and local modules', async () => {
    const json = await collectFixture('json/cdktf');
    const bucket = get(json.resources, 'aws.s3.bucket', 'aws_s3_bucket.logs');
    expect(bucket.name).toBe('acme-prod-logs');
    expect(bucket.attributes).toMatchObject({ bucketName: 'acme-prod-logs', encryption: { algorithm: 'aws:kms' }, versioning: true });
    const sg = json.resources.find((r) => r.id === 'aws_security_group.web');
    expect(JSON.stringify(sg?.attributes)).toContain('22');
    expect(json.resources.filter((r) => r.id.startsWith('aws_sns_topic.alerts')).map((r) => r.name).sort()).toEqual(['alerts-0', 'alerts-1']);
    expect(json.resources.some((r) => r.id === 'module.topic.aws_sns_topic.this' && r.name === 'events')).toBe(true);
  });

  it('points each resource at its lines in the JSON file', async () => {
    const json = await collectFixture('json/cdktf');
    const bucket = get(json.resources, 'aws.s3.bucket', 'aws_s3_bucket.logs');
    expect(bucket.source).toMatchObject({ kind: 'file', format: 'terraform', path: fixture('json/cdktf', 'cdk.tf.json'), startLine: 12, endLine: 15 });
  });

  it('keeps a variable default literal: "${…}" in a default is text, not a reference', () => {
    const f = parseTerraformJson('v.tf.json', '{"variable": {"greeting": {"default": "hello ${name}"}}}');
    const block = f.body.blocks[0]!;
    expect(block).toMatchObject({ type: 'variable', labels: ['greeting'], startLine: 1 });
    expect(block.body.attributes[0]!.expr).toMatchObject({ k: 'lit', v: 'hello ${name}' });
  });

  it('reports bad JSON with its line and column', () => {
    const src = '{\n  "resource": {\n    "aws_s3_bucket": {"a": {"bucket": "x",}}\n  }\n}\n';
    expect(() => parseJsonWithLines(src)).toThrow(HclSyntaxError);
    try {
      parseJsonWithLines(src);
    } catch (e) {
      expect(e).toMatchObject({ line: 3, message: 'expected a property name in double quotes' });
    }
    expect(() => parseTerraformJson('a.tf.json', '[1, 2]')).toThrow(/holds one object, found an array/);
    expect(() => parseTerraformJson('a.tf.json', '{"resource": {"aws_s3_bucket": {"a": {"bad name": 1}}}}')).toThrow(/"bad name" is not a valid argument name/);
  });
});
