// Helpers shared by the normalizers: reading evaluated values as typed attributes (with the
// provider default when the configuration leaves a setting out), and linking companion
// resources (aws_s3_bucket_versioning, aws_security_group_rule…) to what they configure.
import { unknown, type LineRange, type Resource, type ResourceSource, type SourceFormat, type Unknown, type V } from '../../../domain/resources/index.js';
import type { EBlock, EBody } from '../eval/body.js';
import { keySuffix, type Notice } from '../eval/module.js';
import { hasKey, isObj, isUnk, toStr, type Unk, type Value } from '../eval/values.js';

/** An evaluated resource instance, from HCL or from a plan. */
export interface TfResource {
  type: string;
  name: string;
  /** `module.a.aws_s3_bucket.logs[0]`. */
  address: string;
  /** The address without the instance key. */
  base: string;
  key: number | string | null;
  /** count/for_each was not known statically: this one instance stands for all of them. */
  keyUnknown: boolean;
  body: EBody;
  format: SourceFormat;
  path: string;
  startLine: number;
  endLine: number;
}

export interface NormalizeContext {
  of(type: string): TfResource[];
  notice(n: Notice): void;
}

export const out = (v: Unk): Unknown => unknown(v.$unknown);
const invalid = (v: Value): Unknown => unknown(`unexpected value ${JSON.stringify(v)?.slice(0, 60) ?? ''}`);

export function source(r: TfResource): ResourceSource {
  return { kind: 'file', format: r.format, path: r.path, startLine: r.startLine, endLine: r.endLine };
}

export function resource<A>(type: string, r: TfResource, name: V<string> | null, attributes: A): Resource<A> {
  return { type, id: r.address, name: typeof name === 'string' ? name : null, attributes, source: source(r) };
}

/** A block's own lines; null when it has none (plan JSON). */
export const location = (b: EBlock | null, r?: TfResource): LineRange | null =>
  b && b.startLine > 0 ? { startLine: b.startLine, endLine: b.endLine } : r && r.format === 'terraform' ? { startLine: r.startLine, endLine: r.endLine } : null;

export function str(v: Value | undefined): V<string> | null {
  if (v === undefined || v === null) return null;
  if (isUnk(v)) return out(v);
  return toStr(v) ?? invalid(v);
}
export const strOr = (v: Value | undefined, def: string): V<string> => str(v) ?? def;
/**
 * A KMS key setting. A reference to a key declared in the configuration
 * (`aws_kms_key.logs.arn`, `module.keys.aws_kms_key.main[0].key_id`, an alias) is only known
 * after apply, but which key it names is known: it becomes that key's address, as the
 * CloudFormation collector names a referenced key by its resource id.
 */
export function kmsKey(v: Value | undefined): V<string> | null {
  if (isUnk(v)) {
    const m = KMS_REF.exec(v.$unknown.trim());
    if (m) return m[1]!;
  }
  return optStr(v);
}
const KMS_REF = /^((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*aws_kms_(?:key|replica_key|external_key|alias)\.[\w-]+(?:\[[^\]]*\])?)\.(?:arn|id|key_id|target_key_arn|target_key_id|name)$/;

/** A string setting where an empty string means "not set" (kms_key_id = ""). */
export const optStr = (v: Value | undefined): V<string> | null => {
  const s = str(v);
  return s === '' ? null : s;
};

export function bool(v: Value | undefined, def: boolean): V<boolean> {
  if (v === undefined || v === null) return def;
  if (isUnk(v)) return out(v);
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return invalid(v);
}

