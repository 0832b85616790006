// Reasoning over IAM policy statements (bucket policies, trust policies, identity policies):
// wildcard matching, principals open to anyone, and conditions that narrow who may act.
// Answers are three-valued: when the part that decides is unknown statically, 'unknown'.
// Everything here runs inside `evaluate`, over every statement of every policy: no regular
// expressions built per call, no intermediate arrays.
import { isUnknown, type V } from '../../domain/resources/index.js';
import type { PolicyStatement } from '../../domain/resources/aws.js';

export type Truth = 'yes' | 'no' | 'unknown';

/** Three-valued and: 'no' wins over 'unknown', which wins over 'yes'. */
export const both = (a: Truth, b: Truth): Truth => (a === 'no' || b === 'no' ? 'no' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'yes');
export const not = (t: Truth): Truth => (t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'unknown');

/** Whether some value satisfies `test`: 'yes' if a known one does, else 'unknown' if any value is unknown. */
export function some(values: readonly V<string>[], test: (value: string) => boolean): Truth {
  let sawUnknown = false;
  for (const v of values) {
    if (isUnknown(v)) sawUnknown = true;
    else if (test(v)) return 'yes';
  }
  return sawUnknown ? 'unknown' : 'no';
}

const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const STAR = 42;
const QUESTION = 63;

/**
 * IAM wildcard matching: `*` is any run of characters (also none), `?` exactly one. Action
 * names are case-insensitive (the default); resource ARNs are not (pass ignoreCase false).
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = true): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    const pc = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (pc === STAR) {
      star = p++;
      mark = v;
    } else if (pc !== -1 && (pc === QUESTION || (ignoreCase ? lower(pc) === lower(value.charCodeAt(v)) : pc === value.charCodeAt(v)))) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

/** Whether s[from, to) is one or more `*` and nothing else. */
function onlyStars(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) !== STAR) return false;
  return true;
}

/** An action pattern that matches every action of every service: `*`, `*:*`. */
export function isAllActions(action: string): boolean {
  const colon = action.indexOf(':');
  if (colon < 0) return onlyStars(action, 0, action.length);
  return onlyStars(action, 0, colon) && onlyStars(action, colon + 1, action.length);
}

/** An action pattern that matches every action of `service` (`s3:*`, `*`, `*:*`…). */
export function coversService(action: string, service: string): boolean {
  const colon = action.indexOf(':');
  if (colon < 0) return onlyStars(action, 0, action.length);
  return onlyStars(action, colon + 1, action.length) && wildcardMatch(action.slice(0, colon), service);
}

/**
 * A principal that stands for anyone: `*`, `AWS:*`, or an ARN whose account is a wildcard
 * (`AWS:arn:aws:iam::*:root`). Principals are written `AWS:<arn>`, `Service:<name>` or `*`.
 */
export function isPublicPrincipal(principal: string): boolean {
  if (principal === '*' || principal === 'AWS:*') return true;
  if (!principal.startsWith('AWS:arn:')) return false;
  // AWS:arn:<partition>:<service>:<region>:<account>:<resource>: the account is the 5th field after "AWS:".
  let field = 0;
  let start = 4;
  for (let i = 4; i <= principal.length; i++) {
    if (i === principal.length || principal.charCodeAt(i) === 58 /* : */) {
      if (field === 4) {
        for (let j = start; j < i; j++) {
          const c = principal.charCodeAt(j);
          if (c === STAR || c === QUESTION) return true;
        }
        return false;
      }
      field++;
      start = i + 1;
    }
  }
  return false;
}

/** Condition keys that, compared positively, limit a statement to named callers, accounts, networks or sources. */
const NARROWING_KEYS = new Set([
  'aws:principalarn', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalservicename',
  'aws:userid', 'aws:username',
  'aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:sourceorgid', 'aws:sourceorgpaths',
  'aws:sourceip', 'aws:vpcsourceip', 'aws:sourcevpc', 'aws:sourcevpce',
  'kms:calleraccount', 's3:dataaccesspointaccount', 's3:dataaccesspointarn',
]);

type OperatorKind = 'string' | 'like' | 'ip' | null;

/**
 * How an operator compares, or null when it cannot narrow: negated operators (they admit
 * everyone else), `…IfExists` and `ForAllValues:` (both hold when the key is absent), `Null`, `Bool`…
 */
function operatorKind(operator: string): OperatorKind {
  let op = operator.toLowerCase();
  if (op.startsWith('forallvalues:')) return null;
  if (op.startsWith('foranyvalue:')) op = op.slice('foranyvalue:'.length);
  if (op.endsWith('ifexists') || op.includes('not')) return null;
  if (op === 'stringequals' || op === 'stringequalsignorecase') return 'string';
  if (op === 'stringlike' || op === 'arnlike' || op === 'arnequals') return 'like';
  if (op === 'ipaddress') return 'ip';
  return null;
}

