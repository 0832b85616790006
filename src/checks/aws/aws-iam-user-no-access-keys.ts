import { isUnknown, type V } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-iam-user-no-access-keys',
    title: 'IAM users get no long-lived access keys from infrastructure code',
    description: 'An access key created by infrastructure code never expires by itself, and its secret ends up in the Terraform state or a template output, readable by everyone who can read the state. Workloads should use roles and short-lived credentials; people should sign in through single sign-on.',
    severity: 'high',
    resourceType: 'aws.iam.user',
    controls: ['IAM-12', 'CRY-04'],
    remediation: {
      text: 'Remove the access key and give the workload a role instead: an instance profile, an IRSA or Pod Identity role, or OIDC federation for CI.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_iam_role" "ci" {
  name               = "ci-deploy"
  assume_role_policy = data.aws_iam_policy_document.github_oidc.json
}`,
      },
    },
  },
  evaluate({ attributes }) {
    // The contract types the count as a number; a source that cannot resolve the keys' count
    // would write an unknown value, as everywhere else (docs/RESOURCES.md), and must not fail.
    const accessKeys: V<number> = attributes.accessKeys;
    if (isUnknown(accessKeys)) return unknownOutcome('unknown_value', `the number of access keys depends on ${accessKeys.$unknown}`);
    return accessKeys > 0 ? fail('access_keys_declared', `${accessKeys} access key${accessKeys === 1 ? ' is' : 's are'} declared for the user`) : pass();
  },
});
