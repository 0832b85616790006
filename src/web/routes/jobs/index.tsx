// Jobs: what runs when (the schedules, in UTC) and the recent runs, with their state, duration,
// attempts and errors, as the workers recorded them.
import { useState } from 'react';
import { useAction } from '../../api/action';
import { api, useApi } from '../../api/client';
import { JOB_STATES, type Job, type JobState, type Schedule } from '../../api/accounts';
import { usePermissions } from '../../api/caller';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/Feedback';
import { formatDateTime, plural } from '../../format';
import { usePageTitle, useQueryState } from '../../router';
import '../../components/settings.css';

const STATE_CLASS: Record<JobState, string> = { completed: 'state-ready', failed: 'state-gap', running: 'state-partial', queued: 'status-no_evidence' };
const LIMIT = 50;

/** 1234 → 1.2 s; 61000 → 1 min 1 s. */
function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export default function JobsPage() {
  usePageTitle('Jobs');
  const [query, setQuery] = useQueryState();
  const state = query.get('state') ?? '';
  const name = query.get('name') ?? '';
  const schedules = useApi<Schedule[]>('/api/schedules');
  const params = new URLSearchParams({ limit: String(LIMIT) });
  if (state) params.set('status', state);
  if (name) params.set('name', name);
  const jobs = useApi<Job[]>(`/api/jobs?${params.toString()}`);
  const { can } = usePermissions();
  const mayRun = can('schedules:write');

  return (
    <>
      <div className="page-header">
        <h1>Jobs</h1>
        <p className="lede">Work the server does on its own: status evaluation, integrity verification, scheduled scans. Each run records its worker, duration and any error.</p>
      </div>
      <section className="panel" aria-labelledby="schedules-heading">
        <h2 id="schedules-heading">Schedules</h2>
        {schedules.error ? <ErrorMessage error={schedules.error} /> : !schedules.data ? <Loading /> : schedules.data.length === 0 ? (
          <EmptyState title="Nothing is scheduled"><p>No job can be scheduled on this server.</p></EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="responsive-table schedules-table">
              <caption className="visually-hidden">Schedules</caption>
              <thead>
                <tr><th scope="col">Job</th><th scope="col">When (cron, UTC)</th><th scope="col">Enabled</th><th scope="col">Next run</th><th scope="col">Last queued</th>{mayRun && <th scope="col">Actions</th>}</tr>
              </thead>
              <tbody>
                {schedules.data.map((s) => (
                  <tr key={s.job} data-schedule={s.job}>
                    <th scope="row" data-label="Job">{s.title} <code className="small muted">{s.job}</code>{s.options.paths?.length ? <span className="explanation user-text">Folders: {s.options.paths.join(', ')}</span> : null}</th>
                    <td data-label="When (cron, UTC)"><code>{s.cron}</code>{!s.stored && <span className="explanation">default</span>}</td>
                    <td data-label="Enabled">{s.enabled ? 'Yes' : 'No'}</td>
                    <td data-label="Next run"><span className="small">{s.enabled && s.nextRunAt ? formatDateTime(s.nextRunAt) : '—'}</span></td>
                    <td data-label="Last queued"><span className="small">{s.lastEnqueuedAt ? formatDateTime(s.lastEnqueuedAt) : 'Never'}</span></td>
                    {mayRun && <td data-label="Actions"><RunNow job={s.job} onQueued={jobs.reload} /></td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="small muted">Change a schedule with <code>PUT /api/schedules/:job</code> (owners and admins). Jobs run on the workers of <code>attest serve</code> or <code>attest worker</code>.</p>
      </section>
      <section className="panel" aria-labelledby="runs-heading">
        <h2 id="runs-heading">Recent jobs</h2>
        <div className="filters" role="group" aria-label="Filter jobs">
          <div className="field">
            <label htmlFor="job-state">State</label>
            <select id="job-state" value={state} onChange={(e) => setQuery({ state: e.target.value })}>
              <option value="">Any</option>
              {JOB_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="job-name">Job</label>
            <select id="job-name" value={name} onChange={(e) => setQuery({ name: e.target.value })}>
              <option value="">Any</option>
              {(schedules.data ?? []).map((s) => <option key={s.job} value={s.job}>{s.job}</option>)}
            </select>
          </div>
        </div>
        {jobs.error ? <ErrorMessage error={jobs.error} /> : !jobs.data ? <Loading /> : jobs.data.length === 0 ? (
          <EmptyState title={state || name ? 'No job matches' : 'No job has run yet'}>
            <p>{state || name ? 'Clear the filters to see every job.' : 'Scheduled jobs appear here once a worker has queued them; they run while attest serve (or attest worker) is running.'}</p>
          </EmptyState>
        ) : (
          <>
            <p className="result-count">{plural(jobs.data.length, 'job')}{jobs.data.length === LIMIT ? ` (the latest ${LIMIT})` : ''}, newest first.</p>
            <div className="table-wrap">
              <table className="responsive-table jobs-table">
                <caption className="visually-hidden">Recent jobs</caption>
                <thead>
                  <tr><th scope="col">Job</th><th scope="col">State</th><th scope="col">Queued for</th><th scope="col">Duration</th><th scope="col">Attempts</th><th scope="col">Error and runs</th></tr>
                </thead>
                <tbody>
                  {jobs.data.map((j) => (
                    <tr key={j.id} data-job={j.name} data-state={j.state}>
                      <th scope="row" data-label="Job"><code>{j.name}</code><span className="explanation">{j.key}</span></th>
                      <td data-label="State"><span className={`badge ${STATE_CLASS[j.state]}`}>{j.state}</span></td>
                      <td data-label="Queued for"><span className="small">{formatDateTime(j.runAt)}</span></td>
                      <td data-label="Duration">{formatDuration(j.durationMs)}</td>
                      <td data-label="Attempts">{j.attempts} of {j.maxAttempts}</td>
                      <td data-label="Error and runs" className="wide">
                        {j.lastError && <p className="field-error user-text"><code>{j.lastError.code}</code> {j.lastError.message}</p>}
                        {j.runs.length > 0 && (
                          <details>
                            <summary>{plural(j.runs.length, 'run')}</summary>
                            <ol className="runs">
                              {j.runs.map((r) => (
                                <li key={r.attempt}>
                                  Attempt {r.attempt}: <strong>{r.outcome}</strong>, {formatDuration(r.durationMs)}, on <code className="small">{r.worker}</code>, started {formatDateTime(r.startedAt)}
                                  {r.error && <div className="small user-text"><code>{r.error.code}</code> {r.error.message}</div>}
                                </li>
                              ))}
                            </ol>
                          </details>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}

interface RunNowProps {
  job: string;
  onQueued: () => void;
}

/** Queue a scheduled job now, with its schedule's options (schedules:write). */
function RunNow({ job, onQueued }: RunNowProps) {
  const { busy, error, run } = useAction();
  const [queued, setQueued] = useState(false);
  const handleRun = async () => {
    setQueued(false);
    if (await run(() => api<Job>(`/api/schedules/${encodeURIComponent(job)}/run`, { method: 'POST' }))) {
      setQueued(true);
      onQueued();
    }
  };
  return (
    <>
      <button type="button" className="button-secondary" onClick={() => void handleRun()} disabled={busy}>{busy ? 'Queuing…' : 'Run now'}</button>
      {queued && <Notice>Queued: the next free worker runs it.</Notice>}
      {error !== undefined && <ErrorMessage error={error} />}
    </>
  );
}
