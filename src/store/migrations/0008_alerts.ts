import type { Migration } from './index.js';

// Alerts (docs/ALERTS.md): webhook endpoints and people's subscriptions, the events that status
// evaluation (and later, recurring tasks) raise, and the log of every delivery.
//
// alert_control_state holds each control's status as alerts last saw it, so a recomputation
// can tell a change from a state that was already there. A delivery is unique per organization
// and key (`webhook:<event>:<endpoint>`, `email:<event>:<user>`, `digest:<day>:<user>`), the
// same key as the job that performs it: an alert reaches each destination once.
export const m0008: Migration = {
  version: 8,
  name: 'alerts',
  sql: `
CREATE TABLE alert_webhooks (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  name text NOT NULL,
  url text NOT NULL,
  -- The HMAC secret, encrypted with the server key (src/app/secrets.ts).
  secret_sealed text NOT NULL,
  kinds jsonb NOT NULL,
  enabled boolean NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);

CREATE TABLE alert_subscriptions (
  org_id uuid NOT NULL,
  user_id uuid NOT NULL,
  kinds jsonb NOT NULL,
  mode text NOT NULL CHECK (mode IN ('immediate', 'digest', 'off')),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, user_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);

CREATE TABLE alert_control_state (
  org_id uuid NOT NULL REFERENCES organizations(id),
  control_id text NOT NULL,
  status text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, control_id)
);

CREATE TABLE alert_events (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  kind text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  subject_title text NOT NULL,
  before_status text,
  after_status text,
  detail text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX alert_events_recent ON alert_events (org_id, at DESC);

CREATE TABLE alert_deliveries (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id uuid NOT NULL,
  key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
  -- The event delivered; null for a digest (many events) or a test message.
  event_id uuid,
  -- The destination: a webhook endpoint (kept after the endpoint is deleted) or a person.
  webhook_id uuid,
  user_id uuid,
  target text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  status_code integer,
  error text,
  created_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, key)
);
CREATE INDEX alert_deliveries_recent ON alert_deliveries (org_id, created_at DESC);
`,
};
