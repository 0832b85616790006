// Set a new password with a reset link (/reset-password#token=…); then sign in with it.
import { useState } from 'react';
import { api, fieldErrors } from '../api/client';
import { AuthCard, AuthForm, fragmentToken } from '../components/AuthForm';
import { Notice } from '../components/Feedback';
import { TextField } from '../components/Fields';
import { Link, usePageTitle } from '../router';

export default function ResetPasswordPage() {
  usePageTitle('Set a new password');
  const [token] = useState(fragmentToken);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();

  if (!token) return <AuthCard title="Set a new password"><div className="alert alert-error" role="alert"><p>This page needs the reset link you were given (it ends with <code>#token=…</code>).</p></div></AuthCard>;
  if (done) return <AuthCard title="Set a new password"><Notice>Your password is changed.</Notice><p><Link to="/login">Sign in</Link> with it.</p></AuthCard>;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/auth/password-reset', { method: 'POST', body: { token, password } });
      setDone(true);
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  const errors = fieldErrors(error);
  return (
    <AuthCard title="Set a new password">
      <AuthForm onSubmit={() => void submit()} busy={busy} submitLabel="Set password" error={error} shownFields={new Set(['password'])}>
        <TextField id="password" label="New password" type="password" autoComplete="new-password" hint="At least 12 characters, not your email address." value={password} onChange={setPassword} errors={errors.get('password')} required />
      </AuthForm>
    </AuthCard>
  );
}
