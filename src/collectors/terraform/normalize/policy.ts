// IAM policy documents, however Terraform spells them: a JSON string (heredoc, literal,
// jsonencode of known values), jsonencode({...}) of partly unknown values, or a
// `data "aws_iam_policy_document"` block. All read into the normalized PolicyDocument.
import { unknown, type V } from '../../../domain/resources/index.js';
import type { PolicyDocument, PolicyStatement } from '../../../domain/resources/aws.js';
import type { EBody } from '../eval/body.js';
import { fromJson, hasKey, isObj, isUnk, isWhollyKnown, jsonText, newObject, setKey, toStr, Unk, type Value, type ValueObject } from '../eval/values.js';
import { blocks, out } from './common.js';

/** The `json` of a `data "aws_iam_policy_document"`: a JSON string, or Unk carrying the structure when parts are unknown. */
export function policyDocumentJson(body: EBody, text: string): Value {
  const doc = newObject();
  doc.Version = body.attrs.version ?? '2012-10-17';
  if (body.attrs.policy_id !== undefined && body.attrs.policy_id !== null) doc.Id = body.attrs.policy_id;
  const statements: Value[] = [];
  for (const src of [body.attrs.source_policy_documents, body.attrs.source_json]) {
    const list = Array.isArray(src) ? src : src === undefined || src === null ? [] : [src];
    for (const s of list) {
      const parsed = parseJsonValue(s);
      if (isUnk(parsed)) return new Unk(text);
      const st = isObj(parsed) ? parsed.Statement : undefined;
      if (Array.isArray(st)) statements.push(...st);
      else if (isObj(st)) statements.push(st);
    }
  }
  for (const s of blocks(body, 'statement')) {
    const st = newObject();
    const a = s.attrs;
    if (a.sid !== undefined && a.sid !== null) st.Sid = a.sid;
    st.Effect = a.effect ?? 'Allow';
    if (a.actions !== undefined) st.Action = a.actions;
    if (a.not_actions !== undefined) st.NotAction = a.not_actions;
    if (a.resources !== undefined) st.Resource = a.resources;
    if (a.not_resources !== undefined) st.NotResource = a.not_resources;
    const principals = principalsJson(blocks(s, 'principals'));
    if (principals !== undefined) st.Principal = principals;
    const notPrincipals = principalsJson(blocks(s, 'not_principals'));
    if (notPrincipals !== undefined) st.NotPrincipal = notPrincipals;
    const conditions = blocks(s, 'condition');
    if (conditions.length) {
      const c = newObject();
      for (const cond of conditions) {
        const test = toStr(cond.attrs.test ?? null);
        const variable = toStr(cond.attrs.variable ?? null);
        if (test === null || variable === null) return new Unk(text);
        const prev = hasKey(c, test) ? c[test] : undefined;
        const byTest = isObj(prev) ? prev : newObject();
        setKey(byTest, variable, cond.attrs.values ?? []);
        setKey(c, test, byTest);
      }
      st.Condition = c;
    }
    statements.push(st);
  }
  doc.Statement = statements;
  return (isWhollyKnown(doc) ? jsonText(doc) : null) ?? new Unk(text, null, doc);
}

function principalsJson(list: EBody[]): Value | undefined {
  if (!list.length) return undefined;
  const p = newObject();
  for (const b of list) {
    const type = b.attrs.type;
    const ids = b.attrs.identifiers;
    if (type === '*') return '*';
    const t = toStr(type ?? null);
    if (t === null) return new Unk('principals.type');
    const prev = hasKey(p, t) ? p[t] : undefined;
    const idList = Array.isArray(ids) ? ids : ids === undefined || ids === null ? [] : [ids];
    setKey(p, t, Array.isArray(prev) ? [...prev, ...idList] : idList);
  }
  return p;
}

// Private-use characters cannot occur in a policy written by hand.
const SENTINEL = '\uE000attest-unknown-';

