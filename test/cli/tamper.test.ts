// Alter a stored evidence file, an evidence record and an audit-log row behind Attest's
// back: `attest verify` must catch each one and name it.
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
    const clean = await attest(['verify'], { cwd: dir });
    expect(clean.code).toBe(0);

    // 1. Rewrite the bytes of a stored evidence file.
    const blob = join(dir, '.attest', 'evidence', policy.sha256.slice(0, 2), policy.sha256);
    expect(readFileSync(blob, 'utf8')).toContain('Approved by the CEO');
    writeFileSync(blob, '# Security policy\nApproved by nobody.\n');

    // 2. Back-date an evidence record and 3. rewrite an audit-log row, straight in the database.
    const db = await openPglite(join(dir, '.attest', 'pgdata'));
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await db.query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2");
    await db.query("UPDATE evidence SET effective_at = '2025-01-01' WHERE id = $1", [minutes.id]);
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

    const human = await attest(['verify'], { cwd: dir });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(new RegExp(`${policy.id} \\(policy\\.md\\): the stored file was altered`));
    expect(human.stdout).toMatch(/entry 2 .* was altered/);
    expect(human.stderr).toMatch(/verification failed/);
  }, 60_000);
});
