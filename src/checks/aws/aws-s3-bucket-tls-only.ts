import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';
import { deniesInsecureTransport } from './policy.js';

export default defineCheck({
  meta: {
    id: 'aws-s3-bucket-tls-only',
    title: 'S3 bucket policies refuse requests made without TLS',
    description: 'S3 still answers plain HTTP requests unless the bucket policy refuses them. A Deny statement for every S3 action and every principal, when aws:SecureTransport is false, guarantees that objects only travel encrypted.',
    severity: 'medium',
    resourceType: 'aws.s3.bucket',
    controls: ['CRY-02'],
    remediation: {
      text: 'Add a statement to the bucket policy that denies s3:* to every principal when aws:SecureTransport is false, on the bucket and its objects.',
      snippet: {
        language: 'terraform',
        code: `data "aws_iam_policy_document" "data_tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.data.arn, "\${aws_s3_bucket.data.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}`,
      },
    },
  },
  evaluate({ attributes: { policy } }) {
    if (policy === null) return fail('no_policy', 'the bucket has no policy, so requests without TLS are accepted');
    if (isUnknown(policy)) return unknownOutcome('unknown_value', `the bucket policy depends on ${policy.$unknown}`);
    let undecided = false;
    for (const statement of policy.statements) {
      const t = deniesInsecureTransport(statement, 's3');
      if (t === 'yes') return pass();
      if (t === 'unknown') undecided = true;
    }
    if (undecided) return unknownOutcome('unknown_value', 'a statement of the bucket policy may deny requests without TLS, depending on values not known statically');
    return fail('insecure_transport_allowed', 'no statement of the bucket policy denies requests made without TLS');
  },
});
