// The auditor's fieldwork on an audit: tests performed on sampled items and their results,
// exceptions with management's response, and the request list (status, assignee, due date,
// comments, attachments of evidence the audit can see).
import { randomUUID } from 'node:crypto';
import { conflict, invalid, isAppError, notFound, type FieldError } from '../domain/errors.js';
import { isIsoDate, toIsoDate } from '../domain/dates.js';
import { isUuid } from '../domain/ids.js';
import type {
  AuditExceptionRecord, AuditRequestPatch, AuditRequestRecord, AuditTestRecord, RequestAttachment, RequestComment, RequestStatus, TestMethod, TestResult,
} from '../store/index.js';
import type { AuditsService } from './audits.service.js';
import type { Actor, AppContext } from './context.js';

export const TEST_METHODS: TestMethod[] = ['inquiry', 'observation', 'inspection', 'reperformance'];
export const TEST_RESULTS: TestResult[] = ['pass', 'exception'];
export const REQUEST_STATUSES: RequestStatus[] = ['open', 'submitted', 'accepted', 'rejected'];

/** Where a request may go from each status. */
export const REQUEST_TRANSITIONS: Record<RequestStatus, RequestStatus[]> = {
  open: ['submitted'],
  submitted: ['accepted', 'rejected', 'open'],
  rejected: ['submitted', 'open'],
  accepted: ['open'],
};

export interface TestInput {
  control: string;
  /** The key of a sampled item (from `audit sample`), when the test is of one. */
  item?: string | null;
  method: string;
  performedBy: string;
  /** YYYY-MM-DD; default today. */
  performedOn?: string;
  result: string;
  notes?: string;
}

export interface ExceptionInput {
  control: string;
  description: string;
  testId?: string | null;
}

export interface RequestInput {
  title: string;
  description?: string;
  controls?: string[];
  assignee?: string | null;
  dueDate?: string | null;
}

export type TestView = Omit<AuditTestRecord, 'orgId'> & { exception: string | null };
export type ExceptionView = Omit<AuditExceptionRecord, 'orgId'>;

export interface AttachmentView extends RequestAttachment {
  filename: string;
  sha256: string;
  effectiveAt: string;
}

export interface RequestView extends Omit<AuditRequestRecord, 'orgId'> {
  comments: RequestComment[];
  attachments: AttachmentView[];
}

const TEXT_MAX = 10_000;
const NAME_MAX = 200;

const strip = <T extends { orgId: string }>(r: T): Omit<T, 'orgId'> => {
  const { orgId: _o, ...rest } = r;
  return rest;
};

/** The value, or null with the field errors of an invalid_input collected (anything else is thrown). */
async function fieldErrorsInto<T>(errors: FieldError[], p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (!isAppError(e) || e.code !== 'invalid_input') throw e;
    errors.push(...e.fields);
    return null;
  }
}

export class AuditFieldworkService {
  constructor(private readonly ctx: AppContext, private readonly audits: AuditsService) {}

  // --- tests ------------------------------------------------------------------------------

