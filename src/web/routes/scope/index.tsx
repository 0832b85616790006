// The audit scope: categories (Security always), Type I date or Type II period, and the basics
// of the system description. Every field error the API returns is shown beside its field.
import { useEffect, useState, type FormEvent } from 'react';
import { api, fieldErrors, useApi } from '../../api/client';
import { CATEGORIES, type Category, type Scope, type SubserviceOrganization } from '../../api/types';
import { ErrorMessage, FieldErrorText, Loading, Notice } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { CATEGORY_LABELS } from '../../format';
import { usePageTitle } from '../../router';

interface SubserviceDraft {
  name: string;
  services: string;
  method: SubserviceOrganization['method'];
  /** One complementary subservice organization control per line. */
  csocs: string;
}

interface Draft {
  categories: Category[];
  reportType: Scope['reportType'];
  asOf: string;
  periodStart: string;
  periodEnd: string;
  services: string;
  boundaries: string;
  subservices: SubserviceDraft[];
}

const toDraft = (s: Scope): Draft => ({
  categories: s.categories,
  reportType: s.reportType,
  asOf: s.asOf ?? '',
  periodStart: s.periodStart ?? '',
  periodEnd: s.periodEnd ?? '',
  services: s.systemDescription.services,
  boundaries: s.systemDescription.boundaries,
  subservices: s.systemDescription.subserviceOrganizations.map((o) => ({ name: o.name, services: o.services, method: o.method, csocs: o.csocs.join('\n') })),
});

const toPatch = (d: Draft) => ({
  categories: d.categories,
  reportType: d.reportType,
  asOf: d.asOf || null,
  periodStart: d.periodStart || null,
  periodEnd: d.periodEnd || null,
  systemDescription: {
    services: d.services,
    boundaries: d.boundaries,
    subserviceOrganizations: d.subservices.map((o) => ({ name: o.name.trim(), services: o.services, method: o.method, csocs: o.csocs.split('\n').map((l) => l.trim()).filter(Boolean) })),
  },
});

const DESCRIPTIONS: Record<Category, string> = {
  security: 'Protection against unauthorized access. Every SOC 2 report includes it.',
  availability: 'The system is available for operation and use as committed.',
  confidentiality: 'Information designated as confidential is protected.',
  processing_integrity: 'System processing is complete, valid, accurate, timely and authorized.',
  privacy: 'Personal information is collected, used, retained and disclosed as committed.',
};

