import type { KmsKey } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const key = (over: Partial<KmsKey> = {}): KmsKey => ({ rotationEnabled: true, keySpec: 'SYMMETRIC_DEFAULT', enabled: true, ...over });

export default defineFixtures('aws.kms.key', {
  pass: [key(), key({ keySpec: { $unknown: 'var.key_spec' } })],
  fail: [
    { attributes: key({ rotationEnabled: false }), reason: 'rotation_disabled' },
    { attributes: key({ rotationEnabled: false, enabled: false }), reason: 'rotation_disabled' },
  ],
  notApplicable: [
    { attributes: key({ rotationEnabled: false, keySpec: 'RSA_2048' }), reason: 'asymmetric_key' },
    { attributes: key({ rotationEnabled: false, keySpec: 'ECC_NIST_P256' }), reason: 'asymmetric_key' },
    { attributes: key({ rotationEnabled: false, keySpec: 'HMAC_256' }), reason: 'rotation_unsupported' },
  ],
  unknown: [
    { attributes: key({ rotationEnabled: { $unknown: 'var.rotate' } }), reason: 'unknown_value' },
    { attributes: key({ rotationEnabled: false, keySpec: { $unknown: 'var.key_spec' } }), reason: 'unknown_value' },
  ],
});
