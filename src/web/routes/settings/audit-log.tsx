// Settings → Audit log: every recorded change, newest first, 50 at a time; each entry names who
// did what to which entity, with digests of the entity before and after (the entry's hash
// chains it to the one before). Roles with integrity:verify recompute the chain here.
import { useState } from 'react';
import { useAction } from '../../api/action';
import { api, useApi } from '../../api/client';
import type { AuditEntry, VerifyResult } from '../../api/accounts';
import { useActorNames, usePermissions } from '../../api/caller';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback';
import { formatDateTime, plural } from '../../format';
import { useQueryState } from '../../router';
import { NotAllowed, SettingsHeader } from './_layout';

const PAGE = 50;
/** Entity types offered in the filter besides those on the page (the server accepts any). */
const ENTITY_TYPES = ['api_token', 'audit', 'control', 'evidence', 'invitation', 'organization', 'scan', 'schedule', 'scope', 'user'];

export default function AuditLogPage() {
  const { caller, can, resource } = usePermissions();
  const allowed = can('audit-log:read');
  const [query, setQuery] = useQueryState();
  const before = Number(query.get('before')) || null;
  const entityFilter = query.get('entity') ?? '';
  const actorFilter = query.get('actor') ?? '';
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (before) params.set('before', String(before));
  if (entityFilter) params.set('entityType', entityFilter);
  if (actorFilter) params.set('actor', actorFilter);
  const entries = useApi<AuditEntry[]>(caller && allowed ? `/api/audit-log?${params.toString()}` : null);
  const { name: actorName, actors: knownActors } = useActorNames(caller);

  const header = <SettingsHeader title="Audit log">Every change to the workspace, who made it and when. Entries cannot be edited: each one's hash covers the one before, so an altered or missing entry shows up when the chain is verified.</SettingsHeader>;
  if (resource.error) return <>{header}<ErrorMessage error={resource.error} /></>;
  if (!caller) return <>{header}<Loading /></>;
  if (!allowed) return <>{header}{can('integrity:verify') && <VerifyPanel />}<NotAllowed permission="audit-log:read" role={caller.role} /></>;

  const all = entries.data ?? [];
  const entityTypes = [...new Set([...ENTITY_TYPES, ...all.map((e) => e.entityType), ...(entityFilter ? [entityFilter] : [])])].sort();
  const actors = [...new Set([...knownActors, ...all.map((e) => e.actor), ...(actorFilter ? [actorFilter] : [])])].sort((a, b) => actorName(a).localeCompare(actorName(b)));
  const filtered = Boolean(entityFilter || actorFilter);
  const oldest = all[all.length - 1]?.seq;
  // A new filter starts again from the newest entry.
  const handleFilter = (changes: Record<string, string>) => setQuery({ ...changes, before: null });

  return (
    <>
      {header}
      {can('integrity:verify') && <VerifyPanel />}
      <section className="panel" aria-labelledby="entries-heading">
        <div className="panel-header">
          <h2 id="entries-heading">{before ? `Entries before #${before}` : 'Latest entries'}</h2>
        </div>
        <div className="filters" role="group" aria-label="Filter the entries">
          <div className="field">
            <label htmlFor="filter-entity">Entity</label>
            <select id="filter-entity" value={entityFilter} onChange={(e) => handleFilter({ entity: e.target.value })}>
              <option value="">Any</option>
              {entityTypes.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-actor">Who</label>
            <select id="filter-actor" value={actorFilter} onChange={(e) => handleFilter({ actor: e.target.value })}>
              <option value="">Anyone</option>
              {actors.map((a) => <option key={a} value={a}>{actorName(a)}</option>)}
            </select>
          </div>
        </div>
        {entries.error ? <ErrorMessage error={entries.error} /> : !entries.data ? <Loading /> : all.length === 0 ? (
          <EmptyState title={before ? 'No older entries' : filtered ? 'No entry matches' : 'No entries yet'}>
            <p>{before ? 'This is the start of the log.' : filtered ? 'Choose another entity or person, or Any and Anyone to see every entry.' : 'Changes to scope, controls, evidence, members and tokens are recorded here as they happen.'}</p>
          </EmptyState>
        ) : (
          <>
            <p className="result-count">{plural(all.length, 'entry', 'entries')}{filtered ? ' matching' : ''}, #{all[0]!.seq} to #{oldest}{all.length === PAGE ? '; older ones on the next page' : ''}.</p>
            <div className="table-wrap">
              <table className="responsive-table audit-table">
                <caption className="visually-hidden">Audit log entries</caption>
                <thead>
                  <tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Entity</th><th scope="col">Digest before → after</th></tr>
                </thead>
                <tbody>
                  {all.map((e) => (
                    <tr key={e.seq} data-action={e.action} data-seq={e.seq}>
                      <th scope="row" data-label="#"><span className="id">{e.seq}</span></th>
                      <td data-label="When"><span className="small">{formatDateTime(e.at)}</span></td>
                      <td data-label="Who"><span className="user-text" title={e.actor}>{actorName(e.actor)}</span></td>
                      <td data-label="What"><code>{e.action}</code>{Object.keys(e.detail).length > 0 && <span className="explanation user-text">{JSON.stringify(e.detail)}</span>}</td>
                      <td data-label="Entity"><span className="small">{e.entityType}</span> <code className="small hash" title={e.entityId}>{e.entityId.length > 16 ? `${e.entityId.slice(0, 12)}…` : e.entityId}</code></td>
                      <td data-label="Digest before → after" className="wide"><Digest value={e.beforeDigest} /> → <Digest value={e.afterDigest} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <nav className="pager" aria-label="Pages">
          <button type="button" className="button-secondary" disabled={!before} onClick={() => setQuery({ before: null })}>Newest</button>
          <button type="button" className="button-secondary" disabled={!oldest || oldest <= 1 || all.length < PAGE} onClick={() => setQuery({ before: String(oldest) })}>Older</button>
        </nav>
      </section>
    </>
  );
}

interface DigestProps {
  value: string | null;
}

function Digest({ value }: DigestProps) {
  return value ? <code className="small hash" title={value}>{value.slice(0, 12)}…</code> : <span className="muted small">none</span>;
}

function VerifyPanel() {
  const [result, setResult] = useState<VerifyResult | null>(null);
  const { busy, error, run } = useAction();
  const handleVerify = async () => {
    const verified = await run(() => api<VerifyResult>('/api/verify', { method: 'POST' }));
    if (verified) setResult(verified);
  };
  return (
    <section className="panel" aria-labelledby="verify-heading">
      <div className="panel-header">
        <h2 id="verify-heading">Integrity</h2>
        <button type="button" onClick={() => void handleVerify()} disabled={busy}>{busy ? 'Verifying…' : 'Verify integrity'}</button>
      </div>
      <p className="muted">Recomputes every entry's hash and every evidence file's sha-256, as <code>attest verify</code> does.</p>
      <ErrorMessage error={error} />
      {result && (
        <div className={`alert ${result.ok ? 'alert-success' : 'alert-error'}`} role="status" data-testid="verify-result" data-ok={String(result.ok)}>
          <p>{result.ok ? 'Intact' : 'Problems found'}: {plural(result.auditEntries, 'audit entry', 'audit entries')} and {plural(result.evidenceChecked, 'evidence file')} checked.</p>
          {result.problems.length > 0 && <ul>{result.problems.map((p, i) => <li key={i}><code>{p.kind}</code> <code>{p.id}</code> {p.message}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
