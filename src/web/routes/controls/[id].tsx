// One control: its status and why, owner, scope exclusion with a reason, notes, the evidence
// behind it and the checks that evidence it.
import { useEffect, useState, type FormEvent } from 'react';
import { api, fieldErrors, useApi } from '../../api/client';
import type { CheckInfo, Control, ControlPatch, EvidencePage, ScanDetail, ScanRun } from '../../api/types';
import { ErrorMessage, FieldErrorText, Loading, Notice } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { EvidenceList } from '../../components/EvidenceList';
import { StatusBadge } from '../../components/StatusBadge';
import { ControlTasks } from '../../components/ControlTasks';
import { humanize, plural } from '../../format';
import { Link, usePageTitle, type PageProps } from '../../router';

interface Draft {
  owner: string;
  inScope: boolean;
  exclusionReason: string;
  notes: string;
}

const toDraft = (c: Control): Draft => ({ owner: c.owner ?? '', inScope: c.inScope, exclusionReason: c.exclusionReason ?? '', notes: c.notes });

/** Only what changed; a reason travels with `inScope: false`, as the API requires. */
function toPatch(c: Control, d: Draft): ControlPatch {
  const patch: ControlPatch = {};
  const owner = d.owner.trim() === '' ? null : d.owner.trim();
  if (owner !== c.owner) patch.owner = owner;
  if (d.notes !== c.notes) patch.notes = d.notes;
  if (d.inScope !== c.inScope || (!d.inScope && d.exclusionReason !== (c.exclusionReason ?? ''))) {
    patch.inScope = d.inScope;
    if (!d.inScope) patch.exclusionReason = d.exclusionReason;
  }
  return patch;
}

export default function ControlPage({ params }: PageProps) {
  const id = (params.id ?? '').toUpperCase();
  const control = useApi<Control>(`/api/controls/${encodeURIComponent(id)}`);
  const evidence = useApi<EvidencePage>(`/api/evidence?control=${encodeURIComponent(id)}&limit=100`);
  usePageTitle(control.data ? `${control.data.id} ${control.data.title}` : id);

  const back = <p className="breadcrumb"><Link to="/controls">Controls</Link> /</p>;
  if (control.error) return <>{back}<h1>{id}</h1><ErrorMessage error={control.error} /></>;
  if (!control.data) return <>{back}<h1>{id}</h1><Loading /></>;
  const c = control.data;

  return (
    <>
      {back}
      <div className="page-header">
        <h1><span className="id">{c.id}</span> {c.title}</h1>
      </div>
      <div className="detail-layout">
        <div className="stack">
          <section className="panel status-panel" aria-labelledby="status-heading">
            <h2 id="status-heading">Status</h2>
            <p className="status-line"><StatusBadge status={c.status} /> <span data-testid="control-explanation">{c.explanation}</span></p>
            <dl className="facts">
              <div><dt>Owner</dt><dd data-testid="control-owner">{c.owner ? <span className="user-text">{c.owner}</span> : <span className="muted">Unassigned</span>}{c.ownerRole && <span className="muted small"> · usually the {c.ownerRole}</span>}</dd></div>
              <div><dt>Frequency</dt><dd>{humanize(c.frequency)}</dd></div>
              <div><dt>Kind</dt><dd>{humanize(c.automation)}, {c.nature}</dd></div>
              <div><dt>Domain</dt><dd>{humanize(c.domain)}</dd></div>
              <div><dt>Criteria</dt><dd className="inline-links">{c.criteria.map((id) => <Link key={id} to={`/criteria/${encodeURIComponent(id)}`}>{id}</Link>)}</dd></div>
              {!c.inScope && <div><dt>Excluded because</dt><dd className="user-text">{c.exclusionReason}</dd></div>}
            </dl>
          </section>
          <section className="panel" aria-labelledby="description-heading">
            <h2 id="description-heading">What the control does</h2>
            <p>{c.description}</p>
            {c.suggestedEvidence.length > 0 && (
              <>
                <h3>Evidence an auditor expects</h3>
                <ul className="bullets">{c.suggestedEvidence.map((e) => <li key={e}>{e}</li>)}</ul>
              </>
            )}
          </section>
          <section className="panel" aria-labelledby="notes-heading">
            <h2 id="notes-heading">Notes</h2>
            {c.notes.trim() ? <p className="user-text" data-testid="control-notes">{c.notes}</p> : <p className="muted">No notes yet.</p>}
          </section>
          <section className="panel" aria-labelledby="evidence-heading">
            <div className="panel-header">
              <h2 id="evidence-heading">Evidence</h2>
              <Link to={`/evidence?control=${encodeURIComponent(c.id)}`} className="button">Upload evidence</Link>
            </div>
            {evidence.error ? <ErrorMessage error={evidence.error} /> : !evidence.data ? <Loading /> : evidence.data.items.length === 0 ? (
              <p>No evidence yet. Upload a file that shows the control operating{c.suggestedEvidence[0] ? `, such as: ${c.suggestedEvidence[0].toLowerCase()}` : ''}.</p>
            ) : (
              <EvidenceList items={evidence.data.items} caption={`Evidence for ${c.id}`} />
            )}
          </section>
          <ControlTasks control={c.id} />
          <ChecksSection control={c} />
        </div>
        <ControlForm control={c} onSaved={control.set} />
      </div>
    </>
  );
}

