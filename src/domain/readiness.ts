// Readiness: how much of the scope has current evidence, by category and by criterion.
import type { ControlStatus } from './status.js';
import type { Category, Criterion } from './types.js';

export interface ControlForReadiness {
  id: string;
  status: ControlStatus;
  criteria: string[];
}

export type CriterionState = 'ready' | 'partial' | 'gap';

export interface CriterionReadiness {
  id: string;
  category: Category;
  title: string;
  controls: number;
  evidenced: number;
  failing: number;
  stale: number;
  noEvidence: number;
  /** Controls with an overdue task of recurring manual work. */
  atRisk: number;
  state: CriterionState;
}

export interface Tally {
  controls: number;
  evidenced: number;
  failing: number;
  stale: number;
  noEvidence: number;
  atRisk: number;
  /** Evidenced share of in-scope controls, 0..100, rounded down. */
  score: number;
}

export interface CategoryReadiness extends Tally {
  category: Category;
  criteria: number;
  criteriaReady: number;
}

export interface Readiness {
  overall: Tally & { excluded: number };
  categories: CategoryReadiness[];
  criteria: CriterionReadiness[];
}

function tally(statuses: ControlStatus[]): Tally {
  const evidenced = statuses.filter((s) => s === 'evidenced').length;
  const stale = statuses.filter((s) => s === 'stale').length;
  const noEvidence = statuses.filter((s) => s === 'no_evidence').length;
  const failing = statuses.filter((s) => s === 'failing').length;
  const atRisk = statuses.filter((s) => s === 'at_risk').length;
  const controls = evidenced + failing + stale + noEvidence + atRisk;
  return { controls, evidenced, failing, stale, noEvidence, atRisk, score: controls === 0 ? 0 : Math.floor((evidenced * 100) / controls) };
}

/** `categories` are those in scope; criteria of other categories are left out. */
export function computeReadiness(criteria: Criterion[], controls: ControlForReadiness[], categories: Category[]): Readiness {
  const inScopeCriteria = criteria.filter((c) => categories.includes(c.category));
  const byCriterion = new Map<string, ControlStatus[]>();
  for (const control of controls) {
    if (control.status === 'excluded') continue;
    for (const id of control.criteria) {
      const list = byCriterion.get(id) ?? [];
      list.push(control.status);
      byCriterion.set(id, list);
    }
  }
  const criteriaOut: CriterionReadiness[] = inScopeCriteria.map((c) => {
    const t = tally(byCriterion.get(c.id) ?? []);
    const state: CriterionState = t.controls > 0 && t.evidenced === t.controls ? 'ready' : t.evidenced > 0 ? 'partial' : 'gap';
    return { id: c.id, category: c.category, title: c.title, controls: t.controls, evidenced: t.evidenced, failing: t.failing, stale: t.stale, noEvidence: t.noEvidence, atRisk: t.atRisk, state };
  });
  const categoryOut: CategoryReadiness[] = categories.map((category) => {
    const ids = new Set(inScopeCriteria.filter((c) => c.category === category).map((c) => c.id));
    const relevant = controls.filter((c) => c.status !== 'excluded' && c.criteria.some((id) => ids.has(id)));
    const rows = criteriaOut.filter((r) => r.category === category);
    return { category, criteria: rows.length, criteriaReady: rows.filter((r) => r.state === 'ready').length, ...tally(relevant.map((c) => c.status)) };
  });
  const inScopeIds = new Set(inScopeCriteria.map((c) => c.id));
  const relevant = controls.filter((c) => c.criteria.some((id) => inScopeIds.has(id)));
  const overall = { ...tally(relevant.map((c) => c.status)), excluded: relevant.filter((c) => c.status === 'excluded').length };
  return { overall, categories: categoryOut, criteria: criteriaOut };
}
