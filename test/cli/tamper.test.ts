// Alter a stored evidence file, an evidence record and an audit-log row, and remove the newest
// audit-log entry, behind Attest's back: `attest verify` (with an anchor kept from a clean run,
// for the removal) must catch each one and name it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../../src/store/db.js';
import { attest, tempDir } from './harness.js';

describe('attest verify against tampering', () => {
  it('names an altered evidence file, an altered evidence record and an altered audit-log row', async () => {
    const dir = tempDir();
    expect((await attest(['init', '--org', 'Tamper Co'], { cwd: dir })).code).toBe(0);
    const add = async (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      const r = await attest(['evidence', 'add', join(dir, name), '--control', 'GOV-01', '--effective', '2026-06-01', '--json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { id: string; sha256: string };
    };
    const policy = await add('policy.md', '# Security policy\nApproved by the CEO.\n');
    const minutes = await add('board-minutes.txt', 'Board met on 2026-05-30.\n');
    const clean = await attest(['verify', '--json'], { cwd: dir });
    expect(clean.code).toBe(0);
    // Kept outside the database: the chain heads of this clean state.
    const anchor = join(tempDir(), 'anchor.json');
    writeFileSync(anchor, clean.stdout);

    // 1. Rewrite the bytes of a stored evidence file.
    const blob = join(dir, '.attest', 'evidence', policy.sha256.slice(0, 2), policy.sha256);
    expect(readFileSync(blob, 'utf8')).toContain('Approved by the CEO');
    writeFileSync(blob, '# Security policy\nApproved by nobody.\n');

    // 2. Back-date an evidence record and 3. rewrite an audit-log row, straight in the database.
    const db = await openPglite(join(dir, '.attest', 'pgdata'));
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await db.query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
    await db.query("UPDATE evidence SET effective_at = '2025-01-01' WHERE id = $1", [minutes.id]);
    // 4. Remove the newest audit-log entry: the chain alone cannot show it, the anchor does.
    const [last] = await db.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM audit_log');
    await db.query('DELETE FROM audit_log WHERE seq = $1', [last!.seq]);
    await db.close();

    const r = await attest(['verify', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; problems: { kind: string; id: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'evidence_file', id: policy.id }),
      expect.objectContaining({ kind: 'evidence_record', id: minutes.id }),
      expect.objectContaining({ kind: 'audit_log', id: '2' }),
    ]));
    // Nothing else is reported: the untouched evidence and entries are fine.
    expect(report.problems.filter((p) => p.kind.startsWith('evidence'))).toHaveLength(2);

    expect(report.problems.some((p) => p.kind === 'audit_anchor')).toBe(false);

    const human = await attest(['verify', '--anchor', anchor], { cwd: dir });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(new RegExp(`Anchors: 1 head\\(s\\) from .*anchor\\.json: NOT FOUND AS KEPT`));
    expect(human.stdout).toMatch(new RegExp(`entry ${last!.seq}, a head kept as an anchor, is no longer in the log`));
    expect(human.stdout).toMatch(new RegExp(`${policy.id} \\(policy\\.md\\): the stored file was altered`));
    expect(human.stdout).toMatch(/entry 2 .* was altered/);
    expect(human.stderr).toMatch(/verification failed/);

    const unreadable = await attest(['verify', '--anchor', join(dir, 'policy.md')], { cwd: dir });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/anchor/);
  }, 180_000);
});
