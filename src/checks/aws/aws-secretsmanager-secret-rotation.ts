import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

const MAX_DAYS = 90;

export default defineCheck({
  meta: {
    id: 'aws-secretsmanager-secret-rotation',
    title: `Secrets Manager secrets rotate automatically at least every ${MAX_DAYS} days`,
    description: `A secret that never changes stays valid wherever it has leaked: an old laptop, a log line, a former employee's notes. Automatic rotation through a rotation function replaces it on a schedule, at least every ${MAX_DAYS} days, without anyone handling the value.`,
    severity: 'medium',
    resourceType: 'aws.secretsmanager.secret',
    controls: ['CRY-04', 'IAM-12'],
    remediation: {
      text: `Attach a rotation function to the secret and rotate it every ${MAX_DAYS} days or sooner.`,
      snippet: {
        language: 'terraform',
        code: `resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_lambda_function.rotate_db.arn
  rotation_rules {
    automatically_after_days = 30
  }
}`,
      },
    },
  },
  evaluate({ attributes: { rotationEnabled, rotationDays } }) {
    if (isUnknown(rotationEnabled)) return unknownOutcome('unknown_value', `rotation depends on ${rotationEnabled.$unknown}`);
    if (!rotationEnabled) return fail('rotation_disabled', 'the secret does not rotate automatically');
    // null: rotation on a schedule expression rather than a number of days; the schedule is not judged.
    if (rotationDays === null) return pass();
    if (isUnknown(rotationDays)) return unknownOutcome('unknown_value', `the rotation interval depends on ${rotationDays.$unknown}`);
    return rotationDays > MAX_DAYS ? fail('rotation_interval_too_long', `the secret rotates every ${rotationDays} days, more than ${MAX_DAYS}`) : pass();
  },
});
