import type { ScanRun } from '../api/types';
import { formatDateTime } from '../format';

const ORDER = ['fail', 'pass', 'unknown', 'not_applicable', 'error', 'suppressed'];
const LABELS: Record<string, string> = { fail: 'failed', pass: 'passed', unknown: 'unknown', not_applicable: 'not applicable', error: 'errors', suppressed: 'suppressed' };

export interface ScanSummaryProps {
  run: ScanRun;
}

/** When a scan ran, over what, and its results by outcome. */
export function ScanSummary({ run }: ScanSummaryProps) {
  const outcomes = ORDER.filter((k) => (run.summary[k] ?? 0) > 0);
  return (
    <div className="scan-summary">
      <p>
        <strong>{formatDateTime(run.finishedAt)}</strong> by {run.actor}
        {run.targets.length > 0 && <> over <span className="user-text">{run.targets.slice(0, 3).join(', ')}{run.targets.length > 3 && ` and ${run.targets.length - 3} more`}</span></>}
      </p>
      <ul className="outcomes" aria-label="Results by outcome">
        <li><span className="count-value">{run.summary.results ?? 0}</span> results</li>
        {outcomes.map((k) => (
          <li key={k} className={`outcome-${k}`}><span className="count-value" data-testid={`scan-${k}`}>{run.summary[k]}</span> {LABELS[k]}</li>
        ))}
      </ul>
    </div>
  );
}
