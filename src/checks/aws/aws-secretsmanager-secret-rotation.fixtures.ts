import type { SecretsManagerSecret } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const secret = (over: Partial<SecretsManagerSecret> = {}): SecretsManagerSecret => ({ rotationEnabled: true, rotationDays: 30, kmsKeyId: null, ...over });

export default defineFixtures('aws.secretsmanager.secret', {
  pass: [secret(), secret({ rotationDays: 90 }), secret({ rotationDays: null })],
  fail: [
    { attributes: secret({ rotationEnabled: false, rotationDays: null }), reason: 'rotation_disabled' },
    { attributes: secret({ rotationDays: 180 }), reason: 'rotation_interval_too_long' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: secret({ rotationEnabled: { $unknown: 'var.rotate' } }), reason: 'unknown_value' },
    { attributes: secret({ rotationDays: { $unknown: 'var.rotation_days' } }), reason: 'unknown_value' },
  ],
});
