// Hard-coded secrets in any scanned text file → `secret.candidate` resources, one per finding,
// carrying a masked copy only: the raw value is never stored, logged or printed.
import type { Resource } from '../../domain/resources/index.js';
import type { SecretCandidate } from '../../domain/resources/workloads.js';
import { findAssignments, findPatterns, findPrivateKeys, type Match } from './detectors.js';

export { entropy, isPlaceholder, looksLikeSecret } from './detectors.js';

export interface CollectorProblem {
  path: string;
  line: number | null;
  message: string;
}

export interface CollectorResult {
  resources: Resource[];
  problems: CollectorProblem[];
}

/** Every kind a candidate may have. */
export const SECRET_KINDS = ['aws-access-key-id', 'aws-secret-access-key', 'private-key', 'github-token', 'slack-token', 'stripe-key', 'google-api-key', 'generic-api-key', 'generic-password'] as const;

/** At most this many stars for a value of a known format; a free-form value always gets FREE_FORM_STARS. */
const MAX_STARS = 24;
const FREE_FORM_STARS = 16;

/**
 * The shown part of a secret: its non-secret prefix (`AKIA`, `ghp_`, a PEM header), stars, and
 * the last four characters when enough is left hidden (a key of a known format from sixteen
 * secret characters, anything else from thirty-two): enough to tell two keys apart, too little
 * to help guess one. A free-form value (a password) does not show its length either.
 * AWS's documentation key `AKIAIOSFODNN7EXAMPLE` → `AKIA************MPLE`.
 */
export function maskSecret(value: string, visiblePrefix = 0, showTail = true): string {
  const prefix = value.slice(0, visiblePrefix);
  const secret = value.slice(visiblePrefix);
  const tail = showTail && (secret.length >= 32 || (visiblePrefix > 0 && secret.length >= 16)) ? secret.slice(-4) : '';
  const stars = visiblePrefix > 0 ? Math.min(secret.length - tail.length, MAX_STARS) : FREE_FORM_STARS;
  return `${prefix}${'*'.repeat(Math.max(1, stars))}${tail}`;
}

export function findSecrets(path: string, text: string): CollectorResult {
  const specific = [...findPatterns(text), ...findPrivateKeys(text)];
  // A provider format wins over the generic rule for the same characters (`token = "ghp_…"`).
  const generic = findAssignments(text).filter((g) => !specific.some((s) => s.start < g.end && g.start < s.end));
  const matches = [...specific, ...generic].sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
  if (matches.length === 0) return { resources: [], problems: [] };

  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const seen = new Map<string, number>();
  const resources = matches.map((m: Match): Resource => {
    const startLine = lineOf(m.start);
    const endLine = lineOf(Math.max(m.start, m.end - 1));
    const base = `${path}:${startLine}:${m.kind}`;
    // Two findings of one kind on one line: the second is `…:2`.
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    // A private key shows its header only: the end of the block is its END line, nothing to tell apart.
    const masked = maskSecret(text.slice(m.start, m.end), m.visiblePrefix, m.kind !== 'private-key');
    const attributes: SecretCandidate = { kind: m.kind, masked, location: { startLine, endLine } };
    return {
      type: 'secret.candidate',
      id: n === 1 ? base : `${base}:${n}`,
      name: null,
      attributes: attributes as unknown as Record<string, unknown>,
      source: { kind: 'file', format: 'text', path, startLine, endLine },
    };
  });
  return { resources, problems: [] };
}
