import { isUnknown } from '../../domain/resources/index.js';
import type { Outcome } from '../types.js';
import { defineCheck } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';
import { grantsToAnyone, statementLabel } from './policy.js';

export default defineCheck({
  meta: {
    id: 'aws-iam-role-trust-not-public',
    title: 'IAM roles cannot be assumed by just anyone',
    description: 'A trust policy that allows principal "*" lets any AWS identity in any account assume the role, and so use every permission it holds, unless a condition narrows it to an organization, named accounts or principals. An external ID alone does not narrow it: it is a shared value, not an identity.',
    severity: 'critical',
    resourceType: 'aws.iam.role',
    controls: ['IAM-06', 'IAM-12'],
    remediation: {
      text: 'Name the accounts, roles or services that may assume the role, or keep "*" only with a condition such as aws:PrincipalOrgID.',
      snippet: {
        language: 'terraform',
        code: `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/deployer"]
    }
  }
}`,
      },
    },
  },
  evaluate({ attributes: { assumeRolePolicy } }) {
    if (assumeRolePolicy === null) return notApplicable('not_observable');
    if (isUnknown(assumeRolePolicy)) return unknownOutcome('unknown_value', `the trust policy depends on ${assumeRolePolicy.$unknown}`);
    let outcomes: Outcome[] | null = null;
    const { statements } = assumeRolePolicy;
    for (let i = 0; i < statements.length; i++) {
      const t = grantsToAnyone(statements[i]!);
      if (t === 'no') continue;
      const label = statementLabel(statements[i]!, i);
      (outcomes ??= []).push(t === 'yes'
        ? fail('public_trust', `${label} lets any principal assume the role`)
        : unknownOutcome('unknown_value', `${label} may let anyone assume the role, depending on values not known statically`));
    }
    return outcomes ?? pass();
  },
});