interface ControlFormProps {
  control: Control;
  onSaved: (control: Control) => void;
}

function ControlForm({ control, onSaved }: ControlFormProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(control));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => setDraft(toDraft(control)), [control]);
  const errors = fieldErrors(error);
  const update = (changes: Partial<Draft>) => {
    setDraft({ ...draft, ...changes });
    setMessage(null);
  };

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const patch = toPatch(control, draft);
    if (Object.keys(patch).length === 0) {
      setMessage('Nothing changed.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onSaved(await api<Control>(`/api/controls/${encodeURIComponent(control.id)}`, { method: 'PATCH', body: patch }));
      setMessage('Changes saved.');
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="panel form" onSubmit={handleSubmit} noValidate aria-labelledby="edit-heading">
      <h2 id="edit-heading">Owner, scope and notes</h2>
      {error !== null && <ErrorMessage error={error} shownFields={new Set(['owner', 'inScope', 'exclusionReason', 'notes'])} />}
      <TextField id="owner" label="Owner" value={draft.owner} onChange={(v) => update({ owner: v })} errors={errors.get('owner')} maxLength={200}
        hint="Who answers for this control: a name or an email. Leave empty for none." />
      <fieldset aria-describedby={errors.get('inScope') ? 'inScope-error' : undefined}>
        <legend>Scope</legend>
        <div className="radio-row">
          <input type="radio" id="in-scope" name="inScope" checked={draft.inScope} onChange={() => update({ inScope: true })} />
          <label htmlFor="in-scope">In scope</label>
        </div>
        <div className="radio-row">
          <input type="radio" id="excluded" name="inScope" checked={!draft.inScope} onChange={() => update({ inScope: false })} />
          <label htmlFor="excluded">Excluded from scope</label>
        </div>
        <FieldErrorText id="inScope-error" errors={errors.get('inScope')} />
        {!draft.inScope && (
          <TextField id="exclusionReason" label="Reason for the exclusion" multiline rows={3} value={draft.exclusionReason} onChange={(v) => update({ exclusionReason: v })}
            errors={errors.get('exclusionReason')} required maxLength={2000} hint="The auditor reads this: say why the control does not apply." />
        )}
      </fieldset>
      <TextField id="notes" label="Notes" multiline rows={5} value={draft.notes} onChange={(v) => update({ notes: v })} errors={errors.get('notes')} maxLength={10000} />
      <div className="form-actions">
        <button type="submit" disabled={saving}>{saving ? 'Saving…' : 'Save changes'}</button>
        {message && <Notice>{message}</Notice>}
      </div>
    </form>
  );
}

interface ChecksSectionProps {
  control: Control;
}

/** The checks that evidence the control, with their results in the latest scan. */
function ChecksSection({ control }: ChecksSectionProps) {
  const catalog = useApi<CheckInfo[]>(control.checks.length ? '/api/checks' : null);
  const runs = useApi<ScanRun[]>(control.checks.length ? '/api/scans?limit=1' : null);
  const latestId = runs.data?.[0]?.id;
  const latest = useApi<ScanDetail>(latestId ? `/api/scans/${latestId}` : null);

  if (control.checks.length === 0) {
    return (
      <section className="panel" aria-labelledby="checks-heading">
        <h2 id="checks-heading">Checks</h2>
        <p className="muted">No automated check evidences this control: it is evidenced by uploaded files.</p>
      </section>
    );
  }
  const byId = new Map((catalog.data ?? []).map((c) => [c.id, c]));
  const tallies = new Map((latest.data?.checks ?? []).map((t) => [t.checkId, t]));
  return (
    <section className="panel" aria-labelledby="checks-heading">
      <div className="panel-header">
        <h2 id="checks-heading">Checks</h2>
        {latestId && <Link to={`/findings?control=${encodeURIComponent(control.id)}`}>Findings for {control.id}</Link>}
      </div>
      <p className="muted small">{plural(control.checks.length, 'check')} evidence this control{runs.data && !latestId ? '; no scan has been recorded yet' : ''}.</p>
      <ul className="check-list">
        {control.checks.map((id) => {
          const info = byId.get(id);
          const t = tallies.get(id);
          return (
            <li key={id} data-check={id}>
              <div><code>{id}</code> {info && <span className={`severity severity-${info.severity}`}>{info.severity}</span>}</div>
              {info && <div>{info.title}</div>}
              <div className="muted small">
                {t ? `${t.fail} failing, ${t.pass} passing, ${t.notApplicable} not applicable in the latest scan` : latestId ? 'not run in the latest scan' : ''}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
