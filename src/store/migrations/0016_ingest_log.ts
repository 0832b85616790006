import type { Migration } from './index.js';

// Which ingest followed which (issue 5): a process whose copy of an organization's current
// results is out of date because other processes ingested since (several workers, or a server
// and a worker) catches up on what those ingests changed instead of rebuilding the copy from
// every open interval. Each ingest records its token, the token of the state it compared
// against (null when it started from a copy rebuilt with no committed token: after a write that
// was not an ingest), and its run's instant. A held copy may catch up only when the chain from
// the committed token leads back to its own token; a write that was not an ingest breaks the
// chain (the trigger of migration 0011 clears the committed token, so the next ingest records no
// predecessor). Entries older than a month are dropped by the ingest.
export const m0016: Migration = {
  version: 16,
  name: 'ingest_log',
  sql: `
CREATE TABLE ingest_log (
  org_id uuid NOT NULL REFERENCES organizations(id),
  token uuid NOT NULL,
  prev uuid,
  at timestamptz NOT NULL,
  PRIMARY KEY (org_id, token)
);
CREATE INDEX ingest_log_by_time ON ingest_log (org_id, at);
`,
};
