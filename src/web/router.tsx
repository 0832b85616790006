// A small history router whose route table is the folder tree under routes/:
//   routes/index.tsx            → /
//   routes/controls/index.tsx   → /controls
//   routes/controls/[id].tsx    → /controls/:id
// Files starting with `_` are helpers, not routes. Each route file default-exports its page.
import { useEffect, useSyncExternalStore, type ComponentType, type MouseEvent, type ReactNode } from 'react';

export interface PageProps {
  params: Record<string, string>;
}

interface Route {
  pattern: RegExp;
  keys: string[];
  page: ComponentType<PageProps>;
  /** Static routes before dynamic ones. */
  rank: number;
}

const modules = import.meta.glob<{ default: ComponentType<PageProps> }>(['./routes/**/*.tsx', '!./routes/**/_*.tsx'], { eager: true });

function toRoute(file: string, page: ComponentType<PageProps>): Route {
  const segments = file.replace(/^\.\/routes/, '').replace(/\.tsx$/, '').split('/').filter(Boolean);
  if (segments[segments.length - 1] === 'index') segments.pop();
  const keys: string[] = [];
  const source = segments.map((s) => {
    const param = /^\[(\w+)\]$/.exec(s);
    if (!param) return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    keys.push(param[1]!);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^/${source.join('/')}/?$`), keys, page, rank: keys.length };
}

export const routes: Route[] = Object.entries(modules).map(([file, mod]) => toRoute(file, mod.default)).sort((a, b) => a.rank - b.rank);

export function match(pathname: string): { page: ComponentType<PageProps>; params: Record<string, string> } | null {
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.keys.forEach((key, i) => {
      try {
        params[key] = decodeURIComponent(m[i + 1]!);
      } catch {
        params[key] = m[i + 1]!;
      }
    });
    return { page: route.page, params };
  }
  return null;
}

const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
};
const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, opts: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

/** The current path and query; re-renders on navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

/** Query parameters as state: setting one replaces the history entry (filters, not pages). */
export function useQueryState(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const { pathname, search } = useLocation();
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    navigate(qs ? `${pathname}?${qs}` : pathname, { replace: true });
  };
  return [search, update];
}

export interface LinkProps {
  to: string;
  children: ReactNode;
  className?: string;
  'aria-current'?: 'page' | undefined;
  'aria-label'?: string;
}

export function Link({ to, children, className, ...aria }: LinkProps) {
  const handleClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} className={className} onClick={handleClick} {...aria}>{children}</a>;
}

/** Sets the document title and, after navigation, moves focus to the page heading. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Attest` : 'Attest';
  }, [title]);
}
