import { isUnknown } from '../../domain/resources/index.js';
import { isTemplated, parseImageRef } from '../docker/lib/image-ref.js';
import { defineCheck } from '../types.js';
import { fail, unknownOutcome } from '../util.js';
import { eachContainer, label } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-image-digest',
    title: 'Container images are pinned by digest',
    description: 'A tag is a pointer that the registry, or anyone who can push to it, may move. Referencing the image by its sha256 digest guarantees that the cluster runs exactly the image that was scanned and approved.',
    severity: 'low',
    resourceType: 'k8s.workload',
    controls: ['VUL-02', 'VUL-06'],
    remediation: {
      text: 'Append the digest the pipeline printed when it pushed the image (the tag may stay for readability).',
      snippet: {
        language: 'yaml',
        code: `containers:
  - name: web
    image: ghcr.io/acme/web:1.4.2@sha256:3b1f…`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => {
      const image = c.image;
      if (isUnknown(image)) return unknownOutcome('unknown_value', `the image of ${label(c)} depends on ${image.$unknown}`);
      if (isTemplated(image)) return unknownOutcome('unknown_value', `the image of ${label(c)} is set by a variable (${image})`);
      return parseImageRef(image).digest ? null : fail('not_pinned_by_digest', `${label(c)} uses ${image} without a digest`, c.location);
    });
  },
});
