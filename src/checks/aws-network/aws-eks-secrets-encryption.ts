import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-eks-secrets-encryption',
    title: 'EKS clusters encrypt Kubernetes secrets with a KMS key you manage',
    description: 'Kubernetes secrets should be envelope-encrypted in etcd with a customer-managed KMS key (the cluster\'s encryption_config for "secrets"). The key\'s policy then decides who can ever read them, its use is logged in CloudTrail, and it can be rotated or disabled, which the encryption EKS applies by default with a key AWS owns does not offer.',
    severity: 'medium',
    resourceType: 'aws.eks.cluster',
    controls: ['CRY-01', 'CRY-03'],
    remediation: {
      text: 'Add an encryption configuration for secrets with a customer-managed KMS key that rotates.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_eks_cluster" "main" {
  # ...
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}`,
      },
    },
  },
  evaluate: ({ attributes }) => requireTrue(attributes.secretsEncryption, 'secrets_not_encrypted', 'Kubernetes secrets are not encrypted with a KMS key you manage'),
});
