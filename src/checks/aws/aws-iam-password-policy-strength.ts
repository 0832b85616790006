import { isUnknown } from '../../domain/resources/index.js';
import type { Outcome } from '../types.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

const MIN_LENGTH = 14;
const MIN_REUSE_PREVENTION = 24;

const REQUIRED_CLASSES = [
  ['requireSymbols', 'symbols_not_required', 'symbols'],
  ['requireNumbers', 'numbers_not_required', 'numbers'],
  ['requireUppercase', 'uppercase_not_required', 'uppercase letters'],
  ['requireLowercase', 'lowercase_not_required', 'lowercase letters'],
] as const;

export default defineCheck({
  meta: {
    id: 'aws-iam-password-policy-strength',
    title: 'The IAM password policy asks for long, varied, unrepeated passwords',
    description: `Where IAM users still sign in with a password, the account's password policy should require at least ${MIN_LENGTH} characters, symbols, numbers, upper and lower case letters, and refuse the last ${MIN_REUSE_PREVENTION} passwords. Each shortfall is reported on its own. Single sign-on through the identity provider remains the better answer.`,
    severity: 'medium',
    resourceType: 'aws.iam.password-policy',
    controls: ['IAM-10'],
    remediation: {
      text: 'Set the account password policy to the values below.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_iam_account_password_policy" "this" {
  minimum_password_length      = ${MIN_LENGTH}
  require_symbols              = true
  require_numbers              = true
  require_uppercase_characters = true
  require_lowercase_characters = true
  password_reuse_prevention    = ${MIN_REUSE_PREVENTION}
}`,
      },
    },
  },
  evaluate({ attributes: policy }) {
    // One password policy per account: clarity over allocation here.
    const outcomes: Outcome[] = [];
    const unknowns: string[] = [];
    const { minimumLength, reusePrevention } = policy;
    if (isUnknown(minimumLength)) unknowns.push(minimumLength.$unknown);
    else if (minimumLength < MIN_LENGTH) outcomes.push(fail('minimum_length_too_short', `passwords may be ${minimumLength} characters long, fewer than ${MIN_LENGTH}`));
    for (const [key, reason, what] of REQUIRED_CLASSES) {
      const value = policy[key];
      if (isUnknown(value)) unknowns.push(value.$unknown);
      else if (!value) outcomes.push(fail(reason, `passwords need not contain ${what}`));
    }
    // null: no reuse prevention set, so any previous password may be used again.
    if (isUnknown(reusePrevention)) unknowns.push(reusePrevention.$unknown);
    else if (reusePrevention === null || reusePrevention < MIN_REUSE_PREVENTION) {
      const n = reusePrevention ?? 0;
      outcomes.push(fail('reuse_prevention_too_low', n === 0 ? 'previous passwords may be reused' : `only the last ${n} password${n === 1 ? ' is' : 's are'} refused, fewer than ${MIN_REUSE_PREVENTION}`));
    }
    if (unknowns.length > 0) outcomes.push(unknownOutcome('unknown_value', `the password policy depends on ${unknowns.join(', ')}`));
    return outcomes.length > 0 ? outcomes : pass();
  },
});
