import type { Migration } from './index.js';

// Result history that grows with changes, not with runs (issue 5). A result is stored as an
// interval per (org, check, resource): one row per span of the same status and reason, from
// the run that first observed it (valid_from) to the run that observed a change or its
// absence (valid_to, null while current). An unchanged result is not written again.
//
// result_intervals is partitioned by time on valid_to: the open intervals (valid_to null) live
// in the default partition, which a CHECK keeps to open rows only (so adding a month needs no
// scan of it), and closed intervals move to the partition of the month they closed in
// (created on demand by the ingest, src/store/scans.repo.ts). The diff of a run therefore
// reads only the current state, a period query skips every month that closed before it, and
// old history can be detached a month at a time. Its unique key (org, resource, check, valid_to),
// NULLS NOT DISTINCT, allows one open interval per result and serves a resource's history;
// a second index serves a check's.
//
// check_status_history is the per-check roll-up the ingest maintains in the same transaction:
// a row per span of equal counts (pass, fail, ...) over the check's current results. Status of
// a check or control over a period reads these rows (a few per check and run that changed it)
// instead of the result intervals. scan_run_checks keeps each run's per-check tallies, and
// scan_scopes the target sets that decide which absent resources a run closes.
//
// Results stored per run by 0002 are replayed into intervals in run order, then dropped.
export const m0005: Migration = {
  version: 5,
  name: 'result_history',
  sql: `
CREATE TABLE scan_scopes (
  org_id uuid NOT NULL REFERENCES organizations(id),
  id integer GENERATED ALWAYS AS IDENTITY,
  targets jsonb NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, targets)
);

ALTER TABLE scan_runs ADD COLUMN scope_id integer;
ALTER TABLE scan_runs ADD FOREIGN KEY (org_id, scope_id) REFERENCES scan_scopes(org_id, id);

CREATE TABLE scan_run_checks (
  org_id uuid NOT NULL,
  run_id uuid NOT NULL,
  check_id text NOT NULL,
  observed_at timestamptz NOT NULL,
  resources integer NOT NULL,
  pass integer NOT NULL,
  fail integer NOT NULL,
  unknown integer NOT NULL,
  not_applicable integer NOT NULL,
  error integer NOT NULL,
  suppressed integer NOT NULL,
  PRIMARY KEY (org_id, run_id, check_id),
  FOREIGN KEY (org_id, run_id) REFERENCES scan_runs(org_id, id)
);
CREATE INDEX scan_run_checks_latest ON scan_run_checks (org_id, check_id, observed_at DESC);

-- No foreign keys on the intervals: every row is written by the ingest, in the transaction
-- that records its run, and a per-row check on tens of millions of rows buys nothing more.
CREATE TABLE result_intervals (
  org_id uuid NOT NULL,
  check_id text NOT NULL,
  resource_id text NOT NULL,
  resource_type text NOT NULL,
  scope_id integer NOT NULL,
  status text NOT NULL CHECK (status IN ('pass', 'fail', 'not_applicable', 'unknown', 'error', 'suppressed')),
  reason text,
  message text,
  severity text NOT NULL,
  path text,
  start_line integer,
  end_line integer,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  CONSTRAINT result_intervals_key UNIQUE NULLS NOT DISTINCT (org_id, resource_id, check_id, valid_to),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
) PARTITION BY RANGE (valid_to);
CREATE TABLE result_intervals_open PARTITION OF result_intervals (CONSTRAINT result_intervals_open_only CHECK (valid_to IS NULL)) DEFAULT;
-- By check: a check's failing (or judged) results over a period, e.g. an audit's population.
CREATE INDEX result_intervals_by_check ON result_intervals (org_id, check_id, status, valid_to);

CREATE TABLE check_status_history (
  org_id uuid NOT NULL REFERENCES organizations(id),
  check_id text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  pass integer NOT NULL,
  fail integer NOT NULL,
  unknown integer NOT NULL,
  not_applicable integer NOT NULL,
  error integer NOT NULL,
  suppressed integer NOT NULL,
  PRIMARY KEY (org_id, check_id, valid_from),
  CONSTRAINT check_status_history_open UNIQUE NULLS NOT DISTINCT (org_id, check_id, valid_to),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);

-- Scopes of the runs recorded so far: their targets, distinct and sorted byte-wise.
INSERT INTO scan_scopes (org_id, targets)
SELECT DISTINCT r.org_id, (SELECT coalesce(jsonb_agg(t ORDER BY t COLLATE "C"), '[]'::jsonb) FROM (SELECT DISTINCT jsonb_array_elements_text(r.targets) AS t) x)
FROM scan_runs r;
UPDATE scan_runs r SET scope_id = s.id FROM scan_scopes s
WHERE s.org_id = r.org_id AND s.targets = (SELECT coalesce(jsonb_agg(t ORDER BY t COLLATE "C"), '[]'::jsonb) FROM (SELECT DISTINCT jsonb_array_elements_text(r.targets) AS t) x);
ALTER TABLE scan_runs ALTER COLUMN scope_id SET NOT NULL;

-- Per-check tallies of the recorded runs, as 0002 counted them.
INSERT INTO scan_run_checks (org_id, run_id, check_id, observed_at, resources, pass, fail, unknown, not_applicable, error, suppressed)
SELECT x.org_id, x.run_id, x.check_id, r.finished_at, count(DISTINCT x.resource_id),
  count(*) FILTER (WHERE x.status = 'pass'), count(*) FILTER (WHERE x.status = 'fail'), count(*) FILTER (WHERE x.status = 'unknown'),
  count(*) FILTER (WHERE x.status = 'not_applicable'), count(*) FILTER (WHERE x.status = 'error'), count(*) FILTER (WHERE x.status = 'suppressed')
FROM scan_results x JOIN scan_runs r ON r.org_id = x.org_id AND r.id = x.run_id
GROUP BY x.org_id, x.run_id, x.check_id, r.finished_at;

-- Replay: each run, in time order per organization, diffed against the open intervals the
-- way the ingest does (a frozen copy of its statements). A run not later than the one
-- before it in its organization keeps its tallies but adds no intervals.
DO $replay$
DECLARE
  r record;
  prev_org uuid := NULL;
  prev_at timestamptz := NULL;
  m timestamptz;
BEGIN
  FOR r IN SELECT org_id, id, finished_at, scope_id FROM scan_runs ORDER BY org_id, finished_at, id LOOP
    IF prev_org IS NOT DISTINCT FROM r.org_id AND r.finished_at <= prev_at THEN CONTINUE; END IF;
    prev_org := r.org_id;
    prev_at := r.finished_at;
    m := date_trunc('month', r.finished_at, 'UTC');
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF result_intervals FOR VALUES FROM (%L) TO (%L)',
      'result_intervals_y' || to_char(m AT TIME ZONE 'UTC', 'YYYY"m"MM'), m, m + interval '1 month');

    CREATE TEMP TABLE replay_changes ON COMMIT DROP AS
    WITH s AS (
      SELECT DISTINCT ON (check_id, resource_id) * FROM scan_results
      WHERE org_id = r.org_id AND run_id = r.id
      ORDER BY check_id, resource_id,
        array_position(ARRAY['fail', 'error', 'unknown', 'suppressed', 'pass', 'not_applicable'], status), reason, path, start_line, ordinal
    ), c AS (
      SELECT check_id, resource_id, status, reason, scope_id FROM result_intervals WHERE org_id = r.org_id AND valid_to IS NULL
    )
    SELECT coalesce(s.check_id, c.check_id) AS check_id, coalesce(s.resource_id, c.resource_id) AS resource_id,
      c.status AS old_status, s.status AS new_status, s.resource_type, s.reason, s.message, s.severity, s.path, s.start_line, s.end_line
    FROM s FULL JOIN c ON c.check_id = s.check_id AND c.resource_id = s.resource_id
    WHERE CASE WHEN s.check_id IS NULL THEN c.scope_id = r.scope_id AND c.check_id IN (SELECT check_id FROM scan_run_checks WHERE org_id = r.org_id AND run_id = r.id)
               WHEN c.check_id IS NULL THEN true
               ELSE c.status <> s.status OR c.reason IS DISTINCT FROM s.reason END;

    UPDATE result_intervals i SET valid_to = r.finished_at FROM replay_changes d
    WHERE i.org_id = r.org_id AND i.valid_to IS NULL AND i.resource_id = d.resource_id AND i.check_id = d.check_id AND d.old_status IS NOT NULL;
    INSERT INTO result_intervals (org_id, check_id, resource_id, resource_type, scope_id, status, reason, message, severity, path, start_line, end_line, valid_from)
    SELECT r.org_id, check_id, resource_id, resource_type, r.scope_id, new_status, reason, message, severity, path, start_line, end_line, r.finished_at
    FROM replay_changes WHERE new_status IS NOT NULL;

    CREATE TEMP TABLE replay_counts ON COMMIT DROP AS
    WITH delta AS (
      SELECT check_id, old_status AS status, -1 AS n FROM replay_changes WHERE old_status IS NOT NULL
      UNION ALL SELECT check_id, new_status, 1 FROM replay_changes WHERE new_status IS NOT NULL
    ), d AS (
      SELECT check_id, sum(n) FILTER (WHERE status = 'pass') AS pass, sum(n) FILTER (WHERE status = 'fail') AS fail,
        sum(n) FILTER (WHERE status = 'unknown') AS unknown, sum(n) FILTER (WHERE status = 'not_applicable') AS not_applicable,
        sum(n) FILTER (WHERE status = 'error') AS error, sum(n) FILTER (WHERE status = 'suppressed') AS suppressed
      FROM delta GROUP BY check_id
    )
    SELECT d.check_id, coalesce(h.pass, 0) + coalesce(d.pass, 0) AS pass, coalesce(h.fail, 0) + coalesce(d.fail, 0) AS fail,
      coalesce(h.unknown, 0) + coalesce(d.unknown, 0) AS unknown, coalesce(h.not_applicable, 0) + coalesce(d.not_applicable, 0) AS not_applicable,
      coalesce(h.error, 0) + coalesce(d.error, 0) AS error, coalesce(h.suppressed, 0) + coalesce(d.suppressed, 0) AS suppressed
    FROM d LEFT JOIN check_status_history h ON h.org_id = r.org_id AND h.check_id = d.check_id AND h.valid_to IS NULL
    WHERE coalesce(d.pass, 0) <> 0 OR coalesce(d.fail, 0) <> 0 OR coalesce(d.unknown, 0) <> 0 OR coalesce(d.not_applicable, 0) <> 0
       OR coalesce(d.error, 0) <> 0 OR coalesce(d.suppressed, 0) <> 0;
    UPDATE check_status_history h SET valid_to = r.finished_at FROM replay_counts c
    WHERE h.org_id = r.org_id AND h.check_id = c.check_id AND h.valid_to IS NULL;
    INSERT INTO check_status_history (org_id, check_id, valid_from, pass, fail, unknown, not_applicable, error, suppressed)
    SELECT r.org_id, check_id, r.finished_at, pass, fail, unknown, not_applicable, error, suppressed FROM replay_counts
    WHERE pass + fail + unknown + not_applicable + error + suppressed > 0;

    DROP TABLE replay_changes;
    DROP TABLE replay_counts;
  END LOOP;
END
$replay$;

DROP TABLE scan_results;
`,
};
