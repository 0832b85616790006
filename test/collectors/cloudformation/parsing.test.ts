// Detection, line ranges and bad input: the collector reports problems, never throws.
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { collectCloudFormation, isCloudFormation } from '../../../src/collectors/cloudformation/index.js';
import { collect, fixture } from './helpers.js';

describe('isCloudFormation', () => {
  const templates = [
    'AWSTemplateFormatVersion: "2010-09-09"\n',
    'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n',
    'Resources:\n  X:\n    Type: Custom::X\n  Q:\n    Type: AWS::SQS::Queue\n',
    fixture('shared-bucket.json'),
  ];
  const others = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    'Resources:\n  X:\n    Type: Acme::Widget\n',
    'Resources: []\n',
    'on: push\njobs: {}\n',
    '- AWSTemplateFormatVersion\n',
    'just a string\n',
    '',
  ];

  it('recognizes templates from a yaml Document or from the plain parsed value', () => {
    for (const text of templates) {
      expect(isCloudFormation(parseDocument(text)), text).toBe(true);
      expect(isCloudFormation(parseDocument(text).toJS()), text).toBe(true);
    }
  });

  it('rejects other documents', () => {
    for (const text of others) {
      expect(isCloudFormation(parseDocument(text)), text).toBe(false);
      expect(isCloudFormation(parseDocument(text).toJS()), text).toBe(false);
    }
    expect(isCloudFormation(null)).toBe(false);
    expect(isCloudFormation(42)).toBe(false);
  });

  it('gives nothing, and reports nothing, for a file that is not a template', () => {
    for (const text of others) expect(collectCloudFormation('k8s.yaml', text)).toEqual({ resources: [], problems: [] });
  });
});

describe('line ranges', () => {
  it('spans a YAML resource from its logical id to its last non-blank line', () => {
    const t = collect('shared-bucket.yaml');
    expect(t.get('AuditLogs').source).toEqual({ kind: 'file', format: 'cloudformation', path: 'infra/shared-bucket.yaml', startLine: 13, endLine: 31 });
    expect(t.get('AccessLogs').source).toMatchObject({ startLine: 50, endLine: 56 });
  });

  it('spans a JSON resource from its key to its closing brace', () => {
    expect(collect('shared-bucket.json').get('AuditLogs').source).toMatchObject({ startLine: 8, endLine: 26 });
  });

  it('gives a one-line flow mapping a one-line range', () => {
    expect(collect('mixed-types.yaml').get('Flat').source).toMatchObject({ startLine: 18, endLine: 18 });
  });
});

describe('bad input', () => {
  it('reports a YAML syntax error with its line, and collects nothing from the file', () => {
    const t = collect('broken.yaml');
    expect(t.resources).toEqual([]);
    expect(t.problems.length).toBeGreaterThan(0);
    expect(t.problems[0]).toMatchObject({ path: 'infra/broken.yaml', line: 7 });
  });

  it('reports a JSON syntax error with its line', () => {
    const t = collectCloudFormation('t.json', '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Q": { "Type": "AWS::SQS::Queue" }\n  \n');
    expect(t.resources).toEqual([]);
    expect(t.problems[0]).toMatchObject({ path: 't.json' });
    expect(t.problems[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('reports duplicate keys and several documents in one file as problems', () => {
    const dup = collectCloudFormation('dup.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SNS::Topic\n');
    expect(dup.resources).toEqual([]);
    expect(dup.problems.map((p) => p.line)).toEqual([5]);
    const multi = collectCloudFormation('multi.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\n---\nResources: {}\n');
    expect(multi.problems.map((p) => p.line)).toEqual([2]);
  });

  it('ignores types it does not normalize (custom, third-party, SAM) and reports a resource without a Type', () => {
    const t = collect('mixed-types.yaml');
    expect(t.resources.map((r) => [r.type, r.id])).toEqual([
      ['aws.sqs.queue', 'infra/mixed-types.yaml#Queue'],
      ['aws.sns.topic', 'infra/mixed-types.yaml#Flat'],
    ]);
    expect(t.problems).toEqual([{ path: 'infra/mixed-types.yaml', line: 19, message: expect.stringContaining('NoType') }]);
  });

  it('collects nothing from a template whose only resources are not AWS ones', () => {
    const t = collectCloudFormation('custom.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X:\n    Type: Acme::Widget\n    Properties: { Size: 1 }\n');
    expect(t).toEqual({ resources: [], problems: [] });
  });

  it('expands ordinary YAML aliases but bounds a "billion laughs" expansion', () => {
    const ok = collectCloudFormation('alias.yaml', `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  A:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: &versioned { Status: Enabled }
  B:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: *versioned
`);
    expect(ok.resources.map((r) => r.attributes.versioning)).toEqual([true, true]);

    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const bomb = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  ${levels.join('\n  ')}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n`;
    const started = Date.now();
    const t = collectCloudFormation('bomb.yaml', bomb);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(t.problems.some((p) => p.message.includes('alias'))).toBe(true);
  });

  it('reports a template nested too deeply to read instead of overflowing the stack', () => {
    const depth = 5_000;
    const t = collectCloudFormation('deep.yaml', `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expect(t.resources).toEqual([]);
    expect(t.problems).toEqual([{ path: 'deep.yaml', line: expect.any(Number), message: expect.stringContaining('RESOURCE_EXHAUSTION') }]);
  });

  it('reports Fn::ForEach loops it does not expand, and goes on with the rest', () => {
    const t = collectCloudFormation('loops.yaml', `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Topics:
    - Name
    - [A, B]
    - Topic\${Name}:
        Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
`);
    expect(t.resources.map((r) => r.id)).toEqual(['loops.yaml#Queue']);
    expect(t.problems).toEqual([{ path: 'loops.yaml', line: 4, message: expect.stringContaining('Fn::ForEach') }]);
  });

  it('survives odd values where structures are expected, making them unknown rather than failing', () => {
    const t = collectCloudFormation('odd.yaml', `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: { Status: [Enabled] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: maybe }
  Q:
    Type: AWS::SQS::Queue
    Properties: [1, 2]
  G:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress: !If [Missing, [], []]
`);
    const [bucket, queue, group] = t.resources;
    expect((bucket!.attributes.versioning as { $unknown: string }).$unknown).toMatch(/^invalid value/);
    expect((bucket!.attributes.publicAccessBlock as { blockPublicAcls: { $unknown: string } }).blockPublicAcls.$unknown).toMatch(/^invalid value/);
    expect(queue!.attributes).toEqual({ kmsKeyId: { $unknown: 'Properties of Q' }, sqsManagedSse: { $unknown: 'Properties of Q' } });
    expect((group!.attributes.ingress as { protocol: unknown }[])[0]!.protocol).toEqual({ $unknown: 'Condition:Missing' });
  });
});
