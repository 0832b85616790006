// Evaluates HCL expressions to values. What cannot be known statically (a variable without a
// value, a data source, a computed attribute, an unsupported function) becomes `Unk` with the
// text of the expression, never a guess. Roots (var, local, module, resources…) are looked up
// through a Resolver, so this file knows nothing of Terraform's module structure.
import type { Expr, ExprOf } from '../hcl/ast.js';
import { FUNCTIONS, PARTIAL, UnkError } from './functions.js';
import { exprText, hasKey, INSTANCE, isObj, isUnk, isWhollyKnown, jsonText, newObject, setKey, toStr, Unk, type InstanceMark, type Value, type ValueObject } from './values.js';

/** A traversal step: `.name` (the syntax node itself serves) or `[index]` with the index evaluated. */
const MAX_LIST = 100_000;
const MAX_STRING = 1_000_000;

export type Step = { k: 'attr'; name: string } | { k: 'index'; value: Value };

export interface Resolver {
  /**
   * The value of a root name followed by traversal steps (`var.x`, `aws_s3_bucket.logs[0].id`).
   * Returns how many steps it consumed; the evaluator applies the rest.
   */
  lookup(scope: Scope, root: string, steps: Step[], text: () => string): { value: Value; used: number };
  /**
   * Steps left for loops and function calls across a whole collection: nested `for`
   * expressions over large collections could otherwise run for hours. Past it, unknown.
   */
  budget?: { left: number };
}

/** Spends one step of the budget; false when there is none left. */
const spend = (scope: Scope): boolean => {
  const b = scope.resolver.budget;
  return !b || --b.left >= 0;
};

const ITEM = '\0item';

/** Names bound by for expressions, dynamic blocks and splats: a chain, innermost first. */
interface Binding {
  name: string;
  value: Value;
  next: Binding | null;
}

export class Scope {
  constructor(
    readonly src: string,
    readonly resolver: Resolver,
    private readonly bound: Binding | null = null,
    /** Whatever the resolver needs (module instance, count.index, each…). */
    readonly context: unknown = null,
  ) {}

  bind(name: string, value: Value): Scope {
    return new Scope(this.src, this.resolver, { name, value, next: this.bound }, this.context);
  }

  boundValue(name: string): Value | undefined {
    for (let b = this.bound; b; b = b.next) if (b.name === name) return b.value;
    return undefined;
  }

  /** The same bindings and context, for an expression written in another file. */
  inFile(src: string): Scope {
    return src === this.src ? this : new Scope(src, this.resolver, this.bound, this.context);
  }

  text(x: { s: number; e: number }): string {
    return exprText(this.src, x.s, x.e);
  }
}

export function evaluate(x: Expr, scope: Scope): Value {
  switch (x.k) {
    case 'lit':
      return x.v;
    case 'tmpl':
      return template(x, scope);
    case 'tuple':
      return x.items.map((i) => evaluate(i, scope));
    case 'object': {
      const out = newObject();
      for (const { key, value } of x.items) {
        const k = evaluate(key, scope);
        const ks = toStr(k);
        if (ks === null) return isUnk(k) ? new Unk(scope.text(x)) : new UnkError(scope.text(x));
        setKey(out, ks, evaluate(value, scope));
      }
      return out;
    }
    case 'paren':
      return evaluate(x.x, scope);
    case 'var':
    case 'attr':
    case 'index':
      return traversal(x, scope);
    case 'item':
      return scope.boundValue(ITEM) ?? new UnkError(scope.text(x));
    case 'splat':
      return splat(x, scope);
    case 'call':
      return call(x, scope);
    case 'unary': {
      const v = evaluate(x.x, scope);
      if (isUnk(v)) return new Unk(scope.text(x));
      if (x.op === '!') return typeof v === 'boolean' ? !v : v === 'true' ? false : v === 'false' ? true : new UnkError(scope.text(x));
      const n = toNumber(v);
      return n === null ? new UnkError(scope.text(x)) : -n;
    }
    case 'binary':
      return binary(x, scope);
    case 'cond': {
      const c = evaluate(x.c, scope);
      const b = toBool(c);
      if (b !== null) return evaluate(b ? x.t : x.f, scope);
      if (!isUnk(c)) return new UnkError(scope.text(x));
      const t = evaluate(x.t, scope);
      const f = evaluate(x.f, scope);
      // Both branches the same known value: the condition does not matter.
      if (isWhollyKnown(t) && isWhollyKnown(f)) {
        const a = jsonText(t);
        if (a !== null && a === jsonText(f)) return t;
      }
      return new Unk(scope.text(x));
    }
    case 'for':
      return forExpr(x, scope);
  }
}

