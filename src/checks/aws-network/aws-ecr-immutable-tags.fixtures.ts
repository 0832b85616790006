import type { EcrRepository } from '../../domain/resources/aws.js';
import { defineFixtures } from '../types.js';

const repo = (imageTagMutability: string | EcrRepository['imageTagMutability']): EcrRepository =>
  ({ scanOnPush: true, imageTagMutability: imageTagMutability as EcrRepository['imageTagMutability'], kmsEncryption: false });

export default defineFixtures('aws.ecr.repository', {
  pass: [repo('IMMUTABLE'), repo('IMMUTABLE_WITH_EXCLUSION')],
  fail: [
    { attributes: repo('MUTABLE'), reason: 'mutable_tags' },
    { attributes: repo('MUTABLE_WITH_EXCLUSION'), reason: 'mutable_tags' },
  ],
  notApplicable: [],
  unknown: [
    { attributes: repo({ $unknown: 'var.tag_mutability' }), reason: 'unknown_value' },
    { attributes: repo('SOMETIMES'), reason: 'unrecognized_value' },
  ],
});
