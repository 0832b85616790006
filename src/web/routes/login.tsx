// Sign in: email and password, then a two-factor code when the API asks for one; single sign-on
// when it is configured. `?sso_error=CODE` explains a refused single sign-on.
import { useState } from 'react';
import { api, ApiError, fieldErrors, useApi } from '../api/client';
import type { SsoProvider } from '../api/accounts';
import type { Me } from '../api/types';
import { AuthCard, AuthForm, signedIn } from '../components/AuthForm';
import { TextField } from '../components/Fields';
import { Link, useLocation, usePageTitle } from '../router';

const SSO_ERRORS: Record<string, string> = {
  no_account: 'There is no account for that person here. Ask an administrator for an invitation.',
  email_unverified: 'The identity provider has not verified that email address.',
  disabled: 'This account is disabled.',
  invalid_state: 'The sign-in took too long or was started elsewhere. Try again.',
  sso_failed: 'Single sign-on failed. Try again, or sign in with a password.',
  no_email: 'The identity provider did not share an email address.',
  provider_unavailable: 'The identity provider could not be reached. Try again later.',
  not_configured: 'Single sign-on was turned off or changed while you were signing in. Try again.',
};

export default function LoginPage() {
  usePageTitle('Sign in');
  const { search } = useLocation();
  const next = search.get('next');
  const ssoError = search.get('sso_error');
  const sso = useApi<{ providers: SsoProvider[] }>('/api/auth/sso');
  const setup = useApi<{ required: boolean }>('/api/auth/setup');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    const second = code.trim().replace(/\s/g, '');
    const extra = !needsCode || !second ? {} : /^\d{6}$/.test(second) ? { code: second } : { recoveryCode: second };
    try {
      const me = await api<Me>('/api/auth/login', { method: 'POST', body: { email: email.trim(), password, ...extra } });
      signedIn(me, next);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'two_factor_required') {
        if (needsCode) setError(e);
        setNeedsCode(true);
      } else setError(e);
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  const returnTo = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  const shown = new Set(['email', 'password', ...(needsCode ? ['code', 'recoveryCode'] : [])]);
  return (
    <AuthCard title="Sign in">
      {ssoError && (
        <div className="alert alert-error" role="alert" id="sso-error" data-code={ssoError}>
          <p>{SSO_ERRORS[ssoError] ?? 'Single sign-on failed.'}</p>
        </div>
      )}
      {setup.data?.required && (
        <p className="alert alert-info" data-testid="setup-required">No account exists yet. Open the one-time setup link that <code>attest serve</code> printed to create the first one.</p>
      )}
      <AuthForm onSubmit={() => void submit()} busy={busy} submitLabel={needsCode ? 'Verify and sign in' : 'Sign in'} error={error} shownFields={shown}>
        <TextField id="email" label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} errors={errors.get('email')} required />
        <TextField id="password" label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} errors={errors.get('password')} required />
        {needsCode && (
          <TextField id="code" label="Two-factor code" hint="The 6-digit code from your authenticator app, or a recovery code." autoComplete="one-time-code"
            value={code} onChange={setCode} errors={errors.get('code') ?? errors.get('recoveryCode')} required />
        )}
      </AuthForm>
      <p className="small"><Link to="/forgot-password">Forgot your password?</Link></p>
      {sso.data && sso.data.providers.length > 0 && (
        <ul className="sso" aria-label="Single sign-on">
          {sso.data.providers.map((p) => (
            <li key={p.organization}>
              <a className="button button-secondary" href={`/api/auth/oidc/start?org=${encodeURIComponent(p.organization)}&returnTo=${encodeURIComponent(returnTo)}`}>
                Sign in with {p.name}{sso.data!.providers.length > 1 && <> <span className="user-text">({p.organizationName})</span></>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </AuthCard>
  );
}
