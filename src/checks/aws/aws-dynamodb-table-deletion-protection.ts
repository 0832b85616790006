import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-dynamodb-table-deletion-protection',
    title: 'DynamoDB tables are protected against deletion',
    description: 'Deleting a DynamoDB table is immediate and takes its data with it. Deletion protection refuses the delete until the setting is deliberately turned off, which stops a renamed resource or a mistaken destroy from wiping production data.',
    severity: 'medium',
    resourceType: 'aws.dynamodb.table',
    controls: ['PI-05'],
    remediation: {
      text: 'Turn on deletion protection for production tables.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_dynamodb_table" "orders" {
  name                        = "orders"
  hash_key                    = "id"
  deletion_protection_enabled = true
}`,
      },
    },
  },
  evaluate({ attributes: { deletionProtection } }) {
    return requireTrue(deletionProtection, 'deletion_protection_disabled', 'deletion protection is off for the table');
  },
});
