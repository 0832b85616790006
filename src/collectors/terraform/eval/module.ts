// One instance of a Terraform module (the root, or a local module called with inputs): its
// variables, locals, resources expanded by count/for_each, data sources, outputs and module
// calls, evaluated lazily so that references resolve in any order. Implements the Resolver
// the expression evaluator asks for root names.
import { posix, sep } from 'node:path';
import type { Attribute, Block, HclFile } from '../hcl/ast.js';
import { evalBody, type EBody } from './body.js';
import { evaluate, Scope, type Resolver, type Step } from './evaluate.js';
import { UnkError } from './functions.js';
import { INSTANCE, isObj, isUnk, isWhollyKnown, newObject, setKey, toStr, Unk, type InstanceMark, type Value } from './values.js';

export interface Notice {
  path: string;
  line: number | null;
  message: string;
}

/** What a module instance needs from the collection: parsed folders, notices, special data sources. */
export interface ModuleHost {
  /** The parsed .tf files of a module's folder, or null when it has none or does not exist. */
  loadModuleDir(dir: string): HclFile[] | null;
  notice(n: Notice): void;
  /** Attributes computed by data sources the collector understands (aws_iam_policy_document.json). */
  dataAttribute(type: string, attr: string, body: () => EBody, text: string): Value | undefined;
  /** Attributes of managed resources known from their configuration (an S3 bucket's arn from its name). */
  computedAttribute(type: string, attr: string, get: (name: string) => Value): Value | undefined;
  /**
   * The folder where `terraform init` put a remote module (`.terraform/modules/modules.json` of
   * the root), by its key (`vpc`, `app.vpc`); null when it was not downloaded.
   */
  downloadedModule(rootDir: string, key: string): string | null;
}

const IN_PROGRESS = Symbol('in progress');
const NO_KEYS: Map<string, Instance> = new Map();
const MAX_DEPTH = 16;

export interface Decl {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
  file: HclFile;
}

interface EvalContext {
  mod: ModuleInstance;
  count?: Value;
  each?: { key: Value; value: Value };
}

export class Instance {
  /** Values of the block's attributes, by position (evaluated on demand). */
  private readonly values: (Value | typeof IN_PROGRESS | undefined)[] = [];
  private scopeCache: Scope | null = null;
  constructor(
    readonly decl: Decl,
    readonly mod: ModuleInstance,
    /** null when the resource has no count/for_each, or when they are not known statically (keyUnknown). */
    readonly key: number | string | null,
    readonly keyUnknown: boolean,
    /** count.index / each of this instance; null for a resource without count or for_each (the module's scope serves). */
    private readonly ctx: EvalContext | null,
  ) {}

  get scope(): Scope {
    this.scopeCache ??= this.ctx ? new Scope(this.decl.file.src, this.mod.host.resolver, null, this.ctx) : this.mod.scopeFor(this.decl.file);
    return this.scopeCache;
  }

  private baseCache: string | null = null;
  get base(): string {
    this.baseCache ??= `${this.mod.prefix}${this.decl.mode === 'data' ? 'data.' : ''}${this.decl.type}.${this.decl.name}`;
    return this.baseCache;
  }

  private addressCache: string | null = null;
  get address(): string {
    this.addressCache ??= this.base + keySuffix(this.key);
    return this.addressCache;
  }

  /** A top-level attribute's value (cached); undefined when the configuration does not set it. */
  attr(name: string): Value | undefined {
    const attributes = this.decl.block.body.attributes;
    let i = 0;
    while (i < attributes.length && attributes[i]!.name !== name) i++;
    if (i === attributes.length) return undefined;
    const cached = this.values[i];
    if (cached === IN_PROGRESS) return new UnkError(`${this.address}.${name}`);
    if (cached !== undefined) return cached;
    this.values[i] = IN_PROGRESS;
    const v = evaluate(attributes[i]!.expr, this.scope);
    this.values[i] = v;
    return v;
  }

