import type { Migration } from './index.js';

// Single sign-on settings per organization (docs/ACCOUNTS.md), edited in the app. One row per
// organization: its OpenID Connect provider and client. The client secret is encrypted with
// the server key, bound to the organization (src/app/secrets.ts), so a copied database does not
// give it away and a box moved to another organization's row does not open. When
// ATTEST_OIDC_ISSUER is set, the environment's configuration is used instead of these rows.
export const m0012: Migration = {
  version: 12,
  name: 'sso_settings',
  sql: `
CREATE TABLE sso_settings (
  org_id uuid NOT NULL REFERENCES organizations(id),
  issuer text NOT NULL,
  client_id text NOT NULL,
  client_secret_sealed text NOT NULL,
  -- The role given to someone the provider vouches for who has no account yet; null: only existing members.
  provision_role text CHECK (provision_role IN ('admin', 'member', 'auditor', 'viewer')),
  name text NOT NULL,
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (org_id)
);
`,
};
