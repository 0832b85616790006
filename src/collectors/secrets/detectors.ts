// What a hard-coded secret looks like: provider formats with a recognizable shape, and
// assignments of a high-entropy literal to a secret-sounding name. Matches are spans of the
// text; only the caller's masked copy ever leaves this module.

export interface Match {
  kind: string;
  /** Offsets of the secret itself in the text: [start, end). */
  start: number;
  end: number;
  /** Characters at the start that are not secret (a provider prefix, a PEM header) and may be shown. */
  visiblePrefix: number;
}

interface PatternDetector {
  kind: string;
  pattern: RegExp;
  /** Length of the non-secret prefix of a match. */
  prefix: (value: string) => number;
  /** The value group, when the secret is only part of the match. */
  group?: number;
  accept?: (value: string) => boolean;
}

const notAwsExample = (v: string) => !/EXAMPLE/i.test(v);
/** A provider prefix followed by filler, as in documentation: ghp_xxxxxxxx…, sk_live_your_key_here. */
const notFiller = (prefix: number) => (v: string) => {
  const rest = v.slice(prefix);
  return !/(.)\1{5,}/.test(rest) && !/example|placeholder|dummy|redacted|your|fake|changeme/i.test(rest) && entropy(rest) >= 2.5;
};

const PATTERNS: PatternDetector[] = [
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, prefix: () => 4, accept: (v) => notAwsExample(v) && notFiller(4)(v) },
  {
    kind: 'aws-secret-access-key',
    // The 40-character key right after a name that says what it is (aws_secret_access_key, SecretAccessKey…).
    pattern: /(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key)["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    prefix: () => 0,
    accept: (v) => notAwsExample(v) && entropy(v) >= 3.5,
  },
  { kind: 'github-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,251}\b/g, prefix: () => 4, accept: notFiller(4) },
  { kind: 'github-token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,244}\b/g, prefix: () => 11, accept: notFiller(11) },
  { kind: 'slack-token', pattern: /\bxox[baprs]-[0-9]+-[0-9A-Za-z-]{8,}/g, prefix: () => 5, accept: notFiller(5) },
  { kind: 'stripe-key', pattern: /\b[rs]k_live_[0-9A-Za-z]{16,247}\b/g, prefix: () => 8, accept: notFiller(8) },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, prefix: () => 4, accept: notFiller(4) },
];

export function findPatterns(text: string): Match[] {
  const out: Match[] = [];
  for (const d of PATTERNS) {
    d.pattern.lastIndex = 0;
    for (const m of text.matchAll(d.pattern)) {
      const value = d.group === undefined ? m[0] : m[d.group] ?? '';
      if (d.accept && !d.accept(value)) continue;
      const start = (m.index ?? 0) + (d.group === undefined ? 0 : m[0].lastIndexOf(value));
      out.push({ kind: d.kind, start, end: start + value.length, visiblePrefix: d.prefix(value) });
    }
  }
  return out;
}

/** `-----BEGIN … PRIVATE KEY-----` through its END line, with a key body between (not a mention of the header). */
export function findPrivateKeys(text: string): Match[] {
  const out: Match[] = [];
  // Where each END marker was last found (-1: nowhere further on), so that many BEGINs
  // without an END do not each search the rest of the text.
  const ends = new Map<string, number>();
  for (const m of text.matchAll(/-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g)) {
    const start = m.index ?? 0;
    const endMarker = `-----END ${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}-----`;
    const bodyStart = start + m[0].length;
    let end = ends.get(endMarker);
    if (end === undefined || (end >= 0 && end < bodyStart)) {
      end = text.indexOf(endMarker, bodyStart);
      ends.set(endMarker, end);
    }
    if (end < 0 || end - bodyStart > 64_000) continue;
    const body = text.slice(bodyStart, end).replace(/\\[nr]/g, '');
    if ((body.match(/[A-Za-z0-9+/]/g)?.length ?? 0) < 64) continue;
    out.push({ kind: 'private-key', start, end: end + endMarker.length, visiblePrefix: m[0].length });
  }
  return out;
}

const KEYWORD = /password|passwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential/gi;
/** A name ending in one of these words is about a secret, not a secret: token_url, secretName, password_hint. */
const NOT_SECRET_SUFFIXES = new Set([
  'url', 'uri', 'urls', 'endpoint', 'path', 'file', 'filename', 'dir', 'name', 'names', 'type', 'types', 'header', 'field', 'id', 'ids', 'arn',
  'ref', 'length', 'len', 'size', 'ttl', 'expiry', 'expires', 'expiration', 'lifetime', 'count', 'format', 'prefix', 'label', 'version',
  'enabled', 'disabled', 'required', 'policy', 'mode', 'regex', 'pattern', 'placeholder', 'hint', 'prompt', 'description', 'template',
  'location', 'rotation', 'provider', 'method', 'kind', 'source', 'store', 'manager', 'class', 'hash', 'env', 'var', 'param',
  'min', 'max', 'timeout', 'interval', 'config', 'input', 'error', 'message', 'msg', 'text', 'title', 'schema', 'strategy',
]);
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const PASSWORD_WORD = /pass(?:word|wd)/i;

/** `password = "…"`, `API_KEY: …`, `"client_secret": "…"`, `token := "…"` with a literal that looks random. */
export function findAssignments(text: string): Match[] {
  const out: Match[] = [];
  let nameEnd = -1;
  KEYWORD.lastIndex = 0;
  for (const k of text.matchAll(KEYWORD)) {
    const at = k.index ?? 0;
    if (at < nameEnd) continue;
    let s = at;
    while (s > 0 && NAME_CHAR.test(text[s - 1] ?? '')) s--;
    let e = at + k[0].length;
    while (e < text.length && NAME_CHAR.test(text[e] ?? '')) e++;
    nameEnd = e;
    const name = text.slice(s, e);
    const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[_.-]+/).filter(Boolean);
    const last = parts[parts.length - 1] ?? '';
    if (NOT_SECRET_SUFFIXES.has(last)) continue;

    // A quote may close the name ("password": …), then the operator.
    let i = e;
    if (/["']/.test(text[i] ?? '') && text[s - 1] === text[i]) i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const op = /^(?::=|=>|=(?![=~])|:(?=[ \t"']))/.exec(text.slice(i, i + 2));
    if (!op) continue;
    i += op[0].length;
    while (text[i] === ' ' || text[i] === '\t') i++;

    let valueStart = i;
    let valueEnd: number;
    const quote = text[i];
    if (quote === '"' || quote === "'" || quote === '`') {
      valueStart = i + 1;
      valueEnd = valueStart;
      const limit = Math.min(text.length, valueStart + MAX_VALUE + 1);
      while (valueEnd < limit && text[valueEnd] !== quote && text[valueEnd] !== '\n') valueEnd += text[valueEnd] === '\\' ? 2 : 1;
      if (text[valueEnd] !== quote) continue;
    } else {
      valueEnd = i;
      const limit = Math.min(text.length, i + MAX_VALUE + 1);
      while (valueEnd < limit && !/[\s"'`,;]/.test(text[valueEnd] ?? '')) valueEnd++;
      const bare = text.slice(i, valueEnd);
      // Code, not a literal: calls, indexing, objects, dotted references (var.x, process.env.X).
      if (/[()[\]{}<>]/.test(bare) || /^[A-Za-z_$][\w$]*(?:\??\.[\w$]+)+\??$/.test(bare)) continue;
    }
    const value = text.slice(valueStart, valueEnd);
    if (!looksLikeSecret(value)) continue;
    out.push({ kind: PASSWORD_WORD.test(name) ? 'generic-password' : 'generic-api-key', start: valueStart, end: valueEnd, visiblePrefix: 0 });
  }
  return out;
}

/** Obvious stand-ins that are not secrets: changeme, example, xxx, ${VAR}, <your-key>, dummy, test… */
const PLACEHOLDER_WORDS = /changeme|change[_-]me|example|placeholder|dummy|sample|redacted|your|xxx|test|fake|mock|password|passw|secret|token|insert|replace|todo|fixme|\*\*\*|\.\.\./i;

export function isPlaceholder(value: string): boolean {
  return (
    PLACEHOLDER_WORDS.test(value) ||
    /\$\{|\{\{|\$\(|%\(|#\{|^\$[A-Za-z_]|^%[A-Za-z_]+%$|^<.*>$|^\[.*\]$/.test(value) ||
    /^(.)\1*$/.test(value)
  );
}

export const GENERIC_MIN_LENGTH = 8;
/** Longer values are data (certificates, blobs), not a credential: and reading stops there. */
const MAX_VALUE = 512;
/** Bits per character: random keys sit well above it, words and identifiers mostly below. */
export const GENERIC_MIN_ENTROPY = 3.0;

export function looksLikeSecret(value: string): boolean {
  if (value.length < GENERIC_MIN_LENGTH || value.length > MAX_VALUE) return false;
  // Sentences, URLs, paths, ARNs and URNs are not credentials.
  if (/\s/.test(value) || value.includes('://') || /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|arn:|urn:)/.test(value)) return false;
  if (isPlaceholder(value)) return false;
  // Generated keys and real passwords mix letters and digits; names and words rarely do.
  if (!/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return false;
  return entropy(value) >= GENERIC_MIN_ENTROPY;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
