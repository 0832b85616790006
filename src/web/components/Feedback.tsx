// Loading, errors and empty states.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { FieldError } from '../api/types';

export interface LoadingProps {
  label?: string;
}

export function Loading({ label = 'Loading…' }: LoadingProps) {
  return <p className="loading" role="status">{label}</p>;
}

export interface ErrorMessageProps {
  error: unknown;
  /** Field errors already shown beside their fields are left out of the list here. */
  shownFields?: Set<string>;
}

/** An API error: its message, the request id to find it in the log, and any field errors not shown elsewhere. */
export function ErrorMessage({ error, shownFields }: ErrorMessageProps) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const fields = apiError?.fields.filter((f) => !shownFields?.has(f.field.replace(/^(body|querystring|params)\./, ''))) ?? [];
  return (
    <div className="alert alert-error" role="alert">
      <p>{!apiError ? 'Something went wrong.' : apiError.fields.length > 0 && fields.length === 0
        ? `Correct ${apiError.fields.length === 1 ? 'the field' : `the ${apiError.fields.length} fields`} marked below.`
        : apiError.message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f, i) => <li key={i}><code>{f.field}</code> {f.message}</li>)}
        </ul>
      )}
    </div>
  );
}

export interface FieldErrorTextProps {
  id: string;
  errors: FieldError[] | undefined;
}

/** Errors for one field, referenced by the field's aria-describedby. */
export function FieldErrorText({ id, errors }: FieldErrorTextProps) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} data-codes={errors.map((e) => e.code).join(' ')}>
      {errors.map((e) => e.message).join('; ')}
    </p>
  );
}

export interface EmptyStateProps {
  title: string;
  children: ReactNode;
}

export function EmptyState({ title, children }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export interface NoticeProps {
  children: ReactNode;
}

export function Notice({ children }: NoticeProps) {
  return <p className="alert alert-success" role="status">{children}</p>;
}
