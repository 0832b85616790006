import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditEntry, verifyChain, type AuditEntry, type AuditEntryFields } from '../../src/domain/audit-chain.js';

const ORG = '00000000-0000-4000-8000-000000000001';

/** A well-formed chain of `n` entries, built the way the repository appends them. */
function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields: AuditEntryFields = {
      orgId: ORG, seq, at: new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString(), actor: `user:${seq % 3}`, action: 'control.update',
      entityType: 'control', entityId: `IAM-0${seq % 9}`, beforeDigest: seq === 1 ? null : 'a'.repeat(64), afterDigest: 'b'.repeat(64), detail: { n: seq, fields: ['owner'] },
    };
    const hash = hashAuditEntry(prevHash, fields);
    out.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  return out;
}

const problems = (entries: AuditEntry[]) => verifyChain(entries).breaks.map((b) => ({ seq: b.seq, problem: b.problem }));

/** Recomputes an entry's hash after a change, as a forger with write access would. */
const rehashed = (e: AuditEntry): AuditEntry => {
  const { prevHash, hash: _h, ...fields } = e;
  return { ...e, hash: hashAuditEntry(prevHash, fields) };
};

describe('hashAuditEntry', () => {
  it('depends on the previous hash and on every field', () => {
    const [e] = chain(1);
    const { prevHash, hash, ...fields } = e!;
    expect(hashAuditEntry(prevHash, fields)).toBe(hash);
    expect(hashAuditEntry('1'.repeat(64), fields)).not.toBe(hash);
    const variants: Partial<AuditEntryFields>[] = [
      { orgId: '00000000-0000-4000-8000-000000000002' }, { seq: 2 }, { at: '2026-11-01T00:02:00.000Z' }, { actor: 'someone' }, { action: 'x' },
      { entityType: 'evidence' }, { entityId: 'X' }, { beforeDigest: 'c'.repeat(64) }, { afterDigest: null }, { detail: { n: 2, fields: ['owner'] } },
    ];
    for (const v of variants) expect(hashAuditEntry(prevHash, { ...fields, ...v }), JSON.stringify(v)).not.toBe(hash);
  });

  it('does not depend on the order of keys in detail', () => {
    const [e] = chain(1);
    const { prevHash, hash, ...fields } = e!;
    expect(hashAuditEntry(prevHash, { ...fields, detail: { fields: ['owner'], n: 1 } })).toBe(hash);
  });
});

