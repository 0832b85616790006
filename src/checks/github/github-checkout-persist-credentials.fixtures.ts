import { defineFixtures } from '../types.js';
import { CHECKOUT, noJobs, step, withSteps, workflow } from './lib/fixture-builders.js';

export default defineFixtures('ci.github.workflow', {
  pass: [workflow(), withSteps([step({ uses: 'actions/checkout@v4', with: { 'persist-credentials': 'False' } })])],
  fail: [
    { attributes: withSteps([step({ uses: CHECKOUT })]), reason: 'credentials_persisted' },
    { attributes: withSteps([step({ uses: CHECKOUT, with: { 'persist-credentials': 'true' } })]), reason: 'credentials_persisted' },
  ],
  notApplicable: [
    { attributes: withSteps([step({ run: 'echo hi' })]), reason: 'no_checkout' },
    { attributes: noJobs(), reason: 'no_checkout' },
  ],
  unknown: [{ attributes: withSteps([step({ uses: CHECKOUT, with: { 'persist-credentials': '${{ inputs.push }}' } })]), reason: 'unknown_value' }],
});
