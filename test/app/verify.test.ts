// Chain heads kept outside the database (anchors) show what the chain alone cannot: that the
// newest audit-log entries were removed, or the log rewritten up to an anchored entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import type { ChainHead } from '../../src/app/index.js';
import { engines } from '../support/engines.js';
import { servicesOn, type TestServices } from '../support/services.js';

describe.each(engines)('verify with anchors on $name', (engine) => {
  let db: Db;
  let s: TestServices;
  let orgId: string;
  beforeAll(async () => {
    db = await engine.open();
    s = servicesOn(db);
    orgId = (await s.workspace.init({ name: 'Anchor Co' }, 'test')).org.id;
  });
  afterAll(async () => {
    await db.close();
  });

  const headOf = (heads: ChainHead[]) => heads.find((h) => h.organization === orgId)!;

  it('reports each chain head, and passes with the heads it reported', async () => {
    const first = await s.verify().run(orgId);
    expect(first.ok).toBe(true);
    const head = headOf(first.heads);
    expect(head.seq).toBe(first.auditEntries);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
    // More entries later: the old head is still in the chain.
    const controls = await s.controls.list(orgId, {});
    await s.controls.update(orgId, controls[0]!.id, { notes: 'reviewed' }, 'test');
    const again = await s.verify().run(orgId, [head]);
    expect(again).toMatchObject({ ok: true, anchorsChecked: 1, problems: [] });
    expect(headOf(again.heads).seq).toBe(head.seq + 1);
  });

  it('names removed newest entries, which the chain alone does not show', async () => {
    const before = await s.verify().run(orgId);
    const head = headOf(before.heads);
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await db.query('DELETE FROM audit_log WHERE org_id = $1 AND seq = $2', [orgId, head.seq]);
    await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    // Without the anchor the shortened chain is intact.
    expect((await s.verify().run(orgId)).ok).toBe(true);
    const anchored = await s.verify().run(orgId, [head]);
    expect(anchored.ok).toBe(false);
    expect(anchored.problems).toEqual([{ kind: 'audit_anchor', organization: orgId, id: String(head.seq), message: `entry ${head.seq}, a head kept as an anchor, is no longer in the log (it ends at ${head.seq - 1}): entries were removed` }]);
  });

  it('names an anchored entry whose hash changed, and an anchor for an organization it does not have', async () => {
    const head = headOf((await s.verify().run(orgId)).heads);
    const forged = { ...head, hash: 'f'.repeat(64) };
    const stranger = { organization: '00000000-0000-0000-0000-000000000001', seq: 3, hash: 'a'.repeat(64) };
    const report = await s.verify().run(orgId, [forged, stranger]);
    expect(report.problems.map((p) => [p.kind, p.id, p.message.split(':')[0]])).toEqual([
      ['audit_anchor', String(head.seq), `entry ${head.seq} differs from the anchor kept for it`],
      ['audit_anchor', '3', 'the anchor names organization 00000000-0000-0000-0000-000000000001, which is not in this workspace (or not yours)'],
    ]);
  });
});
