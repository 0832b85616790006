import { isUnknown } from '../../domain/resources/index.js';
import { isTemplated, parseImageRef } from '../docker/lib/image-ref.js';
import { defineCheck } from '../types.js';
import { fail, unknownOutcome } from '../util.js';
import { eachContainer, label } from './lib/workload.js';

export default defineCheck({
  meta: {
    id: 'k8s-workload-image-tag',
    title: 'Container images name a version',
    description: 'An image without a tag, or tagged `latest`, can change under a running deployment: two replicas may run different code, a rollback does not bring back the old version, and nobody can say what was deployed. A digest also satisfies this check.',
    severity: 'medium',
    resourceType: 'k8s.workload',
    controls: ['VUL-02', 'VUL-06'],
    remediation: {
      text: 'Reference a versioned tag produced by the pipeline, or better an image digest.',
      snippet: {
        language: 'yaml',
        code: `containers:
  - name: web
    image: ghcr.io/acme/web:1.4.2`,
      },
    },
  },
  evaluate({ attributes }) {
    return eachContainer(attributes, (c) => {
      const image = c.image;
      if (isUnknown(image)) return unknownOutcome('unknown_value', `the image of ${label(c)} depends on ${image.$unknown}`);
      if (isTemplated(image)) return unknownOutcome('unknown_value', `the image of ${label(c)} is set by a variable (${image})`);
      const ref = parseImageRef(image);
      if (ref.digest) return null;
      if (ref.tag === null || ref.tag === '') return fail('untagged', `${label(c)} uses ${image} without a tag, which means latest`, c.location);
      if (ref.tag.toLowerCase() === 'latest') return fail('latest_tag', `${label(c)} uses the mutable tag latest (${image})`, c.location);
      return null;
    });
  },
});
