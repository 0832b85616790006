import { defineFixtures } from '../types.js';
import { container, empty, workload } from './lib/fixture-builders.js';

const image = (i: string) => workload({ containers: [container({ image: i })] });

export default defineFixtures('k8s.workload', {
  pass: [workload(), image('nginx:1.27.2'), image('registry.local:5000/team/app:2024-10-01'), image(`busybox@sha256:${'0f'.repeat(32)}`), image(`app:latest@sha256:${'0f'.repeat(32)}`)],
  fail: [
    { attributes: image('nginx'), reason: 'untagged' },
    { attributes: image('registry.local:5000/team/app'), reason: 'untagged' },
    { attributes: image('ghcr.io/acme/web:latest'), reason: 'latest_tag' },
    { attributes: workload({ containers: [container(), container({ name: 'sidecar', image: 'envoyproxy/envoy:LATEST' })] }), reason: 'latest_tag' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_containers' }],
  unknown: [
    { attributes: image('ghcr.io/acme/web:$(TAG)'), reason: 'unknown_value' },
    { attributes: workload({ containers: [container({ image: { $unknown: 'values.image' } })] }), reason: 'unknown_value' },
  ],
});
