import type { RdsInstance } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const instance = (over: Partial<RdsInstance> = {}): RdsInstance => ({
  engine: 'postgres', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, publiclyAccessible: false,
  deletionProtection: true, multiAz: true, clusterId: null, ...over,
});

export default defineFixtures('aws.rds.instance', {
  pass: [instance()],
  fail: [{ attributes: instance({ multiAz: false }), reason: 'single_az' }],
  notApplicable: [
    { attributes: instance({ engine: 'aurora-postgresql', multiAz: false, clusterId: 'aws_rds_cluster.main' }), reason: 'cluster_member' },
    { attributes: instance({ engine: 'aurora-mysql', multiAz: false, clusterId: { $unknown: 'var.cluster_identifier' } }), reason: 'cluster_member' },
  ],
  unknown: [{ attributes: instance({ multiAz: { $unknown: 'var.multi_az' } }), reason: 'unknown_value' }],
});
