// Small helpers shared by repositories.
export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

export interface Page {
  limit?: number;
  offset?: number;
}
export const MAX_PAGE = 1000;
/** Lists are always bounded. */
export function bounded(page: Page = {}): { limit: number; offset: number } {
  return { limit: Math.min(Math.max(page.limit ?? 100, 1), MAX_PAGE), offset: Math.max(page.offset ?? 0, 0) };
}
