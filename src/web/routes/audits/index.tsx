// Audits: the list (an auditor sees only the audits assigned to them, and goes straight to
// theirs when there is one) and, for owners and admins, the form that creates one.
import { useEffect, useState, type FormEvent } from 'react';
import { api, fieldErrors, useApi } from '../../api/client';
import { auditWindow, type Audit, type ReportType } from '../../api/audits';
import { usePermissions } from '../../api/caller';
import { useSession } from '../../api/session';
import { CATEGORIES, type Category } from '../../api/types';
import { EmptyState, ErrorMessage, FieldErrorText, Loading } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { CATEGORY_LABELS, formatDateTime } from '../../format';
import { Link, navigate, usePageTitle } from '../../router';

interface Draft {
  type: ReportType;
  date: string;
  from: string;
  to: string;
  categories: Category[];
}

function CreateAuditForm() {
  const [draft, setDraft] = useState<Draft>({ type: 'type2', date: '', from: '', to: '', categories: ['security'] });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const handleToggle = (c: Category) => update({ categories: draft.categories.includes(c) ? draft.categories.filter((x) => x !== c) : [...draft.categories, c] });

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = draft.type === 'type1'
        ? { type: '1', date: draft.date, categories: draft.categories }
        : { type: '2', from: draft.from, to: draft.to, categories: draft.categories };
      const audit = await api<Audit>('/api/audits', { method: 'POST', body });
      navigate(`/audits/${audit.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={handleSubmit} noValidate className="panel form" aria-labelledby="create-audit">
      <h2 id="create-audit">Create an audit</h2>
      <ErrorMessage error={error} shownFields={new Set(['type', 'date', 'from', 'to', 'categories'])} />
      <fieldset aria-describedby={errors.get('type') ? 'type-error' : undefined}>
        <legend>Report type</legend>
        <div className="radio-row">
          <input type="radio" id="audit-type2" name="type" checked={draft.type === 'type2'} onChange={() => update({ type: 'type2' })} />
          <label htmlFor="audit-type2">Type II <span className="muted">(operating effectiveness over a period)</span></label>
        </div>
        <div className="radio-row">
          <input type="radio" id="audit-type1" name="type" checked={draft.type === 'type1'} onChange={() => update({ type: 'type1' })} />
          <label htmlFor="audit-type1">Type I <span className="muted">(design, as of one date)</span></label>
        </div>
        <FieldErrorText id="type-error" errors={errors.get('type')} />
        {draft.type === 'type1' ? (
          <TextField id="date" label="As of" type="date" value={draft.date} onChange={(date) => update({ date })} errors={errors.get('date')} required />
        ) : (
          <div className="field-row">
            <TextField id="from" label="First day of the period" type="date" value={draft.from} onChange={(from) => update({ from })} errors={errors.get('from')} required />
            <TextField id="to" label="Last day of the period" type="date" value={draft.to} onChange={(to) => update({ to })} errors={errors.get('to')} required />
          </div>
        )}
      </fieldset>
      <fieldset aria-describedby={errors.get('categories') ? 'categories-error' : undefined}>
        <legend>Categories</legend>
        <ul className="checkbox-list">
          {CATEGORIES.map((c) => (
            <li key={c}>
              <input type="checkbox" id={`audit-category-${c}`} checked={draft.categories.includes(c) || c === 'security'} disabled={c === 'security'} onChange={() => handleToggle(c)} />
              <label htmlFor={`audit-category-${c}`}>{CATEGORY_LABELS[c]}</label>
              {c === 'security' && <span className="hint">Always in the audit.</span>}
            </li>
          ))}
        </ul>
        <FieldErrorText id="categories-error" errors={errors.get('categories')} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create audit'}</button>
      </div>
    </form>
  );
}

export default function AuditsPage() {
  usePageTitle('Audits');
  const session = useSession();
  const role = session?.user?.role ?? '';
  const { can } = usePermissions();
  const audits = useApi<{ items: Audit[]; total: number }>('/api/audits?limit=200');
  const onlyOne = role === 'auditor' && audits.data?.items.length === 1 ? audits.data.items[0]!.id : null;

  useEffect(() => {
    // An auditor with one audit has nothing else to choose: go to it.
    if (onlyOne) navigate(`/audits/${onlyOne}`, { replace: true });
  }, [onlyOne]);

  if (audits.error) return <><h1>Audits</h1><ErrorMessage error={audits.error} /></>;
  if (!audits.data || onlyOne) return <><h1>Audits</h1><Loading /></>;
  const items = audits.data.items;
  const manage = can('audits:manage');

  return (
    <>
      <div className="page-header">
        <h1>Audits</h1>
        <p className="lede">Each audit is a Type I report as of a date or a Type II report over a period: populations, reproducible samples, tests, exceptions and the auditor's requests.</p>
      </div>
      {items.length === 0 ? (
        <EmptyState title="No audit yet">
          {role === 'auditor'
            ? <p>No audit is assigned to you yet. Ask the organization's admin to assign you to the audit you are performing.</p>
            : manage ? <p>Create the first audit below: choose Type II and its period (or Type I and its date), then invite the auditor from the audit's page.</p>
              : <p>An owner or admin creates audits; they will be listed here.</p>}
        </EmptyState>
      ) : (
        <div className="panel table-wrap">
          <table className="responsive-table" data-testid="audit-list">
            <caption className="visually-hidden">Audits, newest first</caption>
            <thead>
              <tr><th scope="col">Audit</th><th scope="col">Categories</th><th scope="col">Controls</th><th scope="col">Seed</th><th scope="col">Created</th></tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-audit={a.id}>
                  <th scope="row" data-label="Audit"><Link to={`/audits/${a.id}`}>{a.type === 'type1' ? 'Type I' : 'Type II'}, {auditWindow(a)}</Link></th>
                  <td data-label="Categories">{a.categories.map((c) => CATEGORY_LABELS[c]).join(', ')}</td>
                  <td data-label="Controls">{a.controls}</td>
                  <td data-label="Seed">{a.seed === null ? <span className="muted">not drawn</span> : <code>{a.seed}</code>}</td>
                  <td data-label="Created"><span className="small">{formatDateTime(a.createdAt)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && <CreateAuditForm />}
    </>
  );
}
