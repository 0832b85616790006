// /api/evidence: multipart uploads in both part orders, every refusal, listing, download
// with its digest, links, and the control status that evidence drives.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { EVIDENCE_VALID_DAYS } from '../../src/domain/status.js';
import { errorOf, fieldCodes, multipart, openApp, type Harness, type Inject, type Part } from './harness.js';

const MAX_UPLOAD = 4096;

let h: Harness;
beforeAll(async () => {
  h = await openApp({ maxUploadBytes: MAX_UPLOAD });
});
afterAll(async () => {
  await h?.close();
});

interface Evidence { id: string; sha256: string; size: number; filename: string; mediaType: string; description: string; effectiveAt: string; collectedAt: string; createdBy: string; controls: string[] }
interface Control { id: string; frequency: keyof typeof EVIDENCE_VALID_DAYS; status: string; evidenceCount: number; latestEvidenceEffective: string | null; explanation: string }

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const file = (content: string | Uint8Array, filename = 'evidence.txt', type = 'text/plain'): Part => ({ name: 'file', file: typeof content === 'string' ? Buffer.from(content) : content, filename, type });
const field = (name: string, value: string): Part => ({ name, value });

async function upload(parts: Part[]): Promise<LightMyRequestResponse> {
  return h.inject({ method: 'POST', url: '/api/evidence', ...(await multipart(parts)) });
}
async function uploaded(parts: Part[]): Promise<Evidence> {
  const res = await upload(parts);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Evidence>();
}
const evidenceCount = () => h.services.ctx.store.repos.evidence.countBy(h.org!.id);
const auditSeq = async () => (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 1))[0]!.seq;
const blobPath = (sha: string) => join(h.services.blobDir, sha.slice(0, 2), sha);
const tmpFiles = () => (existsSync(join(h.services.blobDir, 'tmp')) ? readdirSync(join(h.services.blobDir, 'tmp')) : []);
const getControl = async (id: string, via: Inject = h.inject) => {
  const res = await via({ method: 'GET', url: `/api/controls/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Control>();
};

/**
 * Sends an upload that must be refused with `status`; checks that no evidence, audit entry
 * or temporary file was left, and (when `storesNothing`) that the file's bytes were never stored.
 */
async function refused(parts: Part[], status = 400, storesNothing = false): Promise<LightMyRequestResponse> {
  const count = await evidenceCount();
  const seq = await auditSeq();
  const res = await upload(parts);
  expect(res.statusCode, res.body).toBe(status);
  expect(await evidenceCount()).toBe(count);
  expect(await auditSeq()).toBe(seq);
  expect(tmpFiles()).toEqual([]);
  if (storesNothing) {
    for (const p of parts) if ('file' in p) expect(existsSync(blobPath(sha256(p.file))), 'file stored despite the refusal').toBe(false);
  }
  return res;
}

describe('POST /api/evidence', () => {
  it('stores an upload whose fields come before the file', async () => {
    const content = Buffer.from('Q3 access review: 41 accounts reviewed, 3 removed.\n');
    const ev = await uploaded([field('controls', 'IAM-08'), field('effectiveDate', '2026-10-01'), field('description', 'Q3 review'), file(content, 'q3-review.txt')]);
    expect(ev).toMatchObject({ sha256: sha256(content), size: content.length, filename: 'q3-review.txt', mediaType: 'text/plain', description: 'Q3 review', effectiveAt: '2026-10-01', createdBy: h.owner!.actor, controls: ['IAM-08'] });
    expect(ev.collectedAt).toBe(h.services.now.value.toISOString());
    expect(existsSync(blobPath(ev.sha256))).toBe(true);
  });

  it('stores an upload whose file comes before the fields', async () => {
    const content = Buffer.from('MFA enforcement export, all users enrolled.\n');
    const ev = await uploaded([file(content, 'mfa.csv', 'text/csv'), field('controls', 'IAM-04'), field('effectiveDate', '2026-11-02')]);
    expect(ev).toMatchObject({ sha256: sha256(content), size: content.length, filename: 'mfa.csv', mediaType: 'text/csv', effectiveAt: '2026-11-02', controls: ['IAM-04'] });
  });

  it('dates evidence today by the server clock when no effective date is given', async () => {
    const ev = await uploaded([field('controls', 'IAM-04'), file('screenshot bytes')]);
    expect(ev.effectiveAt).toBe('2026-11-24');
  });

  it('takes controls comma-separated or repeated, in any case, once each', async () => {
    const ev = await uploaded([field('controls', 'iam-01, IAM-02'), field('controls', 'IAM-01'), field('control', 'IAM-03'), file('policy pdf bytes', 'policy.pdf', 'application/pdf')]);
    expect(ev.controls).toEqual(['IAM-01', 'IAM-02', 'IAM-03']);
  });

  it('keeps only the base name of a file sent with a path', async () => {
    const ev = await uploaded([field('controls', 'IAM-01'), file('nested', 'C:\\exports\\iam\\users.json', 'application/json')]);
    expect(ev.filename).toBe('users.json');
  });

  describe('refusals', () => {
    it('refuses a date that does not exist', async () => {
      expect(fieldCodes(await refused([field('controls', 'IAM-08'), field('effectiveDate', '2026-02-30'), file('a1')], 400, true))).toEqual(['effectiveDate invalid_date']);
      expect(fieldCodes(await refused([file('a2'), field('controls', 'IAM-08'), field('effectiveDate', 'yesterday')]))).toEqual(['effectiveDate invalid_date']);
    });

    it('refuses a date in the future', async () => {
      expect(fieldCodes(await refused([field('controls', 'IAM-08'), field('effectiveDate', '2026-11-25'), file('b1')], 400, true))).toEqual(['effectiveDate future_date']);
      expect(fieldCodes(await refused([file('b2'), field('controls', 'IAM-08'), field('effectiveDate', '2027-01-01')]))).toEqual(['effectiveDate future_date']);
    });

    it('refuses an unknown control', async () => {
      expect(fieldCodes(await refused([field('controls', 'IAM-08,NOPE-1'), file('c1')], 400, true))).toEqual(['controls unknown_id']);
      expect(fieldCodes(await refused([file('c2'), field('controls', 'NOPE-2')]))).toEqual(['controls unknown_id']);
    });

    it('refuses evidence linked to no control', async () => {
      expect(fieldCodes(await refused([file('d1'), field('effectiveDate', '2026-11-01')]))).toEqual(['controls required']);
    });

    it('names every bad field at once', async () => {
      const res = await refused([field('controls', 'NOPE-3'), field('effectiveDate', '2026-13-01'), file('e1')], 400, true);
      expect(fieldCodes(res)).toEqual(['controls unknown_id', 'effectiveDate invalid_date']);
    });

    it('refuses an upload without a file', async () => {
      expect(fieldCodes(await refused([field('controls', 'IAM-08'), field('effectiveDate', '2026-11-01')]))).toEqual(['file required']);
      const both = await refused([field('controls', 'NOPE-4')]);
      expect(fieldCodes(both)).toEqual(['controls unknown_id', 'file required']);
    });

    it('refuses an empty file', async () => {
      expect(fieldCodes(await refused([field('controls', 'IAM-08'), file(new Uint8Array(0), 'empty.txt')]))).toEqual(['file empty']);
    });

    it('refuses an unknown field, wherever it comes', async () => {
      expect(fieldCodes(await refused([field('controls', 'IAM-08'), field('colour', 'red'), file('f1')], 400, true))).toEqual(['colour unknown_field']);
      expect(fieldCodes(await refused([field('controls', 'IAM-08'), file('f2'), field('effectiveDay', '2026-11-01')]))).toEqual(['effectiveDay unknown_field']);
    });

    it('refuses a file part under another name', async () => {
      expect(fieldCodes(await refused([field('controls', 'IAM-08'), { name: 'attachment', file: Buffer.from('g1'), filename: 'g1.txt' }], 400, true))).toEqual(['attachment unexpected_file']);
    });

    it('refuses a body that is not multipart', async () => {
      const count = await evidenceCount();
      const res = await h.inject({ method: 'POST', url: '/api/evidence', payload: { controls: ['IAM-08'] } });
      expect(res.statusCode).toBe(400);
      expect(fieldCodes(res)).toEqual(['body not_multipart']);
      expect(await evidenceCount()).toBe(count);
    });

    it('refuses a file over the limit with 413, whatever the part order', async () => {
      const big = Buffer.alloc(MAX_UPLOAD + 1, 0x61);
      for (const parts of [[field('controls', 'IAM-08'), file(big, 'big.txt')], [file(big, 'big.txt'), field('controls', 'IAM-08')], [field('controls', 'IAM-08'), file(Buffer.alloc(MAX_UPLOAD * 4, 0x62), 'bigger.txt')]]) {
        const res = await refused(parts, 413, true);
        expect(errorOf(res).code).toBe('payload_too_large');
        expect(fieldCodes(res)).toEqual(['file too_large']);
      }
    });

    it('accepts a file of exactly the limit', async () => {
      const content = Buffer.alloc(MAX_UPLOAD, 0x63);
      expect((await uploaded([field('controls', 'IAM-05'), file(content, 'limit.bin', 'application/octet-stream')])).size).toBe(MAX_UPLOAD);
    });
  });
});

describe('GET /api/evidence', () => {
  it('lists newest effective first, filtered by control, a page at a time', async () => {
    const all = (await h.inject({ method: 'GET', url: '/api/evidence' })).json<{ items: Evidence[]; total: number }>();
    expect(all.total).toBe(await evidenceCount());
    expect(all.items).toHaveLength(all.total);
    const dates = all.items.map((e) => e.effectiveAt);
    expect(dates).toEqual([...dates].sort().reverse());

    const res = await h.inject({ method: 'GET', url: '/api/evidence?control=iam-04' });
    expect(res.statusCode).toBe(200);
    const filtered = res.json<{ items: Evidence[]; total: number }>();
    expect(filtered.items.map((e) => e.effectiveAt)).toEqual(['2026-11-24', '2026-11-02']);
    expect(filtered.items.every((e) => e.controls.includes('IAM-04'))).toBe(true);
    expect(filtered.total).toBe(2);

    const page1 = (await h.inject({ method: 'GET', url: '/api/evidence?limit=2&offset=0' })).json<{ items: Evidence[]; total: number }>();
    const page2 = (await h.inject({ method: 'GET', url: '/api/evidence?limit=2&offset=2' })).json<{ items: Evidence[]; total: number }>();
    expect(page1.items.map((e) => e.id)).toEqual(all.items.slice(0, 2).map((e) => e.id));
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(2, 4).map((e) => e.id));
    expect(page2.total).toBe(all.total);
  });

  it('refuses a bad page', async () => {
    const res = await h.inject({ method: 'GET', url: '/api/evidence?limit=501&offset=-1' });
    expect(res.statusCode).toBe(400);
    expect(new Set(errorOf(res).fields.map((f) => f.field))).toEqual(new Set(['querystring.limit', 'querystring.offset']));
  });
});

describe('one piece of evidence', () => {
  const content = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0a, 0x0d, 0x80, 0x7f, ...Buffer.from('binary-safe')]);
  let ev: Evidence;
  beforeAll(async () => {
    ev = await uploaded([field('controls', 'IAM-07'), field('effectiveDate', '2026-11-20'), file(content, 'Offboarding report — Q4 (final).pdf', 'application/pdf')]);
  });

  it('is returned by id', async () => {
    const res = await h.inject({ method: 'GET', url: `/api/evidence/${ev.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(ev);
  });

  it('downloads byte for byte, with its sha-256 in Repr-Digest', async () => {
    const res = await h.inject({ method: 'GET', url: `/api/evidence/${ev.id}/download` });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(content)).toBe(true);
    expect(res.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(content).digest('base64')}:`);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-length']).toBe(String(content.length));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(ev.filename).toBe('Offboarding report — Q4 (final).pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Offboarding report _ Q4 _final_.pdf"; filename*=UTF-8''${encodeURIComponent(ev.filename)}`);
  });

  it('links to more controls, once each, with an audit entry', async () => {
    const seq = await auditSeq();
    const res = await h.inject({ method: 'POST', url: `/api/evidence/${ev.id}/links`, payload: { controls: ['iam-06', 'IAM-07'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Evidence>().controls).toEqual(['IAM-06', 'IAM-07']);
    const entries = await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 5);
    expect(entries.filter((e) => e.seq > seq).map((e) => [e.action, e.entityId, e.detail])).toEqual([['evidence.link', ev.id, { controls: ['IAM-06'] }]]);
    const again = await h.inject({ method: 'POST', url: `/api/evidence/${ev.id}/links`, payload: { controls: ['IAM-06'] } });
    expect(again.statusCode).toBe(200);
    expect(await auditSeq()).toBe(seq + 1);
  });

  it('refuses links to an unknown control and keeps the links it had', async () => {
    const seq = await auditSeq();
    const res = await h.inject({ method: 'POST', url: `/api/evidence/${ev.id}/links`, payload: { controls: ['IAM-09', 'NOPE-1'] } });
    expect(res.statusCode).toBe(400);
    expect(fieldCodes(res)).toEqual(['controls unknown_id']);
    expect(errorOf(res).fields[0]!.message).toContain('NOPE-1');
    expect((await h.inject({ method: 'GET', url: `/api/evidence/${ev.id}` })).json<Evidence>().controls).toEqual(['IAM-06', 'IAM-07']);
    expect(await auditSeq()).toBe(seq);
    const empty = await h.inject({ method: 'POST', url: `/api/evidence/${ev.id}/links`, payload: { controls: [] } });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).fields.map((f) => f.field)).toEqual(['body.controls']);
  });

  it.each([
    ['an unknown id', '00000000-0000-4000-8000-000000000000'],
    ['a garbage id', 'not-an-id'],
    ['an id with SQL in it', "x'; DROP TABLE evidence; --"],
  ])('answers %s with 404 on every evidence route', async (_what, id) => {
    const path = `/api/evidence/${encodeURIComponent(id)}`;
    for (const res of [
      await h.inject({ method: 'GET', url: path }),
      await h.inject({ method: 'GET', url: `${path}/download` }),
      await h.inject({ method: 'POST', url: `${path}/links`, payload: { controls: ['IAM-01'] } }),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(errorOf(res).code).toBe('not_found');
    }
  });
});

