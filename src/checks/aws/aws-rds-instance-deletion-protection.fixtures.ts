import type { RdsInstance } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const instance = (over: Partial<RdsInstance> = {}): RdsInstance => ({
  engine: 'postgres', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, publiclyAccessible: false,
  deletionProtection: true, multiAz: true, clusterId: null, ...over,
});

export default defineFixtures('aws.rds.instance', {
  pass: [instance()],
  fail: [{ attributes: instance({ deletionProtection: false }), reason: 'deletion_protection_disabled' }],
  notApplicable: [
    { attributes: instance({ engine: 'aurora-postgresql', deletionProtection: false, clusterId: 'aws_rds_cluster.main' }), reason: 'cluster_member' },
    { attributes: instance({ engine: 'aurora-mysql', deletionProtection: false, clusterId: { $unknown: 'var.cluster_identifier' } }), reason: 'cluster_member' },
  ],
  unknown: [{ attributes: instance({ deletionProtection: { $unknown: 'var.deletion_protection' } }), reason: 'unknown_value' }],
});
