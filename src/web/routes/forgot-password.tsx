// "Forgot your password": asks the server to email a reset link. The answer is the same whether
// or not the address has an account; without email on the server, it says who can help.
import { useState } from 'react';
import { api, fieldErrors } from '../api/client';
import { AuthCard, AuthForm } from '../components/AuthForm';
import { TextField } from '../components/Fields';
import { Link, usePageTitle } from '../router';

export default function ForgotPasswordPage() {
  usePageTitle('Forgot your password');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [delivery, setDelivery] = useState<'email' | 'admin' | null>(null);
  const [error, setError] = useState<unknown>();

  if (delivery === 'email') {
    return (
      <AuthCard title="Check your email">
        <p role="status" data-testid="reset-sent">If <strong className="user-text">{email}</strong> has an account, a link to set a new password is on its way. It works for one hour.</p>
        <p><Link to="/login">Back to sign in</Link></p>
      </AuthCard>
    );
  }
  if (delivery === 'admin') {
    return (
      <AuthCard title="Ask an administrator">
        <p role="status" data-testid="reset-admin">This server does not send email. An owner or admin of your organization can give you a reset link from the members page, or with <code>attest users reset-password EMAIL</code>.</p>
        <p><Link to="/login">Back to sign in</Link></p>
      </AuthCard>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const res = await api<{ delivery: 'email' | 'admin' }>('/api/auth/password-reset/request', { method: 'POST', body: { email: email.trim() } });
      setDelivery(res.delivery);
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  return (
    <AuthCard title="Forgot your password">
      <AuthForm onSubmit={() => void submit()} busy={busy} submitLabel="Email me a reset link" error={error} shownFields={new Set(['email'])}>
        <TextField id="email" label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} errors={fieldErrors(error).get('email')} required />
      </AuthForm>
      <p><Link to="/login">Back to sign in</Link></p>
    </AuthCard>
  );
}
