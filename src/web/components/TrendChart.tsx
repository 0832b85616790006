// Readiness over time as an SVG line (no chart library): the score (share of in-scope controls
// with current evidence) per day, and failing controls as a second line on their own scale. The
// chart is an image with a written summary; the figures are also in a table, behind a disclosure.
import type { ReadinessSnapshot } from '../api/types';
import './dashboard.css';

interface TrendChartProps {
  snapshots: ReadinessSnapshot[];
}

const W = 900;
const H = 220;
const PAD = { left: 36, right: 12, top: 10, bottom: 24 };

export function trendSummary(snapshots: ReadinessSnapshot[]): string {
  if (snapshots.length === 0) return 'No readiness recorded yet.';
  const first = snapshots[0]!;
  const last = snapshots.at(-1)!;
  const low = snapshots.reduce((a, b) => (b.score < a.score ? b : a));
  const high = snapshots.reduce((a, b) => (b.score > a.score ? b : a));
  const change = last.score - first.score;
  const moved = change === 0 ? 'stayed at' : change > 0 ? `rose ${change} points to` : `fell ${-change} points to`;
  return `Readiness ${moved} ${last.score}% between ${first.day} (${first.score}%) and ${last.day}, over ${snapshots.length} recorded days; `
    + `lowest ${low.score}% on ${low.day}, highest ${high.score}% on ${high.day}. Failing controls: ${first.failing} then, ${last.failing} now; at risk (a recurring task overdue): ${last.atRisk} now.`;
}

export function TrendChart({ snapshots }: TrendChartProps) {
  const t0 = Date.parse(snapshots[0]!.day);
  const span = Math.max(Date.parse(snapshots.at(-1)!.day) - t0, 86_400_000);
  const x = (day: string) => PAD.left + ((Date.parse(day) - t0) / span) * (W - PAD.left - PAD.right);
  const y = (pct: number) => PAD.top + (1 - pct / 100) * (H - PAD.top - PAD.bottom);
  const maxFailing = Math.max(1, ...snapshots.map((s) => s.failing));
  const yFail = (n: number) => y((n / maxFailing) * 100);
  const score = snapshots.map((s) => `${x(s.day).toFixed(1)},${y(s.score).toFixed(1)}`).join(' ');
  const failing = snapshots.map((s) => `${x(s.day).toFixed(1)},${yFail(s.failing).toFixed(1)}`).join(' ');
  const area = `${x(snapshots[0]!.day).toFixed(1)},${y(0)} ${score} ${x(snapshots.at(-1)!.day).toFixed(1)},${y(0)}`;
  // A label at the first day of each month (at most six), and the last day.
  const months = snapshots.filter((s, i) => i === 0 || s.day.slice(0, 7) !== snapshots[i - 1]!.day.slice(0, 7));
  const ticks = months.filter((_, i) => i % Math.ceil(months.length / 6) === 0);
  const summary = trendSummary(snapshots);
  return (
    <figure className="trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="trend-title trend-desc" className="trend-chart">
        <title id="trend-title">Readiness over time</title>
        <desc id="trend-desc">{summary}</desc>
        {[0, 25, 50, 75, 100].map((p) => (
          <g key={p}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(p)} y2={y(p)} className="trend-grid" />
            <text x={PAD.left - 6} y={y(p) + 4} textAnchor="end" className="trend-label">{p}%</text>
          </g>
        ))}
        {ticks.map((s) => (
          <text key={s.day} x={x(s.day)} y={H - 6} textAnchor="start" className="trend-label">{s.day.slice(0, 7)}</text>
        ))}
        <polygon points={area} className="trend-area" />
        <polyline points={score} className="trend-score" />
        <polyline points={failing} className="trend-failing" />
      </svg>
      <figcaption>
        <span className="trend-key trend-key-score">Score (% of in-scope controls evidenced)</span>
        <span className="trend-key trend-key-failing">Failing controls (0 to {maxFailing})</span>
        <p className="muted small" data-testid="trend-summary">{summary}</p>
        <details>
          <summary>The figures, day by day</summary>
          <div className="table-scroll">
            <table className="trend-table">
              <thead><tr><th scope="col">Day</th><th scope="col">Score</th><th scope="col">Evidenced</th><th scope="col">Failing</th><th scope="col">At risk</th><th scope="col">Stale</th><th scope="col">No evidence</th></tr></thead>
              <tbody>
                {[...snapshots].reverse().map((s) => (
                  <tr key={s.day}><th scope="row">{s.day}</th><td>{s.score}%</td><td>{s.evidenced} of {s.controls}</td><td>{s.failing}</td><td>{s.atRisk}</td><td>{s.stale}</td><td>{s.noEvidence}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