  /** Records a test; a test whose result is an exception records the exception with it. */
  async recordTest(orgId: string, auditId: string, input: TestInput, actor: Actor): Promise<TestView> {
    const audit = await this.audits.record(orgId, auditId);
    const errors: FieldError[] = [];
    const control = await fieldErrorsInto(errors, this.audits.control(orgId, audit, input.control ?? ''));
    if (!TEST_METHODS.includes(input.method as TestMethod)) errors.push({ field: 'method', code: 'invalid_value', message: `choose the method: ${TEST_METHODS.join(', ')}` });
    if (!TEST_RESULTS.includes(input.result as TestResult)) errors.push({ field: 'result', code: 'invalid_value', message: `the result is ${TEST_RESULTS.join(' or ')}` });
    const performedBy = (input.performedBy ?? '').trim();
    if (!performedBy) errors.push({ field: 'performedBy', code: 'required', message: 'who performed the test' });
    else if (performedBy.length > NAME_MAX) errors.push({ field: 'performedBy', code: 'too_long', message: `at most ${NAME_MAX} characters` });
    const today = toIsoDate(this.ctx.clock());
    const performedOn = input.performedOn?.trim() || today;
    if (!isIsoDate(performedOn)) errors.push({ field: 'performedOn', code: 'invalid_date', message: `${JSON.stringify(input.performedOn)} is not a date (YYYY-MM-DD)` });
    else if (performedOn > today) errors.push({ field: 'performedOn', code: 'future_date', message: `${performedOn} has not happened yet` });
    const notes = (input.notes ?? '').trim();
    if (notes.length > TEXT_MAX) errors.push({ field: 'notes', code: 'too_long', message: `at most ${TEXT_MAX} characters` });
    if (input.result === 'exception' && !notes) errors.push({ field: 'notes', code: 'required', message: 'describe the exception found' });
    const item = input.item?.trim() || null;
    if (item && control) {
      const sampled = await this.sampledKeys(orgId, audit.id, control.id);
      if (!sampled.has(item)) errors.push({ field: 'item', code: 'not_sampled', message: `${JSON.stringify(item)} is not in any sample drawn for ${control.id} in this audit` });
    }
    if (errors.length || !control) throw invalid(errors);
    const now = this.ctx.clock().toISOString();
    return this.ctx.store.transaction(async (repos) => {
      const test = await repos.audits.insertTest({
        orgId, auditId: audit.id, id: randomUUID(), controlId: control.id, item, method: input.method as TestMethod, performedBy, performedOn,
        result: input.result as TestResult, notes, createdBy: actor, createdAt: now,
      });
      await repos.auditLog.append(orgId, { actor, action: 'audit.test', entityType: 'audit', entityId: audit.id, before: null, after: strip(test), detail: { test: test.id, control: control.id, result: test.result } }, this.ctx.clock());
      let exception: string | null = null;
      if (test.result === 'exception') {
        const x = await repos.audits.insertException({
          orgId, auditId: audit.id, id: randomUUID(), controlId: control.id, testId: test.id, description: notes,
          managementResponse: null, respondedBy: null, respondedAt: null, createdBy: actor, createdAt: now,
        });
        await repos.auditLog.append(orgId, { actor, action: 'audit.exception', entityType: 'audit', entityId: audit.id, before: null, after: strip(x), detail: { exception: x.id, control: control.id, test: test.id } }, this.ctx.clock());
        exception = x.id;
      }
      return { ...strip(test), exception };
    });
  }

  async tests(orgId: string, auditId: string, filter: { control?: string } = {}, page: { limit?: number; offset?: number } = {}): Promise<TestView[]> {
    const audit = await this.audits.record(orgId, auditId);
    const controlId = filter.control ? (await this.audits.control(orgId, audit, filter.control)).id : undefined;
    const { repos } = this.ctx.store;
    const [rows, exceptions] = await Promise.all([repos.audits.findTests(orgId, audit.id, { controlId }, page), repos.audits.findExceptions(orgId, audit.id, { controlId }, { limit: 1000 })]);
    const byTest = new Map(exceptions.filter((x) => x.testId).map((x) => [x.testId!, x.id]));
    return rows.map((t) => ({ ...strip(t), exception: byTest.get(t.id) ?? null }));
  }

  private async sampledKeys(orgId: string, auditId: string, controlId: string): Promise<Set<string>> {
    const keys = new Set<string>();
    const { repos } = this.ctx.store;
    for (const seed of await repos.audits.seedsDrawn(orgId, auditId)) {
      for (const s of await repos.audits.findSamples(orgId, auditId, seed, [controlId])) for (const i of s.items) keys.add(String(i.key));
    }
    return keys;
  }

  // --- exceptions -------------------------------------------------------------------------

