import { isUnknown } from '../../domain/resources/index.js';
import { defineCheck } from '../types.js';
import { fail, pass, unknownOutcome } from '../util.js';

export default defineCheck({
  meta: {
    id: 'aws-ecr-immutable-tags',
    title: 'ECR repositories make image tags immutable',
    description: 'Tags should be immutable, so that a tag such as v1.4.2 always names the image that was built, scanned and approved, deployments are reproducible and a rollback redeploys exactly what ran before. With mutable tags anyone who can push can silently replace what production pulls. IMMUTABLE_WITH_EXCLUSION passes: a few named tags (latest) may move while release tags stay fixed.',
    severity: 'medium',
    resourceType: 'aws.ecr.repository',
    controls: ['CHG-08', 'CHG-09'],
    remediation: {
      text: 'Set the repository\'s tag mutability to IMMUTABLE and give every build a unique tag (the commit SHA, a version).',
      snippet: {
        language: 'terraform',
        code: `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}`,
      },
    },
  },
  evaluate({ attributes: { imageTagMutability } }) {
    if (isUnknown(imageTagMutability)) return unknownOutcome('unknown_value', `the tag mutability depends on ${imageTagMutability.$unknown}`);
    // Compared as a string: ECR has added the *_WITH_EXCLUSION modes beyond the two of the contract.
    const mode: string = imageTagMutability.trim().toUpperCase();
    if (mode === 'IMMUTABLE' || mode === 'IMMUTABLE_WITH_EXCLUSION') return pass();
    if (mode === 'MUTABLE' || mode === 'MUTABLE_WITH_EXCLUSION') return fail('mutable_tags', 'image tags in the repository can be overwritten');
    return unknownOutcome('unrecognized_value', `${imageTagMutability} is a tag mutability setting this check does not know`);
  },
});
