// Evidence: immutable files, content-addressed, with when they were collected and the
// date they are effective for; linked to controls.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, invalid, notFound, type FieldError } from '../domain/errors.js';
import { isIsoDate, toIsoDate } from '../domain/dates.js';
import type { EvidenceRecord, StoredBlob } from '../store/index.js';
import type { Actor, AppContext } from './context.js';
import { derivedCache } from './derived-cache.js';
import { isUuid } from '../domain/ids.js';

export interface EvidenceView extends Omit<EvidenceRecord, 'orgId'> {
  controls: string[];
}

export interface EvidenceMeta {
  filename: string;
  mediaType?: string;
  controls: string[];
  /** YYYY-MM-DD; defaults to today. */
  effectiveDate?: string;
  description?: string;
  source?: string;
}

/** What the audit log digests for evidence, and `attest verify` re-derives. */
export const evidenceDigestView = (e: EvidenceRecord) => ({
  id: e.id, sha256: e.sha256, size: e.size, filename: e.filename, mediaType: e.mediaType, description: e.description,
  source: e.source, collectedAt: e.collectedAt, effectiveAt: e.effectiveAt, createdBy: e.createdBy,
});

const FILENAME_MAX = 255;

export class EvidenceService {
  constructor(private readonly ctx: AppContext) {}