/**
 * A policy value as a structure: a JSON string parsed, the structure of a partly known
 * jsonencode, or a template whose unknown parts sit inside JSON strings (a heredoc with
 * `${aws_s3_bucket.x.arn}`): those strings become unknown, the rest is read.
 */
function parseJsonValue(v: Value): Value {
  if (typeof v === 'string') {
    try {
      return fromJson(JSON.parse(v));
    } catch {
      return new Unk('policy is not valid JSON');
    }
  }
  if (isUnk(v)) {
    if (v.json !== undefined) return v.json;
    if (v.parts) {
      const unknowns: Unk[] = [];
      const text = v.parts.map((p) => (typeof p === 'string' ? p : `${SENTINEL}${unknowns.push(p) - 1}\uE001`)).join('');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return v;
      }
      const restore = (j: unknown): Value => {
        if (typeof j === 'string' && j.includes(SENTINEL)) {
          const only = /^\uE000attest-unknown-(\d+)\uE001$/.exec(j);
          return only ? unknowns[Number(only[1])]! : new Unk(j.replace(/\uE000attest-unknown-(\d+)\uE001/g, (_, i: string) => `\${${unknowns[Number(i)]!.$unknown}}`));
        }
        if (Array.isArray(j)) return j.map(restore);
        if (typeof j === 'object' && j !== null) {
          const o = newObject();
          for (const [k, x] of Object.entries(j)) setKey(o, k, restore(x));
          return o;
        }
        return fromJson(j);
      };
      return restore(parsed);
    }
    return v;
  }
  return v;
}

/** A policy attribute as a PolicyDocument; null when the attribute is absent or empty. */
export function policyDocument(v: Value | undefined): V<PolicyDocument> | null {
  if (v === undefined || v === null || v === '') return null;
  const parsed = parseJsonValue(v);
  if (isUnk(parsed)) return out(parsed);
  if (!isObj(parsed)) return unknown('policy is not a JSON object');
  const st = parsed.Statement;
  if (isUnk(st)) return out(st);
  const list = Array.isArray(st) ? st : isObj(st) ? [st] : [];
  const statements: PolicyStatement[] = [];
  for (const s of list) {
    if (isUnk(s)) return out(s);
    if (!isObj(s)) continue;
    statements.push(statement(s));
  }
  return { statements };
}

const strings = (v: Value | undefined): V<string>[] => {
  if (v === undefined || v === null) return [];
  if (isUnk(v)) return [out(v)];
  const list = Array.isArray(v) ? v : [v];
  const res: V<string>[] = [];
  for (const x of list) {
    if (isUnk(x)) res.push(out(x));
    else {
      const s = toStr(x);
      if (s !== null) res.push(s);
    }
  }
  return res;
};

function statement(s: ValueObject): PolicyStatement {
  const effect = s.Effect;
  return {
    sid: typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : null,
    effect: isUnk(effect) ? out(effect) : effect === 'Deny' ? 'Deny' : effect === 'Allow' ? 'Allow' : unknown(`Effect ${JSON.stringify(effect ?? null)}`),
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    principals: principals(s.Principal),
    conditions: conditions(s.Condition),
  };
}

function principals(p: Value | undefined): V<string>[] {
  if (p === undefined || p === null) return [];
  if (isUnk(p)) return [out(p)];
  if (p === '*') return ['*'];
  if (!isObj(p)) return strings(p);
  const res: V<string>[] = [];
  for (const type of Object.keys(p)) {
    for (const id of strings(p[type])) {
      if (typeof id === 'string') res.push(type === 'AWS' && id === '*' ? '*' : `${type}:${id}`);
      else res.push(id);
    }
  }
  return res;
}

function conditions(c: Value | undefined): Record<string, Record<string, V<string>[]>> {
  const res: Record<string, Record<string, V<string>[]>> = {};
  if (!isObj(c)) return res;
  for (const op of Object.keys(c)) {
    const byKey = c[op];
    if (!isObj(byKey)) continue;
    const entry: Record<string, V<string>[]> = {};
    for (const key of Object.keys(byKey)) entry[key] = strings(byKey[key]);
    res[op] = entry;
  }
  return res;
}
