import { defineCheck } from '../types.js';
import { requireTrue } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-ecr-scan-on-push',
    title: 'ECR repositories scan images on push',
    description: 'Each repository should scan every image as it is pushed, so that known vulnerabilities in its packages are reported before the image is deployed. When the registry uses enhanced scanning (Amazon Inspector), the registry-level rules take over from this repository setting; suppress the finding with that reason.',
    severity: 'medium',
    resourceType: 'aws.ecr.repository',
    controls: ['VUL-02'],
    remediation: {
      text: 'Enable scan on push on the repository, or enhanced scanning for the whole registry.',
      snippet: {
        language: 'terraform',
        code: `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}`,
      },
    },
  },
  evaluate: ({ attributes }) => requireTrue(attributes.scanOnPush, 'scan_on_push_disabled', 'images pushed to the repository are not scanned'),
});