const toNumber = (v: Value): number | null => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
};
const toBool = (v: Value): boolean | null => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null);

function template(x: ExprOf<'tmpl'>, scope: Scope): Value {
  // "${x}" alone is x itself, not its string form.
  if (x.parts.length === 1 && typeof x.parts[0] !== 'string' && x.parts[0]!.k !== 'directive') return evaluate(x.parts[0] as Expr, scope);
  const out: (string | Unk)[] = [];
  let unknown = false;
  let error = false;
  for (const p of x.parts) {
    if (typeof p === 'string') out.push(p);
    else if (p.k === 'directive') {
      unknown = true;
      out.push(new Unk(exprText(scope.src, p.s, p.e)));
    } else {
      const v = evaluate(p, scope);
      const s = toStr(v);
      if (s !== null) out.push(s);
      else {
        if (isUnk(v)) {
          unknown = true;
          out.push(v);
        } else error = true;
      }
    }
  }
  if (error) return new UnkError(scope.text(x));
  if (unknown) return new Unk(scope.text(x), null, undefined, out);
  const s = (out as string[]).join('');
  return s.length > MAX_STRING ? new Unk(scope.text(x)) : s;
}

function traversal(x: Expr, scope: Scope): Value {
  let depth = 0;
  let root = x;
  while (root.k === 'attr' || root.k === 'index') {
    depth++;
    root = root.obj;
  }
  // Outermost last: nodes[i] is the i-th step after the root.
  const nodes = new Array<Expr>(depth);
  const steps = new Array<Step>(depth);
  for (let n = x, i = depth - 1; i >= 0; i--) {
    const node = n as ExprOf<'attr'> | ExprOf<'index'>;
    nodes[i] = node;
    n = node.obj;
  }
  for (let i = 0; i < depth; i++) {
    const n = nodes[i] as ExprOf<'attr'> | ExprOf<'index'>;
    steps[i] = n.k === 'attr' ? n : { k: 'index', value: evaluate(n.index, scope) };
  }
  let value: Value;
  let used = 0;
  const bound = root.k === 'var' ? scope.boundValue(root.name) : undefined;
  if (bound !== undefined) value = bound;
  else if (root.k === 'var') {
    const r = scope.resolver.lookup(scope, root.name, steps, () => scope.text(x));
    value = r.value;
    used = r.used;
  } else value = evaluate(root, scope);
  for (let i = used; i < steps.length; i++) {
    const step = steps[i]!;
    if (isUnk(value)) return value instanceof UnkError ? new UnkError(scope.text(x)) : new Unk(scope.text(x), value.ref);
    if (step.k === 'index' && isUnk(step.value)) return new Unk(scope.text(x));
    value = step.k === 'attr' ? getAttr(value, step.name) : getIndex(value, step.value);
    if (value instanceof UnkError) return new UnkError(scope.text(nodes[i]!));
  }
  return value;
}

export function getAttr(v: Value, name: string): Value {
  if (isObj(v)) {
    if (hasKey(v, name)) return v[name]!;
    const mark = (v as { [INSTANCE]?: InstanceMark })[INSTANCE];
    if (mark) return new Unk(`${mark.address}.${name}`, { ...mark.ref, attribute: name });
  }
  return new UnkError(name);
}

export function getIndex(v: Value, key: Value): Value {
  if (isUnk(key)) return new Unk(key.$unknown);
  if (Array.isArray(v)) {
    const n = toNumber(key);
    if (n !== null && Number.isInteger(n) && n >= 0 && n < v.length) return v[n]!;
    return new UnkError(String(key));
  }
  if (isObj(v)) {
    const k = toStr(key);
    if (k !== null && hasKey(v, k)) return v[k]!;
  }
  return new UnkError(String(key));
}

function splat(x: ExprOf<'splat'>, scope: Scope): Value {
  const v = evaluate(x.obj, scope);
  if (isUnk(v)) return new Unk(scope.text(x), v.ref);
  const items = Array.isArray(v) ? v : v === null ? [] : [v];
  const out: Value[] = [];
  for (const item of items) {
    if (!spend(scope)) return new Unk(scope.text(x));
    out.push(evaluate(x.each, scope.bind(ITEM, item)));
  }
  return out;
}

