import { defineFixtures } from '../types.js';
import { noJobs, step, withSteps, workflow } from './lib/fixture-builders.js';

const run = (script: string) => withSteps([step({ run: script })], { triggers: ['issues', 'pull_request_target', 'issue_comment'] });

export default defineFixtures('ci.github.workflow', {
  pass: [
    workflow(),
    run('echo "$TITLE"'),
    run('git checkout ${{ github.event.pull_request.head.sha }} && echo ${{ github.event.issue.number }} ${{ github.event.pull_request.user.id }}'),
    withSteps([step({ uses: 'actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea', with: { script: 'const t = process.env.TITLE' } })]),
  ],
  fail: [
    { attributes: run('echo "${{ github.event.issue.title }}"'), reason: 'untrusted_input_in_run' },
    { attributes: run('gh pr comment --body "${{github.event.comment.body}}"'), reason: 'untrusted_input_in_run' },
    { attributes: run('echo ${{ github.event.pull_request.body }}'), reason: 'untrusted_input_in_run' },
    { attributes: run('echo ${{ github.event.review.body }}'), reason: 'untrusted_input_in_run' },
    { attributes: run('echo ${{ github.event.pages[0].page_name }}'), reason: 'untrusted_input_in_run' },
    { attributes: run('echo "${{ github.event.commits[0].message }}"'), reason: 'untrusted_input_in_run' },
    { attributes: run('echo "${{ github.event.head_commit.author.email }}"'), reason: 'untrusted_input_in_run' },
    { attributes: run('git push origin ${{ github.head_ref }}'), reason: 'untrusted_input_in_run' },
    { attributes: run('echo ${{ github.event.pull_request.head.label }}'), reason: 'untrusted_input_in_run' },
    { attributes: run("echo ${{ github.event['pull_request']['head']['ref'] }}"), reason: 'untrusted_input_in_run' },
    { attributes: run('echo ${{ github.event.workflow_run.head_branch }}'), reason: 'untrusted_input_in_run' },
    { attributes: run('echo ${{ format(\'{0}\', github.event.discussion.title) }}'), reason: 'untrusted_input_in_run' },
    {
      attributes: withSteps([step({ uses: 'actions/github-script@v7', with: { script: 'console.log("${{ github.event.issue.body }}")' } })]),
      reason: 'untrusted_input_in_script',
    },
  ],
  notApplicable: [{ attributes: noJobs(), reason: 'no_jobs' }],
  unknown: [],
});
