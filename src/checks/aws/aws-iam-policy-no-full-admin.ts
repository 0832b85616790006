import { isUnknown } from '../../domain/resources/index.js';
import type { Outcome } from '../types.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';
import { allowsFullAdmin, statementLabel } from './policy.js';

export default defineCheck({
  meta: {
    id: 'aws-iam-policy-no-full-admin',
    title: 'IAM policies do not allow every action on every resource',
    description: 'A statement allowing "*" (or "*:*") on resource "*" makes whoever holds the policy a full administrator of the account. Conditions do not change that. Administrator rights belong to a few named people through a role they assume when needed; everything else gets the actions and resources its job requires.',
    severity: 'high',
    resourceType: 'aws.iam.policy',
    controls: ['IAM-06', 'IAM-07'],
    remediation: {
      text: 'List the actions and resources the holder actually needs. Where full access is truly required, use the AWS-managed AdministratorAccess policy on a dedicated break-glass or admin role, not a custom policy.',
      snippet: {
        language: 'terraform',
        code: `data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["ecs:UpdateService", "ecs:DescribeServices"]
    resources = [aws_ecs_service.app.id]
  }
}`,
      },
    },
  },
  evaluate({ attributes: { document } }) {
    if (isUnknown(document)) return unknownOutcome('unknown_value', `the policy document depends on ${document.$unknown}`);
    let outcomes: Outcome[] | null = null;
    const { statements } = document;
    for (let i = 0; i < statements.length; i++) {
      const t = allowsFullAdmin(statements[i]!);
      if (t === 'no') continue;
      const label = statementLabel(statements[i]!, i);
      (outcomes ??= []).push(t === 'yes'
        ? fail('full_admin', `${label} allows every action on every resource`)
        : unknownOutcome('unknown_value', `${label} may allow every action on every resource, depending on values not known statically`));
    }
    return outcomes ?? pass();
  },
});
