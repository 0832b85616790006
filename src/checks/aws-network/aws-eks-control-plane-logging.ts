import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

const REQUIRED = ['api', 'audit', 'authenticator'] as const;

export default defineCheck({
  meta: {
    id: 'aws-eks-control-plane-logging',
    title: 'EKS clusters send API, audit and authenticator logs to CloudWatch',
    description: 'The control plane should log at least api, audit and authenticator: together they record every request to the Kubernetes API, who made it and how they authenticated, the cluster\'s equivalent of CloudTrail. EKS keeps none of them unless asked. controllerManager and scheduler logs are useful but not required here.',
    severity: 'medium',
    resourceType: 'aws.eks.cluster',
    controls: ['LOG-01', 'LOG-02'],
    remediation: {
      text: 'Enable the api, audit and authenticator log types on the cluster, and give the /aws/eks/<cluster>/cluster log group a retention.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_eks_cluster" "main" {
  name                      = "main"
  role_arn                  = aws_iam_role.eks.arn
  enabled_cluster_log_types = ["api", "audit", "authenticator"]
  vpc_config {
    subnet_ids = var.private_subnet_ids
  }
}`,
      },
    },
  },
  evaluate({ attributes: { enabledLogTypes } }) {
    let unknownType: string | null = null;
    let missing: string[] | null = null;
    for (const required of REQUIRED) {
      let found = false;
      for (const t of enabledLogTypes) {
        if (isUnknown(t)) unknownType ??= t.$unknown;
        else if (t.trim().toLowerCase() === required) { found = true; break; }
      }
      if (!found) (missing ??= []).push(required);
    }
    if (missing === null) return pass();
    if (unknownType !== null) return unknownOutcome('unknown_value', `the enabled log types depend on ${unknownType}`);
    return fail('missing_log_types', `control-plane logging leaves out ${missing.join(', ')}`);
  },
});
