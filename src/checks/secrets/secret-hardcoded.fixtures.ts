import type { SecretCandidate } from '../../domain/resources/workloads.js';
import { defineFixtures } from '../types.js';

const candidate = (kind: string, masked: string): SecretCandidate => ({ kind, masked, location: { startLine: 12, endLine: 12 } });

export default defineFixtures('secret.candidate', {
  // The AWS documentation's example key pair: well-known, never valid.
  pass: [candidate('aws-access-key-id', 'AKIA************MPLE'), candidate('aws-secret-access-key', 'wJal************************EKEY')],
  fail: [
    { attributes: candidate('private-key', '----************----'), reason: 'private_key' },
    { attributes: candidate('aws-access-key-id', 'AKIA************7Q2Z'), reason: 'aws_access_key_id' },
    { attributes: candidate('aws-secret-access-key', 'Zx9a************Jk2L'), reason: 'aws_secret_access_key' },
    { attributes: candidate('github-token', 'ghp_************9Xy1'), reason: 'github_token' },
    { attributes: candidate('generic-api-key', 'k3y_************abcd'), reason: 'generic_api_key' },
  ],
  notApplicable: [
    { attributes: candidate('generic-api-key', 'xxxx************xxxx'), reason: 'placeholder' },
    { attributes: candidate('password', '00000000'), reason: 'placeholder' },
  ],
  unknown: [],
});
