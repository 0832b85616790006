// The rules single sign-on settings follow wherever they come from (ATTEST_OIDC_* or the
// settings page): which issuer URLs are accepted, and which roles provisioning may give.
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Whether a URL names this machine (tests, a provider run locally). */
export const isLoopbackUrl = (url: URL): boolean => LOOPBACK_HOSTS.includes(url.hostname);

/** Why `issuer` cannot be an OpenID Connect issuer here, or null when it can: https, or http on a loopback host only. */
export function issuerProblem(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'must be a URL, e.g. https://idp.example.com/realms/acme';
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))) return null;
  return 'must be an https:// URL (http:// only on a loopback address)';
}

/** Roles someone new may be given by provisioning: never owner, which only an owner grants. */
export const PROVISION_ROLES = ['admin', 'member', 'auditor', 'viewer'] as const;
export type ProvisionRole = (typeof PROVISION_ROLES)[number];

/** What the sign-in button says when the settings do not name the provider. */
export const DEFAULT_SSO_NAME = 'Single sign-on';
