import type { RdsCluster } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const cluster = (over: Partial<RdsCluster> = {}): RdsCluster => ({
  engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, deletionProtection: true, availabilityZones: 3, ...over,
});

export default defineFixtures('aws.rds.cluster', {
  pass: [cluster(), cluster({ backupRetentionDays: 7 })],
  fail: [
    { attributes: cluster({ backupRetentionDays: 1 }), reason: 'retention_too_short' },
    { attributes: cluster({ backupRetentionDays: 0 }), reason: 'backups_disabled' },
  ],
  notApplicable: [],
  unknown: [{ attributes: cluster({ backupRetentionDays: { $unknown: 'local.backup_days' } }), reason: 'unknown_value' }],
});
