import type { Migration } from './index.js';

// The dashboard's maintained summary (issue 4): one row per organization holding the last
// computed status report (readiness by category and criterion, next steps, top gaps), keyed by
// what it was computed from: the organization's audit-log head and the day. Every change that
// moves a control's status (a control edited, evidence added or linked, a scan recorded, the
// scope changed, the library synced) appends an audit entry in its own transaction, and
// evidence freshness depends only on the date, so a row whose key still matches is exactly the
// report a fresh computation would give. Reading the dashboard is then one indexed row, not a
// pass over the controls, their evidence and the current results of every check.
export const m0010: Migration = {
  version: 10,
  name: 'status_summaries',
  sql: `
CREATE TABLE status_summaries (
  org_id uuid NOT NULL REFERENCES organizations(id),
  audit_seq bigint NOT NULL,
  day date NOT NULL,
  format integer NOT NULL,
  computed_at timestamptz NOT NULL,
  report jsonb NOT NULL,
  PRIMARY KEY (org_id)
);
`,
};
