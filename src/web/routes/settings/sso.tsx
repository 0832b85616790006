// Settings → Single sign-on: how OpenID Connect sign-in is configured on this server (read-only:
// it is set by ATTEST_OIDC_* environment variables), and what to register at the provider.
import { useApi } from '../../api/client';
import { usePermissions, type SsoConfiguration } from '../../api/accounts';
import { ErrorMessage, Loading } from '../../components/Feedback';
import { NotAllowed, SettingsHeader } from './_layout';

const VARIABLES: { name: string; what: string }[] = [
  { name: 'ATTEST_OIDC_ISSUER', what: "The provider's issuer URL (https; http only on a loopback address). Turns single sign-on on." },
  { name: 'ATTEST_OIDC_CLIENT_ID', what: 'The client id of the confidential client registered at the provider.' },
  { name: 'ATTEST_OIDC_CLIENT_SECRET', what: 'Its client secret (never shown here).' },
  { name: 'ATTEST_OIDC_ORG', what: "Optional: the slug of the organization people sign in to (default: the workspace's)." },
  { name: 'ATTEST_OIDC_PROVISION_ROLE', what: 'Optional: the role given to someone the provider vouches for who has no account yet. Unset: only existing members sign in.' },
  { name: 'ATTEST_OIDC_NAME', what: 'Optional: what the sign-in button says, e.g. "Okta".' },
];

export default function SsoPage() {
  const { caller, can, resource } = usePermissions();
  const allowed = can('members:manage');
  const config = useApi<SsoConfiguration>(caller && allowed ? '/api/auth/sso/config' : null);

  const header = <SettingsHeader title="Single sign-on">People sign in through your identity provider (OpenID Connect, e.g. Okta, Entra ID, Google Workspace, Keycloak) when the server is configured for it. The provider checks their email; Attest matches it to a member.</SettingsHeader>;
  if (resource.error) return <>{header}<ErrorMessage error={resource.error} /></>;
  if (!caller) return <>{header}<Loading /></>;
  if (!allowed) return <>{header}<NotAllowed permission="members:manage" role={caller.role} /></>;
  if (config.error) return <>{header}<ErrorMessage error={config.error} /></>;
  if (!config.data) return <>{header}<Loading /></>;
  const c = config.data;

  return (
    <>
      {header}
      <section className="panel" aria-labelledby="sso-status-heading">
        <div className="panel-header">
          <h2 id="sso-status-heading">Status</h2>
          <span className={`badge ${c.enabled ? 'state-ready' : 'status-no_evidence'}`} data-testid="sso-state">{c.enabled ? 'On' : 'Off'}</span>
        </div>
        {!c.enabled && <p>Single sign-on is off: people sign in with their email and password. To turn it on, set the variables below where <code>attest serve</code> runs and restart it.</p>}
        <dl className="facts">
          <div><dt>Issuer</dt><dd>{c.issuer ? <code className="hash">{c.issuer}</code> : <span className="muted">not set</span>}</dd></div>
          <div><dt>Client id</dt><dd>{c.clientId ? <code className="hash">{c.clientId}</code> : <span className="muted">not set</span>}</dd></div>
          <div><dt>Client secret</dt><dd>{c.clientSecretSet ? 'set (not shown)' : <span className="muted">not set</span>}</dd></div>
          <div><dt>Organization</dt><dd>{c.organization ? <code>{c.organization}</code> : "the workspace's"}</dd></div>
          <div><dt>New people</dt><dd>{c.provisionRole ? <>get an account with the <strong>{c.provisionRole}</strong> role</> : 'are refused: only existing members sign in (invite them first)'}</dd></div>
          <div><dt>Button</dt><dd>{c.name ? <span className="user-text">Sign in with {c.name}</span> : <span className="muted">not shown</span>}</dd></div>
          <div><dt>Redirect URI</dt><dd><code className="hash" data-testid="sso-callback">{c.callbackUrl}</code></dd></div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="sso-how-heading">
        <h2 id="sso-how-heading">How to set it up</h2>
        <ol className="steps">
          <li>At your identity provider, create a confidential web client (authorization code flow) with the redirect URI <code className="hash">{c.callbackUrl}</code>, and scopes <code>openid email profile</code>. If that address is not how people reach Attest, set <code>ATTEST_PUBLIC_URL</code> first: the redirect URI follows it.</li>
          <li>Set these environment variables for <code>attest serve</code>, then restart it:
            <div className="table-wrap">
              <table className="responsive-table">
                <caption className="visually-hidden">Single sign-on variables</caption>
                <thead><tr><th scope="col">Variable</th><th scope="col">What</th></tr></thead>
                <tbody>
                  {VARIABLES.map((v) => <tr key={v.name}><th scope="row" data-label="Variable"><code>{v.name}</code></th><td data-label="What">{v.what}</td></tr>)}
                </tbody>
              </table>
            </div>
          </li>
          <li>The sign-in page then offers the button. Two-factor is the provider's business on this path. Details: <code>docs/ACCOUNTS.md</code>.</li>
        </ol>
      </section>
    </>
  );
}
