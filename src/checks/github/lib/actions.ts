// `uses:` references: local actions, Docker images, `owner/repo[/path]@ref`.

/** Owners whose actions GitHub itself publishes: they may be referenced by tag (see github-action-pinned-sha). */
export const GITHUB_OWNERS = new Set(['actions', 'github']);
/** Refs that name a moving branch rather than a release. */
const BRANCHES = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'head', 'latest', 'nightly', 'edge']);
const FULL_SHA = /^[0-9a-f]{40}$/i;
const DOCKER_DIGEST = /@sha256:[0-9a-f]{64}$/i;

export type UsesVerdict = null | { reason: 'not_pinned_to_sha' | 'mutable_branch' | 'docker_not_pinned' | 'no_ref'; message: string };

export function judgeUses(uses: string): UsesVerdict {
  const u = uses.trim();
  if (u.startsWith('./') || u.startsWith('.\\')) return null;
  if (u.startsWith('docker://')) return DOCKER_DIGEST.test(u) ? null : { reason: 'docker_not_pinned', message: `${u} is not pinned to an image digest` };
  const at = u.lastIndexOf('@');
  if (at < 0) return { reason: 'no_ref', message: `${u} names no version at all` };
  const ref = u.slice(at + 1);
  if (FULL_SHA.test(ref)) return null;
  const slash = u.indexOf('/');
  const owner = u.slice(0, slash < 0 ? at : slash).toLowerCase();
  if (GITHUB_OWNERS.has(owner)) return BRANCHES.has(ref.toLowerCase()) ? { reason: 'mutable_branch', message: `${u} follows the branch ${ref}` } : null;
  return { reason: 'not_pinned_to_sha', message: `${u} is pinned to ${ref}, which its owner can move; pin a full commit SHA` };
}

/** `actions/checkout@…` (any version, or none). */
export const isCheckout = (uses: string | null): boolean => uses !== null && /^actions\/checkout(@|$)/i.test(uses.trim());
