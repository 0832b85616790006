import type { RdsCluster } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const cluster = (over: Partial<RdsCluster> = {}): RdsCluster => ({
  engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, deletionProtection: true, availabilityZones: 3, ...over,
});

export default defineFixtures('aws.rds.cluster', {
  pass: [cluster()],
  fail: [{ attributes: cluster({ deletionProtection: false }), reason: 'deletion_protection_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: cluster({ deletionProtection: { $unknown: 'var.deletion_protection' } }), reason: 'unknown_value' }],
});
