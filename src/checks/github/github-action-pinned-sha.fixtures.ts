import { defineFixtures } from '../types.js';
import { job, noJobs, step, withSteps, workflow } from './lib/fixture-builders.js';

const uses = (u: string) => withSteps([step({ uses: u })]);

export default defineFixtures('ci.github.workflow', {
  pass: [
    workflow(),
    uses('actions/cache@v4.1.2'),
    uses('github/codeql-action/init@v3'),
    uses('./.github/actions/setup'),
    uses(`docker://alpine:3.20@sha256:${'be'.repeat(32)}`),
    workflow({ jobs: [job({ steps: [], uses: 'acme/shared/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567' })] }),
    workflow({ jobs: [job({ steps: [], uses: './.github/workflows/reusable.yml' })] }),
  ],
  fail: [
    { attributes: uses('tj-actions/changed-files@v45'), reason: 'not_pinned_to_sha' },
    { attributes: uses('aws-actions/configure-aws-credentials@v4.0.2'), reason: 'not_pinned_to_sha' },
    { attributes: uses('docker/build-push-action@a1b2c3d'), reason: 'not_pinned_to_sha' },
    { attributes: uses('actions/checkout@main'), reason: 'mutable_branch' },
    { attributes: uses('docker://alpine:3.20'), reason: 'docker_not_pinned' },
    { attributes: uses('acme/action'), reason: 'no_ref' },
    { attributes: workflow({ jobs: [job({ steps: [], uses: 'acme/shared/.github/workflows/deploy.yml@main' })] }), reason: 'not_pinned_to_sha' },
  ],
  notApplicable: [{ attributes: noJobs(), reason: 'no_jobs' }],
  unknown: [],
});
