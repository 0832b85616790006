// GitHub Actions workflow checks.
import type { AnyCheck } from '../types.js';
import githubActionPinnedSha from './github-action-pinned-sha.js';
import githubCheckoutPersistCredentials from './github-checkout-persist-credentials.js';
import githubPermissionsExplicit from './github-permissions-explicit.js';
import githubPermissionsWriteAll from './github-permissions-write-all.js';
import githubPullRequestTargetCheckout from './github-pull-request-target-checkout.js';
import githubScriptInjection from './github-script-injection.js';

export const githubChecks = [
  githubActionPinnedSha,
  githubCheckoutPersistCredentials,
  githubPermissionsExplicit,
  githubPermissionsWriteAll,
  githubPullRequestTargetCheckout,
  githubScriptInjection,
] as AnyCheck[];
