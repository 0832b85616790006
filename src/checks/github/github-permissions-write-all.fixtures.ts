import { defineFixtures } from '../types.js';
import { job, noJobs, workflow } from './lib/fixture-builders.js';

export default defineFixtures('ci.github.workflow', {
  pass: [workflow(), workflow({ permissions: 'read-all', jobs: [job({ permissions: { contents: 'write', packages: 'write' } })] }), workflow({ permissions: null })],
  fail: [
    { attributes: workflow({ permissions: 'write-all' }), reason: 'workflow_write_all' },
    { attributes: workflow({ jobs: [job(), job({ id: 'release', permissions: 'write-all' })] }), reason: 'job_write_all' },
  ],
  notApplicable: [{ attributes: noJobs(), reason: 'no_jobs' }],
  unknown: [],
});
