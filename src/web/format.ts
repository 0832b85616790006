// Labels and formats shared by the pages.
import type { Category, ControlStatus, CriterionState } from './api/types';

export const STATUS_LABELS: Record<ControlStatus, string> = {
  evidenced: 'Evidenced',
  failing: 'Failing',
  at_risk: 'At risk',
  stale: 'Stale',
  no_evidence: 'No evidence',
  excluded: 'Excluded',
};

export const STATE_LABELS: Record<CriterionState, string> = { ready: 'Ready', partial: 'Partial', gap: 'Gap' };

export const CATEGORY_LABELS: Record<Category, string> = {
  security: 'Security',
  availability: 'Availability',
  confidentiality: 'Confidentiality',
  processing_integrity: 'Processing integrity',
  privacy: 'Privacy',
};

/** `asset-management` → `Asset management`. */
export const humanize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).replace(/[-_]+/g, ' ') : s);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** 2026-11-24T10:00:00Z → 24 Nov 2026, 10:00 in the browser's zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Today as the server counts it (UTC), YYYY-MM-DD: the default effective date, and its maximum. */
export const today = (): string => new Date().toISOString().slice(0, 10);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
