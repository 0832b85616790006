import { defineFixtures } from '../types.js';
import { container, empty, workload } from './lib/fixture-builders.js';

const image = (i: string) => workload({ containers: [container({ image: i })] });

export default defineFixtures('k8s.workload', {
  pass: [workload(), image(`busybox@sha256:${'0f'.repeat(32)}`)],
  fail: [
    { attributes: image('nginx:1.27.2'), reason: 'not_pinned_by_digest' },
    { attributes: image('nginx@sha256:short'), reason: 'not_pinned_by_digest' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [{ attributes: workload({ containers: [container({ image: { $unknown: 'values.image' } })] }), reason: 'unknown_value' }],
});
