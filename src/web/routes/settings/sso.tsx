// Settings → Single sign-on: the organization's OpenID Connect provider, edited here by owners
// and admins (the client secret is write-only), read-only for members, and read-only for
// everyone while the server is configured by ATTEST_OIDC_* environment variables.
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/action';
import { api, fieldErrors, useApi } from '../../api/client';
import { PROVISION_ROLES, type Role, type SsoSettings, type SsoTestResult } from '../../api/accounts';
import { usePermissions } from '../../api/caller';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorMessage, FieldErrorText, Loading } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { ROLE_SUMMARIES } from '../../components/RoleField';
import { formatDateTime } from '../../format';
import { NotAllowed, SettingsHeader } from './_layout';

interface Draft {
  issuer: string;
  clientId: string;
  clientSecret: string;
  provisionRole: Role | '';
  name: string;
  enabled: boolean;
}

const draftOf = (s: SsoSettings): Draft => ({
  issuer: s.issuer ?? '', clientId: s.clientId ?? '', clientSecret: '', provisionRole: s.provisionRole ?? '', name: s.name ?? '', enabled: s.source === 'none' ? true : s.enabled,
});

const FIELDS = new Set(['issuer', 'clientId', 'clientSecret', 'provisionRole', 'name']);

export default function SsoPage() {
  const { caller, can, resource } = usePermissions();
  const allowed = can('members:read');
  const settings = useApi<SsoSettings>(caller && allowed ? '/api/settings/sso' : null);

  const header = <SettingsHeader title="Single sign-on">People sign in through your identity provider (OpenID Connect, e.g. Okta, Entra ID, Google Workspace, Keycloak). The provider checks their email; Attest matches it to a member of this organization.</SettingsHeader>;
  if (resource.error) return <>{header}<ErrorMessage error={resource.error} /></>;
  if (!caller) return <>{header}<Loading /></>;
  if (!allowed) return <>{header}<NotAllowed permission="members:read" role={caller.role} /></>;
  if (settings.error) return <>{header}<ErrorMessage error={settings.error} /></>;
  if (!settings.data) return <>{header}<Loading /></>;
  const s = settings.data;
  const editing = s.editable && can('sso:manage');

  return (
    <>
      {header}
      {editing ? <SsoForm settings={s} onSaved={settings.set} /> : <SsoFacts settings={s} manager={can('sso:manage')} />}
      <section className="panel" aria-labelledby="sso-how-heading">
        <h2 id="sso-how-heading">At your identity provider</h2>
        <ol className="steps">
          <li>Create a confidential web client (authorization code flow) with the redirect URI <code className="hash" data-testid="sso-callback">{s.callbackUrl}</code> and the scopes <code>openid email profile</code>. If that address is not how people reach Attest, set <code>ATTEST_PUBLIC_URL</code> on the server first: the redirect URI follows it.</li>
          <li>Copy its issuer URL, client id and client secret {editing ? 'into the form above, press Test, then Save.' : 'to an owner or admin of this organization.'}</li>
          <li>The sign-in page then offers the button. Two-factor is the provider's business on this path. Details: <code>docs/ACCOUNTS.md</code>.</li>
        </ol>
      </section>
    </>
  );
}

function SsoFacts({ settings: c, manager }: { settings: SsoSettings; manager: boolean }) {
  return (
    <section className="panel" aria-labelledby="sso-status-heading">
      <div className="panel-header">
        <h2 id="sso-status-heading">Status</h2>
        <span className={`badge ${c.enabled ? 'state-ready' : 'status-no_evidence'}`} data-testid="sso-state">{c.enabled ? 'On' : 'Off'}</span>
      </div>
      {c.source === 'environment' ? (
        <p className="alert alert-info" role="note" data-testid="sso-env">Set by the server's environment (<code>ATTEST_OIDC_ISSUER</code> and the other <code>ATTEST_OIDC_*</code> variables), which takes precedence over settings saved here: change them where <code>attest serve</code> runs and restart it.</p>
      ) : c.source === 'none' ? (
        <p>Single sign-on is off: people sign in with their email and password.{manager ? '' : ' An owner or admin can turn it on here.'}</p>
      ) : !manager ? <p className="muted">Only owners and admins change these settings.</p> : null}
      <dl className="facts">
        <div><dt>Issuer</dt><dd>{c.issuer ? <code className="hash">{c.issuer}</code> : <span className="muted">not set</span>}</dd></div>
        <div><dt>Client id</dt><dd>{c.clientId ? <code className="hash">{c.clientId}</code> : <span className="muted">not set</span>}</dd></div>
        <div><dt>Client secret</dt><dd>{c.clientSecretSet ? 'set (never shown)' : <span className="muted">not set</span>}</dd></div>
        {c.source === 'environment' && <div><dt>Organization</dt><dd>{c.organization ? <code>{c.organization}</code> : "the workspace's"}</dd></div>}
        <div><dt>New people</dt><dd>{c.provisionRole ? <>get an account with the <strong>{c.provisionRole}</strong> role</> : 'are refused: only existing members sign in (invite them first)'}</dd></div>
        <div><dt>Button</dt><dd>{c.name ? <span className="user-text">Sign in with {c.name}</span> : <span className="muted">not shown</span>}</dd></div>
        {c.updatedAt && <div><dt>Changed</dt><dd>{formatDateTime(c.updatedAt)}</dd></div>}
      </dl>
    </section>
  );
}

