import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-sqs-queue-encryption',
    title: 'SQS queues encrypt messages at rest',
    description: 'Messages in a queue often carry customer data while they wait. A queue should encrypt them, with SQS-managed keys (SSE-SQS) or with a KMS key, which adds a key policy and an audit trail of key use.',
    severity: 'medium',
    resourceType: 'aws.sqs.queue',
    controls: ['CRY-01'],
    remediation: {
      text: 'Turn on SSE-SQS, or name a KMS key for the queue.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
}`,
      },
    },
  },
  evaluate({ attributes: { kmsKeyId, sqsManagedSse } }) {
    if (sqsManagedSse === true || (typeof kmsKeyId === 'string' && kmsKeyId !== '')) return pass();
    if (isUnknown(kmsKeyId)) return unknownOutcome('unknown_value', `the queue's KMS key depends on ${kmsKeyId.$unknown}`);
    if (isUnknown(sqsManagedSse)) return unknownOutcome('unknown_value', `SQS-managed encryption depends on ${sqsManagedSse.$unknown}`);
    return fail('not_encrypted', 'the queue stores messages unencrypted: neither SSE-SQS nor a KMS key is set');
  },
});
