// What a normalizer sees: one template resource (properties resolved, lines known) and the
// template around it, to find the companion resources that configure it (a bucket policy for a
// bucket, an ingress rule for a security group…).
import { isUnknown, unknown, type Resource, type ResourceType, type ResourceTypes, type Unknown, type V } from '../../domain/resources/index.js';
import { Ref, type Evaluator, type Resolved } from './evaluate.js';
import type { Span } from './parse.js';
import { str } from './values.js';

export interface TemplateResource {
  logicalId: string;
  type: string;
  /** `<path>#<LogicalId>`. */
  id: string;
  span: Span;
  /** The resource-level condition: true (none, or holds), or unknown. Resources whose condition is false are left out. */
  exists: true | Unknown;
  /** A property, resolved; an unknown when the whole Properties block is. */
  get(name: string): Resolved | undefined;
}

export interface Attachment {
  /** Companions that point at the target. */
  matches: TemplateResource[];
  /** Set when a companion might point at the target (its pointer, or its existence, is unknown). */
  maybe: Unknown | null;
}

export type Normalizer = (resource: TemplateResource, ctx: Context) => Resource[];

export class Context {
  private readonly byType = new Map<string, TemplateResource[]>();
  private readonly byId = new Map<string, TemplateResource>();

  constructor(
    readonly path: string,
    readonly resources: TemplateResource[],
    private readonly evaluator: Evaluator,
    private readonly spans: WeakMap<object, Span>,
  ) {
    for (const r of resources) {
      this.byId.set(r.logicalId, r);
      const list = this.byType.get(r.type);
      if (list) list.push(r);
      else this.byType.set(r.type, [r]);
    }
  }

  ofType(type: string): TemplateResource[] {
    return this.byType.get(type) ?? [];
  }

  byLogicalId(logicalId: string): TemplateResource | undefined {
    return this.byId.get(logicalId);
  }

  /** Lines of a resolved map or list (a rule, a listener), when it has its own. */
  spanOf(v: Resolved | undefined): Span | null {
    return typeof v === 'object' && v !== null ? (this.spans.get(v) ?? null) : null;
  }

  /** The name `Ref` returns for the resource when the template sets it (a bucket's BucketName). */
  knownName(target: TemplateResource): V<string> | null {
    const v = this.evaluator.refValue(new Ref(target.logicalId, null, this.evaluator));
    return typeof v === 'string' || isUnknown(v) ? v : null;
  }

  /**
   * Whether a pointer (a property of a companion) designates `target`: a Ref/GetAtt to it, or
   * its name. An unknown pointer might; a literal id cannot (ids of template resources are
   * never known before deployment).
   */
  pointsTo(pointer: Resolved | undefined, target: TemplateResource, name: V<string> | null = this.knownName(target)): boolean | Unknown {
    if (pointer instanceof Ref) return pointer.logicalId === target.logicalId;
    if (Array.isArray(pointer)) {
      let maybe: Unknown | null = null;
      for (const p of pointer) {
        const hit = this.pointsTo(p, target, name);
        if (hit === true) return true;
        if (isUnknown(hit)) maybe ??= hit;
      }
      return maybe ?? false;
    }
    if (isUnknown(pointer)) return isUnknown(name) && name.$unknown === pointer.$unknown ? true : pointer;
    return typeof pointer === 'string' && typeof name === 'string' && pointer === name;
  }

  /**
   * Companions of `type` whose property `prop` (a single pointer or a list) designates `target`,
   * by reference or by `name` (what the target's `Ref` returns, unless told otherwise).
   */
  attached(type: string, prop: string, target: TemplateResource, options: { filter?: (companion: TemplateResource) => boolean; name?: V<string> | null } = {}): Attachment {
    const matches: TemplateResource[] = [];
    let maybe: Unknown | null = null;
    const name = options.name !== undefined ? options.name : this.knownName(target);
    for (const c of this.ofType(type)) {
      if (options.filter && !options.filter(c)) continue;
      const hit = this.pointsTo(c.get(prop), target, name);
      if (hit === true) {
        matches.push(c);
        if (c.exists !== true) maybe ??= c.exists;
      } else if (isUnknown(hit)) maybe ??= hit;
    }
    return { matches, maybe };
  }

  /**
   * "Is there a companion?" as a value: true when one certainly applies, unknown when one might,
   * false otherwise.
   */
  present(a: Attachment): V<boolean> {
    if (a.matches.some((m) => m.exists === true)) return true;
    return a.maybe ?? false;
  }

  /** For id-like attributes (KMS keys, clusters, VPCs): a reference to a template resource is its resource id. */
  resourceId(v: Resolved | undefined): V<string> | null {
    if (v instanceof Ref) return this.byId.has(v.logicalId) ? `${this.path}#${v.logicalId}` : unknown(v.expression);
    return str(v);
  }

  /** For a principal named in an IAM attachment list: the resource id of a template user/role/group, else its name. */
  principalId(v: Resolved, type: string): string {
    if (v instanceof Ref) return `${this.path}#${v.logicalId}`;
    if (typeof v === 'string') {
      const named = this.ofType(type).find((r) => this.knownName(r) === v);
      return named ? named.id : v;
    }
    const s = str(v);
    return s === null ? '' : isUnknown(s) ? s.$unknown : s;
  }

  /** A normalized resource for a template resource. */
  emit<T extends ResourceType>(r: TemplateResource, type: T, name: V<string> | null, attributes: ResourceTypes[T], span: Span = r.span, idSuffix = ''): Resource {
    return {
      type,
      id: `${r.id}${idSuffix}`,
      name: typeof name === 'string' ? name : r.logicalId,
      attributes: attributes as unknown as Record<string, unknown>,
      source: { kind: 'file', format: 'cloudformation', path: this.path, startLine: span.startLine, endLine: span.endLine },
    };
  }
}

/** Three-valued "all": false wins, then unknown, else true. */
export function all(values: V<boolean>[]): V<boolean> {
  let pending: Unknown | null = null;
  for (const v of values) {
    if (v === false) return false;
    if (isUnknown(v)) pending ??= v;
  }
  return pending ?? true;
}

/** Three-valued "any": true wins, then unknown, else false. */
export function any(values: V<boolean>[]): V<boolean> {
  let pending: Unknown | null = null;
  for (const v of values) {
    if (v === true) return true;
    if (isUnknown(v)) pending ??= v;
  }
  return pending ?? false;
}