describe('control status from evidence', () => {
  interface CriterionRow { id: string; controls: number; evidenced: number; stale: number; noEvidence: number }
  const readiness = async (via: Inject = h.inject) => {
    const res = await via({ method: 'GET', url: '/api/status' });
    expect(res.statusCode).toBe(200);
    return res.json<{ readiness: { overall: { evidenced: number; stale: number; noEvidence: number }; criteria: CriterionRow[] } }>().readiness;
  };
  /** The row /api/status gives for a criterion must agree with /api/controls at the same moment. */
  const checkAgainstControls = async (criterion: string, via: Inject = h.inject) => {
    const row = (await readiness(via)).criteria.find((c) => c.id === criterion)!;
    const controls = (await via({ method: 'GET', url: `/api/controls?criterion=${criterion}&inScope=true` })).json<Control[]>();
    const count = (status: string) => controls.filter((c) => c.status === status).length;
    expect(row).toMatchObject({ controls: controls.length, evidenced: count('evidenced'), stale: count('stale'), noEvidence: count('no_evidence') });
    return row;
  };

  it('becomes evidenced with an upload, and stale once the clock passes its validity window', async () => {
    const id = 'CHG-01';
    const before = await getControl(id);
    expect(before).toMatchObject({ status: 'no_evidence', evidenceCount: 0 });
    const initial = await checkAgainstControls('CC8.1');
    const initialOverall = (await readiness()).overall;

    await uploaded([field('controls', id), field('effectiveDate', '2026-11-10'), file('change approval log')]);
    expect(await getControl(id)).toMatchObject({ status: 'evidenced', evidenceCount: 1, latestEvidenceEffective: '2026-11-10' });
    const afterUpload = await checkAgainstControls('CC8.1');
    expect(afterUpload.evidenced).toBe(initial.evidenced + 1);
    expect(afterUpload.noEvidence).toBe(initial.noEvidence - 1);
    expect((await readiness()).overall.evidenced).toBe(initialOverall.evidenced + 1);

    const valid = EVIDENCE_VALID_DAYS[before.frequency];
    const saved = h.services.now.value;
    // Months later every session has ended: read with an API token that does not expire.
    const { inject: reader } = await h.tokenFor('viewer', { expiresInDays: null });
    try {
      h.services.now.value = new Date(Date.parse('2026-11-10T12:00:00Z') + valid * 86_400_000);
      expect((await getControl(id, reader)).status).toBe('evidenced');
      h.services.now.value = new Date(Date.parse('2026-11-10T12:00:00Z') + (valid + 1) * 86_400_000);
      const stale = await getControl(id, reader);
      expect(stale.status).toBe('stale');
      expect(stale.explanation).toContain('2026-11-10');
      const row = await checkAgainstControls('CC8.1', reader);
      expect(row.stale).toBeGreaterThanOrEqual(1);
      expect(row.evidenced).toBe(0);
      const listed = await reader({ method: 'GET', url: '/api/controls?status=stale' });
      expect(listed.json<Control[]>().map((c) => c.id)).toContain(id);
    } finally {
      h.services.now.value = saved;
    }
    expect((await getControl(id, reader)).status).toBe('evidenced');
  });
});

