import type { Migration } from './index.js';

// Which in-memory copy of an organization's current results may be trusted (issue 5). The
// ingest diffs a run against the current results held by the process (src/store/result-state.ts)
// and, in the same transaction as its writes, records a fresh random token here; the process
// keeps the token with its copy. A copy is used only while its token is the committed one.
//
// Any other statement that writes result_intervals (a migration, a restore, a bench loading
// history directly, an operator's fix by hand) clears every token, so every copy is rebuilt from
// the table before it is used again. The ingest marks its own statements with the setting
// attest.ingest, local to its transaction.
export const m0011: Migration = {
  version: 11,
  name: 'ingest_states',
  sql: `
CREATE TABLE ingest_states (
  org_id uuid PRIMARY KEY REFERENCES organizations(id),
  token uuid NOT NULL
);

CREATE FUNCTION ingest_states_invalidate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('attest.ingest', true) IS DISTINCT FROM 'on' THEN
    DELETE FROM ingest_states;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER result_intervals_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON result_intervals
  FOR EACH STATEMENT EXECUTE FUNCTION ingest_states_invalidate();
`,
};
