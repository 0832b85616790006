// First run: create the first account, an owner, with the one-time link `attest serve` printed
// (/setup#token=…).
import { useState } from 'react';
import { api, fieldErrors } from '../api/client';
import type { Me } from '../api/types';
import { AuthCard, AuthForm, fragmentToken, signedIn } from '../components/AuthForm';
import { TextField } from '../components/Fields';
import { Link, usePageTitle } from '../router';

export default function SetupPage() {
  usePageTitle('Create the first account');
  const [token] = useState(fragmentToken);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  if (!token) {
    return (
      <AuthCard title="Create the first account">
        <div className="alert alert-error" role="alert" data-code="token_missing">
          <p>This page needs the one-time link that <code>attest serve</code> printed (it ends with <code>#token=…</code>).</p>
        </div>
        <p>Already have an account? <Link to="/login">Sign in</Link>.</p>
      </AuthCard>
    );
  }

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const me = await api<Me>('/api/auth/setup', { method: 'POST', body: { token, email: email.trim(), name: name.trim(), password } });
      signedIn(me);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const errors = fieldErrors(error);
  return (
    <AuthCard title="Create the first account">
      <p>You will be the owner of this workspace's organization, and can invite others once signed in.</p>
      <AuthForm onSubmit={() => void submit()} busy={busy} submitLabel="Create account" error={error} shownFields={new Set(['name', 'email', 'password'])}>
        <TextField id="name" label="Your name" autoComplete="name" value={name} onChange={setName} errors={errors.get('name')} maxLength={400} />
        <TextField id="email" label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} errors={errors.get('email')} required />
        <TextField id="password" label="Password" type="password" autoComplete="new-password" hint="At least 12 characters, not your email address." value={password} onChange={setPassword} errors={errors.get('password')} required />
      </AuthForm>
    </AuthCard>
  );
}
