// Meta-tests: keep the shipped catalog honest.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog, loadCatalog, ContentError } from '../../src/content/load.js';

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

// The 61 criteria of the 2017 TSC (../shared/domain/SOC2.md): facts, not content.
const EXPECTED_CRITERIA = [
  ...range('CC1.', 1, 5), ...range('CC2.', 1, 3), ...range('CC3.', 1, 4), ...range('CC4.', 1, 2), ...range('CC5.', 1, 3),
  ...range('CC6.', 1, 8), ...range('CC7.', 1, 5), 'CC8.1', ...range('CC9.', 1, 2),
  ...range('A1.', 1, 3), ...range('C1.', 1, 2), ...range('PI1.', 1, 5),
  'P1.1', 'P2.1', ...range('P3.', 1, 2), ...range('P4.', 1, 3), ...range('P5.', 1, 2), ...range('P6.', 1, 7), 'P7.1', 'P8.1',
];

const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z(])/).filter((s) => s.trim().length > 0).length;

describe('SOC 2 criteria', () => {
  const { soc2 } = catalog();
  it('has exactly the 61 criteria, in the five categories', () => {
    expect(soc2.criteria.map((c) => c.id).sort()).toEqual([...EXPECTED_CRITERIA].sort());
    const count = (cat: string) => soc2.criteria.filter((c) => c.category === cat).length;
    expect([count('security'), count('availability'), count('confidentiality'), count('processing_integrity'), count('privacy')]).toEqual([33, 3, 2, 5, 18]);
  });
  it('gives each criterion a 2-4 sentence description and points of focus', () => {
    for (const c of soc2.criteria) {
      const n = sentences(c.description);
      expect(n, `${c.id} description has ${n} sentences`).toBeGreaterThanOrEqual(2);
      expect(n, `${c.id} description has ${n} sentences`).toBeLessThanOrEqual(4);
      expect(c.pointsOfFocus.length, c.id).toBeGreaterThanOrEqual(2);
    }
  });
  it('puts each criterion in the group its id names', () => {
    for (const c of soc2.criteria) expect(c.id.startsWith(`${c.group}.`), c.id).toBe(true);
  });
});

describe('other frameworks', () => {
  const fw = (id: string) => {
    const found = catalog().frameworks.find((f) => f.id === id);
    if (!found) throw new Error(`framework ${id} missing`);
    return found;
  };
  const ofKind = (id: string, kind: string) => fw(id).requirements.filter((r) => r.kind === kind).map((r) => r.id);

  it('ISO/IEC 27001:2022 Annex A has all 93 controls in 4 themes', () => {
    expect(ofKind('iso27001-2022', 'theme').sort()).toEqual(['A.5', 'A.6', 'A.7', 'A.8']);
    expect(ofKind('iso27001-2022', 'control').sort()).toEqual(
      [...range('A.5.', 1, 37), ...range('A.6.', 1, 8), ...range('A.7.', 1, 14), ...range('A.8.', 1, 34)].sort(),
    );
  });
  it('NIST CSF 2.0 has 6 functions, 22 categories, 106 subcategories', () => {
    expect(ofKind('nist-csf-2.0', 'function').sort()).toEqual(['DE', 'GV', 'ID', 'PR', 'RC', 'RS']);
    expect(ofKind('nist-csf-2.0', 'category')).toHaveLength(22);
    const subs = ofKind('nist-csf-2.0', 'subcategory');
    expect(subs).toHaveLength(106);
    for (const s of subs) expect(s).toMatch(/^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$/);
  });
  it('HIPAA Security Rule has its four sections and marks every specification required or addressable', () => {
    expect(ofKind('hipaa-security', 'section')).toEqual(expect.arrayContaining(['164.308', '164.310', '164.312', '164.316']));
    const specs = fw('hipaa-security').requirements.filter((r) => r.kind === 'implementation_specification');
    expect(specs.length).toBeGreaterThanOrEqual(36);
    for (const s of specs) expect(typeof s.required, s.id).toBe('boolean');
    const byId = new Map(fw('hipaa-security').requirements.map((r) => [r.id, r]));
    expect(byId.get('164.308(a)(1)(ii)(A)')?.required).toBe(true);
    expect(byId.get('164.312(a)(2)(iv)')?.required).toBe(false);
  });
});

