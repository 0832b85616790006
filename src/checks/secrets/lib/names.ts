// Whether a configuration variable (a Kubernetes env var, a Dockerfile ENV or ARG) holds a secret
// written in clear: its name says it is a secret and its value is a literal, not a reference.
// Shared by the k8s and docker checks; deliberately conservative, since a false alarm on every
// `TOKEN_TTL` would teach people to ignore the real ones.

/** Words that mark a secret wherever they appear in a name token (`DBPASSWORD`, `CLIENT_SECRET`). */
const SECRET_INFIXES = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'APIKEY', 'PRIVATEKEY', 'CREDENTIAL'];
/** Tokens before a trailing `KEY` that make it something other than a secret. */
const BENIGN_KEY_QUALIFIERS = new Set(['GPG', 'PGP', 'PUBLIC', 'PUB', 'HOST', 'CACHE', 'SORT', 'PARTITION', 'PRIMARY', 'FOREIGN', 'ROUTING', 'LOOKUP', 'IDEMPOTENCY', 'SHARD', 'OBJECT', 'S3', 'BUCKET', 'REDIS']);
/** A name ending in one of these tokens describes a secret (where it is, how long it lives), it is not one. */
const DESCRIPTIVE_SUFFIXES = new Set([
  'FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'NAME', 'ID', 'ARN', 'REF', 'KEYREF', 'TYPE', 'KIND', 'MODE', 'FORMAT',
  'HEADER', 'FIELD', 'PARAM', 'PREFIX', 'ALGORITHM', 'ALG', 'ENABLED', 'DISABLED', 'REQUIRED', 'POLICY', 'ROTATION', 'VERSION',
  'TTL', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'LIFETIME', 'TIMEOUT', 'INTERVAL', 'DURATION', 'AGE', 'WINDOW', 'SECONDS', 'SECS', 'MINUTES', 'HOURS', 'DAYS', 'MS',
  'LENGTH', 'SIZE', 'MIN', 'MAX', 'COUNT', 'LIMIT', 'USER', 'USERNAME', 'REGION', 'LOCATION', 'STORE', 'PROVIDER', 'SOURCE', 'BACKEND', 'SECRETNAME',
]);

function tokens(name: string): string[] {
  // camelCase → CAMEL_CASE, then split on anything that is not a letter or digit.
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[^A-Z0-9]+/).filter((t) => t !== '');
}

/** `DB_PASSWORD`, `stripeApiKey`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY` → true; `PASSWORD_FILE`, `TOKEN_TTL`, `GPG_KEY` → false. */
const CANDIDATE = /PASS|SECRET|TOKEN|KEY|CREDENTIAL/i;

export function isSecretName(name: string): boolean {
  if (!CANDIDATE.test(name)) return false; // most names: no tokenizing, no allocation
  const t = tokens(name);
  const last = t[t.length - 1];
  if (last === undefined || DESCRIPTIVE_SUFFIXES.has(last)) return false;
  for (const token of t) {
    if (token.endsWith('TOKEN') || token.endsWith('TOKENS')) return true;
    for (const word of SECRET_INFIXES) if (token.includes(word)) return true;
  }
  if (last === 'KEY' || last === 'KEYS') {
    const qualifier = t[t.length - 2];
    return qualifier === undefined || !BENIGN_KEY_QUALIFIERS.has(qualifier);
  }
  return false;
}

/** A reference to another variable, a file mounted by a secret store or an external secret manager. */
const REFERENCE = /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\([A-Za-z_][A-Za-z0-9_]*\)|^\/run\/secrets\/|^(vault|awssm|ssm|gcpsm|azkv|op|sops|ref\+[a-z0-9]+):|^arn:aws[a-z-]*:(secretsmanager|ssm|kms):/;
const NOT_A_SECRET_VALUE = /^(true|false|yes|no|on|off|null|none|nil|undefined|\d{1,5}|<[^>]*>)$/i;
/** A file path (`GOOGLE_APPLICATION_CREDENTIALS=/var/run/key.json`): where a secret is, not the secret. */
const FILE_PATH = /^(\/|\.\/|~\/)[\w.\-/]*$/;

/** A value written in clear: not empty, not a reference or a file path, not a flag or a small number, not a `<placeholder>`. */
export function isLiteralSecretValue(value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  return v !== '' && !NOT_A_SECRET_VALUE.test(v) && !FILE_PATH.test(v) && !REFERENCE.test(v);
}