  /** Validates metadata before any byte is stored; returns the normalized metadata. */
  async validate(orgId: string, meta: EvidenceMeta): Promise<Required<EvidenceMeta>> {
    const errors: FieldError[] = [];
    const today = toIsoDate(this.ctx.clock());
    const effectiveDate = meta.effectiveDate?.trim() || today;
    if (!isIsoDate(effectiveDate)) errors.push({ field: 'effectiveDate', code: 'invalid_date', message: `${JSON.stringify(meta.effectiveDate)} is not a date (YYYY-MM-DD)` });
    else if (effectiveDate > today) errors.push({ field: 'effectiveDate', code: 'future_date', message: `${effectiveDate} is in the future; evidence is effective for something that has happened` });
    const filename = meta.filename.replace(/^.*[\\/]/, '').trim();
    if (filename === '') errors.push({ field: 'file', code: 'required', message: 'a file with a name is required' });
    if (filename.length > FILENAME_MAX) errors.push({ field: 'file', code: 'too_long', message: `the file name is longer than ${FILENAME_MAX} characters` });
    const controls = [...new Set(meta.controls.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
    if (controls.length === 0) errors.push({ field: 'controls', code: 'required', message: 'link the evidence to at least one control' });
    const found = new Set((await this.ctx.store.repos.controls.findBy(orgId, { ids: controls }, { limit: 1000 })).map((c) => c.controlId));
    for (const id of controls) if (!found.has(id)) errors.push({ field: 'controls', code: 'unknown_id', message: `no control ${JSON.stringify(id)} in this workspace` });
    if ((meta.description ?? '').length > 2000) errors.push({ field: 'description', code: 'too_long', message: 'at most 2000 characters' });
    if (errors.length) throw invalid(errors);
    return { filename, mediaType: meta.mediaType || 'application/octet-stream', controls, effectiveDate, description: meta.description ?? '', source: meta.source ?? 'upload' };
  }

  /**
   * Validates, stores the file, then its record, links and audit entry in one
   * transaction. The evidence exists only once that transaction commits; a failure
   * before leaves at most an unreferenced file, never a record without its file.
   */
  async add(orgId: string, meta: EvidenceMeta, content: AsyncIterable<Uint8Array> | Uint8Array, actor: Actor): Promise<EvidenceView> {
    await this.validate(orgId, meta);
    return this.record(orgId, meta, await this.putFile(content), actor);
  }

  /** Stores bytes in the content-addressed store (for uploads whose metadata comes after the file). */
  putFile(content: AsyncIterable<Uint8Array> | Uint8Array): Promise<StoredBlob> {
    return this.ctx.store.blobs.put(content, this.ctx.limits.maxUploadBytes);
  }

  /** Records evidence for a stored file. */
  async record(orgId: string, meta: EvidenceMeta, blob: StoredBlob, actor: Actor): Promise<EvidenceView> {
    const m = await this.validate(orgId, meta);
    if (blob.size === 0) throw invalid([{ field: 'file', code: 'empty', message: 'the file is empty' }]);
    const record = await this.ctx.store.transaction(async (repos) => {
      const rec = await repos.evidence.insert({
        orgId, id: randomUUID(), sha256: blob.sha256, size: blob.size, filename: m.filename, mediaType: m.mediaType,
        description: m.description, source: m.source, collectedAt: this.ctx.clock().toISOString(), effectiveAt: m.effectiveDate, createdBy: actor,
      });
      await repos.evidence.link(orgId, rec.id, m.controls);
      await repos.auditLog.append(orgId, { actor, action: 'evidence.add', entityType: 'evidence', entityId: rec.id, before: null, after: evidenceDigestView(rec), detail: { sha256: rec.sha256, controls: m.controls } }, this.ctx.clock());
      return rec;
    });
    return present(record, m.controls);
  }

  /** A page of evidence, from memory while the organization's audit log has not moved (derived-cache.ts: adding and linking evidence are audited). */
  async list(orgId: string, filter: { controlId?: string } = {}, page: { limit?: number; offset?: number } = {}): Promise<{ items: EvidenceView[]; total: number }> {
    const view = `evidence\u0000${filter.controlId ?? ''}\u0000${page.limit ?? ''}\u0000${page.offset ?? ''}`;
    return derivedCache(this.ctx).get(orgId, view, () => this.query(orgId, filter, page));
  }

  private async query(orgId: string, filter: { controlId?: string }, page: { limit?: number; offset?: number }): Promise<{ items: EvidenceView[]; total: number }> {
    const { repos } = this.ctx.store;
    const [rows, total] = await Promise.all([repos.evidence.findBy(orgId, filter, page), repos.evidence.countBy(orgId, filter)]);
    return { items: await this.views(orgId, rows), total };
  }

  /** Records as views, with their control links read in one query. */
  async views(orgId: string, records: EvidenceRecord[]): Promise<EvidenceView[]> {
    const links = await this.ctx.store.repos.evidence.linksFor(orgId, records.map((r) => r.id));
    return records.map((r) => present(r, links.get(r.id) ?? []));
  }

  async get(orgId: string, id: string): Promise<EvidenceView> {
    const rec = await this.getRecord(orgId, id);
    const links = await this.ctx.store.repos.evidence.linksFor(orgId, [rec.id]);
    return present(rec, links.get(rec.id) ?? []);
  }

  async link(orgId: string, id: string, controlIds: string[], actor: Actor): Promise<EvidenceView> {
    const rec = await this.getRecord(orgId, id);
    const ids = [...new Set(controlIds.map((c) => c.trim().toUpperCase()))];
    if (ids.length === 0) throw invalid([{ field: 'controls', code: 'required', message: 'name at least one control' }]);
    const found = new Set((await this.ctx.store.repos.controls.findBy(orgId, { ids }, { limit: 1000 })).map((c) => c.controlId));
    const unknown = ids.filter((c) => !found.has(c));
    if (unknown.length) throw invalid(unknown.map((c) => ({ field: 'controls', code: 'unknown_id', message: `no control ${JSON.stringify(c)} in this workspace` })));
    await this.ctx.store.transaction(async (repos) => {
      const added = await repos.evidence.link(orgId, rec.id, ids);
      if (added.length) await repos.auditLog.append(orgId, { actor, action: 'evidence.link', entityType: 'evidence', entityId: rec.id, before: null, after: { controls: added }, detail: { controls: added } }, this.ctx.clock());
    });
    return this.get(orgId, id);
  }

  async open(orgId: string, id: string): Promise<{ record: EvidenceRecord; stream: Readable }> {
    const record = await this.getRecord(orgId, id);
    if (!(await this.ctx.store.blobs.has(record.sha256))) throw new AppError('integrity_failure', `the file of evidence ${id} is missing from the evidence store`);
    return { record, stream: this.ctx.store.blobs.open(record.sha256) };
  }

  private async getRecord(orgId: string, id: string): Promise<EvidenceRecord> {
    if (!isUuid(id)) throw notFound('evidence', id, 'id');
    const rec = await this.ctx.store.repos.evidence.getById(orgId, id);
    if (!rec) throw notFound('evidence', id, 'id');
    return rec;
  }
}

/** A record as the API shows it, with the controls it is linked to. */
export function present(r: EvidenceRecord, controls: string[]): EvidenceView {
  const { orgId: _o, ...rest } = r;
  return { ...rest, controls };
}
