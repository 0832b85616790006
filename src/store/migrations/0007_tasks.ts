import type { Migration } from './index.js';

// Recurring manual work (src/domain/tasks.ts): one task per control and calendar period, due at
// the period's end plus a grace. A task is open, done (with the evidence effective within its
// period that shows the work), or skipped with a reason. Tasks are generated idempotently: the
// (control, period start) pair is unique.
export const m0007: Migration = {
  version: 7,
  name: 'tasks',
  sql: `
CREATE TABLE tasks (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  control_id text NOT NULL,
  frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly', 'quarterly', 'annually')),
  period_start date NOT NULL,
  period_end date NOT NULL,
  period_label text NOT NULL,
  due_on date NOT NULL,
  assignee text,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'skipped')),
  evidence_id uuid,
  note text NOT NULL DEFAULT '',
  skip_reason text,
  completed_by text,
  completed_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, control_id, period_start),
  FOREIGN KEY (org_id, control_id) REFERENCES org_controls(org_id, control_id),
  FOREIGN KEY (org_id, evidence_id) REFERENCES evidence(org_id, id),
  CHECK (period_start <= period_end AND period_end <= due_on),
  CHECK (state <> 'done' OR (evidence_id IS NOT NULL AND completed_at IS NOT NULL)),
  CHECK (state <> 'skipped' OR (skip_reason IS NOT NULL AND length(trim(skip_reason)) > 0 AND completed_at IS NOT NULL))
);
CREATE INDEX tasks_by_state_due ON tasks (org_id, state, due_on);
CREATE INDEX tasks_by_assignee ON tasks (org_id, assignee, due_on);
`,
};
