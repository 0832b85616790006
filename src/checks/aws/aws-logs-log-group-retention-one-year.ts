import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

const MIN_DAYS = 365;

export default defineCheck({
  meta: {
    id: 'aws-logs-log-group-retention-one-year',
    title: 'CloudWatch log groups keep events for at least a year',
    description: 'An incident is often discovered months after it began, and a SOC 2 Type II auditor inspects a whole year: security and audit logs need to reach that far back. Groups that keep events forever pass here (the retention check judges them). Suppress this check, with a reason, on groups whose logs carry no security value.',
    severity: 'low',
    resourceType: 'aws.logs.log-group',
    controls: ['LOG-03'],
    remediation: {
      text: 'Keep the log group for 365 days or more, or export it to an archive bucket with that retention.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudwatch_log_group" "audit" {
  name              = "/security/audit"
  retention_in_days = 400
}`,
      },
    },
  },
  evaluate({ attributes: { retentionDays } }) {
    if (isUnknown(retentionDays)) return unknownOutcome('unknown_value', `the retention period depends on ${retentionDays.$unknown}`);
    if (retentionDays === null || retentionDays <= 0) return pass();
    return retentionDays < MIN_DAYS ? fail('retention_under_one_year', `the log group keeps events for ${retentionDays} days, less than ${MIN_DAYS}`) : pass();
  },
});