  async recordException(orgId: string, auditId: string, input: ExceptionInput, actor: Actor): Promise<ExceptionView> {
    const audit = await this.audits.record(orgId, auditId);
    const errors: FieldError[] = [];
    const control = await fieldErrorsInto(errors, this.audits.control(orgId, audit, input.control ?? ''));
    const description = (input.description ?? '').trim();
    if (!description) errors.push({ field: 'description', code: 'required', message: 'describe the exception' });
    else if (description.length > TEXT_MAX) errors.push({ field: 'description', code: 'too_long', message: `at most ${TEXT_MAX} characters` });
    const testId = input.testId?.trim() || null;
    if (testId) {
      const test = isUuid(testId) ? await this.ctx.store.repos.audits.getTest(orgId, audit.id, testId.toLowerCase()) : null;
      if (!test) errors.push({ field: 'testId', code: 'unknown_id', message: `no test ${JSON.stringify(testId)} in this audit` });
      else if (control && test.controlId !== control.id) errors.push({ field: 'testId', code: 'other_control', message: `test ${testId} is of ${test.controlId}, not ${control.id}` });
    }
    if (errors.length || !control) throw invalid(errors);
    return this.ctx.store.transaction(async (repos) => {
      const x = await repos.audits.insertException({
        orgId, auditId: audit.id, id: randomUUID(), controlId: control.id, testId: testId?.toLowerCase() ?? null, description,
        managementResponse: null, respondedBy: null, respondedAt: null, createdBy: actor, createdAt: this.ctx.clock().toISOString(),
      });
      await repos.auditLog.append(orgId, { actor, action: 'audit.exception', entityType: 'audit', entityId: audit.id, before: null, after: strip(x), detail: { exception: x.id, control: control.id } }, this.ctx.clock());
      return strip(x);
    });
  }

  async exceptions(orgId: string, auditId: string, filter: { control?: string } = {}, page: { limit?: number; offset?: number } = {}): Promise<ExceptionView[]> {
    const audit = await this.audits.record(orgId, auditId);
    const controlId = filter.control ? (await this.audits.control(orgId, audit, filter.control)).id : undefined;
    return (await this.ctx.store.repos.audits.findExceptions(orgId, audit.id, { controlId }, page)).map(strip);
  }

  /** Management's response to an exception; a later response replaces it (both stay in the audit log). */
  async respond(orgId: string, auditId: string, exceptionId: string, response: string, actor: Actor): Promise<ExceptionView> {
    const audit = await this.audits.record(orgId, auditId);
    const text = (response ?? '').trim();
    if (!text) throw invalid([{ field: 'response', code: 'required', message: "management's response is required" }]);
    if (text.length > TEXT_MAX) throw invalid([{ field: 'response', code: 'too_long', message: `at most ${TEXT_MAX} characters` }]);
    return this.ctx.store.transaction(async (repos) => {
      const before = isUuid(exceptionId) ? await repos.audits.getException(orgId, audit.id, exceptionId.toLowerCase()) : null;
      if (!before) throw notFound('exception', exceptionId, 'exception');
      const after = await repos.audits.respondToException(orgId, audit.id, before.id, text, actor, this.ctx.clock().toISOString());
      await repos.auditLog.append(orgId, { actor, action: 'audit.exception.respond', entityType: 'audit', entityId: audit.id, before: strip(before), after: after && strip(after), detail: { exception: before.id } }, this.ctx.clock());
      return strip(after!);
    });
  }

  // --- requests ---------------------------------------------------------------------------

  async createRequest(orgId: string, auditId: string, input: RequestInput, actor: Actor): Promise<RequestView> {
    const audit = await this.audits.record(orgId, auditId);
    const errors: FieldError[] = [];
    const title = (input.title ?? '').trim();
    if (!title) errors.push({ field: 'title', code: 'required', message: 'a request needs a title' });
    const fields = await this.checkRequestFields(orgId, audit.id, { ...input, title }, errors);
    if (errors.length) throw invalid(errors);
    const now = this.ctx.clock().toISOString();
    const saved = await this.ctx.store.transaction(async (repos) => {
      const r = await repos.audits.insertRequest({
        orgId, auditId: audit.id, id: randomUUID(), title, description: fields.description ?? '', controls: fields.controls ?? [], status: 'open',
        assignee: fields.assignee ?? null, dueDate: fields.dueDate ?? null, createdBy: actor, createdAt: now, updatedAt: now,
      });
      await repos.auditLog.append(orgId, { actor, action: 'audit.request.create', entityType: 'audit', entityId: audit.id, before: null, after: strip(r), detail: { request: r.id, number: r.number } }, this.ctx.clock());
      return r;
    });
    return (await this.present(orgId, audit.id, [saved]))[0]!;
  }

