import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-ebs-encryption-by-default',
    title: 'EBS encryption by default is on',
    description: 'With encryption by default, every new volume and snapshot copy in the region is encrypted, whoever creates it and however. It closes the gap left by templates, scripts and console launches that forget to ask for encryption.',
    severity: 'medium',
    resourceType: 'aws.ebs.encryption-by-default',
    controls: ['CRY-01'],
    remediation: {
      text: 'Turn on EBS encryption by default in every region you use.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}`,
      },
    },
  },
  evaluate({ attributes: { enabled } }) {
    return requireTrue(enabled, 'default_encryption_disabled', 'EBS encryption by default is off');
  },
});
