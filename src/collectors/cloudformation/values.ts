// Resolved template values → the typed attribute values of the normalized resources.
// Absent → the AWS default the caller gives; unknown stays unknown; a value of the wrong shape
// (a template CloudFormation would reject) is unknown too, so it never reads as a failure.
import type { PolicyDocument, PolicyStatement } from '../../domain/resources/aws.js';
import { isUnknown, unknown, type Unknown, type V } from '../../domain/resources/index.js';
import { isMapValue, own, Ref, toNumber, toText, type Resolved } from './evaluate.js';

export type Props = { [key: string]: Resolved };

/** Follow a path of map keys; an unknown on the way is the answer. */
export function at(v: Resolved | undefined, ...keys: string[]): Resolved | undefined {
  let cur: Resolved | undefined = v;
  for (const k of keys) {
    if (cur === undefined || cur === null) return undefined;
    if (cur instanceof Ref) return unknown(cur.expression);
    if (isUnknown(cur)) return cur;
    if (!isMapValue(cur)) return undefined;
    cur = own(cur, k);
  }
  return cur;
}

/** A list's elements; a single value is a one-element list; an unknown list is one unknown element. */
export function items(v: Resolved | undefined): Resolved[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  return [v];
}

/** A value of the wrong shape (CloudFormation would reject the template): unknown, never a failure. */
const invalid = (v: Resolved): Unknown =>
  unknown(`invalid value ${(JSON.stringify(v, (_key, x: unknown) => (x instanceof Ref ? x.expression : x)) ?? '').slice(0, 60)}`);

export function str(v: Resolved | undefined): V<string> | null {
  if (v === undefined || v === null) return null;
  const t = toText(v);
  return typeof t === 'string' ? t : t.$unknown === 'not a string' ? invalid(v) : t;
}

export function strOr(v: Resolved | undefined, dflt: string): V<string> {
  return str(v) ?? dflt;
}

export function num(v: Resolved | undefined): V<number> | null {
  if (v === undefined || v === null) return null;
  const n = toNumber(v);
  return typeof n === 'number' ? n : n.$unknown === 'not a number' ? invalid(v) : n;
}

export function numOr(v: Resolved | undefined, dflt: number): V<number> {
  return num(v) ?? dflt;
}

export function boolOr(v: Resolved | undefined, dflt: boolean): V<boolean> {
  if (v === undefined || v === null) return dflt;
  if (v instanceof Ref) return boolOr(v.value, dflt);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return isUnknown(v) ? v : invalid(v);
}

export function strList(v: Resolved | undefined): V<string>[] {
  if (isUnknown(v)) return [v];
  return items(v).flatMap((x) => (Array.isArray(x) ? strList(x) : [str(x) ?? invalid(x)]));
}

/** An unknown found where a whole structure was expected (the structure then is unknown). */
export function unknownOf(v: Resolved | undefined): Unknown | null {
  if (v instanceof Ref) return unknown(v.expression);
  return isUnknown(v) ? v : null;
}

/** `V<T>` equality for the simple cases normalizers need ("is the protocol HTTPS?"). */
export function is(v: V<string> | null, ...expected: string[]): V<boolean> {
  if (v === null) return false;
  if (isUnknown(v)) return v;
  return expected.some((e) => e.toLowerCase() === v.toLowerCase());
}

/** An IAM policy document, statements as arrays, principals as `*`, `AWS:…`, `Service:…`. */
export function policyDocument(v: Resolved | undefined): V<PolicyDocument> | null {
  if (v === undefined || v === null) return null;
  const u = unknownOf(v);
  if (u) return u;
  if (typeof v === 'string') {
    try {
      return policyDocument(JSON.parse(v) as Resolved);
    } catch {
      return invalid(v);
    }
  }
  if (!isMapValue(v)) return invalid(v);
  const raw = own(v, 'Statement');
  const u2 = unknownOf(raw);
  if (u2) return u2;
  const statements: PolicyStatement[] = [];
  for (const s of items(raw)) {
    const st = statement(s);
    if (isUnknown(st)) return st;
    statements.push(st);
  }
  return { statements };
}

function statement(s: Resolved): PolicyStatement | Unknown {
  const u = unknownOf(s);
  if (u) return u;
  if (!isMapValue(s)) return invalid(s);
  const effect = str(own(s, 'Effect'));
  const conditions: PolicyStatement['conditions'] = {};
  const cond = own(s, 'Condition');
  if (cond !== undefined && cond !== null) {
    const cu = unknownOf(cond);
    if (cu) return cu;
    if (!isMapValue(cond)) return invalid(cond);
    for (const [op, entries] of Object.entries(cond)) {
      const eu = unknownOf(entries);
      if (eu) return eu;
      if (!isMapValue(entries)) return invalid(entries);
      conditions[op] = Object.fromEntries(Object.entries(entries).map(([key, values]) => [key, strList(values)]));
    }
  }
  const sid = own(s, 'Sid');
  return {
    sid: typeof sid === 'string' ? sid : null,
    effect: effect === null ? invalid(null) : isUnknown(effect) ? effect : effect === 'Allow' || effect === 'Deny' ? effect : invalid(effect),
    actions: strList(own(s, 'Action')),
    notActions: strList(own(s, 'NotAction')),
    resources: strList(own(s, 'Resource')),
    principals: principals(own(s, 'Principal')),
    conditions,
  };
}

/** `"*"` and `{ AWS: "*" }` both mean everyone; other principals keep their kind as a prefix. */
function principals(v: Resolved | undefined): V<string>[] {
  if (v === undefined || v === null) return [];
  const u = unknownOf(v);
  if (u) return [u];
  if (!isMapValue(v)) return strList(v);
  const out: V<string>[] = [];
  for (const [kind, values] of Object.entries(v)) {
    for (const p of strList(values)) {
      if (isUnknown(p)) out.push(p);
      else out.push(kind === 'AWS' && p === '*' ? '*' : `${kind}:${p}`);
    }
  }
  return out;
}
