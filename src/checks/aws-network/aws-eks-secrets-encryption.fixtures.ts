import { defineFixtures } from '../types.js';
import { eksCluster } from './shared/fixtures.js';

export default defineFixtures('aws.eks.cluster', {
  pass: [eksCluster(), eksCluster({ endpointPublicAccess: true, version: null })],
  fail: [{ attributes: eksCluster({ secretsEncryption: false }), reason: 'secrets_not_encrypted' }],
  notApplicable: [],
  unknown: [{ attributes: eksCluster({ secretsEncryption: { $unknown: 'var.kms_key_arn != ""' } }), reason: 'unknown_value' }],
});
