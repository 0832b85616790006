import type { PolicyStatement, S3Bucket } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const denyPlainHttp: PolicyStatement = {
  sid: 'DenyInsecureTransport', effect: 'Deny', actions: ['s3:*'], notActions: [],
  resources: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], principals: ['*'], conditions: { Bool: { 'aws:SecureTransport': ['false'] } },
};
const readForApp: PolicyStatement = {
  sid: 'AppRead', effect: 'Allow', actions: ['s3:GetObject'], notActions: [], resources: ['arn:aws:s3:::data/*'],
  principals: ['AWS:arn:aws:iam::111122223333:role/app'], conditions: {},
};
const bucket = (statements: PolicyStatement[] | null): S3Bucket => ({
  bucketName: 'data', encryption: null, versioning: true, logging: null, publicAccessBlock: null, acl: null,
  policy: statements === null ? null : { statements },
});

export default defineFixtures('aws.s3.bucket', {
  pass: [
    bucket([readForApp, denyPlainHttp]),
    bucket([{ ...denyPlainHttp, sid: null, actions: ['*'], principals: ['AWS:*'] }]),
  ],
  fail: [
    { attributes: bucket(null), reason: 'no_policy' },
    { attributes: bucket([readForApp]), reason: 'insecure_transport_allowed' },
    { attributes: bucket([{ ...denyPlainHttp, actions: ['s3:PutObject'] }]), reason: 'insecure_transport_allowed' },
    { attributes: bucket([{ ...denyPlainHttp, conditions: { Bool: { 'aws:SecureTransport': ['true'] } } }]), reason: 'insecure_transport_allowed' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: { ...bucket(null), policy: { $unknown: 'data.aws_iam_policy_document.data.json' } }, reason: 'unknown_value' },
    { attributes: bucket([{ ...denyPlainHttp, effect: { $unknown: 'var.effect' } }]), reason: 'unknown_value' },
  ],
});
