// Findings of a scan (the latest by default), grouped by the control they count against, each
// check with its remediation and the resources that fail it.
import { useMemo } from 'react';
import { useApi } from '../../api/client';
import type { CheckInfo, ControlSummary, Finding, ScanRun } from '../../api/types';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback';
import { ScanSummary } from '../../components/ScanSummary';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, plural } from '../../format';
import { Link, usePageTitle, useQueryState } from '../../router';

const LIMIT = 1000;
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const rank = (s: string) => SEVERITY_RANK[s] ?? 4;

interface CheckGroup {
  check: CheckInfo | undefined;
  checkId: string;
  findings: Finding[];
}

interface ControlGroup {
  controlId: string;
  checks: CheckGroup[];
  count: number;
  worst: number;
}

function groupByControl(findings: Finding[], checks: Map<string, CheckInfo>): ControlGroup[] {
  const byControl = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    const controls = checks.get(f.checkId)?.controls ?? [];
    for (const controlId of controls.length ? controls : ['(unmapped)']) {
      const perCheck = byControl.get(controlId) ?? new Map<string, Finding[]>();
      perCheck.set(f.checkId, [...(perCheck.get(f.checkId) ?? []), f]);
      byControl.set(controlId, perCheck);
    }
  }
  return [...byControl.entries()].map(([controlId, perCheck]) => {
    const groups = [...perCheck.entries()].map(([checkId, list]) => ({ checkId, check: checks.get(checkId), findings: list }))
      .sort((a, b) => rank(a.check?.severity ?? '') - rank(b.check?.severity ?? '') || a.checkId.localeCompare(b.checkId));
    const all = groups.flatMap((g) => g.findings);
    return { controlId, checks: groups, count: all.length, worst: Math.min(...all.map((f) => rank(f.severity))) };
  }).sort((a, b) => a.worst - b.worst || b.count - a.count || a.controlId.localeCompare(b.controlId));
}

export default function FindingsPage() {
  usePageTitle('Findings');
  const [query, setQuery] = useQueryState();
  const runs = useApi<ScanRun[]>('/api/scans?limit=20');
  const runId = query.get('scan') ?? runs.data?.[0]?.id ?? null;
  const failures = useApi<Finding[]>(runId ? `/api/scans/${encodeURIComponent(runId)}/failures?limit=${LIMIT}` : null);
  const checks = useApi<CheckInfo[]>('/api/checks');
  const controls = useApi<ControlSummary[]>('/api/controls');
  const only = query.get('control');

  const groups = useMemo(() => {
    if (!failures.data || !checks.data) return [];
    const all = groupByControl(failures.data, new Map(checks.data.map((c) => [c.id, c])));
    return only ? all.filter((g) => g.controlId === only) : all;
  }, [failures.data, checks.data, only]);

  const header = (
    <div className="page-header">
      <h1>Findings</h1>
      <p className="lede">What the checks found failing, by the control each finding counts against, with how to fix it.</p>
    </div>
  );
  const error = runs.error ?? failures.error ?? checks.error ?? controls.error;
  if (error) return <>{header}<ErrorMessage error={error} /></>;
  if (!runs.data) return <>{header}<Loading /></>;
  if (runs.data.length === 0) {
    return (
      <>
        {header}
        <EmptyState title="No scan yet">
          <p>Run <code>attest scan .</code> in your infrastructure repository, inside this workspace (or with <code>--record</code>), to check Terraform, CloudFormation, Kubernetes, Dockerfiles, GitHub Actions workflows and secrets. Its findings appear here.</p>
        </EmptyState>
      </>
    );
  }
  const run = runs.data.find((r) => r.id === runId);
  const controlsById = new Map((controls.data ?? []).map((c) => [c.id, c]));

  return (
    <>
      {header}
      <section className="panel" aria-labelledby="scan-heading">
        <div className="panel-header">
          <h2 id="scan-heading">Scan</h2>
          <div className="field inline">
            <label htmlFor="scan-select">Scan</label>
            <select id="scan-select" value={runId ?? ''} onChange={(e) => setQuery({ scan: e.target.value })}>
              {runs.data.map((r, i) => <option key={r.id} value={r.id}>{formatDateTime(r.finishedAt)}{i === 0 ? ' (latest)' : ''}</option>)}
            </select>
          </div>
        </div>
        {run ? <ScanSummary run={run} /> : <p>This scan is not among the 20 most recent.</p>}
      </section>
      {only && (
        <p className="filter-note">Showing findings for <Link to={`/controls/${encodeURIComponent(only)}`}>{only}</Link> only. <button type="button" className="link-button" onClick={() => setQuery({ control: null })}>Show all controls</button></p>
      )}
      {!failures.data || !checks.data || !controls.data ? <Loading /> : groups.length === 0 ? (
        <EmptyState title="No findings">
          <p>{only ? `No check for ${only} failed in this scan.` : 'Every check passed (or did not apply) in this scan.'}</p>
        </EmptyState>
      ) : (
        <>
          <p className="result-count">{plural(failures.data.length, 'finding')} across {plural(groups.length, 'control')}{failures.data.length === LIMIT ? ` (the first ${LIMIT})` : ''}.</p>
          {groups.map((g) => {
            const control = controlsById.get(g.controlId);
            return (
              <section key={g.controlId} className="panel finding-group" aria-labelledby={`group-${g.controlId}`} data-control={g.controlId}>
                <div className="panel-header">
                  <h2 id={`group-${g.controlId}`}>
                    {control ? <Link to={`/controls/${encodeURIComponent(g.controlId)}`}><span className="id">{g.controlId}</span> {control.title}</Link> : g.controlId}
                  </h2>
                  <span className="meta">{control && <StatusBadge status={control.status} />} <span className="muted">{plural(g.count, 'finding')}</span></span>
                </div>
                {g.checks.map((cg) => (
                  <article key={cg.checkId} className="check-findings" data-check={cg.checkId}>
                    <h3>
                      {cg.check && <span className={`severity severity-${cg.check.severity}`}>{cg.check.severity}</span>} {cg.check?.title ?? cg.checkId}
                      <code className="muted small"> {cg.checkId}</code>
                    </h3>
                    {cg.check && (
                      <div className="remediation">
                        <h4>How to fix</h4>
                        <p>{cg.check.remediation.text}</p>
                        {cg.check.remediation.snippet && (
                          <pre aria-label={`Example (${cg.check.remediation.snippet.language})`}><code>{cg.check.remediation.snippet.code}</code></pre>
                        )}
                      </div>
                    )}
                    <ul className="resources" aria-label="Failing resources">
                      {cg.findings.map((f, i) => (
                        <li key={i}>
                          <code className="user-text">{f.resourceId}</code>
                          {f.path && <span className="muted small"> {f.path === f.resourceId ? '' : f.path}{f.startLine ? `${f.path === f.resourceId ? 'line ' : ':'}${f.startLine}` : ''}</span>}
                          {f.severity !== cg.check?.severity && <span className={`severity severity-${f.severity}`}>{f.severity}</span>}
                          {f.message && <div className="small user-text">{f.message}</div>}
                        </li>
                      ))}
                    </ul>
                  </article>
                ))}
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
