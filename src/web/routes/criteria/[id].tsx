// One criterion: its text, points of focus, and the organization's controls for it.
import { useApi } from '../../api/client';
import type { CriterionDetail, StatusReport } from '../../api/types';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback';
import { StateBadge } from '../../components/StatusBadge';
import { ControlTable } from '../../components/ControlTable';
import { CATEGORY_LABELS } from '../../format';
import { Link, usePageTitle, type PageProps } from '../../router';

export default function CriterionPage({ params }: PageProps) {
  const id = params.id ?? '';
  const criterion = useApi<CriterionDetail>(`/api/criteria/${encodeURIComponent(id)}`);
  const status = useApi<StatusReport>('/api/status');
  usePageTitle(criterion.data ? `${criterion.data.id} ${criterion.data.title}` : id);

  const back = <p className="breadcrumb"><Link to="/criteria">Criteria</Link> /</p>;
  if (criterion.error) return <>{back}<h1>{id}</h1><ErrorMessage error={criterion.error} /></>;
  if (!criterion.data) return <>{back}<h1>{id}</h1><Loading /></>;
  const c = criterion.data;
  const readiness = status.data?.readiness.criteria.find((r) => r.id === c.id);

  return (
    <>
      {back}
      <div className="page-header">
        <h1><span className="id">{c.id}</span> {c.title}</h1>
        <p className="lede">
          {CATEGORY_LABELS[c.category]} · {c.group}{c.groupTitle ? ` ${c.groupTitle}` : ''}
          {readiness ? <> · <StateBadge state={readiness.state} /> {readiness.evidenced} of {readiness.controls} controls evidenced</> : status.data ? ' · not in scope' : null}
        </p>
      </div>
      <section className="panel" aria-labelledby="description-heading">
        <h2 id="description-heading">Description</h2>
        <p>{c.description}</p>
        {c.pointsOfFocus.length > 0 && (
          <>
            <h3>Points of focus</h3>
            <ul className="bullets">
              {c.pointsOfFocus.map((p) => <li key={p}>{p}</li>)}
            </ul>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="controls-heading">
        <h2 id="controls-heading">Controls</h2>
        {c.controlDetails.length === 0 ? (
          <EmptyState title="No controls map to this criterion">
            <p>The control library has no control for {c.id} yet.</p>
          </EmptyState>
        ) : (
          <ControlTable controls={c.controlDetails} caption={`Controls supporting ${c.id}`} />
        )}
      </section>
    </>
  );
}
