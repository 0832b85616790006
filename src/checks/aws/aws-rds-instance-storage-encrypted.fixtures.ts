import type { RdsInstance } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const instance = (over: Partial<RdsInstance> = {}): RdsInstance => ({
  engine: 'postgres', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, publiclyAccessible: false,
  deletionProtection: true, multiAz: true, clusterId: null, ...over,
});

export default defineFixtures('aws.rds.instance', {
  pass: [instance()],
  fail: [{ attributes: instance({ storageEncrypted: false }), reason: 'storage_not_encrypted' }],
  notApplicable: [
    { attributes: instance({ engine: 'aurora-postgresql', storageEncrypted: false, clusterId: 'aws_rds_cluster.main' }), reason: 'cluster_member' },
    { attributes: instance({ engine: 'aurora-mysql', storageEncrypted: false, clusterId: { $unknown: 'var.cluster_identifier' } }), reason: 'cluster_member' },
  ],
  unknown: [{ attributes: instance({ storageEncrypted: { $unknown: 'var.storage_encrypted' } }), reason: 'unknown_value' }],
});
