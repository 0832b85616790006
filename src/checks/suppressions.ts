// Suppressions: a finding can be silenced only with a reason. Inline, in the scanned file:
//   # attest:ignore <check-id> reason="why this is acceptable"
// on the line above the resource or the finding, or anywhere inside the resource's block;
// or in the configuration file, optionally with an expiry date. An expired suppression stops
// suppressing and says so.
import type { CheckResult } from './engine.js';

export interface InlineSuppression {
  line: number;
  checkId: string;
  reason: string | null;
}

export interface ConfigSuppression {
  check: string;
  /** Resource id, or a path prefix (`infra/legacy/`); absent = everywhere. */
  resource?: string;
  path?: string;
  reason: string;
  /** YYYY-MM-DD: suppresses up to and including this day. */
  expires?: string;
}

export interface SuppressedResult extends CheckResult {
  suppression?: { source: 'inline' | 'config'; reason: string; expires?: string };
}

const INLINE = /attest:ignore\s+([a-z0-9*][a-z0-9-]*)(?:\s+reason\s*=\s*"([^"]*)"|\s+reason\s*=\s*'([^']*)')?/g;

export function parseInlineSuppressions(text: string): InlineSuppression[] {
  if (!text.includes('attest:ignore')) return [];
  const out: InlineSuppression[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('attest:ignore')) continue;
    for (const m of line.matchAll(INLINE)) {
      const reason = (m[2] ?? m[3] ?? '').trim();
      out.push({ line: i + 1, checkId: m[1]!, reason: reason === '' ? null : reason });
    }
  }
  return out;
}

export interface SuppressionNotice {
  path: string | null;
  line: number | null;
  message: string;
}

/**
 * Marks suppressed results (status `suppressed`, with the suppression) and returns notices
 * for suppressions that were refused (no reason) or have expired.
 */
export function applySuppressions(
  results: CheckResult[],
  inline: Map<string, InlineSuppression[]>,
  config: ConfigSuppression[],
  today: string,
): { results: SuppressedResult[]; notices: SuppressionNotice[] } {
  const notices: SuppressionNotice[] = [];
  for (const [path, list] of inline) {
    for (const s of list) if (s.reason === null) notices.push({ path, line: s.line, message: `attest:ignore ${s.checkId} has no reason="…": not applied` });
  }
  const expiredSeen = new Set<ConfigSuppression>();
  const out = results.map((r): SuppressedResult => {
    if (r.status !== 'fail') return r;
    const marks = r.path ? inline.get(r.path) : undefined;
    if (marks && r.startLine !== null) {
      const end = r.endLine ?? r.startLine;
      const from = Math.min(r.startLine, r.resourceLine ?? r.startLine) - 1;
      const hit = marks.find((s) => s.reason !== null && (s.checkId === r.checkId || s.checkId === '*') && s.line >= from && s.line <= end);
      if (hit) return { ...r, status: 'suppressed', suppression: { source: 'inline', reason: hit.reason! } };
    }
    for (const s of config) {
      if (s.check !== r.checkId && s.check !== '*') continue;
      if (s.resource && s.resource !== r.resourceId) continue;
      if (s.path && !(r.path ?? '').startsWith(s.path)) continue;
      if (s.expires && s.expires < today) {
        if (!expiredSeen.has(s)) {
          expiredSeen.add(s);
          notices.push({ path: r.path, line: null, message: `the suppression of ${s.check}${s.resource ? ` for ${s.resource}` : ''} expired on ${s.expires}: findings are reported again` });
        }
        continue;
      }
      return { ...r, status: 'suppressed', suppression: { source: 'config', reason: s.reason, ...(s.expires ? { expires: s.expires } : {}) } };
    }
    return r;
  });
  return { results: out, notices };
}

/** Baseline fingerprint of a finding: stable across line moves. */
export const fingerprint = (r: Pick<CheckResult, 'checkId' | 'resourceId' | 'reason'>) => `${r.checkId}|${r.resourceId}|${r.reason ?? ''}`;
