import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

// Canned ACLs that open the bucket to everyone (AllUsers) or to every AWS account (AuthenticatedUsers).
const PUBLIC_ACLS = new Map([
  ['public-read', 'anyone on the internet can list and read the objects'],
  ['public-read-write', 'anyone on the internet can read, write and delete the objects'],
  ['authenticated-read', 'any AWS account in the world can list and read the objects'],
]);

export default defineCheck({
  meta: {
    id: 'aws-s3-bucket-no-public-acl',
    title: 'S3 buckets carry no public canned ACL',
    description: 'The canned ACLs public-read, public-read-write and authenticated-read open a bucket to anyone, or to anyone with an AWS account. Such an ACL is reported even when a public access block currently neutralizes it: the intent written in code is public, and removing the block would make it real.',
    severity: 'high',
    resourceType: 'aws.s3.bucket',
    controls: ['IAM-06'],
    remediation: {
      text: 'Remove the canned ACL (buckets are private by default) and grant access through IAM or the bucket policy to the principals that need it.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_s3_bucket_ownership_controls" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    object_ownership = "BucketOwnerEnforced" # ACLs disabled
  }
}`,
      },
    },
  },
  evaluate({ attributes: { acl } }) {
    if (acl === null) return pass();
    if (isUnknown(acl)) return unknownOutcome('unknown_value', `the bucket ACL depends on ${acl.$unknown}`);
    const exposure = PUBLIC_ACLS.get(acl);
    return exposure === undefined ? pass() : fail('public_acl', `the bucket ACL is ${acl}: ${exposure}`);
  },
});
