import { describe, expect, it } from 'vitest';
import { collect, idOf } from './helpers.js';

const t = collect('services.yaml');
const id = (logicalId: string) => idOf('services.yaml', logicalId);

describe('CloudFormation account services', () => {
  it('reads trails, declared and minimal (defaults)', () => {
    expect(t.problems).toEqual([]);
    expect(t.get('Trail').attributes).toEqual({
      trailName: 'org-trail', logging: true, multiRegion: true, logFileValidation: true, kmsKeyId: 'alias/trail', includeGlobalServiceEvents: true, cloudWatchLogsGroupArn: id('TrailLogs'),
    });
    expect(t.get('MinimalTrail').attributes).toEqual({
      trailName: null, logging: false, multiRegion: false, logFileValidation: false, kmsKeyId: null, includeGlobalServiceEvents: true, cloudWatchLogsGroupArn: null,
    });
  });

  it('reads the GuardDuty detector', () => {
    expect(t.get('Detector').attributes).toEqual({ enabled: true });
  });

  it('reads Config recorders: recording once the template has a delivery channel, all supported types unless narrowed', () => {
    expect(t.get('Recorder').attributes).toEqual({ recording: true, allSupported: true, includeGlobalResourceTypes: false });
    expect(t.get('NarrowRecorder').attributes).toEqual({ recording: true, allSupported: false, includeGlobalResourceTypes: false });
    expect(t.get('GlobalRecorder').attributes).toEqual({ recording: true, allSupported: true, includeGlobalResourceTypes: true });
    expect(t.has('Channel')).toBe(false);
  });

  it('leaves recording unknown when the delivery channel is not in the template', () => {
    expect(collect('rotation-unknown.yaml').get('Recorder').attributes.recording).toEqual({ $unknown: 'AWS::Config::DeliveryChannel outside the template' });
  });
});

describe('CloudFormation ECR, logs, SNS, SQS', () => {
  it('reads repositories', () => {
    expect(t.get('Images').attributes).toEqual({ scanOnPush: true, imageTagMutability: 'IMMUTABLE', kmsEncryption: true });
    expect(t.get('LooseImages').attributes).toEqual({ scanOnPush: false, imageTagMutability: 'MUTABLE', kmsEncryption: false });
  });

  it('reads log groups (no retention: never expire)', () => {
    expect(t.get('TrailLogs').attributes).toEqual({ retentionDays: 365, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/0000-1111' });
    expect(t.get('ForeverLogs').attributes).toEqual({ retentionDays: null, kmsKeyId: null });
  });

  it('reads topics and queues; a new queue gets SQS-managed encryption unless it has a KMS key or opts out', () => {
    expect(t.get('Alerts').attributes).toEqual({ kmsKeyId: 'alias/aws/sns' });
    expect(t.get('PlainTopic').attributes).toEqual({ kmsKeyId: null });
    expect(t.get('Jobs').attributes).toEqual({ kmsKeyId: 'alias/jobs', sqsManagedSse: false });
    expect(t.get('DefaultQueue').attributes).toEqual({ kmsKeyId: null, sqsManagedSse: true });
    expect(t.get('UnencryptedQueue').attributes).toEqual({ kmsKeyId: null, sqsManagedSse: false });
  });
});

describe('CloudFormation Secrets Manager and EKS', () => {
  it('attaches rotation schedules by reference or by secret name, with their period', () => {
    expect(t.get('DbPassword').attributes).toEqual({ rotationEnabled: true, rotationDays: 30, kmsKeyId: id('SecretsKey') });
    expect(t.get('ApiToken').attributes).toEqual({ rotationEnabled: true, rotationDays: 10, kmsKeyId: null });
    expect(t.get('StaticSecret').attributes).toEqual({ rotationEnabled: false, rotationDays: null, kmsKeyId: null });
    expect(t.has('DbPasswordRotation')).toBe(false);
  });

  it('leaves rotation unknown when a schedule may target the secret', () => {
    expect(collect('rotation-unknown.yaml').get('Token').attributes).toEqual({ rotationEnabled: { $unknown: 'Ref:SecretArn' }, rotationDays: { $unknown: 'Ref:SecretArn' }, kmsKeyId: null });
  });

  it('reads an EKS cluster: endpoint access, log types, secrets encryption, version', () => {
    expect(t.get('Eks').attributes).toEqual({
      endpointPublicAccess: false, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/0'],
      enabledLogTypes: ['api', 'audit', 'authenticator'], secretsEncryption: true, version: '1.30',
    });
  });

  it('fills the EKS defaults: public endpoint open to the internet, no logs, no secrets encryption', () => {
    const bare = collect('eks.yaml', `Resources:
  Bare:
    Type: AWS::EKS::Cluster
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig: { SubnetIds: [subnet-1] }
`);
    expect(bare.get('Bare').attributes).toEqual({
      endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'], enabledLogTypes: [], secretsEncryption: false, version: null,
    });
  });
});
