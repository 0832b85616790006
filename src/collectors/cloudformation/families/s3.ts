// AWS::S3::Bucket, with its AWS::S3::BucketPolicy folded in.
import type { S3Bucket } from '../../../domain/resources/aws.js';
import { isUnknown, unknown } from '../../../domain/resources/index.js';
import type { Normalizer } from '../context.js';
import { at, boolOr, items, policyDocument, str, unknownOf } from '../values.js';

/** CloudFormation spells canned ACLs in PascalCase; the normalized form is the S3 header value. */
const CANNED_ACL: Record<string, string> = {
  Private: 'private',
  PublicRead: 'public-read',
  PublicReadWrite: 'public-read-write',
  AuthenticatedRead: 'authenticated-read',
  LogDeliveryWrite: 'log-delivery-write',
  BucketOwnerRead: 'bucket-owner-read',
  BucketOwnerFullControl: 'bucket-owner-full-control',
  AwsExecRead: 'aws-exec-read',
};

export const bucket: Normalizer = (r, ctx) => {
  const bucketName = str(r.get('BucketName'));

  let encryption: S3Bucket['encryption'] = null;
  const sse = r.get('BucketEncryption');
  if (sse !== undefined && sse !== null) {
    const rules = at(sse, 'ServerSideEncryptionConfiguration');
    const u = unknownOf(rules);
    const byDefault = u ?? at(items(rules)[0], 'ServerSideEncryptionByDefault');
    if (byDefault !== undefined && byDefault !== null) {
      const bu = unknownOf(byDefault);
      encryption = bu
        ? { algorithm: bu, kmsKeyId: bu }
        : { algorithm: str(at(byDefault, 'SSEAlgorithm')) ?? unknown('SSEAlgorithm'), kmsKeyId: ctx.resourceId(at(byDefault, 'KMSMasterKeyID')) };
    }
  }

  const status = str(at(r.get('VersioningConfiguration'), 'Status'));
  const versioning = status === null ? false : isUnknown(status) ? status : status === 'Enabled';

  const loggingConfig = r.get('LoggingConfiguration');
  const logging: S3Bucket['logging'] = loggingConfig === undefined || loggingConfig === null ? null : {
    // Without a destination, S3 writes the access logs into the bucket itself.
    targetBucket: str(at(loggingConfig, 'DestinationBucketName')) ?? bucketName ?? unknown(`Ref:${r.logicalId}`),
  };

  const pab = r.get('PublicAccessBlockConfiguration');
  const publicAccessBlock: S3Bucket['publicAccessBlock'] = pab === undefined || pab === null ? null : {
    blockPublicAcls: boolOr(at(pab, 'BlockPublicAcls'), false),
    ignorePublicAcls: boolOr(at(pab, 'IgnorePublicAcls'), false),
    blockPublicPolicy: boolOr(at(pab, 'BlockPublicPolicy'), false),
    restrictPublicBuckets: boolOr(at(pab, 'RestrictPublicBuckets'), false),
  };

  const acl = str(r.get('AccessControl'));

  const policies = ctx.attached('AWS::S3::BucketPolicy', 'Bucket', r);
  const last = policies.matches.at(-1);
  // A bucket has one policy; with several declared, the last one written wins at deployment.
  const policy = last ? (policyDocument(last.get('PolicyDocument')) ?? unknown('PolicyDocument')) : policies.maybe;

  return [ctx.emit(r, 'aws.s3.bucket', bucketName, {
    bucketName,
    encryption,
    versioning,
    logging,
    publicAccessBlock,
    acl: typeof acl === 'string' ? (CANNED_ACL[acl] ?? acl) : acl,
    policy,
  })];
};
