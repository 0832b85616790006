import type { Migration } from './index.js';

// Audits (Type I as of a date, Type II over a period) and their fieldwork: the samples drawn
// (per seed and control, kept as drawn so that the same seed always answers the same sample),
// the tests performed, exceptions with management's response, and the auditor's request list.
export const m0006: Migration = {
  version: 6,
  name: 'audits',
  sql: `
CREATE TABLE audits (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  report_type text NOT NULL CHECK (report_type IN ('type1', 'type2')),
  as_of date,
  period_start date,
  period_end date,
  categories text[] NOT NULL,
  -- The seed of the current samples, shown to the auditor; null until the first draw.
  seed bigint CHECK (seed IS NULL OR seed >= 0),
  -- Numbers the audit's requests (R-1, R-2, …); the row lock on update serializes them.
  request_seq integer NOT NULL DEFAULT 0,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  CHECK ('security' = ANY (categories)),
  CHECK ((report_type = 'type1' AND as_of IS NOT NULL AND period_start IS NULL AND period_end IS NULL)
      OR (report_type = 'type2' AND as_of IS NULL AND period_start IS NOT NULL AND period_end IS NOT NULL AND period_start < period_end))
);
CREATE INDEX audits_by_created ON audits (org_id, created_at DESC);

CREATE TABLE audit_samples (
  org_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  seed bigint NOT NULL,
  control_id text NOT NULL,
  population_kind text NOT NULL CHECK (population_kind IN ('occurrences', 'events', 'resources')),
  population_size integer NOT NULL,
  population_digest char(64) NOT NULL,
  rule text NOT NULL,
  required integer NOT NULL,
  explanation text NOT NULL,
  items jsonb NOT NULL,
  drawn_by text NOT NULL,
  drawn_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, audit_id, seed, control_id),
  FOREIGN KEY (org_id, audit_id) REFERENCES audits(org_id, id),
  FOREIGN KEY (org_id, control_id) REFERENCES org_controls(org_id, control_id)
);

CREATE TABLE audit_tests (
  org_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  id uuid NOT NULL,
  control_id text NOT NULL,
  item text,
  method text NOT NULL CHECK (method IN ('inquiry', 'observation', 'inspection', 'reperformance')),
  performed_by text NOT NULL,
  performed_on date NOT NULL,
  result text NOT NULL CHECK (result IN ('pass', 'exception')),
  notes text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, audit_id, id),
  FOREIGN KEY (org_id, audit_id) REFERENCES audits(org_id, id),
  FOREIGN KEY (org_id, control_id) REFERENCES org_controls(org_id, control_id)
);
CREATE INDEX audit_tests_by_control ON audit_tests (org_id, audit_id, control_id, performed_on);

CREATE TABLE audit_exceptions (
  org_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  id uuid NOT NULL,
  control_id text NOT NULL,
  test_id uuid,
  description text NOT NULL,
  management_response text,
  responded_by text,
  responded_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, audit_id, id),
  FOREIGN KEY (org_id, audit_id) REFERENCES audits(org_id, id),
  FOREIGN KEY (org_id, control_id) REFERENCES org_controls(org_id, control_id),
  FOREIGN KEY (org_id, audit_id, test_id) REFERENCES audit_tests(org_id, audit_id, id),
  CHECK ((management_response IS NULL) = (responded_at IS NULL))
);
CREATE INDEX audit_exceptions_by_control ON audit_exceptions (org_id, audit_id, control_id);

CREATE TABLE audit_requests (
  org_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  id uuid NOT NULL,
  number integer NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  controls text[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('open', 'submitted', 'accepted', 'rejected')),
  assignee text,
  due_date date,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, audit_id, id),
  UNIQUE (org_id, audit_id, number),
  FOREIGN KEY (org_id, audit_id) REFERENCES audits(org_id, id)
);

CREATE TABLE audit_request_comments (
  org_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  request_id uuid NOT NULL,
  id uuid NOT NULL,
  author text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, audit_id, request_id, id),
  FOREIGN KEY (org_id, audit_id, request_id) REFERENCES audit_requests(org_id, audit_id, id)
);
CREATE INDEX audit_request_comments_by_time ON audit_request_comments (org_id, audit_id, request_id, created_at);

CREATE TABLE audit_request_attachments (
  org_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  request_id uuid NOT NULL,
  evidence_id uuid NOT NULL,
  attached_by text NOT NULL,
  attached_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, audit_id, request_id, evidence_id),
  FOREIGN KEY (org_id, audit_id, request_id) REFERENCES audit_requests(org_id, audit_id, id),
  FOREIGN KEY (org_id, evidence_id) REFERENCES evidence(org_id, id)
);
`,
};
