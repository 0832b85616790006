import { defineFixtures } from '../types.js';
import { job, noJobs, workflow } from './lib/fixture-builders.js';

export default defineFixtures('ci.github.workflow', {
  pass: [workflow(), workflow({ permissions: {}, jobs: [job({ permissions: null })] }), workflow({ permissions: null, jobs: [job({ permissions: { contents: 'read' } })] })],
  fail: [
    { attributes: workflow({ permissions: null, jobs: [job({ permissions: null })] }), reason: 'no_permissions' },
    { attributes: workflow({ permissions: null, jobs: [job(), job({ id: 'lint', permissions: null })] }), reason: 'no_permissions' },
  ],
  notApplicable: [{ attributes: noJobs(), reason: 'no_jobs' }],
  unknown: [],
});
