import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-ebs-volume-encrypted',
    title: 'EBS volumes are encrypted',
    description: 'An encrypted volume protects data at rest, the snapshots taken from it and the data moving between the volume and its instance. Encryption is chosen at creation; an unencrypted volume must be copied through an encrypted snapshot.',
    severity: 'high',
    resourceType: 'aws.ebs.volume',
    controls: ['CRY-01'],
    remediation: {
      text: 'Create the volume encrypted, preferably with a KMS key you manage, and turn on EBS encryption by default in every region.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}`,
      },
    },
  },
  evaluate({ attributes: { encrypted } }) {
    return requireTrue(encrypted, 'not_encrypted', 'the volume is not encrypted');
  },
});
