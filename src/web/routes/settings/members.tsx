// Settings → Members and roles: everyone in the organization with their role and state. Owners
// and admins (members:manage) change roles, disable and re-enable accounts, turn a lost phone's
// two-factor off and issue password-reset links; other roles see the list only.
import { useState } from 'react';
import { useAction } from '../../api/action';
import { api, useApi } from '../../api/client';
import type { Caller, MemberDetail, Role } from '../../api/accounts';
import { grantableRoles, usePermissions } from '../../api/caller';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { formatDateTime, plural } from '../../format';
import { Link } from '../../router';
import { NotAllowed, SettingsHeader } from './_layout';

interface ResetLink {
  url: string;
  expiresAt: string;
  member: MemberDetail;
}

export default function MembersPage() {
  const { caller, can, resource } = usePermissions();
  const allowed = can('members:read');
  const members = useApi<MemberDetail[]>(caller && allowed ? '/api/members' : null);
  const [reset, setReset] = useState<ResetLink | null>(null);
  const manage = can('members:manage');

  const handleChanged = (m: MemberDetail) => members.set((members.data ?? []).map((x) => (x.id === m.id ? m : x)));

  const header = <SettingsHeader title="Members and roles">The people of your organization, their role and whether they can sign in. What each role may do is listed in the permissions table (docs/PERMISSIONS.md).</SettingsHeader>;
  if (resource.error) return <>{header}<ErrorMessage error={resource.error} /></>;
  if (!caller) return <>{header}<Loading /></>;
  if (!allowed) return <>{header}<NotAllowed permission="members:read" role={caller.role} /></>;
  return (
    <>
      {header}
      {manage ? (
        <p><Link to="/settings/invitations">Invite someone</Link> to add a member.</p>
      ) : (
        <p className="muted" data-testid="read-only">Read-only: changing roles and accounts needs <code>members:manage</code> (owners and admins).</p>
      )}
      {reset && (
        <section className="panel" aria-labelledby="reset-heading">
          <h2 id="reset-heading">Password-reset link for <span className="user-text">{reset.member.email}</span></h2>
          <OneTimeSecret id="reset-link" label="One-time link" value={reset.url} warning={`Give this link to ${reset.member.name || reset.member.email} yourself. It works once, until ${formatDateTime(reset.expiresAt)}, and is not shown again; an earlier link stops working.`} onDone={() => setReset(null)} />
        </section>
      )}
      <section className="panel" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {members.error ? <ErrorMessage error={members.error} /> : !members.data ? <Loading /> : members.data.length === 0 ? (
          <EmptyState title="No members yet"><p>Invite people from <Link to="/settings/invitations">Invitations</Link>.</p></EmptyState>
        ) : (
          <>
            <p className="muted">{plural(members.data.length, 'member')}</p>
            <div className="table-wrap">
              <table className="responsive-table members-table">
                <caption className="visually-hidden">Members</caption>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Role</th>
                    <th scope="col">State</th>
                    <th scope="col">Two-factor</th>
                    <th scope="col">Last sign-in</th>
                    {manage && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {members.data.map((m) => <MemberRow key={m.id} member={m} caller={caller} manage={manage} onChanged={handleChanged} onReset={setReset} />)}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}

interface MemberRowProps {
  member: MemberDetail;
  caller: Caller;
  manage: boolean;
  onChanged: (m: MemberDetail) => void;
  onReset: (r: ResetLink) => void;
}

function stateOf(m: MemberDetail): { label: string; className: string } {
  if (m.disabled) return { label: 'Disabled', className: 'state-gap' };
  if (m.locked) return { label: `Locked until ${m.lockedUntil ? formatDateTime(m.lockedUntil) : '…'}`, className: 'state-partial' };
  return { label: 'Active', className: 'state-ready' };
}

function MemberRow({ member: m, caller, manage, onChanged, onReset }: MemberRowProps) {
  const [role, setRole] = useState<Role>(m.role);
  const { busy, error, run } = useAction();
  const self = caller.user?.id === m.id;
  // Only owners change owners; the server enforces it, the page does not offer it.
  const mayTouch = manage && (m.role !== 'owner' || caller.role === 'owner');
  const roles = grantableRoles(caller);

  const patch = async (body: object) => {
    const changed = await run(() => api<MemberDetail>(`/api/members/${encodeURIComponent(m.id)}`, { method: 'PATCH', body }));
    if (changed) onChanged(changed);
  };
  const handleSaveRole = () => void patch({ role });
  const handleReset = async () => {
    const link = await run(() => api<ResetLink>('/api/members/password-resets', { method: 'POST', body: { email: m.email } }));
    if (link) onReset(link);
  };
  const state = stateOf(m);
  const roleId = `role-${m.id}`;

  return (
    <tr data-member={m.email}>
      <th scope="row" data-label="Member">
        <span className="user-text">{m.name || m.email}</span>{self && <span className="tag"> you</span>}
        {m.name && <div className="small muted user-text">{m.email}</div>}
      </th>
      <td data-label="Role" data-role={m.role}>
        {mayTouch ? (
          <span className="inline-form">
            <label htmlFor={roleId} className="visually-hidden">Role of {m.email}</label>
            <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={busy}>
              {(roles.includes(m.role) ? roles : [m.role, ...roles]).map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
            {role !== m.role && <button type="button" onClick={handleSaveRole} disabled={busy}>Save role</button>}
          </span>
        ) : m.role}
      </td>
      <td data-label="State"><span className={`badge ${state.className}`}>{state.label}</span></td>
      <td data-label="Two-factor">{m.twoFactor ? 'On' : 'Off'}</td>
      <td data-label="Last sign-in"><span className="small">{m.lastLoginAt ? formatDateTime(m.lastLoginAt) : 'Never'}</span></td>
      {manage && (
        <td data-label="Actions" className="wide">
          {mayTouch ? (
            <div className="row-actions">
              {!self && (m.disabled
                ? <button type="button" className="button-secondary" onClick={() => void patch({ disabled: false })} disabled={busy}>Enable</button>
                : <ConfirmButton label="Disable" question={`Disable ${m.email}? Their sessions end now.`} onConfirm={() => void patch({ disabled: true })} busy={busy} />)}
              <button type="button" className="button-secondary" onClick={() => void handleReset()} disabled={busy || m.disabled}>Reset link</button>
              {m.twoFactor && !self && <ConfirmButton label="Turn off two-factor" question="Turn off their two-factor (a lost phone)?" confirmLabel="Turn off" onConfirm={() => void patch({ twoFactor: false })} busy={busy} />}
            </div>
          ) : <span className="small muted">Only an owner changes an owner.</span>}
          {error !== undefined && <ErrorMessage error={error} />}
        </td>
      )}
    </tr>
  );
}