  async requests(orgId: string, auditId: string, filter: { status?: RequestStatus; assignee?: string } = {}, page: { limit?: number; offset?: number } = {}): Promise<RequestView[]> {
    const audit = await this.audits.record(orgId, auditId);
    return this.present(orgId, audit.id, await this.ctx.store.repos.audits.findRequests(orgId, audit.id, filter, page));
  }

  async request(orgId: string, auditId: string, requestId: string): Promise<RequestView> {
    const audit = await this.audits.record(orgId, auditId);
    return (await this.present(orgId, audit.id, [await this.requestRecord(orgId, audit.id, requestId)]))[0]!;
  }

  /** Changes a request's fields or status (open → submitted → accepted | rejected; see REQUEST_TRANSITIONS). */
  async updateRequest(orgId: string, auditId: string, requestId: string, patch: AuditRequestPatch, actor: Actor): Promise<RequestView> {
    const audit = await this.audits.record(orgId, auditId);
    const errors: FieldError[] = [];
    if (patch.title !== undefined && !patch.title.trim()) errors.push({ field: 'title', code: 'required', message: 'a request needs a title' });
    if (patch.status !== undefined && !REQUEST_STATUSES.includes(patch.status)) errors.push({ field: 'status', code: 'invalid_value', message: `the status is one of ${REQUEST_STATUSES.join(', ')}` });
    const fields = await this.checkRequestFields(orgId, audit.id, patch, errors);
    if (errors.length) throw invalid(errors);
    const normalized: AuditRequestPatch = { ...fields, ...(patch.title !== undefined ? { title: patch.title.trim() } : {}), ...(patch.status !== undefined ? { status: patch.status } : {}) };
    const saved = await this.ctx.store.transaction(async (repos) => {
      const before = await this.requestRecord(orgId, audit.id, requestId, repos.audits);
      if (patch.status !== undefined && patch.status !== before.status && !REQUEST_TRANSITIONS[before.status].includes(patch.status)) {
        throw conflict(`request R-${before.number} is ${before.status}; it can go to ${REQUEST_TRANSITIONS[before.status].join(' or ')}, not ${patch.status}`);
      }
      const after = await repos.audits.updateRequest(orgId, audit.id, before.id, normalized, this.ctx.clock().toISOString());
      await repos.auditLog.append(orgId, { actor, action: 'audit.request.update', entityType: 'audit', entityId: audit.id, before: strip(before), after: after && strip(after), detail: { request: before.id, fields: Object.keys(patch).sort() } }, this.ctx.clock());
      return after!;
    });
    return (await this.present(orgId, audit.id, [saved]))[0]!;
  }

  async comment(orgId: string, auditId: string, requestId: string, body: string, actor: Actor): Promise<RequestView> {
    const audit = await this.audits.record(orgId, auditId);
    const text = (body ?? '').trim();
    if (!text) throw invalid([{ field: 'body', code: 'required', message: 'the comment is empty' }]);
    if (text.length > TEXT_MAX) throw invalid([{ field: 'body', code: 'too_long', message: `at most ${TEXT_MAX} characters` }]);
    const request = await this.requestRecord(orgId, audit.id, requestId);
    await this.ctx.store.transaction(async (repos) => {
      const c = await repos.audits.insertComment(orgId, audit.id, { id: randomUUID(), requestId: request.id, author: actor, body: text, createdAt: this.ctx.clock().toISOString() });
      await repos.auditLog.append(orgId, { actor, action: 'audit.request.comment', entityType: 'audit', entityId: audit.id, before: null, after: c, detail: { request: request.id, comment: c.id } }, this.ctx.clock());
    });
    return this.request(orgId, audit.id, request.id);
  }

