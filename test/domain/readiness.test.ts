import { describe, expect, it } from 'vitest';
import { computeReadiness, type ControlForReadiness } from '../../src/domain/readiness.js';
import type { ControlStatus } from '../../src/domain/status.js';
import type { Category, Criterion } from '../../src/domain/types.js';

const criterion = (id: string, category: Category): Criterion => ({
  id, category, group: id.split('.')[0]!, groupTitle: `group of ${id}`, title: `title of ${id}`, description: '', pointsOfFocus: [],
});

const CRITERIA: Criterion[] = [
  criterion('CC1.1', 'security'),
  criterion('CC1.2', 'security'),
  criterion('CC6.1', 'security'),
  criterion('A1.1', 'availability'),
  criterion('A1.2', 'availability'),
  criterion('P1.1', 'privacy'),
];

let n = 0;
const control = (status: ControlStatus, ...criteria: string[]): ControlForReadiness => ({ id: `C-${++n}`, status, criteria });

const byId = <T extends { id: string }>(rows: T[], id: string): T => {
  const found = rows.find((r) => r.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};
const cat = <T extends { category: Category }>(rows: T[], category: Category): T => {
  const found = rows.find((r) => r.category === category);
  if (!found) throw new Error(`no category ${category}`);
  return found;
};

describe('computeReadiness', () => {
  it('leaves out criteria and controls of categories out of scope', () => {
    const r = computeReadiness(CRITERIA, [control('evidenced', 'CC1.1'), control('stale', 'P1.1'), control('no_evidence', 'A1.1')], ['security']);
    expect(r.criteria.map((c) => c.id)).toEqual(['CC1.1', 'CC1.2', 'CC6.1']);
    expect(r.categories.map((c) => c.category)).toEqual(['security']);
    expect(r.overall).toMatchObject({ controls: 1, evidenced: 1, stale: 0, noEvidence: 0, excluded: 0, score: 100 });
  });

  it('keeps the categories in the order given and reports each', () => {
    const r = computeReadiness(CRITERIA, [], ['availability', 'security']);
    expect(r.categories.map((c) => c.category)).toEqual(['availability', 'security']);
    expect(cat(r.categories, 'availability')).toMatchObject({ criteria: 2, criteriaReady: 0, controls: 0, score: 0 });
    expect(cat(r.categories, 'security')).toMatchObject({ criteria: 3, criteriaReady: 0, controls: 0, score: 0 });
  });

  it('does not count excluded controls, and counts them apart overall', () => {
    const controls = [control('evidenced', 'CC1.1'), control('excluded', 'CC1.1'), control('excluded', 'CC6.1'), control('excluded', 'P1.1')];
    const r = computeReadiness(CRITERIA, controls, ['security']);
    expect(byId(r.criteria, 'CC1.1')).toMatchObject({ controls: 1, evidenced: 1, state: 'ready' });
    // A criterion whose only control is excluded has nothing to show for it.
    expect(byId(r.criteria, 'CC6.1')).toMatchObject({ controls: 0, state: 'gap' });
    expect(cat(r.categories, 'security')).toMatchObject({ controls: 1, evidenced: 1, score: 100 });
    // The control excluded under privacy (out of scope) is not counted at all.
    expect(r.overall).toMatchObject({ controls: 1, evidenced: 1, excluded: 2, score: 100 });
  });

  it.each([
    { name: 'every control evidenced', statuses: ['evidenced', 'evidenced'], state: 'ready' },
    { name: 'one control evidenced', statuses: ['evidenced'], state: 'ready' },
    { name: 'some evidenced, some stale', statuses: ['evidenced', 'stale'], state: 'partial' },
    { name: 'some evidenced, some without evidence', statuses: ['no_evidence', 'evidenced'], state: 'partial' },
    { name: 'only stale', statuses: ['stale', 'stale'], state: 'gap' },
    { name: 'only without evidence', statuses: ['no_evidence'], state: 'gap' },
    { name: 'no control at all', statuses: [], state: 'gap' },
    { name: 'only excluded controls', statuses: ['excluded'], state: 'gap' },
    { name: 'evidenced and excluded', statuses: ['evidenced', 'excluded'], state: 'ready' },
    { name: 'some evidenced, some failing', statuses: ['evidenced', 'failing'], state: 'partial' },
    { name: 'only failing', statuses: ['failing'], state: 'gap' },
  ] as { name: string; statuses: ControlStatus[]; state: string }[])('a criterion with $name is $state', ({ statuses, state }) => {
    const r = computeReadiness(CRITERIA, statuses.map((s) => control(s, 'CC1.2')), ['security']);
    const row = byId(r.criteria, 'CC1.2');
    expect(row.state).toBe(state);
    expect(row.controls).toBe(statuses.filter((s) => s !== 'excluded').length);
    expect(row.evidenced + row.failing + row.stale + row.noEvidence).toBe(row.controls);
  });

  it.each([
    [1, 3, 33],
    [2, 3, 66], // rounded down, not to 67
    [199, 200, 99], // never 100 while one control lacks evidence
    [1, 200, 0], // never more than 0 for less than 1 %
    [3, 3, 100],
    [0, 4, 0],
  ])('scores %i evidenced of %i as %i', (evidenced, total, score) => {
    const controls = Array.from({ length: total }, (_, i) => control(i < evidenced ? 'evidenced' : 'no_evidence', 'CC6.1'));
    const r = computeReadiness(CRITERIA, controls, ['security']);
    expect(r.overall.score).toBe(score);
    expect(cat(r.categories, 'security').score).toBe(score);
  });

  it('counts failing controls, and not as evidenced', () => {
    const controls = [control('failing', 'CC1.1'), control('evidenced', 'CC1.1'), control('failing', 'CC6.1'), control('stale', 'CC6.1')];
    const r = computeReadiness(CRITERIA, controls, ['security']);
    expect(byId(r.criteria, 'CC1.1')).toMatchObject({ controls: 2, evidenced: 1, failing: 1, state: 'partial' });
    expect(byId(r.criteria, 'CC6.1')).toMatchObject({ controls: 2, failing: 1, stale: 1, state: 'gap' });
    expect(r.overall).toMatchObject({ controls: 4, evidenced: 1, failing: 2, stale: 1, noEvidence: 0, score: 25 });
  });

  it('scores 0 when nothing is in scope', () => {
    expect(computeReadiness(CRITERIA, [], ['security']).overall).toEqual({ controls: 0, evidenced: 0, failing: 0, stale: 0, noEvidence: 0, atRisk: 0, score: 0, excluded: 0 });
  });

  it('counts a control mapped to several criteria once per category and once overall, but under each criterion', () => {
    const shared = control('stale', 'CC1.1', 'CC1.2', 'A1.1');
    const r = computeReadiness(CRITERIA, [shared, control('evidenced', 'CC1.1')], ['security', 'availability']);
    expect(byId(r.criteria, 'CC1.1')).toMatchObject({ controls: 2, evidenced: 1, stale: 1, state: 'partial' });
    expect(byId(r.criteria, 'CC1.2')).toMatchObject({ controls: 1, stale: 1, state: 'gap' });
    expect(byId(r.criteria, 'A1.1')).toMatchObject({ controls: 1, stale: 1, state: 'gap' });
    expect(cat(r.categories, 'security')).toMatchObject({ controls: 2, evidenced: 1, stale: 1, score: 50 });
    expect(cat(r.categories, 'availability')).toMatchObject({ controls: 1, stale: 1, score: 0 });
    expect(r.overall).toMatchObject({ controls: 2, evidenced: 1, stale: 1, noEvidence: 0, score: 50 });
  });

  it('counts the criteria that are ready per category', () => {
    const controls = [control('evidenced', 'CC1.1'), control('evidenced', 'CC1.2'), control('no_evidence', 'CC1.2'), control('evidenced', 'A1.1', 'A1.2')];
    const r = computeReadiness(CRITERIA, controls, ['security', 'availability']);
    expect(cat(r.categories, 'security')).toMatchObject({ criteria: 3, criteriaReady: 1 });
    expect(cat(r.categories, 'availability')).toMatchObject({ criteria: 2, criteriaReady: 2, controls: 1, score: 100 });
  });

  it('ignores mappings to criteria it does not know', () => {
    const r = computeReadiness(CRITERIA, [control('evidenced', 'XX9.9'), control('no_evidence', 'CC1.1', 'XX9.9')], ['security']);
    expect(r.criteria.map((c) => c.id)).not.toContain('XX9.9');
    expect(r.overall).toMatchObject({ controls: 1, evidenced: 0, noEvidence: 1 });
  });

  it('carries the criterion title and category', () => {
    const r = computeReadiness(CRITERIA, [], ['availability']);
    expect(byId(r.criteria, 'A1.2')).toMatchObject({ category: 'availability', title: 'title of A1.2' });
  });
});
