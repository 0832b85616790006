import { isUnknown, type V } from '../../domain/resources/index.js';
import type { Outcome } from '../types.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

/** Judges one list: a known entry is a finding; only unknown entries (a count or for_each not known statically) leave it unknown. */
function judge(list: V<string>[], reason: string, what: string, into: Outcome[]): void {
  if (list.length === 0) return;
  let known = 0;
  let expression: string | null = null;
  for (const v of list) {
    if (isUnknown(v)) expression ??= v.$unknown;
    else known++;
  }
  if (known > 0) into.push(fail(reason, `${known} ${what}${known === 1 ? ' is' : 's are'} attached straight to the user`));
  else into.push(unknownOutcome('unknown_value', `${what}s attached to the user depend on ${expression}`));
}

export default defineCheck({
  meta: {
    id: 'aws-iam-user-no-direct-policies',
    title: 'IAM users get permissions from groups or roles, not their own policies',
    description: 'Permissions attached person by person drift apart and are hard to review: nobody can say what a job function may do. Granting through groups (or, better, roles assumed through single sign-on) keeps access tied to functions and makes access reviews possible.',
    severity: 'low',
    resourceType: 'aws.iam.user',
    controls: ['IAM-06'],
    remediation: {
      text: 'Move the user\'s managed and inline policies to a group that matches the job function, and add the user to the group.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_iam_group_policy_attachment" "developers_read" {
  group      = aws_iam_group.developers.name
  policy_arn = aws_iam_policy.read_only.arn
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.developers.name]
}`,
      },
    },
  },
  evaluate({ attributes: { attachedPolicies, inlinePolicies } }) {
    if (attachedPolicies.length === 0 && inlinePolicies.length === 0) return pass();
    const outcomes: Outcome[] = [];
    judge(attachedPolicies, 'managed_policies_attached', 'managed policy', outcomes);
    judge(inlinePolicies, 'inline_policies_attached', 'inline policy', outcomes);
    return outcomes;
  },
});
