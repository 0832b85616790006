// AWS checks: storage, databases, encryption keys, IAM, audit logging, messaging, secrets.
import type { AnyCheck } from '../types.js';
import awsCloudtrailGlobalServiceEvents from './aws-cloudtrail-global-service-events.js';
import awsCloudtrailKmsEncryption from './aws-cloudtrail-kms-encryption.js';
import awsCloudtrailLogFileValidation from './aws-cloudtrail-log-file-validation.js';
import awsCloudtrailLoggingEnabled from './aws-cloudtrail-logging-enabled.js';
import awsCloudtrailMultiRegion from './aws-cloudtrail-multi-region.js';
import awsDynamodbTableDeletionProtection from './aws-dynamodb-table-deletion-protection.js';
import awsDynamodbTableKmsEncryption from './aws-dynamodb-table-kms-encryption.js';
import awsDynamodbTablePitr from './aws-dynamodb-table-pitr.js';
import awsEbsEncryptionByDefault from './aws-ebs-encryption-by-default.js';
import awsEbsVolumeEncrypted from './aws-ebs-volume-encrypted.js';
import awsIamPasswordPolicyStrength from './aws-iam-password-policy-strength.js';
import awsIamPolicyNoFullAdmin from './aws-iam-policy-no-full-admin.js';
import awsIamRoleTrustNotPublic from './aws-iam-role-trust-not-public.js';
import awsIamRootAccountMfa from './aws-iam-root-account-mfa.js';
import awsIamRootAccountNoAccessKeys from './aws-iam-root-account-no-access-keys.js';
import awsIamUserNoAccessKeys from './aws-iam-user-no-access-keys.js';
import awsIamUserNoDirectPolicies from './aws-iam-user-no-direct-policies.js';
import awsKmsKeyRotation from './aws-kms-key-rotation.js';
import awsLogsLogGroupKmsEncryption from './aws-logs-log-group-kms-encryption.js';
import awsLogsLogGroupRetention from './aws-logs-log-group-retention.js';
import awsLogsLogGroupRetentionOneYear from './aws-logs-log-group-retention-one-year.js';
import awsRdsClusterBackupRetention from './aws-rds-cluster-backup-retention.js';
import awsRdsClusterDeletionProtection from './aws-rds-cluster-deletion-protection.js';
import awsRdsClusterMultiAz from './aws-rds-cluster-multi-az.js';
import awsRdsClusterStorageEncrypted from './aws-rds-cluster-storage-encrypted.js';
import awsRdsInstanceBackupRetention from './aws-rds-instance-backup-retention.js';
import awsRdsInstanceDeletionProtection from './aws-rds-instance-deletion-protection.js';
import awsRdsInstanceMultiAz from './aws-rds-instance-multi-az.js';
import awsRdsInstanceNotPublic from './aws-rds-instance-not-public.js';
import awsRdsInstanceStorageEncrypted from './aws-rds-instance-storage-encrypted.js';
import awsS3BucketAccessLogging from './aws-s3-bucket-access-logging.js';
import awsS3BucketEncryption from './aws-s3-bucket-encryption.js';
import awsS3BucketNoPublicAcl from './aws-s3-bucket-no-public-acl.js';
import awsS3BucketPolicyNotPublic from './aws-s3-bucket-policy-not-public.js';
import awsS3BucketPublicAccessBlock from './aws-s3-bucket-public-access-block.js';
import awsS3BucketTlsOnly from './aws-s3-bucket-tls-only.js';
import awsS3BucketVersioning from './aws-s3-bucket-versioning.js';
import awsSecretsmanagerSecretRotation from './aws-secretsmanager-secret-rotation.js';
import awsSnsTopicKmsEncryption from './aws-sns-topic-kms-encryption.js';
import awsSqsQueueEncryption from './aws-sqs-queue-encryption.js';

export const awsChecks = [
  // S3
  awsS3BucketEncryption,
  awsS3BucketVersioning,
  awsS3BucketAccessLogging,
  awsS3BucketPublicAccessBlock,
  awsS3BucketTlsOnly,
  awsS3BucketNoPublicAcl,
  awsS3BucketPolicyNotPublic,
  // CloudTrail
  awsCloudtrailLoggingEnabled,
  awsCloudtrailMultiRegion,
  awsCloudtrailLogFileValidation,
  awsCloudtrailKmsEncryption,
  awsCloudtrailGlobalServiceEvents,
  // RDS instances and Aurora/RDS clusters
  awsRdsInstanceStorageEncrypted,
  awsRdsInstanceBackupRetention,
  awsRdsInstanceNotPublic,
  awsRdsInstanceDeletionProtection,
  awsRdsInstanceMultiAz,
  awsRdsClusterStorageEncrypted,
  awsRdsClusterBackupRetention,
  awsRdsClusterDeletionProtection,
  awsRdsClusterMultiAz,
  // EBS and KMS
  awsEbsVolumeEncrypted,
  awsEbsEncryptionByDefault,
  awsKmsKeyRotation,
  // IAM
  awsIamPolicyNoFullAdmin,
  awsIamUserNoDirectPolicies,
  awsIamUserNoAccessKeys,
  awsIamPasswordPolicyStrength,
  awsIamRootAccountNoAccessKeys,
  awsIamRootAccountMfa,
  awsIamRoleTrustNotPublic,
  // DynamoDB
  awsDynamodbTablePitr,
  awsDynamodbTableKmsEncryption,
  awsDynamodbTableDeletionProtection,
  // Secrets, logs and messaging
  awsSecretsmanagerSecretRotation,
  awsLogsLogGroupRetention,
  awsLogsLogGroupRetentionOneYear,
  awsLogsLogGroupKmsEncryption,
  awsSnsTopicKmsEncryption,
  awsSqsQueueEncryption,
] as AnyCheck[];
