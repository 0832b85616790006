import type { Migration } from './index.js';

// Auditors limited to their audits, and the risk that sizes a control's sample.
// - audit_auditors: which audits an account with the auditor role may see (an auditor with
//   none sees no audit and no evidence).
// - invitations.audit_id: an auditor is invited for an audit; accepting assigns it.
// - audit_control_risks: per audit and control, low / moderate / high (no row: moderate);
//   the sample-size rule reads it, and each stored sample keeps the risk it was drawn with.
export const m0009: Migration = {
  version: 9,
  name: 'audit_auditors',
  sql: `
CREATE TABLE audit_auditors (
  org_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  user_id uuid NOT NULL,
  assigned_by text NOT NULL,
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, audit_id, user_id),
  FOREIGN KEY (org_id, audit_id) REFERENCES audits(org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX audit_auditors_by_user ON audit_auditors (org_id, user_id);

ALTER TABLE invitations ADD COLUMN audit_id uuid;
ALTER TABLE invitations ADD CONSTRAINT invitations_audit_fk FOREIGN KEY (org_id, audit_id) REFERENCES audits(org_id, id);
ALTER TABLE invitations ADD CONSTRAINT invitations_audit_auditor CHECK (audit_id IS NULL OR role = 'auditor');

CREATE TABLE audit_control_risks (
  org_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  control_id text NOT NULL,
  risk text NOT NULL CHECK (risk IN ('low', 'moderate', 'high')),
  set_by text NOT NULL,
  set_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, audit_id, control_id),
  FOREIGN KEY (org_id, audit_id) REFERENCES audits(org_id, id),
  FOREIGN KEY (org_id, control_id) REFERENCES org_controls(org_id, control_id)
);

ALTER TABLE audit_samples ADD COLUMN risk text NOT NULL DEFAULT 'moderate' CHECK (risk IN ('low', 'moderate', 'high'));
`,
};
