import type { CloudTrailTrail } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const trail = (over: Partial<CloudTrailTrail> = {}): CloudTrailTrail => ({
  trailName: 'main', logging: true, multiRegion: true, logFileValidation: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/trail',
  includeGlobalServiceEvents: true, cloudWatchLogsGroupArn: null, ...over,
});

export default defineFixtures('aws.cloudtrail.trail', {
  pass: [trail()],
  fail: [{ attributes: trail({ logFileValidation: false }), reason: 'validation_disabled' }],
  notApplicable: [],
  unknown: [{ attributes: trail({ logFileValidation: { $unknown: 'var.log_file_validation' } }), reason: 'unknown_value' }],
});
