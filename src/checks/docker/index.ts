// Dockerfile checks.
import type { AnyCheck } from '../types.js';
import dockerAddRemoteUrl from './docker-add-remote-url.js';
import dockerBaseImageDigest from './docker-base-image-digest.js';
import dockerBaseImageTag from './docker-base-image-tag.js';
import dockerExposedAdminPort from './docker-exposed-admin-port.js';
import dockerHealthcheck from './docker-healthcheck.js';
import dockerNonRootUser from './docker-non-root-user.js';
import dockerPipeToShell from './docker-pipe-to-shell.js';
import dockerSecretsInEnv from './docker-secrets-in-env.js';

export const dockerChecks = [
  dockerAddRemoteUrl,
  dockerBaseImageDigest,
  dockerBaseImageTag,
  dockerExposedAdminPort,
  dockerHealthcheck,
  dockerNonRootUser,
  dockerPipeToShell,
  dockerSecretsInEnv,
] as AnyCheck[];
