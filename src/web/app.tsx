// The shell: skip link, navigation, and the page the location matches. Pages other than the
// sign-in ones (/login, /setup, /invite, /reset-password) need a session: without one, /login.
import { useEffect, useRef, useState } from 'react';
import { api, AUTH_PAGES } from './api/client';
import { loadSession, setSession, useSession } from './api/session';
import { Loading } from './components/Feedback';
import { Link, match, navigate, useLocation, type PageProps } from './router';

const NAV = [
  { to: '/', label: 'Dashboard' },
  { to: '/scope', label: 'Scope' },
  { to: '/criteria', label: 'Criteria' },
  { to: '/controls', label: 'Controls' },
  { to: '/evidence', label: 'Evidence' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/findings', label: 'Findings' },
  { to: '/audits', label: 'Audits' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/settings', label: 'Settings' },
];

/**
 * An auditor reads their audits, the controls and the evidence within their windows
 * (docs/AUDITS.md), and has Settings for their own two-factor; the other pages read
 * organization-wide status, scans or jobs.
 */
const AUDITOR_NAV = new Set(['/audits', '/controls', '/evidence', '/settings']);

function NotFoundPage(_props: PageProps) {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address. <Link to="/">Go to the dashboard</Link>.</p>
    </>
  );
}

function SignOutButton() {
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } catch {
      // Signed out on this side either way; the server ends the session when it can.
    }
    setSession(null);
    navigate('/login', { replace: true });
  };
  return <button type="button" className="button-secondary sign-out" onClick={() => void signOut()} disabled={busy}>Sign out</button>;
}

export function App() {
  const { pathname } = useLocation();
  const found = match(pathname);
  const Page = found?.page ?? NotFoundPage;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const open = AUTH_PAGES.has(pathname);
  const session = useSession();
  // An auditor's home is their audit (the audits page goes on to it when there is one).
  const auditorHome = session?.user?.role === 'auditor' && pathname === '/';
  useEffect(() => {
    if (auditorHome) navigate('/audits', { replace: true });
  }, [auditorHome]);

  useEffect(() => {
    if (open) return;
    if (session === undefined) loadSession();
    else if (session === null) navigate(pathname === '/' ? '/login' : `/login?next=${encodeURIComponent(pathname + window.location.search)}`, { replace: true });
  }, [open, session, pathname]);

  useEffect(() => {
    // After a client-side navigation, start at the top and let assistive technology
    // announce the new page by focusing its main region.
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  const section = '/' + (pathname.split('/')[1] ?? '');
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header">
        <Link to="/" className="brand" aria-label="Attest dashboard">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Attest</span>
        </Link>
        {!open && session && (
          <>
            <nav aria-label="Main">
              <ul>
                {NAV.filter((item) => session.user?.role !== 'auditor' || AUDITOR_NAV.has(item.to)).map((item) => (
                  <li key={item.to}>
                    <Link to={item.to} aria-current={section === item.to ? 'page' : undefined}>{item.label}</Link>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="account">
              {session.user && <span className="account-name" data-testid="signed-in-as">{session.user.name || session.user.email}</span>}
              <SignOutButton />
            </div>
          </>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {(open || session) && !auditorHome ? <Page key={pathname} params={found?.params ?? {}} /> : <Loading />}
      </main>
    </>
  );
}
