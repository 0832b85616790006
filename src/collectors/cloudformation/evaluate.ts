// Static evaluation of a template: parameters with defaults, pseudo parameters, mappings,
// conditions and the intrinsic functions. What cannot be known before deployment becomes
// `{ $unknown: "<what it depends on>" }` — never a guess. A reference to another resource of
// the template stays a `Ref`, so normalizers can attach companions (a bucket policy to its
// bucket) and still ask for the referenced value when they need a string.
import { isUnknown, unknown, type Unknown } from '../../domain/resources/index.js';
import type { Problem, Raw, Span } from './parse.js';

/** A reference to a resource of the template: `!Ref X` (attribute null) or `!GetAtt X.Attr`. */
export class Ref {
  constructor(
    readonly logicalId: string,
    readonly attribute: string | null,
    private readonly evaluator: Evaluator,
  ) {}
  get expression(): string {
    return this.attribute === null ? `Ref:${this.logicalId}` : `GetAtt:${this.logicalId}.${this.attribute}`;
  }
  /** What the reference returns, as far as it is known statically. */
  get value(): Resolved {
    return this.evaluator.refValue(this);
  }
}

export type Resolved = string | number | boolean | null | Unknown | Ref | Resolved[] | { [key: string]: Resolved };

/** `AWS::NoValue`: the property or list element is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Result = Resolved | typeof NO_VALUE;

export const isMapValue = (v: unknown): v is { [key: string]: Resolved } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Ref) && !isUnknown(v);

export const own = <T>(obj: { [key: string]: T }, key: string): T | undefined => (Object.hasOwn(obj, key) ? obj[key] : undefined);

/** The property each type's `Ref` returns when it is a name the template may set. */
const REF_NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::CloudTrail::Trail': 'TrailName',
  'AWS::EKS::Cluster': 'Name',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'LoadBalancerName',
  'AWS::Config::ConfigurationRecorder': 'Name',
};

export interface TemplateResourceEntry {
  logicalId: string;
  type: string;
  raw: { [key: string]: Raw };
}

export class Evaluator {
  private readonly parameters = new Map<string, Resolved>();
  private readonly mappings: { [key: string]: Raw };
  private readonly conditionDefs: { [key: string]: Raw };
  private readonly conditionMemo = new Map<string, boolean | Unknown>();
  private readonly propsMemo = new Map<string, { [key: string]: Resolved } | Unknown>();
  private readonly inProgress = new Set<string>();
  readonly resources = new Map<string, TemplateResourceEntry>();

  constructor(
    root: { [key: string]: Raw },
    private readonly spans: WeakMap<object, Span>,
    private readonly problems: Problem[],
    private readonly path: string,
  ) {
    const section = (name: string): { [key: string]: Raw } => {
      const s = own(root, name);
      return isMapValue(s) ? (s as { [key: string]: Raw }) : {};
    };
    for (const [name, def] of Object.entries(section('Parameters'))) this.parameters.set(name, parameterValue(name, def));
    this.mappings = section('Mappings');
    this.conditionDefs = section('Conditions');
    for (const [logicalId, def] of Object.entries(section('Resources'))) {
      if (!isMapValue(def)) continue;
      const type = own(def as { [key: string]: Raw }, 'Type');
      if (typeof type === 'string') this.resources.set(logicalId, { logicalId, type, raw: def as { [key: string]: Raw } });
    }
  }

  /** The resource's properties, resolved once. */
  properties(logicalId: string): { [key: string]: Resolved } | Unknown {
    const memo = this.propsMemo.get(logicalId);
    if (memo) return memo;
    const entry = this.resources.get(logicalId);
    if (!entry) return {};
    const key = `props:${logicalId}`;
    if (this.inProgress.has(key)) return unknown(`Ref:${logicalId}`);
    this.inProgress.add(key);
    const raw = own(entry.raw, 'Properties');
    const resolved = raw === undefined ? NO_VALUE : this.resolve(raw);
    this.inProgress.delete(key);
    const props = resolved === NO_VALUE || resolved === null ? {} : isUnknown(resolved) ? resolved : isMapValue(resolved) ? resolved : unknown(`Properties of ${logicalId}`);
    this.propsMemo.set(logicalId, props);
    return props;
  }

  /** Whether a resource-level condition holds (true when it has none). */
  resourceCondition(logicalId: string): boolean | Unknown {
    const c = this.resources.get(logicalId) && own(this.resources.get(logicalId)!.raw, 'Condition');
    return typeof c === 'string' ? this.condition(c) : true;
  }

