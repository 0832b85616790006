// Labelled form fields that show their own errors and point to them with aria-describedby.
import type { ChangeEvent, ReactNode } from 'react';
import type { FieldError } from '../api/types';
import { FieldErrorText } from './Feedback';

export interface TextFieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  errors?: FieldError[];
  hint?: ReactNode;
  type?: 'text' | 'date' | 'search' | 'email' | 'password';
  autoComplete?: string;
  inputMode?: 'numeric';
  multiline?: boolean;
  rows?: number;
  required?: boolean;
  maxLength?: number;
  placeholder?: string;
  list?: string;
}

export function TextField({ id, label, value, onChange, errors, hint, type = 'text', multiline, rows = 4, required, maxLength, placeholder, list, autoComplete, inputMode }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const handleChange = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value);
  const common = { id, name: id, value, onChange: handleChange, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': describedBy, required, maxLength, placeholder, autoComplete, inputMode };
  return (
    <div className={`field${errorId ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={hintId}>{hint}</p>}
      {multiline ? <textarea rows={rows} {...common} /> : <input type={type} list={list} {...common} />}
      <FieldErrorText id={`${id}-error`} errors={errors} />
    </div>
  );
}
