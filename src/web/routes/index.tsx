// Dashboard: readiness overall and per category, its trend, the criteria grid, the top gaps,
// what to do next, and the latest scan.
import { useApi } from '../api/client';
import type { Category, CriterionReadiness, ReadinessSnapshot, ScanRun, Scope, StatusReport } from '../api/types';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { StateBadge, StatusBadge } from '../components/StatusBadge';
import { CATEGORY_LABELS, formatDateTime, plural } from '../format';
import { Link, usePageTitle } from '../router';
import { ScanSummary } from '../components/ScanSummary';
import { TrendChart } from '../components/TrendChart';

const TREND_DAYS = 180;
const trendFrom = () => new Date(Date.now() - (TREND_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);

export default function DashboardPage() {
  usePageTitle('Dashboard');
  const status = useApi<StatusReport>('/api/status');
  const scans = useApi<ScanRun[]>('/api/scans?limit=1');
  const scope = useApi<Scope>('/api/scope');
  const trend = useApi<ReadinessSnapshot[]>(`/api/readiness/history?from=${trendFrom()}`);

  if (status.error) return <><h1>Dashboard</h1><ErrorMessage error={status.error} /></>;
  if (!status.data || !scans.data) return <><h1>Dashboard</h1><Loading /></>;
  const { readiness, organization, nextSteps } = status.data;
  const { overall } = readiness;
  const latestScan = scans.data[0];
  const nothingYet = overall.evidenced + overall.failing + overall.stale === 0 && !latestScan;

  return (
    <>
      <div className="page-header">
        <h1>Dashboard</h1>
        <p className="lede">{organization.name} · <ScopeLine scope={status.data.scope} /></p>
      </div>

      {nothingYet && (
        <EmptyState title="Nothing is evidenced yet">
          <p>Every control in scope is waiting for evidence. Start here:</p>
          <ol className="steps">
            <li><Link to="/scope">Check your scope</Link>: the categories, the Type I date or Type II period, and the services you describe.</li>
            <li><Link to="/evidence">Upload evidence</Link> for a control, such as a policy, a screenshot or an export. {nextSteps[0] && <>The most cited gap is <Link to={`/controls/${encodeURIComponent(nextSteps[0].control)}`}>{nextSteps[0].control} {nextSteps[0].title}</Link>.</>}</li>
            <li>Run <code>attest scan .</code> in your infrastructure repository to evidence automated controls from Terraform, CloudFormation, Kubernetes, Dockerfiles and workflows.</li>
          </ol>
        </EmptyState>
      )}

      <section aria-labelledby="readiness-heading" className="panel">
        <h2 id="readiness-heading">Readiness</h2>
        <div className="score-row">
          <div className="score">
            <span className="score-value" data-testid="overall-score">{overall.score}%</span>
            <span className="score-caption">{overall.evidenced} of {plural(overall.controls, 'control')} evidenced{overall.excluded > 0 && `, ${overall.excluded} excluded`}</span>
            <progress max={Math.max(overall.controls, 1)} value={overall.evidenced} aria-label="Controls evidenced" />
          </div>
          <ul className="counts" aria-label="Controls by status">
            <CountTile label="Evidenced" value={overall.evidenced} status="evidenced" />
            <CountTile label="Failing" value={overall.failing} status="failing" />
            <CountTile label="At risk" value={overall.atRisk} status="at_risk" />
            <CountTile label="Stale" value={overall.stale} status="stale" />
            <CountTile label="No evidence" value={overall.noEvidence} status="no_evidence" />
          </ul>
        </div>
        <ul className="category-cards" aria-label="Readiness by category">
          {readiness.categories.map((c) => (
            <li key={c.category} className="card">
              <h3>{CATEGORY_LABELS[c.category]}</h3>
              <p className="category-score" data-testid={`score-${c.category}`}>{c.score}%</p>
              <progress max={Math.max(c.controls, 1)} value={c.evidenced} aria-label={`${CATEGORY_LABELS[c.category]}: controls evidenced`} />
              <p className="muted">{c.evidenced} of {plural(c.controls, 'control')} · {c.criteriaReady} of {plural(c.criteria, 'criterion', 'criteria')} ready</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="trend-heading" className="panel">
        <h2 id="trend-heading">Trend</h2>
        {trend.error ? <ErrorMessage error={trend.error} /> : !trend.data ? <Loading /> : trend.data.length === 0 ? (
          <p>No trend yet. Readiness is recorded once a day by the <code>evaluate-status</code> job; <Link to="/jobs">run it now from the Jobs page</Link> to record today&apos;s point.</p>
        ) : <TrendChart snapshots={trend.data} />}
      </section>

      <section aria-labelledby="gaps-heading" className="panel">
        <h2 id="gaps-heading">Top gaps</h2>
        <TopGaps gaps={status.data.topGaps ?? []} />
      </section>

      <section aria-labelledby="criteria-heading" className="panel">
        <div className="panel-header">
          <h2 id="criteria-heading">Criteria</h2>
          <ul className="legend" aria-label="Legend">
            <li><StateBadge state="ready" /> every control evidenced</li>
            <li><StateBadge state="partial" /> some</li>
            <li><StateBadge state="gap" /> none</li>
          </ul>
        </div>
        {readiness.categories.map((c) => (
          <CriteriaGrid key={c.category} category={c.category} criteria={readiness.criteria.filter((r) => r.category === c.category)} />
        ))}
      </section>

      <div className="two-columns">
        <section aria-labelledby="next-heading" className="panel">
          <h2 id="next-heading">Next steps</h2>
          {nextSteps.length === 0 ? (
            <p>Every control in scope is evidenced. Keep the evidence fresh and the scans running.</p>
          ) : (
            <ol className="next-steps">
              {nextSteps.map((s) => (
                <li key={s.control}>
                  <Link to={`/controls/${encodeURIComponent(s.control)}`}><strong>{s.control}</strong> {s.title}</Link>
                  <div className="meta"><StatusBadge status={s.status} />{s.status !== 'no_evidence' && <span>{s.explanation}</span>}</div>
                  <div className="muted small">Supports {s.criteria.join(', ')}</div>
                </li>
              ))}
            </ol>
          )}
        </section>

        <div className="stack">
          <section aria-labelledby="scan-heading" className="panel">
            <h2 id="scan-heading">Latest scan</h2>
            {latestScan ? (
              <>
                <ScanSummary run={latestScan} />
                <p><Link to="/findings">See the findings</Link></p>
              </>
            ) : (
              <p>No scan recorded yet. Run <code>attest scan .</code> inside this workspace to record one.</p>
            )}
          </section>
          <section aria-labelledby="system-heading" className="panel">
            <h2 id="system-heading">System in scope</h2>
            {scope.data ? (
              scope.data.systemDescription.services.trim() ? (
                <>
                  <p className="user-text" data-testid="scope-services">{scope.data.systemDescription.services}</p>
                  <p className="muted small">Updated {formatDateTime(scope.data.updatedAt)} · <Link to="/scope">Edit the scope</Link></p>
                </>
              ) : (
                <p>The services in scope are not described yet. <Link to="/scope">Describe them</Link>.</p>
              )
            ) : scope.error ? <ErrorMessage error={scope.error} /> : <Loading />}
          </section>
        </div>
      </div>
    </>
  );
}

interface TopGapsProps {
  gaps: StatusReport['topGaps'];
}

function TopGaps({ gaps }: TopGapsProps) {
  if (gaps.length === 0) return <p>No gaps: every criterion in scope has all its controls evidenced.</p>;
  return (
    <>
      <p className="muted small">Criteria with the most controls lacking current evidence. Open one to see its controls and what each needs.</p>
      <ol className="top-gaps">
        {gaps.map((g) => (
          <li key={g.id} data-testid={`gap-${g.id}`}>
            <Link to={`/criteria/${encodeURIComponent(g.id)}`}><strong>{g.id}</strong> {g.title}</Link>
            <span className="muted small">{g.missing} of {plural(g.controls, 'control')} lacking{g.failing > 0 && `, ${g.failing} failing`}</span>
            <span className="gap-bar" aria-hidden="true">
              <span className="gap-failing" style={{ width: `${(g.failing / Math.max(g.controls, 1)) * 100}%` }} />
              <span className="gap-missing" style={{ width: `${((g.missing - g.failing) / Math.max(g.controls, 1)) * 100}%` }} />
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

interface ScopeLineProps {
  scope: StatusReport['scope'];
}

function ScopeLine({ scope }: ScopeLineProps) {
  const categories = scope.categories.map((c) => CATEGORY_LABELS[c]).join(', ');
  if (scope.reportType === 'type2') {
    const period = scope.periodStart && scope.periodEnd ? `${scope.periodStart} to ${scope.periodEnd}` : 'period not set';
    return <span>SOC 2 Type II ({period}) · {categories}</span>;
  }
  return <span>SOC 2 Type I ({scope.asOf ? `as of ${scope.asOf}` : 'date not set'}) · {categories}</span>;
}

interface CountTileProps {
  label: string;
  value: number;
  status: 'evidenced' | 'failing' | 'at_risk' | 'stale' | 'no_evidence';
}

function CountTile({ label, value, status }: CountTileProps) {
  return (
    <li className={`count-tile status-${status}`}>
      <Link to={`/controls?status=${status}`} aria-label={`${value} ${label.toLowerCase()}: list these controls`}>
        <span className="count-value" data-testid={`count-${status}`}>{value}</span>
        <span className="count-label">{label}</span>
      </Link>
    </li>
  );
}

interface CriteriaGridProps {
  category: Category;
  criteria: CriterionReadiness[];
}

function CriteriaGrid({ category, criteria }: CriteriaGridProps) {
  return (
    <>
      <h3 className="grid-heading">{CATEGORY_LABELS[category]}</h3>
      <ul className="criteria-grid">
        {criteria.map((c) => (
          <li key={c.id} className={`criterion-tile state-${c.state}`} data-state={c.state}>
            <Link to={`/criteria/${encodeURIComponent(c.id)}`} aria-label={`${c.id} ${c.title}: ${c.state}, ${c.evidenced} of ${c.controls} controls evidenced`}>
              <span className="tile-id">{c.id}</span>
              <span className="tile-title">{c.title}</span>
              <span className="tile-count">{c.evidenced}/{c.controls}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