  private bodyCache: EBody | null = null;
  body(): EBody {
    this.bodyCache ??= evalBody(this.decl.block.body, this.scope, (n) => this.attr(n)!);
    return this.bodyCache;
  }
}

function addInstance(entry: { list: Instance[]; byKey: Map<string, Instance> }, inst: Instance): void {
  entry.list.push(inst);
  if (entry.byKey === NO_KEYS) entry.byKey = new Map();
  entry.byKey.set(String(inst.key), inst);
}

export const keySuffix = (key: number | string | null): string => (key === null ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`);

interface ModuleCall {
  name: string;
  block: Block;
  file: HclFile;
  instances: ModuleInstance[] | null;
  /** Keyed instances, for module.x[key]. */
  byKey: Map<string, ModuleInstance>;
  expanded: boolean;
}

/** What a module's files declare, computed once per folder and shared by its instances. */
interface Declarations {
  variables: Map<string, { block: Block; file: HclFile }>;
  locals: Map<string, { attr: Attribute; file: HclFile }>;
  outputs: Map<string, { attr: Attribute; file: HclFile }>;
  resources: Map<string, Decl>;
  data: Map<string, Decl>;
  calls: { name: string; block: Block; file: HclFile }[];
}
const declarationsCache = new WeakMap<HclFile[], Declarations>();

function declarations(files: HclFile[]): Declarations {
  let d = declarationsCache.get(files);
  if (d) return d;
  d = { variables: new Map(), locals: new Map(), outputs: new Map(), resources: new Map(), data: new Map(), calls: [] };
  for (const file of files) {
    for (const b of file.body.blocks) {
      const [l0, l1] = b.labels;
      if (b.type === 'variable' && l0) d.variables.set(l0, { block: b, file });
      else if (b.type === 'locals') for (const attr of b.body.attributes) d.locals.set(attr.name, { attr, file });
      else if (b.type === 'output' && l0) {
        const attr = b.body.attributes.find((a) => a.name === 'value');
        if (attr) d.outputs.set(l0, { attr, file });
      } else if (b.type === 'resource' && l0 && l1) d.resources.set(`${l0}.${l1}`, { mode: 'managed', type: l0, name: l1, block: b, file });
      else if (b.type === 'data' && l0 && l1) d.data.set(`${l0}.${l1}`, { mode: 'data', type: l0, name: l1, block: b, file });
      else if (b.type === 'module' && l0) d.calls.push({ name: l0, block: b, file });
    }
  }
  declarationsCache.set(files, d);
  return d;
}

export class ModuleInstance {
  readonly variables: Declarations['variables'];
  readonly locals: Declarations['locals'];
  readonly outputs: Declarations['outputs'];
  readonly resources: Declarations['resources'];
  readonly data: Declarations['data'];
  readonly calls = new Map<string, ModuleCall>();
  private readonly varCache = new Map<string, Value | typeof IN_PROGRESS>();
  private readonly localCache = new Map<string, Value | typeof IN_PROGRESS>();
  private readonly outputCache = new Map<string, Value | typeof IN_PROGRESS>();
  private readonly instanceCache = new Map<Decl, { list: Instance[]; byKey: Map<string, Instance>; expanded: boolean }>();
  private readonly scopes = new Map<string, Scope>();
  readonly scope: Scope;

  constructor(
    readonly host: ModuleHost & { resolver: Resolver },
    readonly dir: string,
    readonly files: HclFile[],
    /** `` for the root, `module.a.` or `module.a["k"].` for children. */
    readonly prefix: string,
    /** Input values (tfvars for the root, the call's arguments for a child), lazily evaluated. */
    readonly inputs: Map<string, () => Value>,
    readonly chain: string[],
  ) {
    this.scope = new Scope('', host.resolver, null, { mod: this } satisfies EvalContext);
    const d = declarations(files);
    this.variables = d.variables;
    this.locals = d.locals;
    this.outputs = d.outputs;
    this.resources = d.resources;
    this.data = d.data;
    for (const c of d.calls) this.calls.set(c.name, { ...c, instances: null, byKey: new Map(), expanded: false });
  }

  /** The module's scope for an expression of one of its files. */
  scopeFor(file: HclFile): Scope {
    let s = this.scopes.get(file.src);
    if (!s) {
      s = this.scope.inFile(file.src);
      this.scopes.set(file.src, s);
    }
    return s;
  }

  private cached(cache: Map<string, Value | typeof IN_PROGRESS>, kind: string, name: string, compute: (name: string) => Value): Value {
    const c = cache.get(name);
    if (c === IN_PROGRESS) return new UnkError(`${kind}.${name}`);
    if (c !== undefined) return c;
    cache.set(name, IN_PROGRESS);
    const v = compute(name);
    cache.set(name, v);
    return v;
  }

  variable(name: string): Value {
    return this.cached(this.varCache, 'var', name, () => {
      const decl = this.variables.get(name);
      const input = this.inputs.get(name);
      const attr = (n: string) => decl?.block.body.attributes.find((a) => a.name === n);
      const def = attr('default');
      const defaultValue = () => (def ? evaluate(def.expr, this.scopeFor(decl!.file)) : new Unk(`var.${name}`));
      if (input) {
        const v = input();
        const nullable = attr('nullable');
        if (v === null && def && nullable?.expr.k === 'lit' && nullable.expr.v === false) return defaultValue();
        return convert(v, attr('type')?.expr);
      }
      if (!decl) return new UnkError(`var.${name}`);
      return defaultValue();
    });
  }

  local(name: string): Value {
    return this.cached(this.localCache, 'local', name, () => {
      const l = this.locals.get(name);
      return l ? evaluate(l.attr.expr, this.scopeFor(l.file)) : new UnkError(`local.${name}`);
    });
  }

  output(name: string): Value {
    return this.cached(this.outputCache, 'output', name, () => {
      const o = this.outputs.get(name);
      return o ? evaluate(o.attr.expr, this.scopeFor(o.file)) : new UnkError(`output.${name}`);
    });
  }

  /** Instances of a resource or data source, expanded by count/for_each when statically known. */
  instances(decl: Decl): { list: Instance[]; byKey: Map<string, Instance>; expanded: boolean } {
    let entry = this.instanceCache.get(decl);
    if (entry) return entry;
    entry = { list: [], byKey: NO_KEYS, expanded: false };
    this.instanceCache.set(decl, entry);
    const scope = this.scopeFor(decl.file);
    const expansion = expand(decl.block, scope);
    entry.expanded = expansion.kind !== 'single';
    if (expansion.kind === 'single') entry.list.push(new Instance(decl, this, null, false, null));
    else if (expansion.kind === 'count') for (let i = 0; i < expansion.n; i++) addInstance(entry, new Instance(decl, this, i, false, { mod: this, count: i }));
    else if (expansion.kind === 'each') for (const [k, v] of expansion.entries) addInstance(entry, new Instance(decl, this, k, false, { mod: this, each: { key: k, value: v } }));
    else {
      if (decl.mode === 'managed') {
        this.host.notice({ path: decl.file.path, line: decl.block.startLine, message: `${this.prefix}${decl.type}.${decl.name}: ${expansion.what} is not known statically (${expansion.text}); evaluated as one instance` });
      }
      const u = new Unk(expansion.what === 'count' ? 'count.index' : 'each.key');
      entry.list.push(new Instance(decl, this, null, true, expansion.what === 'count' ? { mod: this, count: u } : { mod: this, each: { key: u, value: new Unk('each.value') } }));
    }
    return entry;
  }

  /** Child module instances of a call (local sources only). */
  callInstances(call: ModuleCall): ModuleInstance[] {
    if (call.instances) return call.instances;
    call.instances = [];
    const scope = this.scopeFor(call.file);
    const sourceAttr = call.block.body.attributes.find((a) => a.name === 'source');
    const source = sourceAttr ? evaluate(sourceAttr.expr, scope) : null;
    const where = { path: call.file.path, line: call.block.startLine };
    if (typeof source !== 'string') {
      this.host.notice({ ...where, message: `module "${call.name}": its source is not a literal string; not followed` });
      return call.instances;
    }
    let dir: string;
    if (source.startsWith('./') || source.startsWith('../')) dir = joinDir(this.dir, source);
    else {
      // A registry or git module: read only if `terraform init` already downloaded it.
      const key = [...this.prefix.matchAll(/module\.([^.[]+)/g)].map((m) => m[1]!).concat(call.name).join('.');
      const downloaded = this.host.downloadedModule(this.chain[0]!, key);
      if (downloaded === null) {
        this.host.notice({ ...where, message: `module "${call.name}": source "${source}" is not a local path and was not downloaded by terraform init; not followed (nothing is fetched)` });
        return call.instances;
      }
      dir = downloaded;
    }
    if (this.chain.includes(dir) || this.chain.length >= MAX_DEPTH) {
      this.host.notice({ ...where, message: `module "${call.name}": ${dir} calls itself or nests too deep; not followed` });
      return call.instances;
    }
    const files = this.host.loadModuleDir(dir);
    if (!files) {
      this.host.notice({ ...where, message: `module "${call.name}": no Terraform files in ${dir}` });
      return call.instances;
    }
    const expansion = expand(call.block, scope);
    call.expanded = expansion.kind !== 'single';
    const make = (key: number | string | null, ctx: Omit<EvalContext, 'mod'>) => {
      const callScope = new Scope(call.file.src, this.host.resolver, null, { mod: this, ...ctx } satisfies EvalContext);
      const inputs = new Map<string, () => Value>();
      for (const a of call.block.body.attributes) {
        if (['source', 'version', 'count', 'for_each', 'providers', 'depends_on'].includes(a.name)) continue;
        inputs.set(a.name, () => evaluate(a.expr, callScope));
      }
      const child = new ModuleInstance(this.host, dir, files, `${this.prefix}module.${call.name}${keySuffix(key)}.`, inputs, [...this.chain, dir]);
      call.instances!.push(child);
      if (key !== null) call.byKey.set(String(key), child);
    };
    if (expansion.kind === 'single') make(null, {});
    else if (expansion.kind === 'count') for (let i = 0; i < expansion.n; i++) make(i, { count: i });
    else if (expansion.kind === 'each') for (const [k, v] of expansion.entries) make(k, { each: { key: k, value: v } });
    else {
      this.host.notice({ ...where, message: `module "${call.name}": ${expansion.what} is not known statically (${expansion.text}); evaluated as one instance` });
      make(null, expansion.what === 'count' ? { count: new Unk('count.index') } : { each: { key: new Unk('each.key'), value: new Unk('each.value') } });
    }
    return call.instances;
  }
}

type Expansion =
  | { kind: 'single' }
  | { kind: 'count'; n: number }
  | { kind: 'each'; entries: [string, Value][] }
  | { kind: 'unknown'; what: 'count' | 'for_each'; text: string };

function expand(block: Block, scope: Scope): Expansion {
  const count = block.body.attributes.find((a) => a.name === 'count');
  const forEach = block.body.attributes.find((a) => a.name === 'for_each');
  if (count) {
    const v = evaluate(count.expr, scope);
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (Number.isInteger(n) && n >= 0 && n <= 10_000) return { kind: 'count', n };
    return { kind: 'unknown', what: 'count', text: isUnk(v) ? v.$unknown : scope.text(count.expr) };
  }
  if (forEach) {
    const v = evaluate(forEach.expr, scope);
    if (isObj(v)) return { kind: 'each', entries: Object.keys(v).sort().map((k) => [k, v[k]!]) };
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { kind: 'each', entries: [...new Set(v as string[])].sort().map((k) => [k, k]) };
    return { kind: 'unknown', what: 'for_each', text: isUnk(v) ? v.$unknown : scope.text(forEach.expr) };
  }
  return { kind: 'single' };
}

/** Converts an input to a declared primitive type, as Terraform does (`"3"` for a number). */
function convert(v: Value, type: Attribute['expr'] | undefined): Value {
  if (!type || type.k !== 'var') return v;
  if (type.name === 'number' && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (type.name === 'bool' && (v === 'true' || v === 'false')) return v === 'true';
  if (type.name === 'string' && (typeof v === 'number' || typeof v === 'boolean')) return toStr(v);
  return v;
}

/** Joins a module source onto its caller's folder, keeping the caller's style of path. */
export function joinDir(dir: string, source: string): string {
  const joined = posix.normalize(posix.join(dir.split(sep).join('/'), source));
  return joined.split('/').join(sep);
}

/** The resolver: var, local, module, data, count, each, path, terraform and resource references. */
/** Loop iterations and function calls per collection: a large repository uses a few thousand. */
export const DEFAULT_EVALUATION_BUDGET = 2_000_000;

export function makeResolver(host: ModuleHost, budget = DEFAULT_EVALUATION_BUDGET): Resolver {
  return {
    budget: { left: budget },
    lookup(scope, root, steps, text) {
      const ctx = scope.context as EvalContext;
      const mod = ctx.mod;
      switch (root) {
        case 'var': {
          const n = attrAt(steps, 0);
          return n ? { value: mod.variable(n), used: 1 } : { value: new UnkError(text()), used: steps.length };
        }
        case 'local': {
          const n = attrAt(steps, 0);
          return n ? { value: mod.local(n), used: 1 } : { value: new UnkError(text()), used: steps.length };
        }
        case 'count':
          return { value: attrAt(steps, 0) === 'index' && ctx.count !== undefined ? ctx.count : new UnkError(text()), used: 1 };
        case 'each': {
          const n = attrAt(steps, 0);
          const v = ctx.each && (n === 'key' || n === 'value') ? ctx.each[n] : new UnkError(text());
          return { value: v, used: 1 };
        }
        case 'path': {
          const n = attrAt(steps, 0);
          return { value: n === 'module' ? mod.dir : n === 'root' || n === 'cwd' ? '.' : new UnkError(text()), used: 1 };
        }
        case 'terraform':
        case 'self':
          return { value: new Unk(text()), used: steps.length };
        case 'module':
          return moduleLookup(mod, steps, text);
        case 'data': {
          const type = attrAt(steps, 0);
          const name = attrAt(steps, 1);
          const decl = type && name ? mod.data.get(`${type}.${name}`) : undefined;
          if (!decl) return { value: new Unk(text()), used: steps.length };
          return resourceLookup(host, mod, decl, steps.slice(2), text, 2);
        }
        default: {
          const name = attrAt(steps, 0);
          if (!name) return { value: new UnkError(text()), used: steps.length };
          const decl = mod.resources.get(`${root}.${name}`);
          if (!decl) {
            const ref = { base: `${mod.prefix}${root}.${name}`, attribute: attrAt(steps, 1) };
            return { value: root.includes('_') ? new Unk(text(), ref) : new UnkError(text()), used: steps.length };
          }
          return resourceLookup(host, mod, decl, steps.slice(1), text, 1);
        }
      }
    },
  };
}

const attrAt = (steps: Step[], i: number): string | null => {
  const s = steps[i];
  return s && s.k === 'attr' ? s.name : null;
};

function resourceLookup(host: ModuleHost, mod: ModuleInstance, decl: Decl, steps: Step[], text: () => string, offset: number): { value: Value; used: number } {
  const { list, byKey, expanded } = mod.instances(decl);
  const base = `${mod.prefix}${decl.mode === 'data' ? 'data.' : ''}${decl.type}.${decl.name}`;
  let inst: Instance | undefined;
  let i = 0;
  let key: number | string | null | undefined;
  if (expanded) {
    const s = steps[0];
    if (!s || s.k !== 'index') {
      // The resource as a whole: a list (count) or map (for_each) of its instances, when known.
      if (list.some((x) => x.keyUnknown)) return { value: new Unk(text(), { base, attribute: null, key: null }), used: offset + steps.length };
      if (list.every((x) => typeof x.key === 'number')) return { value: list.map((x) => instanceObject(host, x)), used: offset };
      const all = newObject();
      for (const x of list) setKey(all, String(x.key), instanceObject(host, x));
      return { value: all, used: offset };
    }
    const k = s.value;
    key = isUnk(k) ? null : typeof k === 'number' || typeof k === 'string' ? k : null;
    inst = key === null ? undefined : byKey.get(String(key));
    i = 1;
  } else if (list.length === 1) inst = list[0];
  const attribute = attrAt(steps, i);
  const used = offset + i + (attribute === null ? 0 : 1);
  if (inst && attribute === null) return { value: instanceObject(host, inst), used };
  if (!inst || attribute === null) return { value: new Unk(text(), { base, key, attribute }), used };
  return { value: instanceAttribute(host, inst, attribute, text), used };
}

/** One attribute of an instance: what its configuration says when known, else a reference. */
function instanceAttribute(host: ModuleHost, inst: Instance, attribute: string, text: () => string): Value {
  const ref = { base: inst.base, key: inst.key, attribute };
  if (inst.decl.mode === 'data') return host.dataAttribute(inst.decl.type, attribute, () => inst.body(), text()) ?? new Unk(text(), ref);
  const computed = host.computedAttribute(inst.decl.type, attribute, (n) => inst.attr(n) ?? null);
  if (computed !== undefined) return computed;
  const v = inst.attr(attribute);
  // A value the configuration sets and that is known: Terraform knows it at plan time too.
  if (v !== undefined && isWhollyKnown(v)) return v;
  return new Unk(text(), ref);
}

const COMMON_COMPUTED = ['id', 'arn', 'name'];

/** An instance as an object value (`each.value` over a resource): its attributes, references for the rest. */
function instanceObject(host: ModuleHost, inst: Instance): Value {
  const o = newObject();
  const names = new Set([...inst.decl.block.body.attributes.map((a) => a.name), ...COMMON_COMPUTED]);
  for (const n of names) if (!['count', 'for_each', 'depends_on', 'provider'].includes(n)) setKey(o, n, instanceAttribute(host, inst, n, () => `${inst.address}.${n}`));
  const mark: InstanceMark = { address: inst.address, ref: { base: inst.base, key: inst.key, attribute: null } };
  Object.defineProperty(o, INSTANCE, { value: mark, enumerable: false });
  return o;
}

function moduleLookup(mod: ModuleInstance, steps: Step[], text: () => string): { value: Value; used: number } {
  const name = attrAt(steps, 0);
  const call = name === null ? undefined : mod.calls.get(name);
  if (!call) return { value: new Unk(text()), used: steps.length };
  const instances = mod.callInstances(call);
  let child: ModuleInstance | undefined;
  let i = 1;
  if (call.expanded) {
    const s = steps[1];
    if (!s || s.k !== 'index' || isUnk(s.value)) return { value: new Unk(text()), used: steps.length };
    child = call.byKey.get(String(s.value));
    i = 2;
  } else child = instances[0];
  const output = attrAt(steps, i);
  if (!child || output === null) return { value: new Unk(text()), used: steps.length };
  return { value: child.output(output), used: i + 1 };
}
