import { defineCheck } from '../types.js';
import { fail } from '../util.js';
import { eachBaseImage } from './lib/base-images.js';
import { fromLocation } from './lib/dockerfile.js';

export default defineCheck({
  meta: {
    id: 'docker-base-image-tag',
    title: 'Base images name a version',
    description: 'A FROM without a tag, or with `latest`, builds on whatever the registry serves that day: two builds of the same commit can differ, and a broken or compromised upstream release flows straight into the image. A digest also satisfies this check.',
    severity: 'medium',
    resourceType: 'container.dockerfile',
    controls: ['VUL-02'],
    remediation: {
      text: 'Name an explicit version of each base image (and let a dependency bot propose upgrades).',
      snippet: { language: 'dockerfile', code: 'FROM python:3.12.7-slim-bookworm' },
    },
  },
  evaluate({ attributes }) {
    return eachBaseImage(attributes, (ref, stage) => {
      if (ref.digest) return null;
      if (ref.tag === null || ref.tag === '') return fail('untagged', `FROM ${stage.baseImage} has no tag, which means latest`, fromLocation(stage));
      if (ref.tag.toLowerCase() === 'latest') return fail('latest_tag', `FROM ${stage.baseImage} uses the mutable tag latest`, fromLocation(stage));
      return null;
    });
  },
});
