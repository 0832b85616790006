import type { CloudTrailTrail } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const trail = (over: Partial<CloudTrailTrail> = {}): CloudTrailTrail => ({
  trailName: 'main', logging: true, multiRegion: true, logFileValidation: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/trail',
  includeGlobalServiceEvents: true, cloudWatchLogsGroupArn: null, ...over,
});

export default defineFixtures('aws.cloudtrail.trail', {
  pass: [trail()],
  fail: [{ attributes: trail({ multiRegion: false }), reason: 'single_region' }],
  notApplicable: [],
  unknown: [{ attributes: trail({ multiRegion: { $unknown: 'var.multi_region' } }), reason: 'unknown_value' }],
});
