import type { CloudTrailTrail } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const trail = (over: Partial<CloudTrailTrail> = {}): CloudTrailTrail => ({
  trailName: 'main', logging: true, multiRegion: true, logFileValidation: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/trail',
  includeGlobalServiceEvents: true, cloudWatchLogsGroupArn: null, ...over,
});

export default defineFixtures('aws.cloudtrail.trail', {
  pass: [trail(), trail({ kmsKeyId: 'alias/cloudtrail' })],
  fail: [
    { attributes: trail({ kmsKeyId: null }), reason: 'no_kms_key' },
    { attributes: trail({ kmsKeyId: '' }), reason: 'no_kms_key' },
  ],
  notApplicable: [],
  unknown: [{ attributes: trail({ kmsKeyId: { $unknown: 'aws_kms_key.trail.arn' } }), reason: 'unknown_value' }],
});
