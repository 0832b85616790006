// One audit: overview, operating effectiveness per control (expected vs evidenced occurrences,
// failing windows, exceptions), a control's sample with its seed and a draw that reproduces it,
// its risk, the tests and their results, exceptions with management's response, the request
// list, the evidence the audit sees, and (for admins) its auditors.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, fieldErrors, useApi } from '../../api/client';
import {
  auditTitle, RISKS, STATE_TEXT,
  type AuditException, type AuditRequest, type AuditTest, type Auditor, type ControlEffectiveness, type ControlSample, type Effectiveness, type Risk, type Sample,
} from '../../api/audits';
import { usePermissions } from '../../api/caller';
import type { Evidence } from '../../api/types';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { CATEGORY_LABELS, formatBytes, formatDateTime, humanize, plural } from '../../format';
import { Link, usePageTitle, useQueryState, type PageProps } from '../../router';

const occurrences = (c: ControlEffectiveness) => (c.expected === null ? `${c.evidenced} (no fixed count)` : `${c.evidenced} of ${c.expected}`);

interface SamplePanelProps {
  auditId: string;
  control: ControlEffectiveness;
  currentSeed: number | null;
  canDraw: boolean;
  onDrawn: () => void;
}

function SamplePanel({ auditId, control, currentSeed, canDraw, onDrawn }: SamplePanelProps) {
  const [seed, setSeed] = useState(currentSeed === null ? '' : String(currentSeed));
  const [drawn, setDrawn] = useState<{ seed: number; sample: ControlSample; same: boolean | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [risk, setRisk] = useState<Risk>(control.risk);
  const [riskSaved, setRiskSaved] = useState(false);

  const draw = async (withSeed: string) => {
    setBusy(true);
    setError(null);
    try {
      const body: { control: string; seed?: number } = { control: control.control };
      if (withSeed.trim() !== '') body.seed = Number(withSeed.trim());
      const answer = await api<Sample>(`/api/audits/${auditId}/sample`, { method: 'POST', body });
      const sample = answer.controls[0]!;
      const same = drawn && drawn.seed === answer.seed ? JSON.stringify(drawn.sample.items) === JSON.stringify(sample.items) : null;
      setDrawn({ seed: answer.seed, sample, same });
      setSeed(String(answer.seed));
      onDrawn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const handleDraw = (e: FormEvent) => {
    e.preventDefault();
    void draw(seed);
  };
  const handleRisk = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setRiskSaved(false);
    try {
      await api(`/api/audits/${auditId}/controls/${control.control}/risk`, { method: 'PUT', body: { risk } });
      setRiskSaved(true);
      onDrawn();
    } catch (err) {
      setError(err);
    }
  };
  const errors = fieldErrors(error);

  return (
    <section className="panel" aria-labelledby="sample-heading" data-testid="sample-panel">
      <h3 id="sample-heading">Sample of {control.control}</h3>
      <p className="muted small">
        Risk <strong>{control.risk}</strong> (sizes the sample from the frequency table).{' '}
        {control.sample ? <>Current sample: {plural(control.sample.size, 'item')} drawn with seed <code>{control.sample.seed}</code>.</> : 'No sample drawn yet.'}
      </p>
      <ErrorMessage error={error} shownFields={new Set(['seed', 'risk'])} />
      {canDraw ? (
        <>
          <form onSubmit={handleDraw} noValidate className="form-actions">
            <TextField id="seed" label="Seed" inputMode="numeric" value={seed} onChange={setSeed} errors={errors.get('seed')} hint="Empty: the audit's current seed, or a random one on the first draw. The same seed always gives the same sample." />
            <button type="submit" disabled={busy}>{busy ? 'Drawing…' : 'Draw the sample'}</button>
          </form>
          <form onSubmit={handleRisk} noValidate className="form-actions">
            <div className="field">
              <label htmlFor="risk">Risk of {control.control}</label>
              <select id="risk" value={risk} onChange={(e) => setRisk(e.target.value as Risk)}>
                {RISKS.map((r) => <option key={r} value={r}>{humanize(r)}</option>)}
              </select>
            </div>
            <button type="submit" className="button-secondary">Set risk</button>
            {riskSaved && <Notice>Risk saved: it sizes the next draw (with a new seed).</Notice>}
          </form>
        </>
      ) : <p className="muted">Samples are drawn by the auditor (or an owner or admin).</p>}
      {drawn && (
        <div data-testid="drawn-sample">
          <p>
            Seed <strong data-testid="sample-seed">{drawn.seed}</strong> · {drawn.sample.explanation} · risk {drawn.sample.risk}
            {drawn.sample.currentRisk !== drawn.sample.risk && <> (now {drawn.sample.currentRisk}: draw with a new seed to apply it)</>}
            {drawn.sample.populationChanged && <> · the population has changed since this draw</>}
          </p>
          <p className="small muted">Population: {plural(drawn.sample.populationSize, drawn.sample.populationKind === 'resources' ? 'resource' : 'item')}, digest <code className="hash">{drawn.sample.populationDigest.slice(0, 16)}…</code></p>
          {drawn.same !== null && <Notice>{drawn.same ? `Drawn again with seed ${drawn.seed}: the same ${plural(drawn.sample.size, 'item')}.` : 'Drawn again: the sample differs.'}</Notice>}
          {drawn.sample.items.length === 0 ? <p className="muted">Nothing to sample: the population in the window is empty.</p> : (
            <ol className="bullets" data-testid="sample-items">
              {drawn.sample.items.map((i) => <li key={i.key}><code className="user-text">{i.key}</code>{i.filename && <span className="muted small"> · {i.filename}</span>}</li>)}
            </ol>
          )}
          <button type="button" className="button-secondary" onClick={() => void draw(String(drawn.seed))} disabled={busy}>Draw again with seed {drawn.seed}</button>
        </div>
      )}
    </section>
  );
}

function ControlDetail({ control }: { control: ControlEffectiveness }) {
  return (
    <section className="panel" aria-labelledby="control-heading" data-testid="control-detail">
      <h3 id="control-heading">{control.control} {control.title}</h3>
      <p>{STATE_TEXT[control.state]}: {control.explanation}</p>
      <p className="small muted">
        {humanize(control.frequency)}, {control.automation}; window {control.window.from} to {control.window.to}; expected vs evidenced: {occurrences(control)}.
      </p>
      {control.gaps.length > 0 && <p className="small">Without evidence: {control.gaps.map((g) => `${g.from} to ${g.to}`).join('; ')}</p>}
      {control.failingWindows.length > 0 && (
        <>
          <h4>Failing windows</h4>
          <ul className="bullets">
            {control.failingWindows.map((w) => <li key={`${w.checkId}${w.start}`}><code>{w.checkId}</code> {formatDateTime(w.start)} to {w.ongoing ? 'still failing' : formatDateTime(w.end)}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}

function ExceptionsPanel({ auditId, canRespond }: { auditId: string; canRespond: boolean }) {
  const exceptions = useApi<AuditException[]>(`/api/audits/${auditId}/exceptions?limit=500`);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const handleRespond = async (e: FormEvent, id: string) => {
    e.preventDefault();
    setError(null);
    try {
      await api(`/api/audits/${auditId}/exceptions/${id}/response`, { method: 'POST', body: { response: drafts[id] ?? '' } });
      exceptions.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel" aria-labelledby="exceptions-heading">
      <h2 id="exceptions-heading">Exceptions</h2>
      <ErrorMessage error={error} />
      {exceptions.error ? <ErrorMessage error={exceptions.error} /> : !exceptions.data ? <Loading /> : exceptions.data.length === 0 ? <p className="muted">No exception recorded.</p> : (
        <ul className="bullets">
          {exceptions.data.map((x) => (
            <li key={x.id}>
              <strong>{x.controlId}</strong>: <span className="user-text">{x.description}</span>
              <div className="small">
                {x.managementResponse
                  ? <>Management's response: <span className="user-text">{x.managementResponse}</span> <span className="muted">({x.respondedBy}, {formatDateTime(x.respondedAt!)})</span></>
                  : <span className="muted">Awaiting management's response.</span>}
              </div>
              {canRespond && (
                <form className="form-actions" onSubmit={(e) => void handleRespond(e, x.id)} noValidate>
                  <TextField id={`response-${x.id}`} label="Management's response" value={drafts[x.id] ?? ''} onChange={(v) => setDrafts((d) => ({ ...d, [x.id]: v }))} />
                  <button type="submit" className="button-secondary">{x.managementResponse ? 'Replace response' : 'Respond'}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Where a request may go from each status (REQUEST_TRANSITIONS in src/app/audit-fieldwork.service.ts). */
const NEXT_STATUS: Record<AuditRequest['status'], AuditRequest['status'][]> = {
  open: ['submitted'],
  submitted: ['accepted', 'rejected', 'open'],
  rejected: ['submitted', 'open'],
  accepted: ['open'],
};

interface RequestsPanelProps {
  auditId: string;
  canAdd: boolean;
  canWork: boolean;
}

function RequestsPanel({ auditId, canAdd, canWork }: RequestsPanelProps) {
  const requests = useApi<AuditRequest[]>(`/api/audits/${auditId}/requests?limit=500`);
  const [title, setTitle] = useState('');
  const [comments, setComments] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const write = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      requests.reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  const handleAdd = async (e: FormEvent) => {
    e.preventDefault();
    if (await write(() => api(`/api/audits/${auditId}/requests`, { method: 'POST', body: { title } }))) setTitle('');
  };
  const handleComment = async (e: FormEvent, id: string) => {
    e.preventDefault();
    if (await write(() => api(`/api/audits/${auditId}/requests/${id}/comments`, { method: 'POST', body: { body: comments[id] ?? '' } }))) setComments((c) => ({ ...c, [id]: '' }));
  };
  const handleStatus = (id: string, status: string) => void write(() => api(`/api/audits/${auditId}/requests/${id}`, { method: 'PATCH', body: { status } }));
  return (
    <section className="panel" aria-labelledby="requests-heading">
      <h2 id="requests-heading">Requests</h2>
      <ErrorMessage error={error} shownFields={new Set(['title'])} />
      {canAdd && (
        <form onSubmit={(e) => void handleAdd(e)} noValidate className="form-actions">
          <TextField id="request-title" label="Add a request" value={title} onChange={setTitle} errors={fieldErrors(error).get('title')} maxLength={200} placeholder="e.g. Board minutes for the period" />
          <button type="submit" className="button-secondary">Add request</button>
        </form>
      )}
      {requests.error ? <ErrorMessage error={requests.error} /> : !requests.data ? <Loading /> : requests.data.length === 0 ? <p className="muted">The auditor's request list is empty.</p> : (
        <div className="table-wrap">
          <table className="responsive-table">
            <caption className="visually-hidden">The request list</caption>
            <thead><tr><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Assignee</th><th scope="col">Comments</th><th scope="col">Attachments</th></tr></thead>
            <tbody>
              {requests.data.map((r) => (
                <tr key={r.id}>
                  <th scope="row" data-label="Request">R-{r.number} <span className="user-text">{r.title}</span>{r.dueDate && <span className="muted small"> · due {r.dueDate}</span>}</th>
                  <td data-label="Status">
                    {humanize(r.status)}
                    {canWork && NEXT_STATUS[r.status].map((next) => (
                      <button key={next} type="button" className="link-button small" onClick={() => handleStatus(r.id, next)}> Mark R-{r.number} {next}</button>
                    ))}
                  </td>
                  <td data-label="Assignee">{r.assignee ?? <span className="muted">nobody</span>}</td>
                  <td data-label="Comments">
                    {r.comments.length === 0 ? <span className="muted">none</span> : (
                      <ul className="bullets small">{r.comments.map((c) => <li key={c.id}><span className="user-text">{c.body}</span> <span className="muted">({c.author})</span></li>)}</ul>
                    )}
                    {canWork && (
                      <form onSubmit={(e) => void handleComment(e, r.id)} noValidate>
                        <TextField id={`comment-${r.id}`} label={`Comment on R-${r.number}`} value={comments[r.id] ?? ''} onChange={(v) => setComments((c) => ({ ...c, [r.id]: v }))} maxLength={10_000} />
                        <button type="submit" className="button-secondary">Comment</button>
                      </form>
                    )}
                  </td>
                  <td data-label="Attachments">{r.attachments.length === 0 ? <span className="muted">none</span> : (
                    <ul className="bullets small">{r.attachments.map((a) => <li key={a.evidenceId}><a href={`/api/audits/${auditId}/evidence/${a.evidenceId}/download`} download={a.filename}>{a.filename}</a> <span className="muted">({a.effectiveAt})</span></li>)}</ul>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TestsPanel({ auditId }: { auditId: string }) {
  const tests = useApi<AuditTest[]>(`/api/audits/${auditId}/tests?limit=500`);
  return (
    <section className="panel" aria-labelledby="tests-heading">
      <h2 id="tests-heading">Tests performed</h2>
      {tests.error ? <ErrorMessage error={tests.error} /> : !tests.data ? <Loading /> : tests.data.length === 0 ? <p className="muted">No test recorded yet (<code>attest audit test</code> or the API records them).</p> : (
        <div className="table-wrap">
          <table className="responsive-table">
            <caption className="visually-hidden">Tests and their results</caption>
            <thead><tr><th scope="col">Control</th><th scope="col">Item</th><th scope="col">Method</th><th scope="col">Result</th><th scope="col">By, on</th></tr></thead>
            <tbody>
              {tests.data.map((t) => (
                <tr key={t.id}>
                  <th scope="row" data-label="Control">{t.controlId}</th>
                  <td data-label="Item">{t.item ? <code className="user-text">{t.item}</code> : <span className="muted">the control</span>}</td>
                  <td data-label="Method">{humanize(t.method)}</td>
                  <td data-label="Result">{t.result === 'pass' ? 'Pass' : 'Exception'}{t.notes && <span className="explanation user-text">{t.notes}</span>}</td>
                  <td data-label="By, on">{t.performedBy}, {t.performedOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function EvidencePanel({ auditId }: { auditId: string }) {
  const evidence = useApi<{ items: (Evidence & { auditControls: string[] })[]; total: number }>(`/api/audits/${auditId}/evidence?limit=200`);
  return (
    <section className="panel" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence in the window</h2>
      {evidence.error ? <ErrorMessage error={evidence.error} /> : !evidence.data ? <Loading /> : evidence.data.total === 0 ? <p className="muted">No evidence is effective within this audit's window yet.</p> : (
        <ul className="bullets" data-testid="audit-evidence">
          {evidence.data.items.map((e) => (
            <li key={e.id} data-evidence={e.id}>
              <a href={`/api/audits/${auditId}/evidence/${e.id}/download`} download={e.filename} className="user-text">{e.filename}</a>
              <span className="muted small"> · effective {e.effectiveAt} · {formatBytes(e.size)} · {e.auditControls.join(', ')} · sha-256 <code className="hash">{e.sha256.slice(0, 12)}…</code></span>
            </li>
          ))}
        </ul>
      )}
      {evidence.data && evidence.data.total > evidence.data.items.length && <p className="small muted">Showing {evidence.data.items.length} of {evidence.data.total}.</p>}
    </section>
  );
}

function AuditorsPanel({ auditId }: { auditId: string }) {
  const auditors = useApi<Auditor[]>(`/api/audits/${auditId}/auditors`);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [link, setLink] = useState<string | null>(null);
  const handleInvite = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const answer = await api<{ url: string }>('/api/invitations', { method: 'POST', body: { email, role: 'auditor', audit: auditId } });
      setLink(answer.url);
      setEmail('');
    } catch (err) {
      setError(err);
    }
  };
  const handleUnassign = async (userId: string) => {
    try {
      auditors.set(await api<Auditor[]>(`/api/audits/${auditId}/auditors/${userId}`, { method: 'DELETE' }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel" aria-labelledby="auditors-heading">
      <h2 id="auditors-heading">Auditors</h2>
      <p className="small muted">An auditor sees the audits assigned to them only, and only the evidence effective within their windows.</p>
      {auditors.data && (auditors.data.length === 0 ? <p className="muted">No auditor assigned yet: invite one below.</p> : (
        <ul className="bullets">
          {auditors.data.map((a) => (
            <li key={a.userId}>{a.name} <span className="muted">{a.email}{a.disabled ? ' (disabled)' : ''}</span>{' '}
              <button type="button" className="button-secondary" onClick={() => void handleUnassign(a.userId)}>Unassign {a.email}</button>
            </li>
          ))}
        </ul>
      ))}
      <form onSubmit={handleInvite} noValidate className="form-actions">
        <TextField id="auditor-email" label="Invite an auditor for this audit" type="email" value={email} onChange={setEmail} errors={fieldErrors(error).get('email')} autoComplete="off" />
        <button type="submit">Invite auditor</button>
      </form>
      <ErrorMessage error={error} shownFields={new Set(['email'])} />
      {link && (
        <div className="field">
          <label htmlFor="invitation-link">Invitation link (shown once, valid seven days): send it to the auditor</label>
          <input id="invitation-link" readOnly value={link} onFocus={(e) => e.target.select()} />
        </div>
      )}
    </section>
  );
}

export default function AuditPage({ params }: PageProps) {
  const id = params.id ?? '';
  const { can } = usePermissions();
  const status = useApi<Effectiveness>(`/api/audits/${encodeURIComponent(id)}/status`);
  const [query, setQuery] = useQueryState();
  usePageTitle(status.data ? auditTitle(status.data.audit) : 'Audit');
  const chosen = query.get('control');
  const detail = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A control chosen in the table opens above it: bring it into view.
    if (chosen) detail.current?.scrollIntoView({ block: 'start' });
  }, [chosen]);

  if (status.error) {
    return (
      <>
        <p className="breadcrumb"><Link to="/audits">Audits</Link></p>
        <h1>Audit</h1>
        {status.error.status === 404 ? <EmptyState title="No such audit"><p>This audit does not exist, or is not one assigned to you. <Link to="/audits">See your audits</Link>.</p></EmptyState> : <ErrorMessage error={status.error} />}
      </>
    );
  }
  if (!status.data) return <><h1>Audit</h1><Loading /></>;
  const { audit, summary, controls } = status.data;
  const selected = controls.find((c) => c.control === chosen) ?? null;
  const stateFilter = query.get('state') ?? '';
  const shown = controls.filter((c) => !stateFilter || (stateFilter === 'attention' ? c.state !== 'operating' : c.state === stateFilter));

  return (
    <>
      <div className="page-header">
        <p className="breadcrumb"><Link to="/audits">Audits</Link></p>
        <h1>{auditTitle(audit)}</h1>
        <p className="lede">
          {audit.categories.map((c) => CATEGORY_LABELS[c]).join(', ')} · {plural(audit.controls, 'control')} ·{' '}
          {audit.seed === null ? 'no sample drawn yet' : <>current seed <code data-testid="audit-seed">{audit.seed}</code>{audit.seedsDrawn.length > 1 && <> (seeds drawn: {audit.seedsDrawn.join(', ')})</>}</>}
        </p>
      </div>
      <ul className="outcomes" aria-label="Operating effectiveness summary">
        {(['operating', 'gaps', 'failing', 'exceptions', 'no_evidence'] as const).map((s) => (
          <li key={s}><span className="count-value">{summary[s]}</span> {STATE_TEXT[s]}</li>
        ))}
      </ul>
      {selected && (
        <div className="stack" id="control" ref={detail}>
          <ControlDetail control={selected} />
          <SamplePanel key={selected.control} auditId={audit.id} control={selected} currentSeed={audit.seed} canDraw={can('audits:fieldwork')} onDrawn={status.reload} />
          <p><button type="button" className="button-secondary" onClick={() => setQuery({ control: null })}>Close {selected.control}</button></p>
        </div>
      )}
      <section className="panel" aria-labelledby="effectiveness-heading">
        <h2 id="effectiveness-heading">Operating effectiveness</h2>
        <p className="small muted">Choose a control for its failing windows, its sample and its risk.</p>
        <div className="field">
          <label htmlFor="state-filter">Show</label>
          <select id="state-filter" value={stateFilter} onChange={(e) => setQuery({ state: e.target.value })}>
            <option value="">Every control ({controls.length})</option>
            <option value="attention">Not operating ({controls.length - summary.operating})</option>
            {(['operating', 'gaps', 'failing', 'exceptions', 'no_evidence'] as const).map((st) => <option key={st} value={st}>{STATE_TEXT[st]} ({summary[st]})</option>)}
          </select>
        </div>
        <div className="table-wrap">
          <table className="responsive-table" data-testid="effectiveness">
            <caption className="visually-hidden">Operating effectiveness per control</caption>
            <thead>
              <tr><th scope="col">Control</th><th scope="col">State</th><th scope="col">Evidenced of expected</th><th scope="col">Failing windows</th><th scope="col">Exceptions</th><th scope="col">Risk</th><th scope="col">Sample</th></tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <tr key={c.control} data-control={c.control} aria-selected={selected?.control === c.control}>
                  <th scope="row" data-label="Control">
                    <button type="button" className="link-button" onClick={() => setQuery({ control: c.control })}>{c.control}</button> <span className="small">{c.title}</span>
                  </th>
                  <td data-label="State">{STATE_TEXT[c.state]}<span className="explanation">{c.explanation}</span></td>
                  <td data-label="Evidenced of expected">{occurrences(c)}</td>
                  <td data-label="Failing windows">{c.failingWindows.length}</td>
                  <td data-label="Exceptions">{c.exceptions.recorded}{c.exceptions.awaitingResponse > 0 && <span className="muted small"> ({c.exceptions.awaitingResponse} awaiting response)</span>}</td>
                  <td data-label="Risk">{c.risk}</td>
                  <td data-label="Sample">{c.sample ? <>{c.sample.size} (seed <code>{c.sample.seed}</code>)</> : <span className="muted">not drawn</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <TestsPanel auditId={audit.id} />
      <ExceptionsPanel auditId={audit.id} canRespond={can('audits:answer')} />
      <RequestsPanel auditId={audit.id} canAdd={can('audits:fieldwork')} canWork={can('audits:respond')} />
      <EvidencePanel auditId={audit.id} />
      {can('audits:manage') && <AuditorsPanel auditId={audit.id} />}
    </>
  );
}