export function num(v: Value | undefined, def: number): V<number> {
  return numOrNull(v) ?? def;
}
export function numOrNull(v: Value | undefined): V<number> | null {
  if (v === undefined || v === null) return null;
  if (isUnk(v)) return out(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return invalid(v);
}

/** A list of strings (a single string counts as a list of one; an unknown list as one unknown element). */
export function strList(v: Value | undefined): V<string>[] {
  if (v === undefined || v === null) return [];
  if (isUnk(v)) return [out(v)];
  if (Array.isArray(v)) {
    const res: V<string>[] = [];
    for (const x of v) {
      if (x === null) continue;
      const s = str(x);
      if (s !== null) res.push(s);
    }
    return res;
  }
  return [str(v)!];
}

/** Nested blocks of a type; plan JSON (and attribute syntax) gives them as lists of objects. */
export function blocks(body: EBody | null, type: string): EBlock[] {
  if (!body) return [];
  const b = hasKey(body.blocks, type) ? body.blocks[type] : undefined;
  if (b) return b;
  const a = hasKey(body.attrs, type) ? body.attrs[type] : undefined;
  if (Array.isArray(a)) return a.map(asBlock).filter((x): x is EBlock => x !== null);
  const one = a === undefined ? null : asBlock(a);
  return one ? [one] : [];
}
const asBlock = (o: Value): EBlock | null => (isObj(o) ? { attrs: o, blocks: {}, startLine: 0, endLine: 0 } : null);
export const block = (body: EBody | null, type: string): EBlock | null => blocks(body, type)[0] ?? null;
export const attr = (body: EBody | null, name: string): Value | undefined => (body && hasKey(body.attrs, name) ? body.attrs[name] : undefined);

export type Resolution<T> = { kind: 'found'; target: T } | { kind: 'external' } | { kind: 'unknown'; text: string };

/** Resolves references to resources of some types, by reference or by literal name. */
export class Targets<T> {
  private readonly byAddress = new Map<string, T>();
  private readonly byBase = new Map<string, { key: number | string | null; keyUnknown: boolean; target: T }[]>();
  private readonly byName = new Map<string, T>();

  add(r: TfResource, target: T, ...names: (V<string> | null)[]): void {
    this.byAddress.set(r.address, target);
    const list = this.byBase.get(r.base);
    const entry = { key: r.key, keyUnknown: r.keyUnknown, target };
    if (list) list.push(entry);
    else this.byBase.set(r.base, [entry]);
    for (const n of names) if (typeof n === 'string' && n !== '' && !this.byName.has(n)) this.byName.set(n, target);
  }

  resolve(v: Value | undefined): Resolution<T> {
    if (v === undefined || v === null) return { kind: 'external' };
    if (typeof v === 'string') {
      const t = this.byName.get(v) ?? this.byAddress.get(v);
      return t === undefined ? { kind: 'external' } : { kind: 'found', target: t };
    }
    if (isUnk(v)) {
      const ref = v.ref;
      if (!ref) return { kind: 'unknown', text: v.$unknown };
      const list = this.byBase.get(ref.base);
      if (!list) return { kind: 'external' };
      if (ref.key !== undefined && ref.key !== null) {
        const t = this.byAddress.get(ref.base + keySuffix(ref.key)) ?? list.find((e) => e.keyUnknown || (e.key === null && list.length === 1))?.target;
        return t === undefined ? { kind: 'external' } : { kind: 'found', target: t };
      }
      if (list.length === 1) return { kind: 'found', target: list[0]!.target };
      return { kind: 'unknown', text: v.$unknown };
    }
    return { kind: 'external' };
  }
}

/**
 * Links companions to targets. A companion whose target is not known statically (and not
 * clearly another, undeclared resource) may configure any target: `ambiguous` is called for
 * each target no definite companion configured, so that setting becomes unknown, not false.
 */
export function link<T>(
  ctx: NormalizeContext,
  companions: TfResource[],
  targets: Targets<T>,
  attrName: string,
  apply: (target: T, companion: TfResource) => void,
  all: T[],
  ambiguous?: (target: T, text: string) => void,
): void {
  const configured = new Set<T>();
  let unresolved: string | null = null;
  for (const c of companions) {
    const res = targets.resolve(c.body.attrs[attrName]);
    if (res.kind === 'found') {
      apply(res.target, c);
      configured.add(res.target);
    } else if (res.kind === 'unknown') {
      unresolved ??= `${c.address}.${attrName} = ${res.text}`;
      ctx.notice({ path: c.path, line: c.format === 'terraform' ? c.startLine : null, message: `${c.address}: cannot tell which resource ${attrName} (${res.text}) refers to` });
    }
  }
  if (unresolved && ambiguous) for (const t of all) if (!configured.has(t)) ambiguous(t, unresolved);
}
