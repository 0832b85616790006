import { defineCheck } from '../types.js';
import { fail } from '../util.js';
import { eachBaseImage } from './lib/base-images.js';
import { fromLocation } from './lib/dockerfile.js';

export default defineCheck({
  meta: {
    id: 'docker-base-image-digest',
    title: 'Base images are pinned by digest',
    description: 'Even a precise tag such as `3.12.7-slim` can be pushed again. Pinning each base image to its sha256 digest makes builds reproducible and ensures the base that was scanned is the base that ships.',
    severity: 'low',
    resourceType: 'container.dockerfile',
    controls: ['VUL-02', 'CHG-08'],
    remediation: {
      text: 'Append the digest of the tag you use, and let a dependency bot update tag and digest together.',
      snippet: { language: 'dockerfile', code: 'FROM python:3.12.7-slim-bookworm@sha256:2a7f…' },
    },
  },
  evaluate({ attributes }) {
    return eachBaseImage(attributes, (ref, stage) => (ref.digest ? null : fail('not_pinned_by_digest', `FROM ${stage.baseImage} is not pinned by digest`, fromLocation(stage))));
  },
});
