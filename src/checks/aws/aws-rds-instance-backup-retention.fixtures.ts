import type { RdsInstance } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const instance = (over: Partial<RdsInstance> = {}): RdsInstance => ({
  engine: 'postgres', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, publiclyAccessible: false,
  deletionProtection: true, multiAz: true, clusterId: null, ...over,
});

export default defineFixtures('aws.rds.instance', {
  pass: [instance(), instance({ backupRetentionDays: 7 }), instance({ backupRetentionDays: 35 })],
  fail: [
    { attributes: instance({ backupRetentionDays: 0 }), reason: 'backups_disabled' },
    { attributes: instance({ backupRetentionDays: 1 }), reason: 'retention_too_short' },
    { attributes: instance({ backupRetentionDays: 6 }), reason: 'retention_too_short' },
  ],
  notApplicable: [{ attributes: instance({ engine: 'aurora-postgresql', backupRetentionDays: 1, clusterId: 'aws_rds_cluster.main' }), reason: 'cluster_member' }],
  unknown: [{ attributes: instance({ backupRetentionDays: { $unknown: 'var.backup_retention_period' } }), reason: 'unknown_value' }],
});