describe('verifyChain', () => {
  it('finds no break in an intact chain and returns its end', () => {
    const entries = chain(6);
    const { breaks, last } = verifyChain(entries);
    expect(breaks).toEqual([]);
    expect(last).toEqual({ seq: 6, hash: entries[5]!.hash });
  });

  it('returns the start unchanged for an empty chain', () => {
    expect(verifyChain([])).toEqual({ breaks: [], last: { seq: 0, hash: GENESIS_HASH } });
  });

  it.each([
    ['actor', { actor: 'user:intruder' }],
    ['detail', { detail: { n: 3, fields: ['notes'] } }],
    ['afterDigest', { afterDigest: 'c'.repeat(64) }],
    ['at', { at: '2026-01-01T00:00:00.000Z' }],
  ] as const)('detects an altered %s at exactly that entry', (_name, change) => {
    const entries = chain(6);
    entries[2] = { ...entries[2]!, ...change };
    expect(problems(entries)).toEqual([{ seq: 3, problem: 'hash_mismatch' }]);
  });

  it('names the altered entry in the message', () => {
    const entries = chain(4);
    entries[1] = { ...entries[1]!, actor: 'user:intruder' };
    const [b] = verifyChain(entries).breaks;
    expect(b!.message).toContain('entry 2');
    expect(b!.message).toContain(entries[1]!.entityId);
  });

  it('detects an altered entry whose hash was forged to match, at the entry after it', () => {
    const entries = chain(6);
    entries[2] = rehashed({ ...entries[2]!, actor: 'user:intruder' });
    expect(problems(entries)).toEqual([{ seq: 4, problem: 'prev_mismatch' }]);
  });

  it('detects a forged hash value, at that entry and at the one after it', () => {
    const entries = chain(5);
    entries[1] = { ...entries[1]!, hash: 'f'.repeat(64) };
    expect(problems(entries)).toEqual([{ seq: 2, problem: 'hash_mismatch' }, { seq: 3, problem: 'prev_mismatch' }]);
  });

  it('detects an altered link to the previous entry', () => {
    const entries = chain(5);
    entries[3] = { ...entries[3]!, prevHash: entries[1]!.hash };
    expect(problems(entries)).toEqual([{ seq: 4, problem: 'prev_mismatch' }, { seq: 4, problem: 'hash_mismatch' }]);
  });

  it.each([
    ['the first', 0],
    ['a middle', 2],
  ])('detects %s entry removed, as a gap', (_name, index) => {
    const entries = chain(5);
    const removed = entries.splice(index, 1)[0]!;
    expect(problems(entries)).toEqual([{ seq: removed.seq + 1, problem: 'gap' }, { seq: removed.seq + 1, problem: 'prev_mismatch' }]);
  });

  it('detects a removed entry even when the later ones are renumbered', () => {
    const entries = chain(5);
    entries.splice(2, 1);
    const renumbered = entries.map((e, i) => ({ ...e, seq: i + 1 }));
    const found = problems(renumbered);
    expect(found).toContainEqual({ seq: 3, problem: 'prev_mismatch' });
    expect(found.filter((b) => b.problem === 'gap')).toEqual([]);
  });

  it('detects a reordered pair', () => {
    const entries = chain(6);
    [entries[2], entries[3]] = [entries[3]!, entries[2]!];
    const found = problems(entries);
    expect(found).toEqual([
      { seq: 4, problem: 'gap' }, { seq: 4, problem: 'prev_mismatch' },
      { seq: 3, problem: 'gap' }, { seq: 3, problem: 'prev_mismatch' },
      { seq: 5, problem: 'gap' }, { seq: 5, problem: 'prev_mismatch' },
    ]);
  });

  it('detects an entry copied from another chain', () => {
    const entries = chain(4);
    const other = chain(4).map((e) => rehashed({ ...e, orgId: '00000000-0000-4000-8000-000000000002' }));
    entries[1] = other[1]!;
    expect(problems(entries).length).toBeGreaterThan(0);
  });

  describe('in pages', () => {
    const tamperings: [string, (e: AuditEntry[]) => void][] = [
      ['intact', () => undefined],
      ['altered field', (e) => { e[4] = { ...e[4]!, action: 'evidence.delete' }; }],
      ['forged hash', (e) => { e[4] = rehashed({ ...e[4]!, action: 'evidence.delete' }); }],
      ['removed entry', (e) => { e.splice(3, 1); }],
      ['reordered pair', (e) => { [e[5], e[6]] = [e[6]!, e[5]!]; }],
    ];
    const pageSizes = [1, 2, 3, 4, 5, 11];

    it.each(tamperings)('gives the same result as one pass (%s)', (_name, tamper) => {
      const entries = chain(11);
      tamper(entries);
      const whole = verifyChain(entries);
      for (const size of pageSizes) {
        let state = { seq: 0, hash: GENESIS_HASH };
        const breaks = [];
        for (let i = 0; i < entries.length; i += size) {
          const page = verifyChain(entries.slice(i, i + size), state);
          breaks.push(...page.breaks);
          state = page.last;
        }
        expect(breaks, `pages of ${size}`).toEqual(whole.breaks);
        expect(state, `pages of ${size}`).toEqual(whole.last);
      }
    });

    it('detects a break that falls on a page boundary', () => {
      const entries = chain(6);
      entries.splice(3, 1); // entries 1-3 | 5-6
      const first = verifyChain(entries.slice(0, 3));
      expect(first.breaks).toEqual([]);
      const second = verifyChain(entries.slice(3), first.last);
      expect(second.breaks.map((b) => b.problem)).toEqual(['gap', 'prev_mismatch']);
    });
  });
});
