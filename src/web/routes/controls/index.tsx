// Controls: filters (status, owner, domain, criterion) and search, kept in the address so a
// filtered list can be shared and survives a reload.
import { useMemo } from 'react';
import { useApi } from '../../api/client';
import { CONTROL_STATUSES, type ControlSummary, type Criterion, type LibraryControl } from '../../api/types';
import { ControlTable } from '../../components/ControlTable';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback';
import { humanize, plural, STATUS_LABELS } from '../../format';
import { usePageTitle, useQueryState } from '../../router';

const UNASSIGNED = '(unassigned)';

export default function ControlsPage() {
  usePageTitle('Controls');
  const controls = useApi<ControlSummary[]>('/api/controls');
  const criteria = useApi<Criterion[]>('/api/criteria');
  const [query, setQuery] = useQueryState();
  const filters = { status: query.get('status') ?? '', owner: query.get('owner') ?? '', domain: query.get('domain') ?? '', criterion: query.get('criterion') ?? '', q: query.get('q') ?? '' };
  // Descriptions are library text, not in the list: fetched once, when a search needs them.
  const library = useApi<LibraryControl[]>(filters.q ? '/api/library/controls' : null);
  const descriptions = useMemo(() => new Map((library.data ?? []).map((c) => [c.id, c.description])), [library.data]);

  const options = useMemo(() => {
    const all = controls.data ?? [];
    return {
      owners: [...new Set(all.map((c) => c.owner).filter((o): o is string => !!o))].sort((a, b) => a.localeCompare(b)),
      domains: [...new Set(all.map((c) => c.domain))].sort(),
    };
  }, [controls.data]);

  const shown = useMemo(() => {
    const words = filters.q.toLowerCase().split(/\s+/).filter(Boolean);
    return (controls.data ?? []).filter((c) =>
      (!filters.status || c.status === filters.status) &&
      (!filters.owner || (filters.owner === UNASSIGNED ? c.owner === null : c.owner === filters.owner)) &&
      (!filters.domain || c.domain === filters.domain) &&
      (!filters.criterion || c.criteria.includes(filters.criterion)) &&
      words.every((w) => `${c.id} ${c.title} ${descriptions.get(c.id) ?? ''} ${c.owner ?? ''}`.toLowerCase().includes(w)));
  }, [controls.data, descriptions, filters.status, filters.owner, filters.domain, filters.criterion, filters.q]);

  if (controls.error) return <><h1>Controls</h1><ErrorMessage error={controls.error} /></>;
  if (!controls.data) return <><h1>Controls</h1><Loading /></>;
  const filtered = Object.values(filters).some(Boolean);
  const handleClear = () => setQuery({ status: null, owner: null, domain: null, criterion: null, q: null });

  return (
    <>
      <div className="page-header">
        <h1>Controls</h1>
        <p className="lede">The organization's controls, with a status derived from their evidence and the latest scan.</p>
      </div>
      <form className="filters panel" role="search" aria-label="Filter controls" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor="filter-q">Search</label>
          <input id="filter-q" type="search" value={filters.q} placeholder="Id, title, description or owner" onChange={(e) => setQuery({ q: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={filters.status} onChange={(e) => setQuery({ status: e.target.value })}>
            <option value="">Any status</option>
            {CONTROL_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-owner">Owner</label>
          <select id="filter-owner" value={filters.owner} onChange={(e) => setQuery({ owner: e.target.value })}>
            <option value="">Anyone</option>
            <option value={UNASSIGNED}>Unassigned</option>
            {options.owners.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-domain">Domain</label>
          <select id="filter-domain" value={filters.domain} onChange={(e) => setQuery({ domain: e.target.value })}>
            <option value="">Any domain</option>
            {options.domains.map((d) => <option key={d} value={d}>{humanize(d)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-criterion">Criterion</label>
          <select id="filter-criterion" value={filters.criterion} onChange={(e) => setQuery({ criterion: e.target.value })}>
            <option value="">Any criterion</option>
            {(criteria.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.id} {c.title}</option>)}
          </select>
        </div>
        {filtered && <button type="button" className="button-secondary" onClick={handleClear}>Clear filters</button>}
      </form>
      <p className="result-count" role="status" aria-live="polite">{filtered ? `${shown.length} of ${plural(controls.data.length, 'control')}` : plural(controls.data.length, 'control')}</p>
      {shown.length === 0 ? (
        <EmptyState title="No control matches">
          <p>Change the filters or <button type="button" className="link-button" onClick={handleClear}>clear them</button>.</p>
        </EmptyState>
      ) : (
        <ControlTable controls={shown} caption="Controls" />
      )}
    </>
  );
}
