// Account services and the rest: CloudTrail, GuardDuty, AWS Config, ECR, CloudWatch Logs, SNS,
// SQS, Secrets Manager (with AWS::SecretsManager::RotationSchedule), EKS.
import type { EcrRepository, SecretsManagerSecret } from '../../../domain/resources/aws.js';
import { isUnknown, unknown, type V } from '../../../domain/resources/index.js';
import { any, type Normalizer } from '../context.js';
import { at, boolOr, is, items, num, str, strList, strOr, unknownOf } from '../values.js';

export const trail: Normalizer = (r, ctx) => {
  const trailName = str(r.get('TrailName'));
  return [ctx.emit(r, 'aws.cloudtrail.trail', trailName, {
    trailName,
    logging: boolOr(r.get('IsLogging'), false),
    multiRegion: boolOr(r.get('IsMultiRegionTrail'), false),
    logFileValidation: boolOr(r.get('EnableLogFileValidation'), false),
    kmsKeyId: ctx.resourceId(r.get('KMSKeyId')),
    includeGlobalServiceEvents: boolOr(r.get('IncludeGlobalServiceEvents'), true),
    cloudWatchLogsGroupArn: ctx.resourceId(r.get('CloudWatchLogsLogGroupArn')),
  })];
};

export const detector: Normalizer = (r, ctx) => [ctx.emit(r, 'aws.guardduty.detector', null, { enabled: boolOr(r.get('Enable'), false) })];

export const configRecorder: Normalizer = (r, ctx) => {
  const group = r.get('RecordingGroup');
  const gu = unknownOf(group);
  const declared = group !== undefined && group !== null;
  // Without a recording group, Config records every supported regional type, not the global IAM ones.
  const strategy = str(at(group, 'RecordingStrategy', 'UseOnly'));
  const allSupported: V<boolean> = gu ?? (!declared ? true
    : at(group, 'AllSupported') !== undefined ? boolOr(at(group, 'AllSupported'), false)
      : strategy !== null ? is(strategy, 'ALL_SUPPORTED_RESOURCE_TYPES')
        : items(at(group, 'ResourceTypes')).length === 0);
  // CloudFormation starts the recorder once a delivery channel exists; without one in the template, it may exist elsewhere.
  const channels = ctx.ofType('AWS::Config::DeliveryChannel');
  const recording: V<boolean> = channels.some((c) => c.exists === true) ? true : (channels[0]?.exists as V<boolean> | undefined) ?? unknown('AWS::Config::DeliveryChannel outside the template');
  return [ctx.emit(r, 'aws.config.recorder', str(r.get('Name')), {
    recording,
    allSupported,
    includeGlobalResourceTypes: gu ?? boolOr(at(group, 'IncludeGlobalResourceTypes'), false),
  })];
};

export const repository: Normalizer = (r, ctx) => {
  const mutability = strOr(r.get('ImageTagMutability'), 'MUTABLE');
  const imageTagMutability: EcrRepository['imageTagMutability'] = isUnknown(mutability) ? mutability
    : mutability.startsWith('IMMUTABLE') ? 'IMMUTABLE' : mutability.startsWith('MUTABLE') ? 'MUTABLE' : unknown(`ImageTagMutability ${mutability}`);
  return [ctx.emit(r, 'aws.ecr.repository', str(r.get('RepositoryName')), {
    scanOnPush: boolOr(at(r.get('ImageScanningConfiguration'), 'ScanOnPush'), false),
    imageTagMutability,
    kmsEncryption: is(str(at(r.get('EncryptionConfiguration'), 'EncryptionType')), 'KMS', 'KMS_DSSE'),
  })];
};

export const logGroup: Normalizer = (r, ctx) => [ctx.emit(r, 'aws.logs.log-group', str(r.get('LogGroupName')), {
  retentionDays: num(r.get('RetentionInDays')),
  kmsKeyId: ctx.resourceId(r.get('KmsKeyId')),
})];

export const topic: Normalizer = (r, ctx) => [ctx.emit(r, 'aws.sns.topic', str(r.get('TopicName')), { kmsKeyId: ctx.resourceId(r.get('KmsMasterKeyId')) })];

export const queue: Normalizer = (r, ctx) => {
  const kmsKeyId = ctx.resourceId(r.get('KmsMasterKeyId'));
  // New queues get SQS-managed encryption unless a KMS key is chosen.
  return [ctx.emit(r, 'aws.sqs.queue', str(r.get('QueueName')), { kmsKeyId, sqsManagedSse: boolOr(r.get('SqsManagedSseEnabled'), kmsKeyId === null) })];
};

/** `rate(30 days)` → 30; other schedules (cron, hours) are not a day count. */
function scheduleDays(expression: V<string> | null): V<number> | null {
  if (expression === null || isUnknown(expression)) return expression;
  const m = /^rate\(\s*(\d+)\s+days?\s*\)$/i.exec(expression.trim());
  return m ? Number(m[1]) : unknown(`ScheduleExpression ${expression}`);
}

export const secret: Normalizer = (r, ctx) => {
  // SecretId takes the secret's ARN (what its Ref returns) or its name.
  const schedules = ctx.attached('AWS::SecretsManager::RotationSchedule', 'SecretId', r, { name: str(r.get('Name')) });
  const schedule = schedules.matches[0];
  const rules = schedule?.get('RotationRules');
  const rotationDays: SecretsManagerSecret['rotationDays'] = !schedule ? (schedules.maybe ?? null)
    : num(at(rules, 'AutomaticallyAfterDays')) ?? scheduleDays(str(at(rules, 'ScheduleExpression')));
  return [ctx.emit(r, 'aws.secretsmanager.secret', str(r.get('Name')), {
    rotationEnabled: ctx.present(schedules),
    rotationDays,
    kmsKeyId: ctx.resourceId(r.get('KmsKeyId')),
  })];
};

export const eksCluster: Normalizer = (r, ctx) => {
  const vpc = r.get('ResourcesVpcConfig');
  const cidrs = at(vpc, 'PublicAccessCidrs');
  const logTypes = at(r.get('Logging'), 'ClusterLogging', 'EnabledTypes');
  const lu = unknownOf(logTypes);
  const encryption = r.get('EncryptionConfig');
  const eu = unknownOf(encryption);
  return [ctx.emit(r, 'aws.eks.cluster', str(r.get('Name')), {
    endpointPublicAccess: boolOr(at(vpc, 'EndpointPublicAccess'), true),
    endpointPrivateAccess: boolOr(at(vpc, 'EndpointPrivateAccess'), false),
    publicAccessCidrs: cidrs === undefined || cidrs === null ? ['0.0.0.0/0'] : strList(cidrs),
    enabledLogTypes: lu ? [lu] : items(logTypes).map((t) => str(at(t, 'Type')) ?? unknown('Type')),
    secretsEncryption: eu ?? any(items(encryption).map((e) => {
      const resources = strList(at(e, 'Resources'));
      return resources.some((x) => x === 'secrets') ? true : resources.find(isUnknown) ?? false;
    })),
    version: str(r.get('Version')),
  })];
};