function SsoForm({ settings, onSaved }: { settings: SsoSettings; onSaved: (s: SsoSettings) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [saved, setSaved] = useState<string | null>(null);
  const [tested, setTested] = useState<SsoTestResult | null>(null);
  const save = useAction();
  const test = useAction();
  const errors = fieldErrors(save.error ?? test.error);
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(null);
  };

  const send = async (next: Draft, said: string) => {
    setSaved(null);
    const body = { issuer: next.issuer.trim(), clientId: next.clientId.trim(), clientSecret: next.clientSecret.trim() || null, provisionRole: next.provisionRole || null, name: next.name.trim() || null, enabled: next.enabled };
    const result = await save.run(() => api<SsoSettings>('/api/settings/sso', { method: 'PUT', body }));
    if (!result) return;
    onSaved(result);
    setDraft(draftOf(result));
    setSaved(said);
  };
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send(draft, 'Saved.');
  };
  const handleTest = async () => {
    setTested(null);
    const issuer = draft.issuer.trim();
    const result = await test.run(() => api<SsoTestResult>('/api/settings/sso/test', { method: 'POST', body: issuer ? { issuer } : {} }));
    if (result) setTested(result);
  };
  const handleRemove = async () => {
    const result = await save.run(() => api<SsoSettings>('/api/settings/sso', { method: 'DELETE' }));
    if (!result) return;
    onSaved(result);
    setDraft(draftOf(result));
    setTested(null);
    setSaved('Removed: people sign in with their passwords.');
  };

  const stored = settings.source === 'database';
  return (
    <form className="form panel" onSubmit={handleSubmit} noValidate aria-labelledby="sso-form-heading" data-testid="sso-form">
      <div className="panel-header">
        <h2 id="sso-form-heading">Identity provider</h2>
        <span className={`badge ${settings.enabled ? 'state-ready' : 'status-no_evidence'}`} data-testid="sso-state">{settings.enabled ? 'On' : 'Off'}</span>
      </div>
      {!stored && <p>Single sign-on is off: people sign in with their email and password. Fill in the provider's details to turn it on.</p>}
      <TextField id="sso-issuer" label="Issuer URL" hint="As the provider publishes it, e.g. https://login.example.com/realms/acme (https; http only on a loopback address)." value={draft.issuer} onChange={(issuer) => change({ issuer })} errors={errors.get('issuer')} maxLength={2000} required />
      <div className="field-row">
        <TextField id="sso-client-id" label="Client id" value={draft.clientId} onChange={(clientId) => change({ clientId })} errors={errors.get('clientId')} maxLength={500} required autoComplete="off" />
        <TextField id="sso-client-secret" label="Client secret" type="password" autoComplete="new-password" value={draft.clientSecret} onChange={(clientSecret) => change({ clientSecret })} errors={errors.get('clientSecret')} maxLength={2000}
          hint={settings.clientSecretSet ? 'A secret is stored (never shown). Leave blank to keep it; type a new one to replace it.' : 'Required. Stored encrypted with the server key, and never shown again.'} required={!settings.clientSecretSet} />
      </div>
      <div className="field-row">
        <div className={`field${errors.get('provisionRole') ? ' has-error' : ''}`}>
          <label htmlFor="sso-provision-role">New people</label>
          <p className="hint" id="sso-provision-role-hint">Someone the provider vouches for who has no account here yet.</p>
          <select id="sso-provision-role" name="sso-provision-role" value={draft.provisionRole} onChange={(e) => change({ provisionRole: e.target.value as Role | '' })}
            aria-invalid={errors.get('provisionRole') ? true : undefined} aria-describedby={`sso-provision-role-hint${errors.get('provisionRole') ? ' sso-provision-role-error' : ''}`}>
            <option value="">Refuse them: only existing members sign in</option>
            {PROVISION_ROLES.map((r) => <option key={r} value={r}>Create an account as {r} — {ROLE_SUMMARIES[r]}</option>)}
          </select>
          <FieldErrorText id="sso-provision-role-error" errors={errors.get('provisionRole')} />
        </div>
        <TextField id="sso-name" label="Button name" hint={'The sign-in button says "Sign in with …". Default: Single sign-on.'} value={draft.name} onChange={(name) => change({ name })} errors={errors.get('name')} maxLength={100} placeholder="Single sign-on" />
      </div>
      <ul className="checkbox-list">
        <li>
          <input type="checkbox" id="sso-enabled" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} aria-describedby="sso-enabled-hint" />
          <label htmlFor="sso-enabled">On: the sign-in page offers the button</label>
          <span className="hint" id="sso-enabled-hint">Off keeps the settings but nobody signs in with them.</span>
        </li>
      </ul>
      <ErrorMessage error={save.error ?? test.error} shownFields={FIELDS} />
      <div className="form-actions">
        <button type="submit" disabled={save.busy}>{save.busy ? 'Saving…' : 'Save'}</button>
        <button type="button" className="button-secondary" onClick={() => void handleTest()} disabled={test.busy}>{test.busy ? 'Testing…' : 'Test the issuer'}</button>
        {stored && settings.enabled && <button type="button" className="button-secondary" disabled={save.busy} onClick={() => void send({ ...draftOf(settings), enabled: false }, 'Turned off: the settings are kept.')}>Turn off</button>}
        {stored && <ConfirmButton label="Remove" question="Remove these settings? People will sign in with their passwords." onConfirm={() => void handleRemove()} busy={save.busy} />}
      </div>
      <div aria-live="polite">
        {saved && <p role="status" className="small" data-testid="sso-saved">{saved}</p>}
        {tested && (tested.ok
          ? <p role="status" className="alert alert-success" data-testid="sso-test">The provider answered: sign-in will start at <code className="hash">{tested.authorizationEndpoint}</code>.</p>
          : <p role="status" className="alert alert-error" data-testid="sso-test">The provider did not answer at <code className="hash">{tested.issuer}</code>: {tested.error}</p>)}
      </div>
      {settings.updatedAt && <p className="small muted">Last changed {formatDateTime(settings.updatedAt)}.</p>}
    </form>
  );
}
