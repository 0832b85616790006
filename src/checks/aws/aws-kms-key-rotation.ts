import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-kms-key-rotation',
    title: 'Symmetric KMS keys rotate automatically',
    description: 'Automatic rotation gives a symmetric key new key material every year (or on the period you choose) while older material keeps decrypting existing data, which limits how much data any one key version protects. Asymmetric and HMAC keys cannot rotate automatically and are not judged.',
    severity: 'medium',
    resourceType: 'aws.kms.key',
    controls: ['CRY-03'],
    remediation: {
      text: 'Enable automatic rotation on the key.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_kms_key" "data" {
  description         = "data at rest"
  enable_key_rotation = true
}`,
      },
    },
  },
  evaluate({ attributes: { rotationEnabled, keySpec } }) {
    if (!isUnknown(keySpec) && keySpec !== 'SYMMETRIC_DEFAULT') return notApplicable(keySpec.startsWith('HMAC_') ? 'rotation_unsupported' : 'asymmetric_key');
    if (rotationEnabled === true) return pass();
    if (isUnknown(rotationEnabled)) return unknownOutcome('unknown_value', `key rotation depends on ${rotationEnabled.$unknown}`);
    if (isUnknown(keySpec)) return unknownOutcome('unknown_value', `rotation is off, but whether the key can rotate depends on ${keySpec.$unknown}`);
    return fail('rotation_disabled', 'automatic rotation is off for the key');
  },
});
