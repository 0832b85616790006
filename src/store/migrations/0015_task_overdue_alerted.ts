import type { Migration } from './index.js';

// A task that goes overdue raises one task_overdue alert. Whether it did was read from
// alert_events, which alert retention prunes (0013's prune-alerts, ATTEST_ALERT_RETENTION_DAYS):
// a task still overdue after that would have been alerted again. The task now keeps when it was
// alerted; tasks already alerted are marked from the events still there.
export const m0015: Migration = {
  version: 15,
  name: 'task_overdue_alerted',
  sql: `
ALTER TABLE tasks ADD COLUMN overdue_alerted_at timestamptz;
UPDATE tasks t SET overdue_alerted_at = a.at
FROM (SELECT org_id, subject_id, min(at) AS at FROM alert_events WHERE kind = 'task_overdue' AND subject_type = 'task' GROUP BY org_id, subject_id) a
WHERE a.org_id = t.org_id AND a.subject_id = t.id::text;
`,
};
