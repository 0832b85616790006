// What every use case receives: the store, the shipped catalog, a clock and limits.
// Built by the composition root (src/cli/runtime.ts) or by tests.
import type { Catalog } from '../domain/types.js';
import type { Role, Store } from '../store/index.js';
import type { Secrets } from './secrets.js';
import type { HostLookup } from './webhook-sender.js';

export interface Limits {
  /** Largest evidence file accepted, in bytes. */
  maxUploadBytes: number;
}

/** Where password-reset emails go. Absent until SMTP is configured: then resets are by `attest users reset-password`. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** Alerts (docs/ALERTS.md): the webhook address rule and the links in messages. */
export interface AlertsSettings {
  /** ATTEST_WEBHOOK_ALLOW_PRIVATE: webhooks may reach private and loopback addresses. */
  allowPrivateWebhooks: boolean;
  /** ATTEST_PUBLIC_URL, for links to the web app in messages. */
  publicUrl: string | null;
  /** Host-name resolution for webhooks (tests replace it); node:dns by default. */
  lookup?: HostLookup;
}

/** OpenID Connect single sign-on into one organization (ATTEST_OIDC_*; docs/ACCOUNTS.md). */
export interface SsoConfig {
  /** The provider's issuer URL; https, or http on a loopback address (tests, local providers). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The slug of the organization people sign in to; null: the workspace's. */
  organization: string | null;
  /** The role given to someone the provider vouches for who has no account yet; null: only existing members sign in. */
  provisionRole: Role | null;
  /** What the sign-in button says, e.g. "Okta". */
  name: string;
}

export interface AppContext {
  store: Store;
  catalog: Catalog;
  clock: () => Date;
  limits: Limits;
  /** From the server's secret key; accounts (sign-in, two-factor) need it. */
  secrets?: Secrets;
  mailer?: Mailer;
  alerts?: AlertsSettings;
  sso?: SsoConfig;
}

/** Who did something: `user:<id>`, `token:<id>`, `cli`, `system`. Recorded in the audit log. */
export type Actor = string;

export const DEFAULT_LIMITS: Limits = { maxUploadBytes: 50 * 1024 * 1024 };
