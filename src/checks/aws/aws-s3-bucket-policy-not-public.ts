import { isUnknown } from '../../domain/resources/index.js';
import type { Outcome } from '../types.js';
import { defineCheck } from '../types.js';
import { pass, unknownOutcome } from '../util.js';
import { grantsToAnyone, statementLabel } from './policy.js';

export default defineCheck({
  meta: {
    id: 'aws-s3-bucket-policy-not-public',
    title: 'S3 bucket policies grant nothing to everyone',
    description: 'A bucket policy statement that allows principal "*" opens the bucket to every AWS account and to anonymous requests, unless a condition narrows it to named accounts, an organization, a VPC endpoint or known networks. Conditions that do not say who is calling (such as requiring TLS) do not narrow it.',
    severity: 'high',
    resourceType: 'aws.s3.bucket',
    controls: ['IAM-06'],
    remediation: {
      text: 'Name the principals that need access, or keep principal "*" only with a condition that limits it, such as aws:PrincipalOrgID or aws:SourceVpce. Serve public content through CloudFront with origin access control instead.',
      snippet: {
        language: 'terraform',
        code: `data "aws_iam_policy_document" "data" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.data.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn]
    }
  }
}`,
      },
    },
  },
  evaluate({ attributes: { policy } }) {
    if (policy === null) return pass();
    if (isUnknown(policy)) return unknownOutcome('unknown_value', `the bucket policy depends on ${policy.$unknown}`);
    let outcomes: Outcome[] | null = null;
    const { statements } = policy;
    for (let i = 0; i < statements.length; i++) {
      const t = grantsToAnyone(statements[i]!);
      if (t === 'no') continue;
      const label = statementLabel(statements[i]!, i);
      (outcomes ??= []).push(t === 'yes'
        ? { status: 'fail', reason: 'public_grant', message: `${label} allows principal "*" without a condition that limits who may call` }
        : unknownOutcome('unknown_value', `${label} may allow everyone, depending on values not known statically`));
    }
    return outcomes ?? pass();
  },
});
