import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-dynamodb-table-pitr',
    title: 'DynamoDB tables have point-in-time recovery',
    description: 'Point-in-time recovery backs a table up continuously and can restore it to any second of the last 35 days, which is what undoes a bad write, a faulty migration or an accidental mass delete. Without it, a table has only the on-demand backups someone remembered to take.',
    severity: 'medium',
    resourceType: 'aws.dynamodb.table',
    controls: ['BCP-01'],
    remediation: {
      text: 'Turn on point-in-time recovery for the table.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  point_in_time_recovery {
    enabled = true
  }
}`,
      },
    },
  },
  evaluate({ attributes: { pointInTimeRecovery } }) {
    return requireTrue(pointInTimeRecovery, 'pitr_disabled', 'point-in-time recovery is off for the table');
  },
});
