import type { RdsCluster } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const cluster = (over: Partial<RdsCluster> = {}): RdsCluster => ({
  engine: 'aurora-postgresql', storageEncrypted: true, kmsKeyId: null, backupRetentionDays: 14, deletionProtection: true, availabilityZones: 2, ...over,
});

export default defineFixtures('aws.rds.cluster', {
  pass: [cluster(), cluster({ availabilityZones: 3 })],
  fail: [{ attributes: cluster({ availabilityZones: 1 }), reason: 'single_az' }],
  notApplicable: [{ attributes: cluster({ availabilityZones: null }), reason: 'not_observable' }],
  unknown: [{ attributes: cluster({ availabilityZones: { $unknown: 'var.instance_count' } }), reason: 'unknown_value' }],
});
