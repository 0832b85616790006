// Terraform plan JSON (`terraform show -json plan.out`) → evaluated resource instances. The plan
// carries resolved values (planned_values, root and child modules); what is known only after
// apply is marked in resource_changes[].change.after_unknown and becomes unknown. For those,
// the configuration section says which resource an attribute refers to, which links
// companions (a versioning resource to its bucket) even before the bucket exists.
import type { EBody } from './eval/body.js';
import { fromJson, newObject, setKey, Unk, type ResourceRef, type Value } from './eval/values.js';
import type { Notice } from './eval/module.js';
import type { TfResource } from './normalize/common.js';

interface PlanResource {
  address?: string;
  mode?: string;
  type?: string;
  name?: string;
  index?: number | string;
  values?: Record<string, unknown>;
}
interface PlanModule {
  address?: string;
  resources?: PlanResource[];
  child_modules?: PlanModule[];
}
interface ConfigModule {
  resources?: { address?: string; expressions?: Record<string, unknown> }[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}
interface Plan {
  planned_values?: { root_module?: PlanModule };
  resource_changes?: { address?: string; change?: { after_unknown?: unknown } }[];
  configuration?: { root_module?: ConfigModule };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Offset of the first syntax error in a JSON text (JSON.parse does not always say where). */
function jsonErrorOffset(t: string): number {
  let i = 0;
  const ws = () => {
    while (i < t.length && (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t')) i++;
  };
  const str = () => {
    i++;
    while (i < t.length) {
      const c = t[i]!;
      if (c === '\\') i += 2;
      else if (c === '"') {
        i++;
        return;
      } else if (c < ' ') throw i;
      else i++;
    }
    throw i;
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (t[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (t[i] !== '"') throw i;
          str();
          ws();
          if (t[i] !== ':') throw i;
          i++;
        }
        value();
        ws();
        if (t[i] === ',') i++;
        else if (t[i] === close) {
          i++;
          return;
        } else throw i;
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(t.slice(i, i + 400));
    if (!m) throw i;
    i += m[0].length;
  };
  try {
    value();
    ws();
    return i < t.length ? i : -1;
  } catch (e) {
    if (typeof e === 'number') return e;
    throw e;
  }
}

/** Line of the first JSON syntax error, or null when it cannot be placed. */
function errorLine(text: string): number | null {
  const at = jsonErrorOffset(text);
  if (at < 0) return null;
  let line = 1;
  for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function readPlan(path: string, text: string, notice: (n: Notice) => void): TfResource[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    notice({ path, line: errorLine(text), message: `syntax error: ${(e as Error).message}` });
    return [];
  }
  if (!isRecord(parsed) || !isRecord(parsed.planned_values)) {
    notice({ path, line: 1, message: 'not a Terraform plan: no planned_values (expected the output of `terraform show -json <plan>`)' });
    return [];
  }
  const plan = parsed as Plan;
  const afterUnknown = new Map<string, unknown>();
  for (const rc of plan.resource_changes ?? []) if (rc.address) afterUnknown.set(rc.address, rc.change?.after_unknown);
  const out: TfResource[] = [];
  const visit = (m: PlanModule | undefined) => {
    if (!m) return;
    const prefix = m.address ? `${m.address}.` : '';
    const config = configModule(plan.configuration?.root_module, m.address ?? '');
    for (const r of m.resources ?? []) {
      if (r.mode !== 'managed' || !r.type || !r.name || !r.address) continue;
      const key = r.index === undefined ? null : r.index;
      const configured = config?.resources?.find((c) => c.address === `${r.type}.${r.name}`);
      const expressions = configured?.expressions ?? {};
      out.push({
        type: r.type,
        name: r.name,
        address: r.address,
        base: `${prefix}${r.type}.${r.name}`,
        key,
        keyUnknown: false,
        body: bodyOf(r.address, r.values ?? {}, afterUnknown.get(r.address), configured ? expressions : null, prefix, key),
        format: 'terraform-plan',
        path,
        startLine: 1,
        endLine: 1,
      });
    }
    for (const c of m.child_modules ?? []) visit(c);
  };
  visit(plan.planned_values?.root_module);
  return out;
}

/** The configuration of a module address (`module.a["x"].module.b` → module_calls.a.module.module_calls.b.module). */
function configModule(root: ConfigModule | undefined, address: string): ConfigModule | undefined {
  let m = root;
  for (const [, name] of address.matchAll(/module\.([^.[]+)/g)) m = m?.module_calls?.[name!]?.module;
  return m;
}

/**
 * The resource's values, unknown where the plan says "known after apply". An attribute the
 * configuration does not set and only the provider computes (an S3 bucket's acl, an instance's
 * default KMS key) is left out, as it would be from the HCL; without a configuration section,
 * it stays unknown.
 */
function bodyOf(address: string, values: Record<string, unknown>, unknowns: unknown, expressions: Record<string, unknown> | null, prefix: string, key: number | string | null): EBody {
  const attrs = newObject();
  const unk = isRecord(unknowns) ? unknowns : {};
  for (const k of new Set([...Object.keys(values), ...Object.keys(unk)])) {
    if (unk[k] === true && expressions !== null && !Object.prototype.hasOwnProperty.call(expressions, k)) continue;
    setKey(attrs, k, planValue(values[k], unk[k], `${address}.${k}`, () => referenceOf(expressions?.[k], prefix, key)));
  }
  return { attrs, blocks: {} };
}

function planValue(v: unknown, unknown: unknown, text: string, ref: () => ResourceRef | null = () => null): Value {
  if (unknown === true) return new Unk(`${text} (known after apply)`, ref());
  if (Array.isArray(v) || (Array.isArray(unknown) && v == null)) {
    const list = Array.isArray(v) ? v : [];
    const u = Array.isArray(unknown) ? unknown : [];
    const n = Math.max(list.length, u.length);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(planValue(list[i], u[i], `${text}[${i}]`));
    return out;
  }
  if (isRecord(v) && isRecord(unknown)) {
    const o = newObject();
    for (const k of new Set([...Object.keys(v), ...Object.keys(unknown)])) setKey(o, k, planValue(v[k], unknown[k], `${text}.${k}`));
    return o;
  }
  return v === undefined ? null : fromJson(v);
}

/** The resource an attribute's expression refers to, from the configuration's `references`. */
function referenceOf(expression: unknown, prefix: string, ownKey: number | string | null): ResourceRef | null {
  const refs = isRecord(expression) && Array.isArray(expression.references) ? (expression.references as unknown[]).filter((r): r is string => typeof r === 'string') : [];
  const followsOwnKey = refs.some((r) => r === 'count.index' || r === 'each.key' || r === 'each.value');
  for (const ref of refs) {
    if (/^(var|local|module|count|each|path|terraform|self)\./.test(ref)) continue;
    const m = /^((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(\[[^\]]*\])?(?:\.([A-Za-z0-9_]+))?/.exec(ref);
    if (!m) continue;
    let key: number | string | null | undefined;
    if (m[2]) {
      const inner = m[2].slice(1, -1);
      key = /^\d+$/.test(inner) ? Number(inner) : /^".*"$/.test(inner) ? (JSON.parse(inner) as string) : followsOwnKey ? ownKey : null;
    } else if (followsOwnKey && ownKey !== null) key = ownKey;
    return { base: prefix + m[1]!, key, attribute: m[3] ?? null };
  }
  return null;
}
