import { defineCheck } from '../types.js';
import { requireKmsKey } from './values.js';

export default defineCheck({
  meta: {
    id: 'aws-logs-log-group-kms-encryption',
    title: 'CloudWatch log groups are encrypted with a KMS key',
    description: 'CloudWatch Logs encrypts every group with a key of its own by default. A KMS key you manage adds a permission of its own to read the logs, and records every use, which matters for groups that may hold personal data, tokens or request bodies.',
    severity: 'low',
    resourceType: 'aws.logs.log-group',
    controls: ['CRY-01'],
    remediation: {
      text: 'Associate a KMS key with the log group; its key policy must let the CloudWatch Logs service of the region use it.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.logs.arn
}`,
      },
    },
  },
  evaluate({ attributes: { kmsKeyId } }) {
    return requireKmsKey(kmsKeyId, 'no_kms_key', 'the log group is not encrypted with a KMS key');
  },
});