function call(x: ExprOf<'call'>, scope: Scope): Value {
  const name = x.name;
  if (name === 'try' || name === 'can') {
    for (const a of x.args) {
      const v = evaluate(a, scope);
      if (v instanceof UnkError) {
        if (name === 'can') return false;
        continue;
      }
      if (isUnk(v)) return new Unk(scope.text(x));
      if (name === 'can') return true;
      return v;
    }
    return new UnkError(scope.text(x));
  }
  let args = x.args.map((a) => evaluate(a, scope));
  if (x.expand) {
    const last = args[args.length - 1];
    if (!Array.isArray(last)) return new Unk(scope.text(x));
    args = [...args.slice(0, -1), ...last];
  }
  const partial = PARTIAL[name];
  const fn = FUNCTIONS[name];
  if (partial) return partial(args, scope.text(x));
  if (!fn || args.some(isUnk) || !spend(scope)) return new Unk(scope.text(x));
  let result: Value;
  try {
    result = fn(args, () => (args.every(isWhollyKnown) ? new UnkError(scope.text(x)) : new Unk(scope.text(x))));
  } catch (e) {
    return isUnk(e) ? e : new UnkError(scope.text(x));
  }
  // Values that grow without bound (concat(a, a) repeated…) are not evaluated further.
  if ((Array.isArray(result) && result.length > MAX_LIST) || (typeof result === 'string' && result.length > MAX_STRING)) return new Unk(scope.text(x));
  return result;
}

function binary(x: ExprOf<'binary'>, scope: Scope): Value {
  const l = evaluate(x.l, scope);
  if (x.op === '&&' || x.op === '||') {
    const lb = toBool(l);
    if (lb === false && x.op === '&&') return false;
    if (lb === true && x.op === '||') return true;
    const r = evaluate(x.r, scope);
    const rb = toBool(r);
    if (rb === false && x.op === '&&') return false;
    if (rb === true && x.op === '||') return true;
    if (lb !== null && rb !== null) return x.op === '&&' ? lb && rb : lb || rb;
    return isUnk(l) || isUnk(r) ? new Unk(scope.text(x)) : new UnkError(scope.text(x));
  }
  const r = evaluate(x.r, scope);
  if (x.op === '==' || x.op === '!=') {
    const a = isWhollyKnown(l) ? jsonText(l) : null;
    const b = a !== null && isWhollyKnown(r) ? jsonText(r) : null;
    if (a === null || b === null) return new Unk(scope.text(x));
    const same = a === b;
    return x.op === '==' ? same : !same;
  }
  if (isUnk(l) || isUnk(r)) return new Unk(scope.text(x));
  const a = toNumber(l);
  const b = toNumber(r);
  if (a === null || b === null) return new UnkError(scope.text(x));
  switch (x.op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? new UnkError(scope.text(x)) : a / b;
    case '%': return b === 0 ? new UnkError(scope.text(x)) : a % b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    default: return new UnkError(scope.text(x));
  }
}

function forExpr(x: ExprOf<'for'>, scope: Scope): Value {
  const coll = evaluate(x.coll, scope);
  if (isUnk(coll)) return new Unk(scope.text(x));
  let entries: [Value, Value][];
  if (Array.isArray(coll)) entries = coll.map((v, i) => [i, v]);
  else if (isObj(coll)) entries = Object.keys(coll).sort().map((k) => [k, coll[k]!]);
  else return new UnkError(scope.text(x));
  const list: Value[] = [];
  const obj: ValueObject = newObject();
  for (const [k, v] of entries) {
    if (!spend(scope)) return new Unk(scope.text(x));
    let inner = scope.bind(x.valVar, v);
    if (x.keyVar) inner = inner.bind(x.keyVar, k);
    if (x.cond) {
      const c = toBool(evaluate(x.cond, inner));
      if (c === null) return new Unk(scope.text(x));
      if (!c) continue;
    }
    const value = evaluate(x.value, inner);
    if (!x.key) {
      list.push(value);
      continue;
    }
    const key = toStr(evaluate(x.key, inner));
    if (key === null) return new Unk(scope.text(x));
    if (x.group) {
      const g = hasKey(obj, key) ? obj[key] : undefined;
      if (Array.isArray(g)) g.push(value);
      else setKey(obj, key, [value]);
    } else setKey(obj, key, value);
  }
  return x.key ? obj : list;
}
