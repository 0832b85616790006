// Read-only views of the shipped content.
import { notFound, invalidField } from '../domain/errors.js';
import { CATEGORIES, type Category, type Criterion, type Framework } from '../domain/types.js';
import type { AppContext } from './context.js';
import { libraryView } from './controls.service.js';

export interface CriterionView extends Criterion {
  controls: string[];
}

export interface FrameworkSummary {
  id: string;
  name: string;
  version: string;
  kinds: string[];
  requirements: number;
}

export type LibraryControlView = ReturnType<typeof libraryView>;

const libraries = new WeakMap<object, LibraryControlView[]>();

export class CatalogService {
  constructor(private readonly ctx: Pick<AppContext, 'catalog'>) {}

  /**
   * The control library as shipped: descriptions, suggested evidence, criteria and framework
   * mappings, the same for every organization. One array per catalog (do not mutate it), so the
   * HTTP layer serializes it once.
   */
  controls(): LibraryControlView[] {
    let views = libraries.get(this.ctx.catalog);
    if (!views) libraries.set(this.ctx.catalog, (views = this.ctx.catalog.controls.map(libraryView)));
    return views;
  }

  frameworks(): FrameworkSummary[] {
    const { soc2, frameworks } = this.ctx.catalog;
    return [
      { id: soc2.id, name: soc2.name, version: soc2.version, kinds: ['category', 'group', 'criterion'], requirements: soc2.criteria.length },
      ...frameworks.map((f) => ({ id: f.id, name: f.name, version: f.version, kinds: f.kinds, requirements: f.requirements.length })),
    ];
  }

  framework(id: string): Framework {
    const { soc2, frameworks } = this.ctx.catalog;
    if (id === soc2.id) {
      return {
        id: soc2.id, name: soc2.name, version: soc2.version, kinds: ['category', 'group', 'criterion'],
        requirements: [
          ...soc2.categories.map((c) => ({ id: c.id, kind: 'category', parent: null, title: c.title, description: c.description })),
          ...soc2.groups.map((g) => ({ id: g.id, kind: 'group', parent: g.category, title: g.title, description: g.title })),
          ...soc2.criteria.map((c) => ({ id: c.id, kind: 'criterion', parent: c.group, title: c.title, description: c.description })),
        ],
      };
    }
    const found = frameworks.find((f) => f.id === id);
    if (!found) throw notFound('framework', id, 'id');
    return found;
  }

  criteria(filter: { category?: string } = {}): CriterionView[] {
    let category: Category | undefined;
    if (filter.category !== undefined) {
      const c = filter.category.trim().toLowerCase().replace(/[\s-]+/g, '_');
      if (!(CATEGORIES as readonly string[]).includes(c)) throw invalidField('category', 'unknown_category', `unknown category ${JSON.stringify(filter.category)}; choose from ${CATEGORIES.join(', ')}`);
      category = c as Category;
    }
    const controlsOf = this.controlsByCriterion();
    return this.ctx.catalog.soc2.criteria
      .filter((c) => category === undefined || c.category === category)
      .map((c) => ({ ...c, controls: controlsOf.get(c.id) ?? [] }));
  }

  criterion(id: string): CriterionView {
    const found = this.ctx.catalog.soc2.criteria.find((c) => c.id.toUpperCase() === id.toUpperCase());
    if (!found) throw notFound('criterion', id, 'id');
    return { ...found, controls: this.controlsByCriterion().get(found.id) ?? [] };
  }

  /** Throws a field error for an unknown criterion id; returns the canonical id. */
  requireCriterion(id: string, field = 'criterion'): string {
    const found = this.ctx.catalog.soc2.criteria.find((c) => c.id.toUpperCase() === id.toUpperCase());
    if (!found) throw invalidField(field, 'unknown_id', `no SOC 2 criterion ${JSON.stringify(id)}`);
    return found.id;
  }

  private controlsByCriterion(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const control of this.ctx.catalog.controls) {
      for (const id of control.criteria) out.set(id, [...(out.get(id) ?? []), control.id]);
    }
    return out;
  }
}