  refValue(ref: Ref): Resolved {
    const entry = this.resources.get(ref.logicalId);
    const nameProp = entry && ref.attribute === null ? REF_NAME_PROPERTY[entry.type] : undefined;
    if (!nameProp) return unknown(ref.expression);
    const props = this.properties(ref.logicalId);
    if (isUnknown(props)) return props;
    const name = own(props, nameProp);
    if (name === undefined || name === null) return unknown(ref.expression);
    return name instanceof Ref ? (name.logicalId === ref.logicalId ? unknown(ref.expression) : name.value) : name;
  }

  condition(name: string): boolean | Unknown {
    const memo = this.conditionMemo.get(name);
    if (memo !== undefined) return memo;
    const def = own(this.conditionDefs, name);
    const key = `cond:${name}`;
    if (def === undefined || this.inProgress.has(key)) return unknown(`Condition:${name}`);
    this.inProgress.add(key);
    const value = this.conditionExpression(def);
    this.inProgress.delete(key);
    this.conditionMemo.set(name, value);
    return value;
  }

  private conditionExpression(v: Raw): boolean | Unknown {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') return v === 'true' ? true : v === 'false' ? false : this.condition(v);
    if (isUnknown(v)) return v;
    if (isMapValue(v)) {
      const keys = Object.keys(v);
      const arg = v[keys[0] ?? ''] as Raw;
      if (keys.length === 1 && keys[0] === 'Condition' && typeof arg === 'string') return this.condition(arg);
      if (keys.length === 1 && Array.isArray(arg)) {
        switch (keys[0]) {
          case 'Fn::Equals': {
            const [a, b] = arg.map((x) => this.resolve(x));
            return equals(a, b);
          }
          case 'Fn::Not': {
            const c = this.conditionExpression(arg[0] ?? null);
            return isUnknown(c) ? c : !c;
          }
          case 'Fn::And': case 'Fn::Or': {
            const decisive = keys[0] === 'Fn::Or';
            let pending: Unknown | null = null;
            for (const item of arg) {
              const c = this.conditionExpression(item);
              if (c === decisive) return decisive;
              if (isUnknown(c)) pending ??= c;
            }
            return pending ?? !decisive;
          }
        }
      }
    }
    const r = this.resolve(v);
    if (typeof r === 'boolean') return r;
    if (r === 'true' || r === 'false') return r === 'true';
    return isUnknown(r) ? r : unknown('condition');
  }

  /** Resolve every intrinsic function in a value. */
  resolve(v: Raw): Result {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const out: Resolved[] = [];
      for (const item of v) {
        const r = this.resolve(item);
        if (r !== NO_VALUE) out.push(r);
      }
      this.keepSpan(v, out);
      return out;
    }
    if (isUnknown(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const k = keys[0]!;
      if (k === 'Ref' || k.startsWith('Fn::')) return this.intrinsic(k, v[k] as Raw, v);
    }
    const out: { [key: string]: Resolved } = {};
    for (const k of keys) {
      const r = this.resolve(v[k] as Raw);
      if (r !== NO_VALUE) out[k] = r;
    }
    this.keepSpan(v, out);
    return out;
  }

  private keepSpan(from: object, to: object): void {
    const s = this.spans.get(from);
    if (s) this.spans.set(to, s);
  }

