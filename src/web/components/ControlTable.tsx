import type { ControlSummary } from '../api/types';
import { humanize } from '../format';
import { Link } from '../router';
import { StatusBadge } from './StatusBadge';

export interface ControlTableProps {
  controls: ControlSummary[];
  caption: string;
}

/** Controls as a table on wide screens and as cards on narrow ones (styles.css). */
export function ControlTable({ controls, caption }: ControlTableProps) {
  return (
    <div className="table-wrap">
      <table className="responsive-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Control</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Domain</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {controls.map((c) => (
            <tr key={c.id} data-control={c.id}>
              <th scope="row" data-label="Control">
                <Link to={`/controls/${encodeURIComponent(c.id)}`}><span className="id">{c.id}</span> {c.title}</Link>
              </th>
              <td data-label="Status" className="wide">
                <StatusBadge status={c.status} />
                {c.status !== 'no_evidence' && <span className="explanation">{c.explanation}</span>}
              </td>
              <td data-label="Owner">{c.owner ? <span className="user-text">{c.owner}</span> : <span className="muted">Unassigned</span>}</td>
              <td data-label="Domain">{humanize(c.domain)}</td>
              <td data-label="Evidence">{c.evidenceCount}{c.latestEvidenceEffective && <span className="muted small"> · {c.latestEvidenceEffective}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
