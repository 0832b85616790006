// AWS resource shapes. Every source (Terraform, Terraform plan, CloudFormation, later the AWS
// API) normalizes to these. Settings that Terraform spreads over separate resources
// (aws_s3_bucket_versioning, aws_security_group_rule, aws_flow_log…) are folded into the
// resource they configure.
import type { V } from './index.js';

/** An IAM policy document, statements normalized to arrays. */
export interface PolicyDocument {
  statements: PolicyStatement[];
}
export interface PolicyStatement {
  sid: string | null;
  effect: V<'Allow' | 'Deny'>;
  actions: V<string>[];
  notActions: V<string>[];
  resources: V<string>[];
  /** Principals as `AWS:arn`, `Service:ec2.amazonaws.com`, or `*`. */
  principals: V<string>[];
  /** Condition operator → key → values, e.g. { Bool: { 'aws:SecureTransport': ['false'] } }. */
  conditions: Record<string, Record<string, V<string>[]>>;
}

export interface S3Bucket {
  bucketName: V<string> | null;
  /** Default encryption; AWS encrypts new buckets with SSE-S3 since 2023, but an explicit configuration is what evidences the control. null = none declared. */
  encryption: { algorithm: V<string>; kmsKeyId: V<string> | null } | null;
  versioning: V<boolean>;
  /** Server access logging target, or null when not configured. */
  logging: { targetBucket: V<string> } | null;
  publicAccessBlock: { blockPublicAcls: V<boolean>; ignorePublicAcls: V<boolean>; blockPublicPolicy: V<boolean>; restrictPublicBuckets: V<boolean> } | null;
  /** Canned ACL, e.g. private, public-read; null when none is set. */
  acl: V<string> | null;
  policy: V<PolicyDocument> | null;
}

export interface CloudTrailTrail {
  trailName: V<string> | null;
  logging: V<boolean>;
  multiRegion: V<boolean>;
  logFileValidation: V<boolean>;
  kmsKeyId: V<string> | null;
  includeGlobalServiceEvents: V<boolean>;
  cloudWatchLogsGroupArn: V<string> | null;
}

export interface RdsInstance {
  engine: V<string>;
  storageEncrypted: V<boolean>;
  kmsKeyId: V<string> | null;
  backupRetentionDays: V<number>;
  publiclyAccessible: V<boolean>;
  deletionProtection: V<boolean>;
  multiAz: V<boolean>;
  /** Set when the instance belongs to an Aurora cluster: storage, backups and deletion protection are then the cluster's. */
  clusterId: V<string> | null;
}

export interface RdsCluster {
  engine: V<string>;
  storageEncrypted: V<boolean>;
  kmsKeyId: V<string> | null;
  backupRetentionDays: V<number>;
  deletionProtection: V<boolean>;
  /** Number of availability zones declared (instances or availability_zones); null when not declared. */
  availabilityZones: V<number> | null;
}

export interface EbsVolume {
  encrypted: V<boolean>;
  kmsKeyId: V<string> | null;
}

/** Account/region setting: EBS encryption by default. */
export interface EbsEncryptionByDefault {
  enabled: V<boolean>;
}

export interface KmsKey {
  rotationEnabled: V<boolean>;
  /** SYMMETRIC_DEFAULT, RSA_2048…; rotation applies only to symmetric keys. */
  keySpec: V<string>;
  enabled: V<boolean>;
}

/** A managed or inline IAM policy. */
export interface IamPolicy {
  policyName: V<string> | null;
  document: V<PolicyDocument>;
  /** Where it is attached: `user:<id>`, `group:<id>`, `role:<id>` (resource ids of the attached principals). */
  attachedTo: string[];
}

export interface IamUser {
  userName: V<string> | null;
  /** Managed policies attached straight to the user (ARNs or resource ids). */
  attachedPolicies: V<string>[];
  /** Names of inline policies embedded in the user. */
  inlinePolicies: V<string>[];
  /** Access keys declared for the user. */
  accessKeys: number;
}

export interface IamRole {
  roleName: V<string> | null;
  assumeRolePolicy: V<PolicyDocument> | null;
  inlinePolicies: { name: V<string>; document: V<PolicyDocument> }[];
  attachedPolicies: V<string>[];
}

export interface IamPasswordPolicy {
  minimumLength: V<number>;
  requireSymbols: V<boolean>;
  requireNumbers: V<boolean>;
  requireUppercase: V<boolean>;
  requireLowercase: V<boolean>;
  maxAgeDays: V<number> | null;
  reusePrevention: V<number> | null;
}

/** The account's root user; only the AWS API can observe it: IaC sources produce none. */
export interface IamRootAccount {
  /** null when the collector could not read the account summary (e.g. missing permission). */
  accessKeysPresent: boolean | null;
  mfaEnabled: boolean | null;
}

