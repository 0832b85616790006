// Criteria explorer: every SOC 2 criterion by category and group, with its readiness when in scope.
import { useApi } from '../../api/client';
import { CATEGORIES, type Criterion, type StatusReport } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/Feedback';
import { StateBadge } from '../../components/StatusBadge';
import { CATEGORY_LABELS, plural } from '../../format';
import { Link, usePageTitle } from '../../router';

export default function CriteriaPage() {
  usePageTitle('Criteria');
  const criteria = useApi<Criterion[]>('/api/criteria');
  const status = useApi<StatusReport>('/api/status');
  const error = criteria.error ?? status.error;
  if (error) return <><h1>Criteria</h1><ErrorMessage error={error} /></>;
  if (!criteria.data || !status.data) return <><h1>Criteria</h1><Loading /></>;

  const readiness = new Map(status.data.readiness.criteria.map((r) => [r.id, r]));
  const inScope = new Set(status.data.scope.categories);
  return (
    <>
      <div className="page-header">
        <h1>Criteria</h1>
        <p className="lede">The 2017 Trust Services Criteria (revised points of focus, 2022), with the controls that support each one.</p>
      </div>
      <nav aria-label="Categories" className="jump-links">
        <ul>
          {CATEGORIES.map((c) => <li key={c}><a href={`#category-${c}`}>{CATEGORY_LABELS[c]}</a></li>)}
        </ul>
      </nav>
      {CATEGORIES.map((category) => {
        const rows = criteria.data!.filter((c) => c.category === category);
        const groups = [...new Map(rows.map((c) => [c.group, c.groupTitle ?? c.group])).entries()];
        return (
          <section key={category} id={`category-${category}`} className="panel" aria-labelledby={`category-${category}-heading`}>
            <div className="panel-header">
              <h2 id={`category-${category}-heading`}>{CATEGORY_LABELS[category]}</h2>
              <span className={inScope.has(category) ? 'tag tag-in' : 'tag'}>{inScope.has(category) ? 'In scope' : 'Not in scope'}</span>
            </div>
            {groups.map(([group, title]) => (
              <div key={group} className="criteria-group">
                <h3>{group} {title !== group && <span className="muted">{title}</span>}</h3>
                <ul className="criteria-list">
                  {rows.filter((c) => c.group === group).map((c) => {
                    const r = readiness.get(c.id);
                    return (
                      <li key={c.id}>
                        <Link to={`/criteria/${encodeURIComponent(c.id)}`}><strong>{c.id}</strong> {c.title}</Link>
                        <span className="meta">
                          {r ? <StateBadge state={r.state} /> : null}
                          <span className="muted small">{r ? `${r.evidenced} of ${plural(r.controls, 'control')} evidenced` : plural(c.controls.length, 'control')}</span>
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </>
  );
}
