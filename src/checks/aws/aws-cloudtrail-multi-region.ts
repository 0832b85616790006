import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-cloudtrail-multi-region',
    title: 'CloudTrail trails cover every region',
    description: 'A single-region trail misses activity in the other regions, including regions nobody uses on purpose, which is where misused credentials often create resources. A multi-region trail also covers regions AWS adds later.',
    severity: 'high',
    resourceType: 'aws.cloudtrail.trail',
    controls: ['LOG-01'],
    remediation: {
      text: 'Make the trail multi-region (or use an organization trail that is).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}`,
      },
    },
  },
  evaluate({ attributes: { multiRegion } }) {
    return requireTrue(multiRegion, 'single_region', 'the trail records one region only');
  },
});
