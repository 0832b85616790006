import { defineCheck } from '../types.js';
import { requireKmsKey } from './values.js';

export default defineCheck({
  meta: {
    id: 'aws-sns-topic-kms-encryption',
    title: 'SNS topics encrypt messages with a KMS key',
    description: 'Without server-side encryption, messages waiting in an SNS topic are stored unencrypted. Naming a KMS key (the AWS managed alias/aws/sns, or better your own) encrypts them at rest and puts access behind the key policy.',
    severity: 'medium',
    resourceType: 'aws.sns.topic',
    controls: ['CRY-01'],
    remediation: {
      text: 'Name a KMS key on the topic; with your own key, let the publishing services use it in its key policy.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.sns.id
}`,
      },
    },
  },
  evaluate({ attributes: { kmsKeyId } }) {
    return requireKmsKey(kmsKeyId, 'not_encrypted', 'the topic does not encrypt messages with a KMS key');
  },
});
