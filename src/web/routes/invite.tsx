// Accept an invitation (/invite#token=…): see what it is for, choose a name and a password.
import { useEffect, useState } from 'react';
import { api, fieldErrors } from '../api/client';
import type { Me } from '../api/types';
import { ErrorMessage, Loading } from '../components/Feedback';
import { AuthCard, AuthForm, fragmentToken, signedIn } from '../components/AuthForm';
import { TextField } from '../components/Fields';
import { usePageTitle } from '../router';

interface Invitation {
  email: string;
  role: string;
  organization: { name: string };
}

export default function InvitePage() {
  usePageTitle('Accept an invitation');
  const [token] = useState(fragmentToken);
  const [invitation, setInvitation] = useState<Invitation>();
  const [lookupError, setLookupError] = useState<unknown>();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!token) return;
    api<Invitation>('/api/auth/invitations/lookup', { method: 'POST', body: { token } }).then(setInvitation, setLookupError);
  }, [token]);

  if (!token) return <AuthCard title="Accept an invitation"><div className="alert alert-error" role="alert"><p>This page needs the invitation link you were given (it ends with <code>#token=…</code>).</p></div></AuthCard>;
  if (lookupError) return <AuthCard title="Accept an invitation"><ErrorMessage error={lookupError} /></AuthCard>;
  if (!invitation) return <AuthCard title="Accept an invitation"><Loading /></AuthCard>;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      signedIn(await api<Me>('/api/auth/invitations/accept', { method: 'POST', body: { token, name: name.trim(), password } }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const errors = fieldErrors(error);
  return (
    <AuthCard title="Accept an invitation">
      <p>Join <strong className="user-text">{invitation.organization.name}</strong> as <strong>{invitation.role}</strong> with <strong className="user-text">{invitation.email}</strong>.</p>
      <AuthForm onSubmit={() => void submit()} busy={busy} submitLabel="Create account" error={error} shownFields={new Set(['name', 'password'])}>
        <TextField id="name" label="Your name" autoComplete="name" value={name} onChange={setName} errors={errors.get('name')} maxLength={400} />
        <TextField id="password" label="Password" type="password" autoComplete="new-password" hint="At least 12 characters, not your email address." value={password} onChange={setPassword} errors={errors.get('password')} required />
      </AuthForm>
    </AuthCard>
  );
}
