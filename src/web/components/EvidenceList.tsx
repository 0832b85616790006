import type { Evidence } from '../api/types';
import { formatBytes, formatDateTime } from '../format';
import { Link } from '../router';

export interface EvidenceListProps {
  items: Evidence[];
  caption: string;
}

export function EvidenceList({ items, caption }: EvidenceListProps) {
  return (
    <div className="table-wrap">
      <table className="responsive-table evidence-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Effective</th>
            <th scope="col">Controls</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} data-evidence={e.id}>
              <th scope="row" data-label="File">
                <a href={`/api/evidence/${encodeURIComponent(e.id)}/download`} download={e.filename} className="user-text">{e.filename}</a>
                <span className="muted small"> · {formatBytes(e.size)}</span>
                {e.description && <div className="user-text small">{e.description}</div>}
              </th>
              <td data-label="Effective">{e.effectiveAt.slice(0, 10)}</td>
              <td data-label="Controls" className="inline-links">
                {e.controls.map((c) => <Link key={c} to={`/controls/${encodeURIComponent(c)}`}>{c}</Link>)}
              </td>
              <td data-label="SHA-256"><code className="hash" title={e.sha256}>{e.sha256.slice(0, 16)}…</code></td>
              <td data-label="Uploaded"><span className="small">{formatDateTime(e.createdAt)}</span> <span className="muted small">by {e.createdBy}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
