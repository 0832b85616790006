// The Terraform functions the collector evaluates: pure functions on strings, numbers and
// collections. Any other function (file, templatefile, timestamp, cidrsubnet…) is left unknown:
// nothing is read, executed or fetched.
import { fromJson, hasKey, isObj, isUnk, isWhollyKnown, jsonText, newObject, setKey, toStr, Unk, type Value, type ValueObject } from './values.js';

/** An evaluation error (a missing key, a wrong type): unknown to checks, but `try` and `can` tell it apart. */
export class UnkError extends Unk {}

type Fn = (args: Value[], fail: () => Unk) => Value;

const str = (v: Value, fail: () => Unk): string => {
  const s = toStr(v);
  if (s === null) throw fail();
  return s;
};
const num = (v: Value, fail: () => Unk): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (Number.isNaN(n)) throw fail();
  return n;
};
const list = (v: Value, fail: () => Unk): Value[] => {
  if (Array.isArray(v)) return v;
  throw fail();
};
const obj = (v: Value, fail: () => Unk): ValueObject => {
  if (isObj(v)) return v;
  throw fail();
};
const sameValue = (a: Value, b: Value): boolean | null => {
  if (!isWhollyKnown(a) || !isWhollyKnown(b)) return null;
  const x = jsonText(a);
  return x === null ? null : x === jsonText(b);
};
const distinct = (xs: Value[]): Value[] => {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of xs) {
    if (isUnk(x)) {
      out.push(x);
      continue;
    }
    const k = jsonText(x);
    if (k === null || !seen.has(k)) {
      if (k !== null) seen.add(k);
      out.push(x);
    }
  }
  return out;
};