  private intrinsic(fn: string, arg: Raw, node: object): Result {
    switch (fn) {
      case 'Ref': return typeof arg === 'string' ? this.ref(arg) : unknown('Ref');
      case 'Fn::GetAtt': {
        const parts = typeof arg === 'string' ? splitOnce(arg) : Array.isArray(arg) ? arg.map((a) => this.resolve(a)) : [];
        const [id, attr] = parts;
        if (typeof id !== 'string' || typeof attr !== 'string') return isUnknown(attr) ? attr : unknown('GetAtt');
        return this.resources.has(id) ? new Ref(id, attr, this) : unknown(`GetAtt:${id}.${attr}`);
      }
      case 'Fn::Sub': return this.sub(arg);
      case 'Fn::Join': {
        if (!Array.isArray(arg)) return unknown('Join');
        const delimiter = this.resolve(arg[0] ?? '');
        const list = this.resolve(arg[1] ?? []);
        if (typeof delimiter !== 'string') return isUnknown(delimiter) ? delimiter : unknown('Join');
        if (!Array.isArray(list)) return isUnknown(list) ? list : unknown('Join');
        const parts: string[] = [];
        for (const item of list) {
          const s = toText(item);
          if (typeof s !== 'string') return s;
          parts.push(s);
        }
        return parts.join(delimiter);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg)) return unknown('Select');
        const index = toNumber(this.resolve(arg[0] ?? null));
        const list = this.resolve(arg[1] ?? null);
        if (typeof index !== 'number') return index;
        if (!Array.isArray(list)) return isUnknown(list) ? list : unknown('Select');
        return index >= 0 && index < list.length ? list[index]! : unknown(`Select:${index}`);
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg)) return unknown('Split');
        const delimiter = this.resolve(arg[0] ?? null);
        const source = toText(this.resolve(arg[1] ?? null));
        if (typeof delimiter !== 'string') return isUnknown(delimiter) ? delimiter : unknown('Split');
        return typeof source === 'string' ? source.split(delimiter) : source;
      }
      case 'Fn::FindInMap': return this.findInMap(arg);
      case 'Fn::If': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return unknown('If');
        const c = this.condition(arg[0]);
        if (c === true) return this.resolve(arg[1] ?? null);
        if (c === false) return this.resolve(arg[2] ?? null);
        const [a, b] = [this.resolve(arg[1] ?? null), this.resolve(arg[2] ?? null)];
        // Both branches alike (two literals): the answer does not depend on the condition.
        return a === b && (a === null || typeof a !== 'object') ? (a as Result) : c;
      }
      case 'Fn::Equals': case 'Fn::Not': case 'Fn::And': case 'Fn::Or':
        return this.conditionExpression({ [fn]: arg });
      case 'Fn::Base64': {
        const s = toText(this.resolve(arg));
        return typeof s === 'string' ? Buffer.from(s, 'utf8').toString('base64') : s;
      }
      case 'Fn::GetAZs': return unknown('GetAZs');
      case 'Fn::ImportValue': {
        const name = toText(this.resolve(arg));
        return unknown(typeof name === 'string' ? `ImportValue:${name}` : name.$unknown);
      }
      case 'Fn::Cidr': {
        if (!Array.isArray(arg)) return unknown('Cidr');
        const [block, count, bits] = arg.map((a) => this.resolve(a));
        const b = toText(block ?? null);
        const n = toNumber(count ?? null);
        const m = toNumber(bits ?? null);
        if (typeof b !== 'string') return b;
        if (typeof n !== 'number') return n;
        if (typeof m !== 'number') return m;
        return cidrs(b, n, m) ?? unknown(`Cidr:${b}`);
      }
      case 'Fn::Length': {
        const list = this.resolve(arg);
        return Array.isArray(list) ? list.length : isUnknown(list) ? list : unknown('Length');
      }
      case 'Fn::ToJsonString': {
        const value = this.resolve(arg);
        if (value === NO_VALUE) return unknown('AWS::NoValue');
        return firstUnknown(value) ?? JSON.stringify(value);
      }
      case 'Fn::Transform': return unknown('Transform');
      default:
        this.problems.push({ path: this.path, line: this.spans.get(node)?.startLine ?? null, message: `unsupported intrinsic function ${fn}: its value is treated as unknown` });
        return unknown(fn);
    }
  }

  private ref(name: string): Result {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (this.parameters.has(name)) return this.parameters.get(name)!;
    if (this.resources.has(name)) return new Ref(name, null, this);
    return unknown(`Ref:${name}`);
  }

  private sub(arg: Raw): Result {
    const [template, varsRaw] = Array.isArray(arg) ? arg : [arg, null];
    if (typeof template !== 'string') return isUnknown(template) ? template : unknown('Sub');
    const vars = isMapValue(varsRaw) ? (varsRaw as { [key: string]: Raw }) : {};
    let out = '';
    let i = 0;
    while (i < template.length) {
      const start = template.indexOf('${', i);
      if (start < 0) { out += template.slice(i); break; }
      const end = template.indexOf('}', start);
      if (end < 0) { out += template.slice(i); break; }
      out += template.slice(i, start);
      const name = template.slice(start + 2, end).trim();
      i = end + 1;
      if (name.startsWith('!')) { out += `\${${name.slice(1)}}`; continue; }
      const value = Object.hasOwn(vars, name) ? this.resolve(vars[name]!) : this.subVariable(name);
      const text = toText(value === NO_VALUE ? null : value);
      if (typeof text !== 'string') return text;
      out += text;
    }
    return out;
  }

  private subVariable(name: string): Result {
    if (this.parameters.has(name) || this.resources.has(name) || name.startsWith('AWS::')) return this.ref(name);
    const [id, attr] = splitOnce(name);
    if (attr !== undefined && this.resources.has(id!)) return new Ref(id!, attr, this);
    return unknown(`Ref:${name}`);
  }

  private findInMap(arg: Raw): Result {
    if (!Array.isArray(arg) || arg.length < 3) return unknown('FindInMap');
    const keys: string[] = [];
    for (const a of arg.slice(0, 3)) {
      const k = toText(this.resolve(a));
      if (typeof k !== 'string') return k;
      keys.push(k);
    }
    const [mapName, top, second] = keys as [string, string, string];
    const map = own(this.mappings, mapName);
    const level = isMapValue(map) ? own(map as { [key: string]: Raw }, top) : undefined;
    const value = isMapValue(level) ? own(level as { [key: string]: Raw }, second) : undefined;
    if (value !== undefined) return this.resolve(value);
    const fallback = arg[3];
    const defaultValue = isMapValue(fallback) ? own(fallback as { [key: string]: Raw }, 'DefaultValue') : undefined;
    return defaultValue !== undefined ? this.resolve(defaultValue) : unknown(`FindInMap:${mapName}.${top}.${second}`);
  }
}