/**
 * A value that lets anyone through under its operator: `*`, `arn:aws:*`, `0.0.0.0/0`, `::/0`,
 * or an ARN whose account is a wildcard (`arn:aws:iam::*:role/x`: anyone can create that role).
 */
function isCatchAll(value: string, kind: OperatorKind): boolean {
  if (kind === 'ip') return value.endsWith('/0');
  if (kind !== 'like') return false;
  if (!value.startsWith('arn:')) return value.length > 0 && onlyWildcards(value);
  // arn:<partition>:<service>:<region>:<account>:<resource…> (rare path: split is fine here).
  const fields = value.split(':');
  if (fields.slice(2).every(onlyWildcards)) return true;
  const account = fields[4];
  return account !== undefined && (account.includes('*') || account.includes('?'));
}

function onlyWildcards(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== STAR && c !== QUESTION) return false;
  }
  return true;
}

/**
 * Whether the conditions limit who may act: some narrowing key compared positively against
 * values none of which is a catch-all. Under exact string operators no value is a catch-all
 * ("*" is literal there), so even unknown values narrow; under the others an unknown value
 * leaves the answer 'unknown' (it could be a catch-all), unless another key already narrows.
 */
export function conditionsNarrow(conditions: PolicyStatement['conditions']): Truth {
  let result: Truth = 'no';
  for (const operator in conditions) {
    const kind = operatorKind(operator);
    if (kind === null) continue;
    const block = conditions[operator]!;
    for (const key in block) {
      if (!NARROWING_KEYS.has(key.toLowerCase())) continue;
      const values = block[key]!;
      if (values.length === 0) continue;
      if (kind === 'string') return 'yes';
      let entry: Truth = 'yes';
      for (const v of values) {
        if (isUnknown(v)) entry = 'unknown';
        else if (isCatchAll(v, kind)) {
          entry = 'no';
          break;
        }
      }
      if (entry === 'yes') return 'yes';
      if (entry === 'unknown') result = 'unknown';
    }
  }
  return result;
}

export function effectIs(statement: PolicyStatement, effect: 'Allow' | 'Deny'): Truth {
  if (isUnknown(statement.effect)) return 'unknown';
  return statement.effect === effect ? 'yes' : 'no';
}

/** An Allow statement whose principal is anyone and whose conditions do not narrow it. */
export function grantsToAnyone(statement: PolicyStatement): Truth {
  const allow = effectIs(statement, 'Allow');
  if (allow === 'no') return 'no';
  const open = both(allow, some(statement.principals, isPublicPrincipal));
  if (open === 'no') return 'no';
  return both(open, not(conditionsNarrow(statement.conditions)));
}

/** An Allow statement for every action (`*`, `*:*`) on every resource (`*`), whatever its conditions. */
export function allowsFullAdmin(statement: PolicyStatement): Truth {
  const allow = effectIs(statement, 'Allow');
  if (allow === 'no') return 'no';
  const everyAction = both(allow, some(statement.actions, isAllActions));
  if (everyAction === 'no') return 'no';
  return both(everyAction, some(statement.resources, isWildcardResource));
}

const isWildcardResource = (r: string): boolean => onlyStars(r, 0, r.length);

/** Bool (or BoolIfExists) aws:SecureTransport "false". */
export function requiresInsecureTransport(conditions: PolicyStatement['conditions']): Truth {
  let result: Truth = 'no';
  for (const operator in conditions) {
    const op = operator.toLowerCase();
    if (op !== 'bool' && op !== 'boolifexists') continue;
    const block = conditions[operator]!;
    for (const key in block) {
      if (key.toLowerCase() !== 'aws:securetransport') continue;
      const t = some(block[key]!, (v) => v.toLowerCase() === 'false');
      if (t === 'yes') return 'yes';
      if (t === 'unknown') result = 'unknown';
    }
  }
  return result;
}

/** A Deny statement, for anyone, of every action of `service`, on requests made without TLS. */
export function deniesInsecureTransport(statement: PolicyStatement, service: string): Truth {
  const deny = effectIs(statement, 'Deny');
  if (deny === 'no') return 'no';
  let t = both(deny, some(statement.actions, (a) => coversService(a, service)));
  if (t === 'no') return 'no';
  t = both(t, some(statement.principals, isPublicPrincipal));
  if (t === 'no') return 'no';
  return both(t, requiresInsecureTransport(statement.conditions));
}

/** How a finding names a statement: its Sid, or its position (1-based). */
export const statementLabel = (statement: PolicyStatement, index: number): string =>
  statement.sid ? `statement "${statement.sid}"` : `statement #${index + 1}`;
