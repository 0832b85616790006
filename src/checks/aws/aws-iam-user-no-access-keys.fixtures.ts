import type { IamUser } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const user = (over: Partial<IamUser> = {}): IamUser => ({ userName: 'deployer', attachedPolicies: [], inlinePolicies: [], accessKeys: 0, ...over });

export default defineFixtures('aws.iam.user', {
  pass: [user()],
  fail: [
    { attributes: user({ accessKeys: 1 }), reason: 'access_keys_declared' },
    { attributes: user({ accessKeys: 2 }), reason: 'access_keys_declared' },
  ],
  notApplicable: [],
  // IamUser.accessKeys is typed as a number; this snapshot carries an unknown count (a key with
  // `count = var.key_count`), which must give unknown, never fail.
  unknown: [{ attributes: user({ accessKeys: { $unknown: 'var.key_count' } as unknown as number }), reason: 'unknown_value' }],
});
