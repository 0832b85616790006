// Static evaluation: each SNS topic of fixtures/intrinsics.yaml probes one expression through
// its KmsMasterKeyId (a plain string attribute); log groups probe numbers, EKS clusters lists.
import { describe, expect, it } from 'vitest';
import { collect, idOf } from './helpers.js';

const t = collect('intrinsics.yaml');
const key = (logicalId: string) => t.get(logicalId).attributes.kmsKeyId;

describe('CloudFormation intrinsics', () => {
  it('evaluates the whole template without problems', () => {
    expect(t.problems).toEqual([]);
  });

  it('resolves parameters with defaults; without a default, SSM-typed, or pseudo: unknown', () => {
    expect(key('ParamDefault')).toBe('prod');
    expect(key('ParamNoDefault')).toEqual({ $unknown: 'Ref:Team' });
    // The default of an SSM parameter type names the SSM parameter, not its value.
    expect(key('SsmParam')).toEqual({ $unknown: 'Ref:Ami' });
    expect(key('Pseudo')).toEqual({ $unknown: 'Ref:AWS::Region' });
  });

  it('substitutes known parts of !Sub, keeps ${!Literal}, takes variables from its map, and is unknown when a part is', () => {
    expect(key('SubKnown')).toBe('alias/prod-${Literal}');
    expect(t.get('SubKnown').name).toBe('prod-topic');
    expect(key('SubVars')).toBe('alias/alias/prod-prod');
    expect(key('SubUnknown')).toEqual({ $unknown: 'Ref:AWS::Partition' });
    expect(key('SubRef')).toEqual({ $unknown: 'GetAtt:SubKnown.TopicName' });
  });

  it('joins, selects and splits known lists; selecting from !GetAZs is unknown', () => {
    expect(key('Joined')).toBe('alias/prod/prod-data');
    expect(key('Selected')).toBe('b');
    expect(key('SelectedAz')).toEqual({ $unknown: 'GetAZs' });
    expect(key('LongForm')).toBe('prod-z');
  });

  it('never resolves imports, and encodes Base64 of known text', () => {
    expect(key('Imported')).toEqual({ $unknown: 'ImportValue:shared-kms-key' });
    expect(key('Encoded')).toBe(Buffer.from('hi').toString('base64'));
  });

  it('looks mappings up when the keys are known; unknown key or missing entry: unknown', () => {
    expect(key('Mapped')).toBe('alias/prod');
    expect(key('MappedUnknownKey')).toEqual({ $unknown: 'Ref:Team' });
    expect(key('MappedMissing')).toEqual({ $unknown: 'FindInMap:Settings.staging.Key' });
  });

  it('decides !If, !Equals, !Not, !And, !Or when it can, and is unknown otherwise', () => {
    expect(key('IfDecided')).toBe('alias/prod-key');
    expect(key('IfUndecided')).toEqual({ $unknown: 'Ref:Team' });
    expect(key('IfSameBranches')).toBe('alias/same');
    expect(key('OrDecided')).toBe('alias/yes');
    expect(key('AndDecided')).toBe('alias/no');
    expect(key('AndUndecided')).toEqual({ $unknown: 'Ref:Team' });
    expect(t.get('Key').attributes).toEqual({ rotationEnabled: true, keySpec: 'SYMMETRIC_DEFAULT', enabled: true });
  });

  it('removes a property set to AWS::NoValue (the default applies)', () => {
    expect(key('IfNoValue')).toBeNull();
  });

  it("references resources: Ref gives a bucket's known name; id-like attributes name the template resource", () => {
    expect(t.get('RefResourceName').name).toBe('prod-data');
    expect(key('RefResourceId')).toBe(idOf('intrinsics.yaml', 'Key'));
    expect(key('RefResourceIdShort')).toBe(idOf('intrinsics.yaml', 'Key'));
  });

  it('leaves out resources whose condition is false and keeps those whose condition is unknown', () => {
    expect(t.has('OnlyInDev')).toBe(false);
    expect(t.has('OnlyForOps')).toBe(true);
  });

  it('evaluates numbers from parameters and mappings, lists from !Cidr and list parameters', () => {
    expect(t.get('RetentionFromParameter').attributes.retentionDays).toBe(90);
    expect(t.get('RetentionFromMapping').attributes.retentionDays).toBe(7);
    expect(t.get('Cluster').attributes.publicAccessCidrs).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(t.get('ListParameter').attributes.publicAccessCidrs).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
  });

  it('treats an unknown short-form tag as an unknown value and reports it at its line', () => {
    const u = collect('unknown-tag.yaml', `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !Magic [alias, x]
      TopicName: !Nonsense plain
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: { "Fn::Frobnicate": [1, 2] }
`);
    expect(u.get('Topic').attributes.kmsKeyId).toEqual({ $unknown: '!Magic' });
    expect(u.get('Topic').name).toBe('Topic');
    expect(u.get('Logs').attributes.retentionDays).toEqual({ $unknown: 'Fn::Frobnicate' });
    // The point of these messages is to name the construct, so they are asserted.
    expect(u.problems.map((p) => p.line)).toEqual([6, 7, 11]);
    expect(u.problems[0]!.message).toContain('!Magic');
    expect(u.problems[1]!.message).toContain('!Nonsense');
    expect(u.problems[2]!.message).toContain('Fn::Frobnicate');
    expect(u.problems.every((p) => p.path === 'infra/unknown-tag.yaml')).toBe(true);
  });

  it('does not loop on a resource whose name refers to itself or on conditions that refer to each other', () => {
    const c = collect('cycles.yaml', `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  A: !Condition B
  B: !Not [!Condition A]
Resources:
  Self:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "\${Self}-x"
  Other:
    Type: AWS::S3::Bucket
    Condition: A
    Properties:
      BucketName: !If [B, b, c]
`);
    expect(c.get('Self').attributes.bucketName).toEqual({ $unknown: 'Ref:Self' });
    expect(c.get('Other').attributes.bucketName).toEqual({ $unknown: 'Condition:A' });
  });
});
