import type { Migration } from './index.js';

// Readiness snapshots count controls at risk (a recurring task overdue, docs/TASKS.md)
// apart from the other statuses, as the live readiness does. Snapshots stored before it hold 0
// there: their at-risk controls are counted only in `controls`.
export const m0013: Migration = {
  version: 13,
  name: 'snapshot_at_risk',
  sql: `
ALTER TABLE readiness_snapshots ADD COLUMN at_risk integer NOT NULL DEFAULT 0;
`,
};