/** Go-style verbs used in Terraform's format(): %s %d %v %q %f %t and %%, with flags, width and precision. */
function format(spec: string, args: Value[], fail: () => Unk): string {
  let i = 0;
  return spec.replace(/%(%|([-+# 0]*)(\d*)(?:\.(\d+))?([sdvqft]))/g, (_m, all: string, flags: string, width: string, precision: string | undefined, verb: string) => {
    if (all === '%') return '%';
    const a = args[i++];
    if (a === undefined) throw fail();
    let out: string;
    if (verb === 'q') out = JSON.stringify(str(a, fail));
    else if (verb === 'd') out = String(Math.trunc(num(a, fail)));
    else if (verb === 'f') out = num(a, fail).toFixed(precision === undefined ? 6 : Number(precision));
    else if (isObj(a) || Array.isArray(a)) {
      const t = jsonText(a);
      if (t === null) throw fail();
      out = t;
    }
    else out = str(a, fail);
    if (flags.includes('+') && (verb === 'd' || verb === 'f') && !out.startsWith('-')) out = `+${out}`;
    const w = Number(width || 0);
    if (out.length < w) {
      if (flags.includes('-')) out = out.padEnd(w);
      else if (flags.includes('0') && (verb === 'd' || verb === 'f')) out = out.startsWith('-') || out.startsWith('+') ? out[0] + out.slice(1).padStart(w - 1, '0') : out.padStart(w, '0');
      else out = out.padStart(w);
    }
    return out;
  });
}

const regexOf = (s: string): RegExp | null => (s.length > 1 && s.startsWith('/') && s.endsWith('/') ? new RegExp(s.slice(1, -1), 'g') : null);

export const FUNCTIONS: Record<string, Fn> = {
  lower: ([s], f) => str(s!, f).toLowerCase(),
  upper: ([s], f) => str(s!, f).toUpperCase(),
  title: ([s], f) => str(s!, f).replace(/\b\w/g, (c) => c.toUpperCase()),
  trimspace: ([s], f) => str(s!, f).trim(),
  chomp: ([s], f) => str(s!, f).replace(/(\r?\n)+$/, ''),
  trimprefix: ([s, p], f) => {
    const a = str(s!, f);
    const b = str(p!, f);
    return a.startsWith(b) ? a.slice(b.length) : a;
  },
  trimsuffix: ([s, p], f) => {
    const a = str(s!, f);
    const b = str(p!, f);
    return b && a.endsWith(b) ? a.slice(0, -b.length) : a;
  },
  trim: ([s, cs], f) => {
    const chars = new Set(str(cs!, f));
    let a = str(s!, f);
    while (a && chars.has(a[0]!)) a = a.slice(1);
    while (a && chars.has(a[a.length - 1]!)) a = a.slice(0, -1);
    return a;
  },
  replace: ([s, sub, rep], f) => {
    const a = str(s!, f);
    const b = str(sub!, f);
    const c = str(rep!, f);
    const re = regexOf(b);
    return re ? a.replace(re, c.replace(/\$\{(\w+)\}/g, '$<$1>')) : a.split(b).join(c);
  },
  split: ([sep, s], f) => str(s!, f).split(str(sep!, f)),
  join: ([sep, ...lists], f) => {
    const parts: string[] = [];
    for (const l of lists) for (const x of list(l!, f)) {
      if (isUnk(x)) throw f();
      parts.push(str(x, f));
    }
    return parts.join(str(sep!, f));
  },
  format: ([spec, ...args], f) => {
    if (args.some(isUnk)) throw f();
    return format(str(spec!, f), args, f);
  },
  substr: ([s, off, n], f) => {
    const a = [...str(s!, f)];
    const o = num(off!, f);
    const l = num(n!, f);
    const start = o < 0 ? a.length + o : o;
    return a.slice(start, l < 0 ? undefined : start + l).join('');
  },
  startswith: ([s, p], f) => str(s!, f).startsWith(str(p!, f)),
  endswith: ([s, p], f) => str(s!, f).endsWith(str(p!, f)),
  strcontains: ([s, p], f) => str(s!, f).includes(str(p!, f)),
  tostring: ([v], f) => (v === null ? null : str(v!, f)),
  tonumber: ([v], f) => (v === null ? null : num(v!, f)),
  tobool: ([v], f) => {
    if (v === null || typeof v === 'boolean') return v!;
    if (v === 'true' || v === 'false') return v === 'true';
    throw f();
  },
  tolist: ([v], f) => (isObj(v!) ? Object.values(v) : list(v!, f)),
  toset: ([v], f) => distinct(list(v!, f)),
  tomap: ([v], f) => obj(v!, f),
  length: ([v], f) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    return Object.keys(obj(v!, f)).length;
  },
  concat: (args, f) => args.flatMap((a) => list(a, f)),
  merge: (args, f) => {
    const out = newObject();
    for (const a of args) {
      if (a === null) continue;
      const o = obj(a, f);
      for (const k of Object.keys(o)) setKey(out, k, o[k]!);
    }
    return out;
  },
  flatten: ([v], f) => {
    const flat = (xs: Value[]): Value[] => xs.flatMap((x) => (Array.isArray(x) ? flat(x) : [x]));
    return flat(list(v!, f));
  },
  distinct: ([v], f) => distinct(list(v!, f)),
  compact: ([v], f) => list(v!, f).filter((x) => x !== null && x !== ''),
  contains: ([l, x], f) => {
    const xs = list(l!, f);
    let unknown = false;
    for (const y of xs) {
      const same = sameValue(y, x!);
      if (same) return true;
      if (same === null) unknown = true;
    }
    if (unknown) throw f();
    return false;
  },
  keys: ([m], f) => Object.keys(obj(m!, f)).sort(),
  values: ([m], f) => {
    const o = obj(m!, f);
    return Object.keys(o).sort().map((k) => o[k]!);
  },
  lookup: ([m, k, d], f) => {
    const o = obj(m!, f);
    const key = str(k!, f);
    if (hasKey(o, key)) return o[key]!;
    if (d === undefined) throw f();
    return d;
  },
  element: ([l, i], f) => {
    const xs = list(l!, f);
    if (!xs.length) throw f();
    const n = Math.trunc(num(i!, f));
    return xs[((n % xs.length) + xs.length) % xs.length]!;
  },
  index: ([l, x], f) => {
    const i = list(l!, f).findIndex((y) => sameValue(y, x!) === true);
    if (i < 0) throw f();
    return i;
  },
  slice: ([l, a, b], f) => list(l!, f).slice(num(a!, f), num(b!, f)),
  reverse: ([l], f) => [...list(l!, f)].reverse(),
  sort: ([l], f) => list(l!, f).map((x) => str(x, f)).sort(),
  zipmap: ([k, v], f) => {
    const ks = list(k!, f);
    const vs = list(v!, f);
    const out = newObject();
    ks.forEach((key, i) => {
      setKey(out, str(key, f), vs[i] ?? null);
    });
    return out;
  },
  coalesce: (args, f) => {
    for (const a of args) {
      if (isUnk(a)) throw f();
      if (a !== null && a !== '') return a;
    }
    throw f();
  },
  coalescelist: (args, f) => {
    for (const a of args) if (list(a, f).length) return a;
    throw f();
  },
  one: ([l], f) => {
    const xs = list(l!, f);
    if (xs.length > 1) throw f();
    return xs[0] ?? null;
  },
  range: (args, f) => {
    const n = args.map((a) => num(a, f));
    const [start, end, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[1]! >= n[0]! ? 1 : -1)];
    if (step === 0 || Math.abs((end - start) / step) > 1024) throw f();
    const out: number[] = [];
    for (let x = start; step > 0 ? x < end : x > end; x += step) out.push(x);
    return out;
  },
  sum: ([l], f) => list(l!, f).reduce<number>((a, x) => a + num(x, f), 0),
  min: (args, f) => Math.min(...args.map((a) => num(a, f))),
  max: (args, f) => Math.max(...args.map((a) => num(a, f))),
  abs: ([n], f) => Math.abs(num(n!, f)),
  ceil: ([n], f) => Math.ceil(num(n!, f)),
  floor: ([n], f) => Math.floor(num(n!, f)),
  alltrue: ([l], f) => list(l!, f).every((x) => x === true || x === 'true'),
  anytrue: ([l], f) => list(l!, f).some((x) => x === true || x === 'true'),
  jsondecode: ([s], f) => {
    try {
      return fromJson(JSON.parse(str(s!, f)));
    } catch {
      throw f();
    }
  },
  base64encode: ([s], f) => Buffer.from(str(s!, f), 'utf8').toString('base64'),
};

/** Functions that take a partly unknown argument and still say something. */
export const PARTIAL: Record<string, (args: Value[], text: string) => Value> = {
  jsonencode: ([v], text) => {
    const json = v !== undefined && isWhollyKnown(v) ? jsonText(v) : null;
    return json ?? new Unk(text, null, v ?? null);
  },
};
