import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-guardduty-enabled',
    title: 'GuardDuty detectors are enabled',
    description: 'A GuardDuty detector should be enabled in every account and region in use, so that CloudTrail, VPC flow and DNS logs are continuously analysed for compromised credentials, crypto-mining and reconnaissance. A detector that exists but is suspended finds nothing.',
    severity: 'high',
    resourceType: 'aws.guardduty.detector',
    controls: ['LOG-06'],
    remediation: {
      text: 'Enable the detector (ideally for the whole organization from a delegated administrator account) and route its findings to your alerting.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_guardduty_detector" "main" {
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}`,
      },
    },
  },
  evaluate: ({ attributes }) => requireTrue(attributes.enabled, 'detector_disabled', 'the GuardDuty detector is not enabled'),
});
