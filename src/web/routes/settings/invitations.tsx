// Settings → Invitations: invite someone with a role by a one-time link (shown once, to pass on
// yourself), and the invitations made so far, pending ones revocable.
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/action';
import { api, fieldErrors, useApi } from '../../api/client';
import type { Invitation, Role } from '../../api/accounts';
import { grantableRoles, useActorNames, usePermissions } from '../../api/caller';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { RoleField } from '../../components/RoleField';
import { formatDateTime } from '../../format';
import { NotAllowed, SettingsHeader } from './_layout';

const STATE_CLASS: Record<Invitation['state'], string> = { pending: 'state-partial', accepted: 'state-ready', revoked: 'status-excluded', expired: 'status-no_evidence' };

export default function InvitationsPage() {
  const { caller, can, resource } = usePermissions();
  const allowed = can('members:manage');
  const list = useApi<Invitation[]>(caller && allowed ? '/api/invitations' : null);
  const { name: actorName } = useActorNames(caller);
  const [created, setCreated] = useState<{ invitation: Invitation; url: string } | null>(null);

  const header = <SettingsHeader title="Invitations">Invite someone by link: they choose their name and password, and join with the role you give. A link works once, for seven days.</SettingsHeader>;
  if (resource.error) return <>{header}<ErrorMessage error={resource.error} /></>;
  if (!caller) return <>{header}<Loading /></>;
  if (!allowed) return <>{header}<NotAllowed permission="members:manage" role={caller.role} /></>;

  const handleCreated = (c: { invitation: Invitation; url: string }) => {
    setCreated(c);
    list.set([c.invitation, ...(list.data ?? [])]);
  };
  const handleRevoked = (inv: Invitation) => list.set((list.data ?? []).map((x) => (x.id === inv.id ? inv : x)));
  const pending = list.data?.filter((i) => i.state === 'pending') ?? [];
  const past = list.data?.filter((i) => i.state !== 'pending') ?? [];

  return (
    <>
      {header}
      <InviteForm roles={grantableRoles(caller)} onCreated={handleCreated} />
      {created && (
        <section className="panel" aria-labelledby="link-heading">
          <h2 id="link-heading">Invitation for <span className="user-text">{created.invitation.email}</span></h2>
          <OneTimeSecret id="invitation-link" label="One-time invitation link" value={created.url} warning={`Send this link to ${created.invitation.email} yourself (no email is sent). It is shown only now and works once, until ${formatDateTime(created.invitation.expiresAt)}.`} onDone={() => setCreated(null)} />
        </section>
      )}
      <section className="panel" aria-labelledby="pending-heading">
        <h2 id="pending-heading">Pending</h2>
        {list.error ? <ErrorMessage error={list.error} /> : !list.data ? <Loading /> : pending.length === 0 ? (
          <EmptyState title="No pending invitations"><p>Invite someone with the form above; their invitation waits here until they accept it.</p></EmptyState>
        ) : <InvitationTable items={pending} caption="Pending invitations" onRevoked={handleRevoked} actorName={actorName} />}
      </section>
      {past.length > 0 && (
        <section className="panel" aria-labelledby="past-heading">
          <h2 id="past-heading">Accepted, revoked and expired</h2>
          <InvitationTable items={past} caption="Earlier invitations" onRevoked={handleRevoked} actorName={actorName} />
        </section>
      )}
    </>
  );
}

interface InviteFormProps {
  roles: Role[];
  onCreated: (c: { invitation: Invitation; url: string }) => void;
}

function InviteForm({ roles, onCreated }: InviteFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const { busy, error, run } = useAction();
  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await run(() => api<{ invitation: Invitation; url: string }>('/api/invitations', { method: 'POST', body: { email: email.trim(), role } }));
    if (!created) return;
    onCreated(created);
    setEmail('');
  };
  const errors = fieldErrors(error);
  return (
    <form className="form panel" onSubmit={(e) => void handleSubmit(e)} noValidate aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <div className="field-row">
        <TextField id="invite-email" label="Email" type="email" autoComplete="off" value={email} onChange={setEmail} errors={errors.get('email')} maxLength={254} required />
        <RoleField id="invite-role" value={role} roles={roles} onChange={setRole} errors={errors.get('role')} />
      </div>
      <ErrorMessage error={error} shownFields={new Set(['email', 'role'])} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create invitation link'}</button>
      </div>
    </form>
  );
}

interface InvitationTableProps {
  items: Invitation[];
  caption: string;
  onRevoked: (inv: Invitation) => void;
  actorName: (actor: string) => string;
}

function InvitationTable({ items, caption, onRevoked, actorName }: InvitationTableProps) {
  return (
    <div className="table-wrap">
      <table className="responsive-table invitations-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Invited</th><th scope="col">Expires</th><th scope="col">Actions</th></tr>
        </thead>
        <tbody>
          {items.map((i) => <InvitationRow key={i.id} invitation={i} onRevoked={onRevoked} actorName={actorName} />)}
        </tbody>
      </table>
    </div>
  );
}

interface InvitationRowProps {
  invitation: Invitation;
  onRevoked: (inv: Invitation) => void;
  actorName: (actor: string) => string;
}

function InvitationRow({ invitation: i, onRevoked, actorName }: InvitationRowProps) {
  const { busy, error, run } = useAction();
  const handleRevoke = async () => {
    const revoked = await run(() => api<Invitation>(`/api/invitations/${encodeURIComponent(i.id)}`, { method: 'DELETE' }));
    if (revoked) onRevoked(revoked);
  };
  return (
    <tr data-invitation={i.email}>
      <th scope="row" data-label="Email"><span className="user-text">{i.email}</span></th>
      <td data-label="Role">{i.role}</td>
      <td data-label="State"><span className={`badge ${STATE_CLASS[i.state]}`}>{i.state}</span></td>
      <td data-label="Invited"><span className="small">{formatDateTime(i.createdAt)}</span> <span className="muted small">by <span className="user-text">{actorName(i.invitedBy)}</span></span></td>
      <td data-label="Expires"><span className="small">{i.state === 'accepted' && i.acceptedAt ? `Accepted ${formatDateTime(i.acceptedAt)}` : formatDateTime(i.expiresAt)}</span></td>
      <td data-label="Actions">
        {i.state === 'pending' ? <ConfirmButton label="Revoke" question={`Revoke the invitation for ${i.email}?`} onConfirm={() => void handleRevoke()} busy={busy} /> : <span className="muted small">—</span>}
        {error !== undefined && <ErrorMessage error={error} />}
      </td>
    </tr>
  );
}
