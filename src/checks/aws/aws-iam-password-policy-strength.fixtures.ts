import type { IamPasswordPolicy } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const policy = (over: Partial<IamPasswordPolicy> = {}): IamPasswordPolicy => ({
  minimumLength: 14, requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true,
  maxAgeDays: null, reusePrevention: 24, ...over,
});

export default defineFixtures('aws.iam.password-policy', {
  pass: [policy(), policy({ minimumLength: 32, maxAgeDays: 90 })],
  fail: [
    { attributes: policy({ minimumLength: 8 }), reason: 'minimum_length_too_short' },
    { attributes: policy({ requireSymbols: false }), reason: 'symbols_not_required' },
    { attributes: policy({ requireNumbers: false }), reason: 'numbers_not_required' },
    { attributes: policy({ requireUppercase: false }), reason: 'uppercase_not_required' },
    { attributes: policy({ requireLowercase: false }), reason: 'lowercase_not_required' },
    { attributes: policy({ reusePrevention: 5 }), reason: 'reuse_prevention_too_low' },
    { attributes: policy({ reusePrevention: null }), reason: 'reuse_prevention_too_low' },
    // Known shortfalls are reported alongside an unknown setting.
    { attributes: policy({ minimumLength: { $unknown: 'var.min_length' }, requireSymbols: false }), reason: 'symbols_not_required' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: policy({ minimumLength: { $unknown: 'var.min_length' } }), reason: 'unknown_value' },
    { attributes: policy({ reusePrevention: { $unknown: 'var.reuse' } }), reason: 'unknown_value' },
  ],
});
