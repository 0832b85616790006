import type { PolicyStatement, S3Bucket } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const read = (over: Partial<PolicyStatement>): PolicyStatement => ({
  sid: null, effect: 'Allow', actions: ['s3:GetObject'], notActions: [], resources: ['arn:aws:s3:::data/*'], principals: ['*'], conditions: {}, ...over,
});
const denyPlainHttp = read({ effect: 'Deny', actions: ['s3:*'], conditions: { Bool: { 'aws:SecureTransport': ['false'] } } });
const bucket = (statements: PolicyStatement[] | null): S3Bucket => ({
  bucketName: 'data', encryption: null, versioning: true, logging: null, publicAccessBlock: null, acl: null,
  policy: statements === null ? null : { statements },
});

export default defineFixtures('aws.s3.bucket', {
  pass: [
    bucket(null),
    bucket([denyPlainHttp]),
    bucket([read({ principals: ['AWS:arn:aws:iam::111122223333:role/app'] })]),
    bucket([read({ conditions: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } } }), denyPlainHttp]),
    bucket([read({ principals: ['Service:logging.s3.amazonaws.com'], actions: ['s3:PutObject'] })]),
    // The account is unknown statically, but an exact comparison narrows whatever it is.
    bucket([read({ conditions: { StringEquals: { 'aws:PrincipalAccount': [{ $unknown: 'data.aws_caller_identity.current.account_id' }] } } })]),
  ],
  fail: [
    { attributes: bucket([read({ sid: 'PublicRead' })]), reason: 'public_grant' },
    { attributes: bucket([denyPlainHttp, read({ principals: ['AWS:*'], conditions: { Bool: { 'aws:SecureTransport': ['true'] } } })]), reason: 'public_grant' },
    { attributes: bucket([read({ conditions: { StringNotEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } } })]), reason: 'public_grant' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: { ...bucket(null), policy: { $unknown: 'var.bucket_policy' } }, reason: 'unknown_value' },
    { attributes: bucket([read({ principals: [{ $unknown: 'var.reader_arn' }] })]), reason: 'unknown_value' },
    { attributes: bucket([read({ conditions: { IpAddress: { 'aws:SourceIp': [{ $unknown: 'var.office_cidr' }] } } })]), reason: 'unknown_value' },
  ],
});