  /** Attaches evidence to a request: only evidence this audit can see (effective within its window). */
  async attach(orgId: string, auditId: string, requestId: string, evidenceIds: string[], actor: Actor): Promise<RequestView> {
    const audit = await this.audits.record(orgId, auditId);
    const request = await this.requestRecord(orgId, audit.id, requestId);
    const ids = [...new Set((evidenceIds ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean))];
    if (ids.length === 0) throw invalid([{ field: 'evidence', code: 'required', message: 'name at least one piece of evidence' }]);
    const errors: FieldError[] = [];
    for (const id of ids) {
      const exists = isUuid(id) ? await this.ctx.store.repos.evidence.getById(orgId, id) : null;
      if (!exists) {
        errors.push({ field: 'evidence', code: 'unknown_id', message: `no evidence ${JSON.stringify(id)}` });
        continue;
      }
      const visible = await this.audits.evidenceItem(orgId, audit.id, id).then(() => true, () => false);
      if (!visible) errors.push({ field: 'evidence', code: 'outside_window', message: `evidence ${id} (effective ${exists.effectiveAt}) is not effective within this audit's window for any of its controls` });
    }
    if (errors.length) throw invalid(errors);
    await this.ctx.store.transaction(async (repos) => {
      const added = await repos.audits.attach(orgId, audit.id, request.id, ids, actor, this.ctx.clock().toISOString());
      if (added.length) await repos.auditLog.append(orgId, { actor, action: 'audit.request.attach', entityType: 'audit', entityId: audit.id, before: null, after: { request: request.id, evidence: added }, detail: { request: request.id, evidence: added } }, this.ctx.clock());
    });
    return this.request(orgId, audit.id, request.id);
  }

  private async requestRecord(orgId: string, auditId: string, requestId: string, repo = this.ctx.store.repos.audits): Promise<AuditRequestRecord> {
    const found = isUuid(requestId) ? await repo.getRequest(orgId, auditId, requestId.toLowerCase()) : null;
    if (!found) throw notFound('request', requestId, 'request');
    return found;
  }

  private async checkRequestFields(orgId: string, auditId: string, input: Partial<RequestInput>, errors: FieldError[]): Promise<AuditRequestPatch> {
    const out: AuditRequestPatch = {};
    if (input.title !== undefined && input.title.trim().length > NAME_MAX) errors.push({ field: 'title', code: 'too_long', message: `at most ${NAME_MAX} characters` });
    if (input.description !== undefined) {
      if (input.description.length > TEXT_MAX) errors.push({ field: 'description', code: 'too_long', message: `at most ${TEXT_MAX} characters` });
      out.description = input.description;
    }
    if (input.controls !== undefined) {
      const audit = await this.audits.record(orgId, auditId);
      const ids = [...new Set(input.controls.map((c) => c.trim().toUpperCase()).filter(Boolean))];
      for (const id of ids) await fieldErrorsInto(errors, this.audits.control(orgId, audit, id, 'controls'));
      out.controls = ids.sort();
    }
    if (input.assignee !== undefined) {
      const a = input.assignee?.trim() || null;
      if (a && a.length > NAME_MAX) errors.push({ field: 'assignee', code: 'too_long', message: `at most ${NAME_MAX} characters` });
      out.assignee = a;
    }
    if (input.dueDate !== undefined) {
      const d = input.dueDate?.trim() || null;
      if (d && !isIsoDate(d)) errors.push({ field: 'dueDate', code: 'invalid_date', message: `${JSON.stringify(input.dueDate)} is not a date (YYYY-MM-DD)` });
      out.dueDate = d;
    }
    return out;
  }

  private async present(orgId: string, auditId: string, rows: AuditRequestRecord[]): Promise<RequestView[]> {
    const { repos } = this.ctx.store;
    const ids = rows.map((r) => r.id);
    const [comments, attachments] = await Promise.all([repos.audits.findComments(orgId, auditId, ids), repos.audits.findAttachments(orgId, auditId, ids)]);
    const evidence = new Map<string, { filename: string; sha256: string; effectiveAt: string }>();
    for (const id of new Set(attachments.map((a) => a.evidenceId))) {
      const e = await repos.evidence.getById(orgId, id);
      if (e) evidence.set(id, { filename: e.filename, sha256: e.sha256, effectiveAt: e.effectiveAt });
    }
    return rows.map((r) => ({
      ...strip(r),
      comments: comments.filter((c) => c.requestId === r.id),
      attachments: attachments.filter((a) => a.requestId === r.id).map((a) => ({ ...a, ...evidence.get(a.evidenceId)! })),
    }));
  }
}