export default function ScopePage() {
  usePageTitle('Scope');
  const scope = useApi<Scope>('/api/scope');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (scope.data && draft === null) setDraft(toDraft(scope.data));
  }, [scope.data, draft]);

  if (scope.error) return <><h1>Scope</h1><ErrorMessage error={scope.error} /></>;
  if (!draft || !scope.data) return <><h1>Scope</h1><Loading /></>;

  const errors = fieldErrors(error);
  const update = (changes: Partial<Draft>) => {
    setDraft({ ...draft, ...changes });
    setSaved(false);
  };
  const updateSubservice = (i: number, changes: Partial<SubserviceDraft>) => update({ subservices: draft.subservices.map((o, j) => (j === i ? { ...o, ...changes } : o)) });

  const handleCategoryChange = (category: Category, checked: boolean) => {
    const chosen = new Set(draft.categories);
    if (checked) chosen.add(category);
    else chosen.delete(category);
    chosen.add('security');
    update({ categories: CATEGORIES.filter((c) => chosen.has(c)) });
  };
  const handleAddSubservice = () => update({ subservices: [...draft.subservices, { name: '', services: '', method: 'carve-out', csocs: '' }] });
  const handleRemoveSubservice = (i: number) => update({ subservices: draft.subservices.filter((_, j) => j !== i) });

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const next = await api<Scope>('/api/scope', { method: 'PATCH', body: toPatch(draft) });
      scope.set(next);
      setDraft(toDraft(next));
      setSaved(true);
    } catch (err) {
      setError(err);
      setSaved(false);
    } finally {
      setSaving(false);
    }
  };

  const shown = new Set(['categories', 'reportType', 'asOf', 'periodStart', 'periodEnd', 'systemDescription.services', 'systemDescription.boundaries',
    ...draft.subservices.flatMap((_, i) => ['name', 'services', 'method', 'csocs'].map((f) => `systemDescription.subserviceOrganizations.${i}.${f}`))]);

  return (
    <>
      <div className="page-header">
        <h1>Scope</h1>
        <p className="lede">What the audit covers: the trust services categories, the report type and dates, and the system it describes.</p>
      </div>
      {scope.data.notices.length > 0 && (
        <ul className="notices" aria-label="Advice">
          {scope.data.notices.map((n) => <li key={n}>{n}</li>)}
        </ul>
      )}
      <form onSubmit={handleSubmit} noValidate className="panel form">
        {error !== null && <ErrorMessage error={error} shownFields={shown} />}

        <fieldset aria-describedby={errors.get('categories') ? 'categories-error' : undefined}>
          <legend>Categories in scope</legend>
          <ul className="checkbox-list">
            {CATEGORIES.map((c) => (
              <li key={c}>
                <input type="checkbox" id={`category-${c}`} checked={draft.categories.includes(c)} disabled={c === 'security'}
                  onChange={(e) => handleCategoryChange(c, e.target.checked)} aria-describedby={`category-${c}-hint`} />
                <label htmlFor={`category-${c}`}>{CATEGORY_LABELS[c]}</label>
                <span className="hint" id={`category-${c}-hint`}>{c === 'security' ? 'Always in scope. ' : ''}{DESCRIPTIONS[c]}</span>
              </li>
            ))}
          </ul>
          <FieldErrorText id="categories-error" errors={errors.get('categories')} />
        </fieldset>

        <fieldset>
          <legend>Report type</legend>
          <div className="radio-row">
            <input type="radio" id="report-type1" name="reportType" value="type1" checked={draft.reportType === 'type1'} onChange={() => update({ reportType: 'type1' })} />
            <label htmlFor="report-type1">Type I <span className="muted">(design, as of one date)</span></label>
          </div>
          <div className="radio-row">
            <input type="radio" id="report-type2" name="reportType" value="type2" checked={draft.reportType === 'type2'} onChange={() => update({ reportType: 'type2' })} />
            <label htmlFor="report-type2">Type II <span className="muted">(operating effectiveness over a period)</span></label>
          </div>
          <FieldErrorText id="reportType-error" errors={errors.get('reportType')} />
          {draft.reportType === 'type1' ? (
            <TextField id="asOf" label="As-of date" type="date" value={draft.asOf} onChange={(v) => update({ asOf: v })} errors={errors.get('asOf')} />
          ) : (
            <div className="field-row">
              <TextField id="periodStart" label="Period start" type="date" value={draft.periodStart} onChange={(v) => update({ periodStart: v })} errors={errors.get('periodStart')} />
              <TextField id="periodEnd" label="Period end" type="date" value={draft.periodEnd} onChange={(v) => update({ periodEnd: v })} errors={errors.get('periodEnd')}
                hint="Usually three to twelve months after the start." />
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>System description</legend>
          <TextField id="services" label="Services in scope" multiline value={draft.services} onChange={(v) => update({ services: v })} errors={errors.get('systemDescription.services')}
            hint="The services the report covers and who uses them." maxLength={20000} />
          <TextField id="boundaries" label="System boundaries" multiline value={draft.boundaries} onChange={(v) => update({ boundaries: v })} errors={errors.get('systemDescription.boundaries')}
            hint="What is inside the system (infrastructure, software, data) and what is not." maxLength={20000} />

          <h3 className="subheading">Subservice organizations</h3>
          <p className="hint">Vendors whose controls your system relies on, such as a cloud provider.</p>
          {draft.subservices.length === 0 && <p className="muted">None listed.</p>}
          {draft.subservices.map((o, i) => {
            const base = `systemDescription.subserviceOrganizations.${i}`;
            return (
              <div key={i} className="subservice" role="group" aria-label={`Subservice organization ${i + 1}`}>
                <TextField id={`subservice-${i}-name`} label="Name" value={o.name} onChange={(v) => updateSubservice(i, { name: v })} errors={errors.get(`${base}.name`)} maxLength={200} />
                <TextField id={`subservice-${i}-services`} label="Services it provides" value={o.services} onChange={(v) => updateSubservice(i, { services: v })} errors={errors.get(`${base}.services`)} />
                <div className="field">
                  <label htmlFor={`subservice-${i}-method`}>Method</label>
                  <select id={`subservice-${i}-method`} value={o.method} onChange={(e) => updateSubservice(i, { method: e.target.value as SubserviceDraft['method'] })}>
                    <option value="carve-out">Carve-out</option>
                    <option value="inclusive">Inclusive</option>
                  </select>
                  <FieldErrorText id={`subservice-${i}-method-error`} errors={errors.get(`${base}.method`)} />
                </div>
                <TextField id={`subservice-${i}-csocs`} label="Complementary controls (one per line)" multiline rows={3} value={o.csocs} onChange={(v) => updateSubservice(i, { csocs: v })} errors={errors.get(`${base}.csocs`)} />
                <button type="button" className="button-secondary" onClick={() => handleRemoveSubservice(i)}>Remove {o.name.trim() || `organization ${i + 1}`}</button>
              </div>
            );
          })}
          <button type="button" className="button-secondary" onClick={handleAddSubservice}>Add a subservice organization</button>
        </fieldset>

        <div className="form-actions">
          <button type="submit" disabled={saving}>{saving ? 'Saving…' : 'Save scope'}</button>
          {saved && <Notice>Scope saved.</Notice>}
        </div>
      </form>
    </>
  );
}
