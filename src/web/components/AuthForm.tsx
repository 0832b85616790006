// What the sign-in pages share: a narrow card, the token from a link's fragment, and signing
// the browser in with the answer of setup, sign-in or an accepted invitation.
import type { FormEvent, ReactNode } from 'react';
import { ApiError } from '../api/client';
import { afterSignIn, setSession } from '../api/session';
import type { Me } from '../api/types';
import { navigate } from '../router';

export interface AuthCardProps {
  title: string;
  children: ReactNode;
}

export function AuthCard({ title, children }: AuthCardProps) {
  return (
    <section className="auth-card panel" aria-labelledby="auth-heading">
      <h1 id="auth-heading">{title}</h1>
      {children}
    </section>
  );
}

export interface AuthFormProps {
  onSubmit: () => void;
  busy: boolean;
  submitLabel: string;
  children: ReactNode;
  /** An error that is about the whole form (wrong credentials, a used link), shown inside it. */
  error?: unknown;
  shownFields?: Set<string>;
}

export function AuthForm({ onSubmit, busy, submitLabel, children, error, shownFields }: AuthFormProps) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onSubmit();
  };
  const apiError = error instanceof ApiError ? error : null;
  const other = apiError?.fields.filter((f) => !shownFields?.has(f.field.replace(/^(body|querystring|params)\./, ''))) ?? [];
  return (
    <form className="form auth-form" onSubmit={submit} noValidate>
      {children}
      {error !== undefined && error !== null && (
        <div className="alert alert-error" role="alert" id="form-error" data-code={apiError?.code ?? 'unexpected'} data-fields={other.map((f) => f.code).join(' ')}>
          <p>{!apiError ? 'Something went wrong.' : other.length === 0 && apiError.fields.length > 0 ? 'Correct the fields marked above.' : apiError.message}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy}>{busy ? 'Please wait…' : submitLabel}</button>
      </div>
    </form>
  );
}

/** The `token` in the address's fragment (`#token=…`): it never reaches the server's logs. */
export function fragmentToken(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** Keep the answer of a sign-in and go on (to `next` when it is a path here, else the dashboard). */
export function signedIn(me: Me, next: string | null = null) {
  setSession(me);
  navigate(afterSignIn(next), { replace: true });
}
