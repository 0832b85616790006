// Values of evaluated Terraform expressions. A value is a JSON-like literal or `Unk`: not known
// statically. `Unk` implements the domain's `Unknown` ({ $unknown: text }) and may carry what
// the collector still knows about it (which resource it refers to, the structure of a
// `jsonencode` or of a template), used to link resources and read policies; normalizers copy
// only `$unknown` into resources.
import type { Unknown } from '../../../domain/resources/index.js';

export type Value = null | string | number | boolean | Value[] | ValueObject | Unk;
export interface ValueObject {
  [key: string]: Value;
}

/** A reference to a resource (or one of its instances) whose value is not known statically. */
export interface ResourceRef {
  /** `module.a.aws_s3_bucket.logs` (no instance key). */
  base: string;
  /** The instance key when the reference names one; undefined when it does not, null when the key itself is unknown. */
  key?: number | string | null;
  /** The attribute referred to (`id`, `arn`…); null for the whole resource. */
  attribute: string | null;
}

export class Unk implements Unknown {
  constructor(
    readonly $unknown: string,
    readonly ref: ResourceRef | null = null,
    /** For `jsonencode(x)` of a partly unknown x, and policy documents: x itself. */
    readonly json: Value | undefined = undefined,
    /** For a template with unknown parts: its parts, to read JSON written in a heredoc. */
    readonly parts: (string | Unk)[] | undefined = undefined,
  ) {}
}

/**
 * Marks an object standing for a resource instance (`for_each = aws_s3_bucket.all`, then
 * `each.value.id`): attributes it does not hold are references, not errors.
 */
export const INSTANCE = Symbol('resource instance');
export interface InstanceMark {
  address: string;
  ref: ResourceRef;
}

export const isUnk = (v: unknown): v is Unk => v instanceof Unk;
export const isObj = (v: Value | undefined): v is ValueObject => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unk);

// Plain objects (V8 keeps them fast, unlike prototype-less ones); keys come from scanned files,
// so they are written with setKey and read with hasKey, never through the prototype.
export const newObject = (): ValueObject => ({});
const hasOwn = Object.prototype.hasOwnProperty;
export const hasKey = (o: object, k: string): boolean => hasOwn.call(o, k);
export function setKey<T>(o: Record<string, T>, k: string, v: T): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

const MAX_TEXT = 160;
/** Expression text for `$unknown`: whitespace collapsed, long expressions shortened. */
export function exprText(src: string, s: number, e: number): string {
  let t = src.slice(s, e);
  if (t.length > MAX_TEXT * 4) t = t.slice(0, MAX_TEXT * 4);
  t = t.replace(/\s+/g, ' ').trim();
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}

/**
 * Walks over values are bounded: values share sub-values, so a few lines of configuration
 * (`a2 = [a1, a1]`, `a3 = [a2, a2]`…) can describe an enormous value. Past the budget a value
 * is treated as unknown.
 */
const WALK_BUDGET = 100_000;
export class ValueTooLarge extends Error {
  constructor() {
    super('value too large to evaluate statically');
  }
}

/** Whether a value is known all the way down (false, too, when it is too large to tell). */
export function isWhollyKnown(v: Value): boolean {
  return known(v, { left: WALK_BUDGET });
}
function known(v: Value, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  if (v instanceof Unk) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!known(x, budget)) return false;
  } else if (isObj(v)) {
    for (const k in v) if (!known(v[k]!, budget)) return false;
  }
  return true;
}

/** A value as a string the way Terraform converts primitives; null for non-primitives. */
export function toStr(v: Value): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return null;
}

/** Plain JSON (for jsonencode of a fully known value); throws ValueTooLarge past the walk budget. */
export function toJson(v: Value): unknown {
  return json(v, { left: WALK_BUDGET });
}
function json(v: Value, budget: { left: number }): unknown {
  if (--budget.left < 0) throw new ValueTooLarge();
  if (Array.isArray(v)) return v.map((x) => json(x, budget));
  if (isObj(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) setKey(o, k, json(v[k]!, budget));
    return o;
  }
  return v;
}

/** The JSON text of a known value (keys sorted, as Terraform's jsonencode), or null when too large. */
export function jsonText(v: Value): string | null {
  try {
    return JSON.stringify(toJson(v));
  } catch (e) {
    if (e instanceof ValueTooLarge) return null;
    throw e;
  }
}

/** A JSON value as a Value (objects without prototype). */
export function fromJson(j: unknown): Value {
  if (Array.isArray(j)) return j.map(fromJson);
  if (typeof j === 'object' && j !== null) {
    const o = newObject();
    for (const [k, v] of Object.entries(j)) setKey(o, k, fromJson(v));
    return o;
  }
  if (typeof j === 'string' || typeof j === 'number' || typeof j === 'boolean') return j;
  return null;
}