describe('POST /api/verify', () => {
  it('finds an intact workspace with every piece of evidence checked', async () => {
    const res = await h.inject({ method: 'POST', url: '/api/verify' });
    expect(res.statusCode).toBe(200);
    const report = res.json<{ ok: boolean; auditEntries: number; evidenceChecked: number; problems: unknown[] }>();
    expect(report).toMatchObject({ ok: true, problems: [], evidenceChecked: await evidenceCount() });
    expect(report.auditEntries).toBe(await auditSeq());
  });

  it('checks anchors sent back from an earlier report, and names a malformed one', async () => {
    const first = (await h.inject({ method: 'POST', url: '/api/verify' })).json<{ heads: { organization: string; seq: number; hash: string }[] }>();
    expect(first.heads).toHaveLength(1);
    const again = await h.inject({ method: 'POST', url: '/api/verify', payload: { anchors: first.heads } });
    expect(again.json()).toMatchObject({ ok: true, anchorsChecked: 1 });
    const forged = await h.inject({ method: 'POST', url: '/api/verify', payload: { anchors: [{ ...first.heads[0]!, hash: '0'.repeat(64) }] } });
    expect(forged.json()).toMatchObject({ ok: false, problems: [{ kind: 'audit_anchor', id: String(first.heads[0]!.seq) }] });
    const bad = await h.inject({ method: 'POST', url: '/api/verify', payload: { anchors: [{ organization: 'x', seq: 0, hash: 'nope' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { fields: { field: string }[] } }>().error.fields.map((f) => f.field).sort()).toEqual(['body.anchors.0.hash', 'body.anchors.0.seq']);
  });
});
