// Generates the tasks of recurring manual work (src/app/tasks.service.ts): the current and next
// period of every in-scope manual control with a calendar frequency, and marks done the open
// tasks whose period has evidence. Idempotent: tasks are unique per control and period, so a
// retry or a second run the same day adds nothing; the effects commit with the job.
import { defineJob, scheduledSlot } from './types.js';
import type { GenerateResult } from '../app/tasks.service.js';

export interface GenerateTasksPayload {
  scheduledFor: string;
}

export const NAME = 'generate-tasks';

export const generateTasks = defineJob<GenerateTasksPayload, GenerateResult>({
  name: NAME,
  description: 'Create the tasks of recurring manual work (current and next period) and close those whose period has evidence',
  retry: { attempts: 5, backoffSeconds: 60, factor: 2, maxSeconds: 3600 },
  timeoutSeconds: 300,
  ...scheduledSlot(NAME),
  async perform(_payload, jc) {
    const result = await jc.commit(({ services }) => services.tasks.generate(jc.orgId, 'system'));
    jc.log.info({ created: result.created, completed: result.completed, controls: result.controls }, 'tasks generated');
    return result;
  },
});
