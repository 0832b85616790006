// The heuristics that decide whether a variable holds a secret written in clear (shared by the
// Kubernetes env and Dockerfile ENV/ARG checks).
import { describe, expect, it } from 'vitest';
import { isLiteralSecretValue, isSecretName } from '../../src/checks/secrets/lib/names.js';

describe('isSecretName', () => {
  it.each([
    'DB_PASSWORD', 'POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWD', 'dbPassword', 'DBPASSWORD', 'JWT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'SECRET_KEY_BASE',
    'GITHUB_TOKEN', 'NPM_TOKEN', 'slackBotToken', 'API_KEY', 'STRIPE_API_KEY', 'SENDGRID_APIKEY', 'SIGNING_KEY', 'ENCRYPTION_KEY', 'KEY',
    'GOOGLE_APPLICATION_CREDENTIALS', 'SSH_PASSPHRASE', 'PRIVATE_KEY',
  ])('%s names a secret', (name) => expect(isSecretName(name)).toBe(true));

  it.each([
    'PASSWORD_FILE', 'DB_PASSWORD_PATH', 'TOKEN_URL', 'TOKEN_TTL', 'OAUTH_TOKEN_ENDPOINT', 'SECRET_NAME', 'AWS_ACCESS_KEY_ID', 'API_KEY_HEADER',
    'GPG_KEY', 'PUBLIC_KEY', 'CACHE_KEY', 'LOG_LEVEL', 'PWD', 'TOKENIZER', 'KEYCLOAK_URL', 'PASSWORD_MIN_LENGTH', 'SESSION_TOKEN_EXPIRY',
  ])('%s does not', (name) => expect(isSecretName(name)).toBe(false));
});

describe('isLiteralSecretValue', () => {
  it.each(['hunter2', 'changeme', 'sk_live_0123456789', '"quoted-secret"', 'p@ss word'])('%s is a literal', (v) => expect(isLiteralSecretValue(v)).toBe(true));
  it.each([
    '', '  ', '""', 'true', 'False', '3600', '<your-token>', '$DB_PASSWORD', '${DB_PASSWORD}', '$(DB_PASSWORD)', 'prefix-${X}',
    '/run/secrets/db', '/var/secrets/google/key.json', 'vault:secret/data/db#password', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db',
  ])('%s is not', (v) => expect(isLiteralSecretValue(v)).toBe(false));
});
