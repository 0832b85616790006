import type { RdsInstance } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const instance = (over: Partial<RdsInstance> = {}): RdsInstance => ({
  engine: 'postgres', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, publiclyAccessible: false,
  deletionProtection: true, multiAz: true, clusterId: null, ...over,
});

export default defineFixtures('aws.rds.instance', {
  // Public accessibility is set per instance, Aurora cluster members included.
  pass: [instance(), instance({ engine: 'aurora-postgresql', clusterId: 'aws_rds_cluster.main' })],
  fail: [
    { attributes: instance({ publiclyAccessible: true }), reason: 'publicly_accessible' },
    { attributes: instance({ engine: 'aurora-mysql', clusterId: 'aws_rds_cluster.main', publiclyAccessible: true }), reason: 'publicly_accessible' },
  ],
  notApplicable: [],
  unknown: [{ attributes: instance({ publiclyAccessible: { $unknown: 'var.publicly_accessible' } }), reason: 'unknown_value' }],
});