export interface SecurityGroupRule {
  /** `-1` for all protocols, otherwise tcp, udp, icmp… */
  protocol: V<string>;
  fromPort: V<number>;
  toPort: V<number>;
  cidrs: V<string>[];
  ipv6Cidrs: V<string>[];
  sourceSecurityGroups: V<string>[];
  description: V<string> | null;
  /** Where the rule is written, when it has its own resource or block. */
  location: { startLine: number; endLine: number } | null;
}

export interface SecurityGroup {
  groupName: V<string> | null;
  vpcId: V<string> | null;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

export interface Vpc {
  cidr: V<string> | null;
  flowLogsEnabled: V<boolean>;
}

export interface LoadBalancerListener {
  port: V<number>;
  protocol: V<string>;
  sslPolicy: V<string> | null;
  /** The listener's default action redirects to HTTPS. */
  redirectsToHttps: V<boolean>;
  location: { startLine: number; endLine: number } | null;
}

export interface LoadBalancer {
  lbType: V<'application' | 'network' | 'gateway' | 'classic'>;
  internal: V<boolean>;
  listeners: LoadBalancerListener[];
  accessLogs: V<boolean>;
  dropInvalidHeaders: V<boolean> | null;
}

export interface CloudFrontDistribution {
  /** Viewer protocol policy of the default and every ordered cache behaviour. */
  viewerProtocolPolicies: V<string>[];
  /** e.g. TLSv1.2_2021; null when the default CloudFront certificate is used. */
  minimumProtocolVersion: V<string> | null;
  usesDefaultCertificate: V<boolean>;
  logging: V<boolean>;
  webAclId: V<string> | null;
}

export interface GuardDutyDetector {
  enabled: V<boolean>;
}

export interface ConfigRecorder {
  recording: V<boolean>;
  allSupported: V<boolean>;
  includeGlobalResourceTypes: V<boolean>;
}

export interface DynamoDbTable {
  pointInTimeRecovery: V<boolean>;
  /** Encryption with a KMS key (customer or AWS managed); false = AWS owned key (default). */
  kmsEncryption: V<boolean>;
  kmsKeyId: V<string> | null;
  deletionProtection: V<boolean>;
}

export interface EcrRepository {
  scanOnPush: V<boolean>;
  imageTagMutability: V<'MUTABLE' | 'IMMUTABLE'>;
  kmsEncryption: V<boolean>;
}

export interface LogGroup {
  /** 0 or null = never expire. */
  retentionDays: V<number> | null;
  kmsKeyId: V<string> | null;
}

export interface SnsTopic {
  kmsKeyId: V<string> | null;
}

export interface SqsQueue {
  kmsKeyId: V<string> | null;
  sqsManagedSse: V<boolean>;
}

export interface SecretsManagerSecret {
  rotationEnabled: V<boolean>;
  rotationDays: V<number> | null;
  kmsKeyId: V<string> | null;
}

export interface EksCluster {
  endpointPublicAccess: V<boolean>;
  endpointPrivateAccess: V<boolean>;
  publicAccessCidrs: V<string>[];
  enabledLogTypes: V<string>[];
  secretsEncryption: V<boolean>;
  version: V<string> | null;
}

/** Resource type → attribute shape. */
export interface AwsResourceTypes {
  'aws.s3.bucket': S3Bucket;
  'aws.cloudtrail.trail': CloudTrailTrail;
  'aws.rds.instance': RdsInstance;
  'aws.rds.cluster': RdsCluster;
  'aws.ebs.volume': EbsVolume;
  'aws.ebs.encryption-by-default': EbsEncryptionByDefault;
  'aws.kms.key': KmsKey;
  'aws.iam.policy': IamPolicy;
  'aws.iam.user': IamUser;
  'aws.iam.role': IamRole;
  'aws.iam.password-policy': IamPasswordPolicy;
  'aws.iam.root-account': IamRootAccount;
  'aws.ec2.security-group': SecurityGroup;
  'aws.ec2.vpc': Vpc;
  'aws.elb.load-balancer': LoadBalancer;
  'aws.cloudfront.distribution': CloudFrontDistribution;
  'aws.guardduty.detector': GuardDutyDetector;
  'aws.config.recorder': ConfigRecorder;
  'aws.dynamodb.table': DynamoDbTable;
  'aws.ecr.repository': EcrRepository;
  'aws.logs.log-group': LogGroup;
  'aws.sns.topic': SnsTopic;
  'aws.sqs.queue': SqsQueue;
  'aws.secretsmanager.secret': SecretsManagerSecret;
  'aws.eks.cluster': EksCluster;
}
