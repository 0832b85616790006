import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-dynamodb-table-kms-encryption',
    title: 'DynamoDB tables are encrypted with a KMS key',
    description: 'Every DynamoDB table is encrypted at rest, but by default with a key AWS owns, invisible in your account. With a KMS key (AWS managed or, better, your own), key use shows up in CloudTrail and access to the data can be cut by a key policy.',
    severity: 'low',
    resourceType: 'aws.dynamodb.table',
    controls: ['CRY-01', 'CRY-03'],
    remediation: {
      text: 'Turn on server-side encryption with KMS for the table, naming a key you manage.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.dynamodb.arn
  }
}`,
      },
    },
  },
  evaluate({ attributes: { kmsEncryption } }) {
    return requireTrue(kmsEncryption, 'aws_owned_key', 'the table is encrypted with an AWS owned key, not a KMS key in the account');
  },
});