describe('control library', () => {
  const { controls, soc2, frameworks } = catalog();
  it('has at least 110 controls with unique ids', () => {
    expect(controls.length).toBeGreaterThanOrEqual(110);
    expect(new Set(controls.map((c) => c.id)).size).toBe(controls.length);
  });
  it('supports every one of the 61 criteria', () => {
    const supported = new Set(controls.flatMap((c) => c.criteria));
    const unsupported = soc2.criteria.map((c) => c.id).filter((id) => !supported.has(id));
    expect(unsupported).toEqual([]);
  });
  it('maps every control to at least one criterion, and only to requirements that exist', () => {
    const criterionIds = new Set(soc2.criteria.map((c) => c.id));
    const requirementIds = new Map(frameworks.map((f) => [f.id, new Map(f.requirements.map((r) => [r.id, r.kind]))]));
    for (const c of controls) {
      expect(c.criteria.length, c.id).toBeGreaterThan(0);
      for (const id of c.criteria) expect(criterionIds.has(id), `${c.id} -> ${id}`).toBe(true);
      for (const [fw, ids] of Object.entries(c.mappings)) {
        const known = requirementIds.get(fw);
        expect(known, `${c.id} -> framework ${fw}`).toBeDefined();
        for (const id of ids) expect(known?.has(id), `${c.id} -> ${fw} ${id}`).toBe(true);
      }
    }
  });
  it('crosswalks the library to each of the three other frameworks', () => {
    for (const fw of ['iso27001-2022', 'nist-csf-2.0', 'hipaa-security']) {
      const mapped = controls.filter((c) => (c.mappings[fw] ?? []).length > 0).length;
      expect(mapped, fw).toBeGreaterThan(controls.length / 3);
    }
  });
  it('uses the range of frequencies, natures and automation the model knows', () => {
    expect(new Set(controls.map((c) => c.frequency)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(controls.map((c) => c.nature))).toEqual(new Set(['preventive', 'detective']));
    expect(new Set(controls.map((c) => c.automation))).toEqual(new Set(['automated', 'manual']));
  });
});

describe('loader', () => {
  it('reports every problem at once, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attest-content-'));
    mkdirSync(join(dir, 'frameworks'));
    mkdirSync(join(dir, 'controls'));
    writeFileSync(join(dir, 'frameworks', 'soc2.yaml'), [
      'id: soc2', 'name: SOC 2', 'version: "x"',
      'categories: [{id: security, title: Security, description: d}]',
      'groups: [{id: CC1, category: security, title: t}]',
      'criteria:',
      '  - {id: CC1.1, group: CC1, title: t, description: d, points_of_focus: [p]}',
      '  - {id: CC1.1, group: CC9, title: t, description: d, points_of_focus: [p]}',
    ].join('\n'));
    writeFileSync(join(dir, 'frameworks', 'broken.yaml'), 'id: [unclosed');
    writeFileSync(join(dir, 'controls', 'x.yaml'), [
      '- {id: XX-01, title: t, description: d, domain: x, owner_role: r, frequency: hourly, automation: manual, nature: preventive, evidence: [e], criteria: [CC1.1]}',
      '- {id: XX-02, title: t, description: d, domain: x, owner_role: r, frequency: daily, automation: manual, nature: preventive, evidence: [e], criteria: [CC7.7], mappings: {nope: [a]}}',
    ].join('\n'));
    let error: unknown;
    try { loadCatalog(dir); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ContentError);
    const problems = (error as ContentError).problems.join('\n');
    expect(problems).toMatch(/frameworks\/soc2.yaml: criterion CC1.1 names unknown group CC9/);
    expect(problems).toMatch(/criterion id CC1.1 appears more than once/);
    expect(problems).toMatch(/frameworks\/broken.yaml: not valid YAML/);
    expect(problems).toMatch(/controls\/x.yaml\/0\/frequency/);
  });
  it('accepts a minimal valid set and gives it a digest that follows the text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attest-content-'));
    mkdirSync(join(dir, 'frameworks'));
    mkdirSync(join(dir, 'controls'));
    const soc2 = (desc: string) => [
      'id: soc2', 'name: SOC 2', 'version: "x"',
      'categories: [{id: security, title: Security, description: d}]',
      'groups: [{id: CC1, category: security, title: t}]',
      `criteria: [{id: CC1.1, group: CC1, title: t, description: ${desc}, points_of_focus: [p]}]`,
    ].join('\n');
    writeFileSync(join(dir, 'frameworks', 'soc2.yaml'), soc2('first'));
    writeFileSync(join(dir, 'controls', 'x.yaml'), '- {id: XX-01, title: t, description: d, domain: x, owner_role: r, frequency: daily, automation: manual, nature: preventive, evidence: [e], criteria: [CC1.1]}');
    const a = loadCatalog(dir);
    expect(a.controls.map((c) => c.id)).toEqual(['XX-01']);
    writeFileSync(join(dir, 'frameworks', 'soc2.yaml'), soc2('second'));
    expect(loadCatalog(dir).digest).not.toBe(a.digest);
  });
});
