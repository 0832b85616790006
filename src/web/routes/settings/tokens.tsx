// Settings → API tokens: tokens for CI and scripts (`Authorization: Bearer att_…`), each with a
// role (at most yours) and an expiry. A new token is shown once; revoking one ends it at once.
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/action';
import { api, fieldErrors, useApi } from '../../api/client';
import type { ApiToken, Role } from '../../api/accounts';
import { grantableRoles, useActorNames, usePermissions } from '../../api/caller';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyState, ErrorMessage, FieldErrorText, Loading } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { RoleField } from '../../components/RoleField';
import { formatDateTime } from '../../format';
import { NotAllowed, SettingsHeader } from './_layout';

const EXPIRIES: { value: string; label: string }[] = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '180', label: '180 days' },
  { value: '365', label: 'One year' },
  { value: 'never', label: 'Never (not recommended)' },
];

interface Created {
  token: ApiToken;
  secret: string;
}

export default function TokensPage() {
  const { caller, can, resource } = usePermissions();
  const allowed = can('tokens:manage');
  const list = useApi<ApiToken[]>(caller && allowed ? '/api/tokens' : null);
  const { name: actorName } = useActorNames(caller);
  const [created, setCreated] = useState<Created | null>(null);

  const header = <SettingsHeader title="API tokens">Tokens let CI jobs and scripts call the API and the <code>attest</code> command as a role of this organization. Give each the least role it needs and an expiry.</SettingsHeader>;
  if (resource.error) return <>{header}<ErrorMessage error={resource.error} /></>;
  if (!caller) return <>{header}<Loading /></>;
  if (!allowed) return <>{header}<NotAllowed permission="tokens:manage" role={caller.role} /></>;

  const handleCreated = (c: Created) => {
    setCreated(c);
    list.set([c.token, ...(list.data ?? [])]);
  };
  const handleRevoked = (t: ApiToken) => list.set((list.data ?? []).map((x) => (x.id === t.id ? t : x)));

  return (
    <>
      {header}
      <TokenForm roles={grantableRoles(caller)} onCreated={handleCreated} />
      {created && (
        <section className="panel" aria-labelledby="secret-heading">
          <h2 id="secret-heading">Token <span className="user-text">{created.token.name}</span></h2>
          <OneTimeSecret id="token-secret" label="API token" value={created.secret} warning="Copy it now into your CI's secret store: it is shown only this once and cannot be recovered. Anyone with it acts with its role until it expires or you revoke it." onDone={() => setCreated(null)} />
          <p className="small">Send it as the header <code>Authorization: Bearer {created.token.prefix}…</code> on each API request.</p>
        </section>
      )}
      <section className="panel" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Tokens</h2>
        {list.error ? <ErrorMessage error={list.error} /> : !list.data ? <Loading /> : list.data.length === 0 ? (
          <EmptyState title="No API tokens yet"><p>Create one above for a CI job (e.g. <code>attest scan</code> with <code>--record</code>), or run <code>attest tokens create --role member --expires 90d</code>.</p></EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="responsive-table tokens-table">
              <caption className="visually-hidden">API tokens</caption>
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Created</th><th scope="col">Actions</th></tr>
              </thead>
              <tbody>
                {list.data.map((t) => <TokenRow key={t.id} token={t} onRevoked={handleRevoked} actorName={actorName} />)}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

interface TokenFormProps {
  roles: Role[];
  onCreated: (c: Created) => void;
}

function TokenForm({ roles, onCreated }: TokenFormProps) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [expiry, setExpiry] = useState('90');
  const { busy, error, run } = useAction();
  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await run(() => api<Created>('/api/tokens', { method: 'POST', body: { name: name.trim(), role, expiresInDays: expiry === 'never' ? null : Number(expiry) } }));
    if (!created) return;
    onCreated(created);
    setName('');
  };
  const errors = fieldErrors(error);
  const expiryErrors = errors.get('expiresInDays');
  return (
    <form className="form panel" onSubmit={(e) => void handleSubmit(e)} noValidate aria-labelledby="create-heading">
      <h2 id="create-heading">Create a token</h2>
      <div className="field-row">
        <TextField id="token-name" label="Name" hint="What uses it, e.g. “GitHub Actions scan”." value={name} onChange={setName} errors={errors.get('name')} maxLength={100} required />
        <RoleField id="token-role" value={role} roles={roles} onChange={setRole} errors={errors.get('role')} />
        <div className={`field${expiryErrors?.length ? ' has-error' : ''}`}>
          <label htmlFor="token-expiry">Expires after</label>
          <select id="token-expiry" value={expiry} onChange={(e) => setExpiry(e.target.value)} aria-describedby={expiryErrors?.length ? 'token-expiry-error' : undefined}>
            {EXPIRIES.map((x) => <option key={x.value} value={x.value}>{x.label}</option>)}
          </select>
          <FieldErrorText id="token-expiry-error" errors={expiryErrors} />
        </div>
      </div>
      <ErrorMessage error={error} shownFields={new Set(['name', 'role', 'expiresInDays'])} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create token'}</button>
      </div>
    </form>
  );
}

interface TokenRowProps {
  token: ApiToken;
  onRevoked: (t: ApiToken) => void;
  actorName: (actor: string) => string;
}

function TokenRow({ token: t, onRevoked, actorName }: TokenRowProps) {
  const { busy, error, run } = useAction();
  const handleRevoke = async () => {
    const revoked = await run(() => api<ApiToken>(`/api/tokens/${encodeURIComponent(t.id)}`, { method: 'DELETE' }));
    if (revoked) onRevoked(revoked);
  };
  const active = t.state === 'active';
  return (
    <tr data-token={t.name} data-state={t.state}>
      <th scope="row" data-label="Name"><span className="user-text">{t.name}</span> <code className="small muted">{t.prefix}…</code></th>
      <td data-label="Role">{t.role}</td>
      <td data-label="State"><span className={`badge ${active ? 'state-ready' : 'status-excluded'}`}>{t.state}</span></td>
      <td data-label="Expires"><span className="small">{t.expiresAt ? formatDateTime(t.expiresAt) : 'Never'}</span></td>
      <td data-label="Last used"><span className="small">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never'}</span></td>
      <td data-label="Created"><span className="small">{formatDateTime(t.createdAt)}</span> <span className="muted small">by <span className="user-text">{actorName(t.createdBy)}</span></span></td>
      <td data-label="Actions">
        {active ? <ConfirmButton label="Revoke" question={`Revoke ${t.name}? It stops working at once.`} onConfirm={() => void handleRevoke()} busy={busy} /> : <span className="muted small">{t.revokedAt ? `Revoked ${formatDateTime(t.revokedAt)}` : '—'}</span>}
        {error !== undefined && <ErrorMessage error={error} />}
      </td>
    </tr>
  );
}
