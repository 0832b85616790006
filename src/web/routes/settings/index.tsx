// Settings: the pages that manage who gets in and what they may do, and the audit trail.
import { usePermissions } from '../../api/caller';
import { ErrorMessage, Loading } from '../../components/Feedback';
import { Link, usePageTitle } from '../../router';

interface Section {
  to: string;
  title: string;
  description: string;
  /** Needed to use the page (any one of them); empty: anyone signed in with a password. */
  permissions: string[];
}

const SECTIONS: Section[] = [
  { to: '/settings/members', title: 'Members and roles', description: 'Who belongs to the organization, their role and state; change a role, disable an account, give a password-reset link.', permissions: ['members:read'] },
  { to: '/settings/invitations', title: 'Invitations', description: 'Invite someone by a one-time link with a role; see and revoke pending invitations.', permissions: ['members:manage'] },
  { to: '/settings/tokens', title: 'API tokens', description: 'Tokens for CI and scripts, each with a role and an expiry; revoke one at once.', permissions: ['tokens:manage'] },
  { to: '/settings/two-factor', title: 'Two-factor sign-in', description: 'Your own account: an authenticator app code at each sign-in, and recovery codes.', permissions: [] },
  { to: '/settings/sso', title: 'Single sign-on', description: 'Sign-in through your identity provider (OpenID Connect): set it up, test it, turn it off; and what to register at the provider.', permissions: ['members:read'] },
  { to: '/settings/audit-log', title: 'Audit log', description: 'Every change, who made it and when, each entry chained to the one before; verify the chain.', permissions: ['audit-log:read', 'integrity:verify'] },
];

export default function SettingsPage() {
  usePageTitle('Settings');
  const { caller, can, resource } = usePermissions();
  return (
    <>
      <div className="page-header">
        <h1>Settings</h1>
        <p className="lede">Members, invitations, API tokens, sign-in and the audit log of {caller?.organization ? <strong className="user-text">{caller.organization.name}</strong> : 'your organization'}.</p>
      </div>
      {resource.error ? <ErrorMessage error={resource.error} /> : !caller ? <Loading /> : (
        <>
          <p className="muted">You are signed in as <strong>{caller.role}</strong>. Pages your role cannot use are marked; the server checks every request whatever this page shows.</p>
          <ul className="settings-list">
            {SECTIONS.map((s) => {
              const allowed = s.permissions.length === 0 ? caller.kind === 'user' : s.permissions.some(can);
              return (
                <li key={s.to} className={`card${allowed ? '' : ' unavailable'}`} data-section={s.to}>
                  <h2><Link to={s.to}>{s.title}</Link></h2>
                  <p>{s.description}</p>
                  {!allowed && <p className="small muted">{s.permissions.length ? <>Needs <code>{s.permissions[0]}</code>, which your role does not have.</> : 'For people signed in with a password.'}</p>}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
