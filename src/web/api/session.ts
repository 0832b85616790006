// Who is signed in, shared by the shell (navigation, sign-out) and the sign-in pages.
// undefined: not asked yet; null: signed out.
import { useSyncExternalStore } from 'react';
import { api, onUnauthorized } from './client';
import type { Me } from './types';

let current: Me | null | undefined;
let asking: Promise<void> | null = null;
const listeners = new Set<() => void>();

export function setSession(me: Me | null) {
  current = me;
  listeners.forEach((l) => l());
}

onUnauthorized(() => setSession(null));

/** Ask the server once who is calling; a 401 sends the browser to /login (see client.ts). */
export function loadSession(): void {
  if (current !== undefined || asking) return;
  asking = api<Me>('/api/auth/me').then(
    (me) => setSession(me),
    () => setSession(null),
  ).finally(() => { asking = null; });
}

export function useSession(): Me | null | undefined {
  return useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => current);
}

/** Where to go once signed in: `next` when it is a path on this site, else the dashboard. */
export function afterSignIn(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
