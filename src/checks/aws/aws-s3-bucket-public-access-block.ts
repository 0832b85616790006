import { isUnknown, type V } from '../../domain/resources/index.js';
import type { Outcome } from '../types.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

// Each setting, the reason when it is off, and what it guards against.
const SETTINGS = [
  ['blockPublicAcls', 'block_public_acls_disabled', 'BlockPublicAcls is off: new public ACLs are accepted'],
  ['ignorePublicAcls', 'ignore_public_acls_disabled', 'IgnorePublicAcls is off: existing public ACLs take effect'],
  ['blockPublicPolicy', 'block_public_policy_disabled', 'BlockPublicPolicy is off: a public bucket policy can be attached'],
  ['restrictPublicBuckets', 'restrict_public_buckets_disabled', 'RestrictPublicBuckets is off: a public bucket policy grants access to anyone'],
] as const;

export default defineCheck({
  meta: {
    id: 'aws-s3-bucket-public-access-block',
    title: 'S3 buckets block every form of public access',
    description: 'The four public access block settings together stop a bucket from being opened to the internet by an ACL or a bucket policy, whatever is written later. A bucket that must serve public content should do it through CloudFront rather than by switching these off.',
    severity: 'high',
    resourceType: 'aws.s3.bucket',
    controls: ['IAM-06', 'VUL-06'],
    remediation: {
      text: 'Attach a public access block to the bucket with all four settings true (an account-wide block is a good second layer, not a replacement).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}`,
      },
    },
  },
  evaluate({ attributes: { publicAccessBlock: block } }) {
    if (block === null) return fail('no_public_access_block', 'the bucket has no public access block');
    let outcomes: Outcome[] | null = null;
    let unknownExpressions: string[] | null = null;
    for (const [key, reason, message] of SETTINGS) {
      const value: V<boolean> = block[key];
      if (isUnknown(value)) (unknownExpressions ??= []).push(value.$unknown);
      else if (!value) (outcomes ??= []).push(fail(reason, message));
    }
    if (unknownExpressions) (outcomes ??= []).push(unknownOutcome('unknown_value', `the public access block depends on ${unknownExpressions.join(', ')}`));
    return outcomes ?? pass();
  },
});
