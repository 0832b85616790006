import type { Migration } from './index.js';

// The ingest's changes, before they become intervals (issue 5: ingesting a run costs a small
// multiple of writing its changed rows). Closing and opening intervals in result_intervals
// touches random pages of a table and a key index far larger than memory, about 12 times the
// cost of appending the same rows; so the ingest appends each changed result here, one row a
// change, and settling (ScansRepo.settle: the settle-history job queued by every ingest, the
// next ingest, or the first read of intervals, whichever comes first) turns an organization's
// pending changes into intervals, run by run in time order, under its ingest lock.
//
// A row says: from `at` on, the result of (check_id, resource_id) is this one, or none when
// status is null (the run's scope no longer reports it). `replaces` is whether the ingest's copy
// of the current results held an open interval for the pair: settling counts what it closed
// against it, and a difference means the copy was out of date.
//
// No index: the table holds only what is not settled yet (about one run's changes), which
// settling reads whole, and an index would cost every append (the floor the ingest is held to is
// appending to a table without one).
export const m0017: Migration = {
  version: 17,
  name: 'result_changes',
  sql: `
CREATE TABLE result_changes (
  org_id uuid NOT NULL,
  at timestamptz NOT NULL,
  scope_id integer NOT NULL,
  replaces boolean NOT NULL,
  check_id text NOT NULL,
  resource_type text,
  resource_id text NOT NULL,
  status text CHECK (status IN ('pass', 'fail', 'not_applicable', 'unknown', 'error', 'suppressed')),
  reason text,
  message text,
  severity text,
  path text,
  start_line integer,
  end_line integer,
  CHECK (status IS NULL OR (resource_type IS NOT NULL AND severity IS NOT NULL))
);
`,
};
