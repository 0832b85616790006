// What the settings pages share: the heading with the way back to Settings, and what to say
// when the signed-in role may not see a page.
import type { ReactNode } from 'react';
import { Link, usePageTitle } from '../../router';
import '../../components/settings.css';

export interface SettingsHeaderProps {
  title: string;
  children: ReactNode;
}

export function SettingsHeader({ title, children }: SettingsHeaderProps) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <p className="breadcrumb"><Link to="/settings">Settings</Link></p>
      <h1>{title}</h1>
      <p className="lede">{children}</p>
    </div>
  );
}

export interface NotAllowedProps {
  permission: string;
  role: string | undefined;
}

/** The role may not use this page: say so, and who can. */
export function NotAllowed({ permission, role }: NotAllowedProps) {
  return (
    <div className="alert alert-info" role="status" data-testid="not-allowed">
      <p>Your role{role ? <> (<strong>{role}</strong>)</> : null} does not include <code>{permission}</code>. Ask an owner or an admin of your organization if you need this page.</p>
    </div>
  );
}
