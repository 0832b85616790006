// A labelled role picker that shows its own errors, for invitations and API tokens.
import type { FieldError } from '../api/types';
import type { Role } from '../api/accounts';
import { FieldErrorText } from './Feedback';

export const ROLE_SUMMARIES: Record<Role, string> = {
  owner: 'everything, including owners',
  admin: 'everything but owners: scope, members, tokens',
  member: 'controls, evidence, scans',
  auditor: 'limited to the audits assigned to them and the evidence within their windows',
  viewer: 'read-only',
};

export interface RoleFieldProps {
  id: string;
  value: Role;
  roles: Role[];
  onChange: (role: Role) => void;
  errors?: FieldError[];
}

export function RoleField({ id, value, roles, onChange, errors }: RoleFieldProps) {
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className={`field${errorId ? ' has-error' : ''}`}>
      <label htmlFor={id}>Role</label>
      <select id={id} name={id} value={value} onChange={(e) => onChange(e.target.value as Role)} aria-invalid={errorId ? true : undefined} aria-describedby={errorId}>
        {roles.map((r) => <option key={r} value={r}>{r} — {ROLE_SUMMARIES[r]}</option>)}
      </select>
      <FieldErrorText id={`${id}-error`} errors={errors} />
    </div>
  );
}