function parameterValue(name: string, def: Raw): Resolved {
  if (!isMapValue(def)) return unknown(`Ref:${name}`);
  const d = def as { [key: string]: Raw };
  const type = typeof d.Type === 'string' ? d.Type : 'String';
  const dflt = own(d, 'Default');
  // An SSM-typed parameter's default is the name of the SSM parameter, not its value.
  if (dflt === undefined || dflt === null || type.startsWith('AWS::SSM::Parameter::Value')) return unknown(`Ref:${name}`);
  if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
    return Array.isArray(dflt) ? (dflt as Resolved[]) : String(dflt).split(',').map((s) => s.trim());
  }
  return typeof dflt === 'object' ? unknown(`Ref:${name}`) : dflt;
}

const splitOnce = (s: string): string[] => {
  const dot = s.indexOf('.');
  return dot < 0 ? [s] : [s.slice(0, dot), s.slice(dot + 1)];
};

/** A scalar as CloudFormation turns it into text; a reference through its known value. */
export function toText(v: Result | undefined): string | Unknown {
  if (v === NO_VALUE) return unknown('AWS::NoValue');
  if (v instanceof Ref) return toText(v.value);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isUnknown(v)) return v;
  return unknown('not a string');
}

export function toNumber(v: Result | undefined): number | Unknown {
  if (v === NO_VALUE) return unknown('AWS::NoValue');
  if (v instanceof Ref) return toNumber(v.value);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (isUnknown(v)) return v;
  return unknown('not a number');
}

export function firstUnknown(v: Resolved): Unknown | null {
  if (v instanceof Ref) return unknown(v.expression);
  if (isUnknown(v)) return v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = firstUnknown(x);
      if (u) return u;
    }
  } else if (isMapValue(v)) {
    for (const x of Object.values(v)) {
      const u = firstUnknown(x);
      if (u) return u;
    }
  }
  return null;
}

function equals(a: Result | undefined, b: Result | undefined): boolean | Unknown {
  const norm = (x: Result | undefined): string | Unknown => {
    if (x === undefined || x === NO_VALUE || x === null) return '';
    if (Array.isArray(x) || isMapValue(x)) return firstUnknown(x) ?? JSON.stringify(x);
    return toText(x);
  };
  const [x, y] = [norm(a), norm(b)];
  if (isUnknown(x)) return x;
  if (isUnknown(y)) return y;
  return x === y;
}

/** Fn::Cidr for IPv4: `count` subnets of `bits` host bits each, carved from the start of `block`. */
function cidrs(block: string, count: number, bits: number): string[] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(block.trim());
  if (!m || !Number.isInteger(count) || !Number.isInteger(bits) || count < 1 || count > 256) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  const newPrefix = 32 - bits;
  if (octets.some((o) => o > 255) || prefix > 32 || newPrefix < prefix || newPrefix > 32) return null;
  if (count > 2 ** (newPrefix - prefix)) return null;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const network = base - (base % 2 ** (32 - prefix));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const addr = network + i * 2 ** bits;
    out.push(`${[24, 16, 8, 0].map((s) => Math.floor(addr / 2 ** s) % 256).join('.')}/${newPrefix}`);
  }
  return out;
}
