// The other AWS families: audit and detection (CloudTrail, GuardDuty, Config), databases (RDS,
// Aurora, DynamoDB), storage and keys (EBS, KMS, ECR), messaging and logs, secrets, EKS. Each
// with the AWS default for what a configuration leaves out.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerraformCollection } from '../../../src/collectors/terraform/index.js';
import { collectFixture, get } from './helpers.js';

describe('Terraform AWS services', () => {
  let c: TerraformCollection;
  beforeAll(async () => {
    c = await collectFixture('services');
  });

  it('reads CloudTrail trails, with defaults for unset settings', () => {
    expect(get(c.resources, 'aws.cloudtrail.trail', 'aws_cloudtrail.main').attributes).toEqual({
      trailName: 'main', logging: true, multiRegion: true, logFileValidation: true, kmsKeyId: 'aws_kms_key.trail',
      includeGlobalServiceEvents: true, cloudWatchLogsGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:trail:*',
    });
    expect(get(c.resources, 'aws.cloudtrail.trail', 'aws_cloudtrail.defaults').attributes).toEqual({
      trailName: 'defaults', logging: true, multiRegion: false, logFileValidation: false, kmsKeyId: null, includeGlobalServiceEvents: true, cloudWatchLogsGroupArn: null,
    });
  });

  it('reads KMS keys and GuardDuty detectors', () => {
    expect(get(c.resources, 'aws.kms.key', 'aws_kms_key.trail').attributes).toEqual({ rotationEnabled: true, keySpec: 'SYMMETRIC_DEFAULT', enabled: true });
    expect(get(c.resources, 'aws.kms.key', 'aws_kms_key.signing').attributes).toEqual({ rotationEnabled: false, keySpec: 'RSA_2048', enabled: false });
    expect(get(c.resources, 'aws.guardduty.detector', 'aws_guardduty_detector.main').attributes).toEqual({ enabled: true });
    expect(get(c.resources, 'aws.guardduty.detector', 'aws_guardduty_detector.off').attributes).toEqual({ enabled: false });
  });

  it('records with AWS Config only when a recorder status enables the recorder', () => {
    expect(get(c.resources, 'aws.config.recorder', 'aws_config_configuration_recorder.main').attributes).toEqual({ recording: true, allSupported: true, includeGlobalResourceTypes: true });
    expect(get(c.resources, 'aws.config.recorder', 'aws_config_configuration_recorder.idle').attributes).toEqual({ recording: false, allSupported: true, includeGlobalResourceTypes: false });
  });

  it('reads RDS instances, treating an empty kms_key_id as unset', () => {
    expect(get(c.resources, 'aws.rds.instance', 'aws_db_instance.pg').attributes).toEqual({
      engine: 'postgres', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, publiclyAccessible: false, deletionProtection: true, multiAz: true, clusterId: null,
    });
    expect(get(c.resources, 'aws.rds.instance', 'aws_db_instance.defaults').attributes).toEqual({
      engine: 'mysql', storageEncrypted: false, kmsKeyId: null, backupRetentionDays: 1, publiclyAccessible: false, deletionProtection: false, multiAz: false, clusterId: null,
    });
  });

  it('reads Aurora clusters, counting zones from instances or availability_zones, and gives cluster instances the cluster settings', () => {
    expect(get(c.resources, 'aws.rds.cluster', 'aws_rds_cluster.aurora').attributes).toEqual({
      engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/aurora', backupRetentionDays: 1, deletionProtection: true, availabilityZones: 2,
    });
    expect(get(c.resources, 'aws.rds.cluster', 'aws_rds_cluster.zones').attributes.availabilityZones).toBe(3);
    const member = get(c.resources, 'aws.rds.instance', 'aws_rds_cluster_instance.aurora[1]');
    expect(member.name).toBe('aurora-1');
    expect(member.attributes).toEqual({
      engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/aurora', backupRetentionDays: 1,
      publiclyAccessible: false, deletionProtection: true, multiAz: false, clusterId: 'aws_rds_cluster.aurora',
    });
  });

  it('reads EBS volumes and account default encryption', () => {
    expect(get(c.resources, 'aws.ebs.volume', 'aws_ebs_volume.data').attributes).toEqual({ encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/ebs' });
    expect(get(c.resources, 'aws.ebs.volume', 'aws_ebs_volume.plain').attributes).toEqual({ encrypted: false, kmsKeyId: null });
    expect(get(c.resources, 'aws.ebs.encryption-by-default', 'aws_ebs_encryption_by_default.on').attributes).toEqual({ enabled: true });
    // From a snapshot, an unset `encrypted` follows the snapshot.
    expect(get(c.resources, 'aws.ebs.volume', 'aws_ebs_volume.restored').attributes.encrypted).toEqual({ $unknown: 'aws_ebs_volume.restored.encrypted (follows the snapshot)' });
  });

  it('reads the volumes an instance declares, each with its own lines', () => {
    const root = get(c.resources, 'aws.ebs.volume', 'aws_instance.web.root_block_device');
    expect(root.attributes).toEqual({ encrypted: { $unknown: 'aws_instance.web.root_block_device.encrypted (follows the image or snapshot)' }, kmsKeyId: null });
    expect(root.source).toMatchObject({ startLine: 111, endLine: 113 });
    const sdf = get(c.resources, 'aws.ebs.volume', 'aws_instance.web.ebs_block_device["/dev/sdf"]');
    expect([sdf.attributes, sdf.source]).toMatchObject([{ encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/ebs' }, { startLine: 115, endLine: 120 }]);
    expect(get(c.resources, 'aws.ebs.volume', 'aws_instance.web.ebs_block_device["/dev/sdg"]').attributes).toEqual({ encrypted: false, kmsKeyId: null });
  });

  it('reads DynamoDB tables and ECR repositories', () => {
    expect(get(c.resources, 'aws.dynamodb.table', 'aws_dynamodb_table.orders').attributes).toEqual({ pointInTimeRecovery: true, kmsEncryption: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/ddb', deletionProtection: true });
    expect(get(c.resources, 'aws.dynamodb.table', 'aws_dynamodb_table.defaults').attributes).toEqual({ pointInTimeRecovery: false, kmsEncryption: false, kmsKeyId: null, deletionProtection: false });
    expect(get(c.resources, 'aws.ecr.repository', 'aws_ecr_repository.app').attributes).toEqual({ scanOnPush: true, imageTagMutability: 'IMMUTABLE', kmsEncryption: true });
    expect(get(c.resources, 'aws.ecr.repository', 'aws_ecr_repository.defaults').attributes).toEqual({ scanOnPush: false, imageTagMutability: 'MUTABLE', kmsEncryption: false });
  });

  it('reads log groups, topics and queues (SSE-SQS by default unless a key or an opt-out is set)', () => {
    expect(get(c.resources, 'aws.logs.log-group', 'aws_cloudwatch_log_group.kept').attributes).toEqual({ retentionDays: 365, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/logs' });
    expect(get(c.resources, 'aws.logs.log-group', 'aws_cloudwatch_log_group.forever').attributes).toEqual({ retentionDays: 0, kmsKeyId: null });
    expect(get(c.resources, 'aws.sns.topic', 'aws_sns_topic.encrypted').attributes).toEqual({ kmsKeyId: 'alias/aws/sns' });
    expect(get(c.resources, 'aws.sns.topic', 'aws_sns_topic.plain').attributes).toEqual({ kmsKeyId: null });
    expect(get(c.resources, 'aws.sqs.queue', 'aws_sqs_queue.kms').attributes).toEqual({ kmsKeyId: 'alias/aws/sqs', sqsManagedSse: false });
    expect(get(c.resources, 'aws.sqs.queue', 'aws_sqs_queue.default').attributes).toEqual({ kmsKeyId: null, sqsManagedSse: true });
    expect(get(c.resources, 'aws.sqs.queue', 'aws_sqs_queue.unencrypted').attributes).toEqual({ kmsKeyId: null, sqsManagedSse: false });
  });

  it('folds a rotation resource into its secret', () => {
    expect(get(c.resources, 'aws.secretsmanager.secret', 'aws_secretsmanager_secret.db').attributes).toEqual({ rotationEnabled: true, rotationDays: 30, kmsKeyId: 'alias/secrets' });
    expect(get(c.resources, 'aws.secretsmanager.secret', 'aws_secretsmanager_secret.static').attributes).toEqual({ rotationEnabled: false, rotationDays: null, kmsKeyId: null });
  });

  it('reads EKS clusters, with a public endpoint open to the internet by default', () => {
    expect(get(c.resources, 'aws.eks.cluster', 'aws_eks_cluster.private').attributes).toEqual({
      endpointPublicAccess: false, endpointPrivateAccess: true, publicAccessCidrs: ['0.0.0.0/0'], enabledLogTypes: ['api', 'audit', 'authenticator'], secretsEncryption: true, version: '1.30',
    });
    expect(get(c.resources, 'aws.eks.cluster', 'aws_eks_cluster.defaults').attributes).toEqual({
      endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'], enabledLogTypes: [], secretsEncryption: false, version: null,
    });
  });

  it('reports nothing for a clean folder', () => {
    expect(c.problems).toEqual([]);
    expect(c.resources).toHaveLength(36);
  });
});
