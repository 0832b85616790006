import type { Migration } from './index.js';

// Accounts and access: credentials on users, sessions, API tokens, invitations, password
// resets. Every secret a client holds (session id, API token, invitation and reset links,
// the setup link) is stored only as its sha-256; the TOTP secret is encrypted with the
// server's key (ATTEST_SECRET_KEY). Tenant tables lead every key with org_id; lookups by a
// token's hash go through a plain index (a token does not say its organization).
export const m0003: Migration = {
  version: 3,
  name: 'accounts',
  sql: `
ALTER TABLE users
  ADD COLUMN password_hash text,
  ADD COLUMN totp_secret text,
  ADD COLUMN totp_pending_secret text,
  ADD COLUMN totp_enabled_at timestamptz,
  ADD COLUMN totp_last_step bigint,
  ADD COLUMN recovery_code_hashes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
  ADD COLUMN locked_until timestamptz,
  ADD COLUMN disabled_at timestamptz,
  ADD COLUMN last_login_at timestamptz,
  ADD COLUMN password_changed_at timestamptz;
CREATE INDEX users_by_email ON users (email);

CREATE TABLE sessions (
  org_id uuid NOT NULL,
  id char(64) NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX sessions_by_id ON sessions (id);
CREATE INDEX sessions_by_user ON sessions (org_id, user_id);

CREATE TABLE api_tokens (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  name text NOT NULL,
  token_hash char(64) NOT NULL,
  prefix text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'auditor', 'viewer')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX api_tokens_by_hash ON api_tokens (token_hash);

CREATE TABLE invitations (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'auditor', 'viewer')),
  token_hash char(64) NOT NULL,
  invited_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_user_id uuid,
  revoked_at timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX invitations_by_hash ON invitations (token_hash);

CREATE TABLE password_resets (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_hash char(64) NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX password_resets_by_hash ON password_resets (token_hash);

-- Instance-wide, not tenant-owned: the first-run setup link, and failed-login counters per
-- client address (keyed by a hash of the address, so no address is stored).
CREATE TABLE setup_tokens (
  token_hash char(64) PRIMARY KEY,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE login_throttle (
  key char(64) PRIMARY KEY,
  failures integer NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz
);
`,
};
