import type { Migration } from './index.js';

// Every tenant-owned table carries org_id, leading its primary key, unique constraints
// and foreign keys, so that it can be distributed by organization later.
export const m0001: Migration = {
  version: 1,
  name: 'init',
  sql: `
CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'auditor', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, email)
);

CREATE TABLE audit_scopes (
  org_id uuid PRIMARY KEY REFERENCES organizations(id),
  categories text[] NOT NULL,
  report_type text NOT NULL CHECK (report_type IN ('type1', 'type2')),
  as_of date,
  period_start date,
  period_end date,
  system_description jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ('security' = ANY (categories)),
  CHECK (period_start IS NULL OR period_end IS NULL OR period_start < period_end)
);

CREATE TABLE org_controls (
  org_id uuid NOT NULL REFERENCES organizations(id),
  control_id text NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  frequency text NOT NULL,
  owner text,
  in_scope boolean NOT NULL DEFAULT true,
  exclusion_reason text,
  notes text NOT NULL DEFAULT '',
  library_digest text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, control_id),
  CHECK (in_scope OR (exclusion_reason IS NOT NULL AND length(trim(exclusion_reason)) > 0))
);

CREATE TABLE evidence (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  sha256 char(64) NOT NULL,
  size bigint NOT NULL,
  filename text NOT NULL,
  media_type text NOT NULL,
  description text NOT NULL DEFAULT '',
  source text NOT NULL,
  collected_at timestamptz NOT NULL,
  effective_at date NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX evidence_org_effective ON evidence (org_id, effective_at DESC);
CREATE INDEX evidence_org_sha ON evidence (org_id, sha256);

CREATE TABLE evidence_controls (
  org_id uuid NOT NULL,
  evidence_id uuid NOT NULL,
  control_id text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, evidence_id, control_id),
  FOREIGN KEY (org_id, evidence_id) REFERENCES evidence(org_id, id),
  FOREIGN KEY (org_id, control_id) REFERENCES org_controls(org_id, control_id)
);
CREATE INDEX evidence_controls_by_control ON evidence_controls (org_id, control_id);

CREATE TABLE audit_log (
  org_id uuid NOT NULL REFERENCES organizations(id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  before_digest text,
  after_digest text,
  detail jsonb NOT NULL,
  prev_hash char(64) NOT NULL,
  hash char(64) NOT NULL,
  PRIMARY KEY (org_id, seq)
);

-- Append-only: the application never updates or deletes audit entries. Tampering with
-- the table directly is still possible for a superuser, which is what the hash chain
-- and \`attest verify\` detect.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`,
};
