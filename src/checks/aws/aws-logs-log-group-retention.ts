import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-logs-log-group-retention',
    title: 'CloudWatch log groups set a retention period',
    description: 'A log group without a retention period keeps its events forever: personal data in logs outlives every retention promise, and costs grow without anyone deciding it. Setting the period on each group is how the retention schedule is actually applied.',
    severity: 'medium',
    resourceType: 'aws.logs.log-group',
    controls: ['LOG-03', 'DAT-03'],
    remediation: {
      text: 'Set the retention period your retention schedule gives for these logs (at least a year for security and audit logs).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 400
}`,
      },
    },
  },
  evaluate({ attributes: { retentionDays } }) {
    if (isUnknown(retentionDays)) return unknownOutcome('unknown_value', `the retention period depends on ${retentionDays.$unknown}`);
    // 0 and null both mean "never expire" for CloudWatch Logs.
    return retentionDays === null || retentionDays <= 0 ? fail('never_expires', 'the log group keeps its events forever: no retention period is set') : pass();
  },
});
