import type { Migration } from './index.js';

// Scan runs and their results. Issue 5 replaces per-run result rows with change-only history;
// until then each recorded run keeps its full result set, and status reads the latest run.
export const m0002: Migration = {
  version: 2,
  name: 'scans',
  sql: `
CREATE TABLE scan_runs (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  actor text NOT NULL,
  targets jsonb NOT NULL,
  summary jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX scan_runs_latest ON scan_runs (org_id, finished_at DESC);

CREATE TABLE scan_results (
  org_id uuid NOT NULL,
  run_id uuid NOT NULL,
  ordinal integer NOT NULL,
  check_id text NOT NULL,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('pass', 'fail', 'not_applicable', 'unknown', 'error', 'suppressed')),
  reason text,
  message text,
  severity text NOT NULL,
  path text,
  start_line integer,
  end_line integer,
  PRIMARY KEY (org_id, run_id, ordinal),
  FOREIGN KEY (org_id, run_id) REFERENCES scan_runs(org_id, id)
);
CREATE INDEX scan_results_by_check ON scan_results (org_id, run_id, check_id);
`,
};
