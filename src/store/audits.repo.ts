import type { Category, ReportType } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { EvidenceRecord } from './evidence.repo.js';
import { bounded, iso, isoOrNull, type Page } from './rows.js';

export interface AuditRecord {
  orgId: string;
  id: string;
  reportType: ReportType;
  asOf: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  categories: Category[];
  seed: number | null;
  createdBy: string;
  createdAt: string;
}

export type PopulationKindValue = 'occurrences' | 'events' | 'resources';

/** A draw as it was made: same seed and control, same answer. Items are stored as given. */
export interface StoredSample {
  orgId: string;
  auditId: string;
  seed: number;
  controlId: string;
  populationKind: PopulationKindValue;
  populationSize: number;
  populationDigest: string;
  rule: string;
  required: number;
  explanation: string;
  items: Record<string, unknown>[];
  /** The control's risk when drawn (sizes frequency-table samples). */
  risk: ControlRisk;
  drawnBy: string;
  drawnAt: string;
}

export type ControlRisk = 'low' | 'moderate' | 'high';

/** An account with the auditor role assigned to an audit. */
export interface AuditAuditor {
  userId: string;
  email: string;
  name: string;
  disabled: boolean;
  assignedBy: string;
  assignedAt: string;
}

export type TestMethod = 'inquiry' | 'observation' | 'inspection' | 'reperformance';
export type TestResult = 'pass' | 'exception';

export interface AuditTestRecord {
  orgId: string;
  auditId: string;
  id: string;
  controlId: string;
  item: string | null;
  method: TestMethod;
  performedBy: string;
  performedOn: string;
  result: TestResult;
  notes: string;
  createdBy: string;
  createdAt: string;
}

export interface AuditExceptionRecord {
  orgId: string;
  auditId: string;
  id: string;
  controlId: string;
  testId: string | null;
  description: string;
  managementResponse: string | null;
  respondedBy: string | null;
  respondedAt: string | null;
  createdBy: string;
  createdAt: string;
}

export type RequestStatus = 'open' | 'submitted' | 'accepted' | 'rejected';

export interface AuditRequestRecord {
  orgId: string;
  auditId: string;
  id: string;
  number: number;
  title: string;
  description: string;
  controls: string[];
  status: RequestStatus;
  assignee: string | null;
  dueDate: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface AuditRequestPatch {
  title?: string;
  description?: string;
  controls?: string[];
  status?: RequestStatus;
  assignee?: string | null;
  dueDate?: string | null;
}

export interface RequestComment {
  id: string;
  requestId: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface RequestAttachment {
  requestId: string;
  evidenceId: string;
  attachedBy: string;
  attachedAt: string;
}

/** Per control of an audit: tests performed and their outcome, exceptions and how many await a response. */
export interface ControlFieldwork {
  controlId: string;
  tests: number;
  passed: number;
  exceptions: number;
  methods: TestMethod[];
  exceptionsRecorded: number;
  unanswered: number;
}

/** Evidence linked to a control, with the control it was found through. */
export interface LinkedEvidence {
  controlId: string;
  evidence: EvidenceRecord;
}

const presentAudit = (r: Record<string, unknown>): AuditRecord => ({
  orgId: String(r.org_id), id: String(r.id), reportType: r.report_type as ReportType, asOf: (r.as_of as string | null) ?? null,
  periodStart: (r.period_start as string | null) ?? null, periodEnd: (r.period_end as string | null) ?? null,
  categories: r.categories as Category[], seed: r.seed === null || r.seed === undefined ? null : Number(r.seed),
  createdBy: String(r.created_by), createdAt: iso(r.created_at),
});

const presentSample = (r: Record<string, unknown>): StoredSample => ({
  orgId: String(r.org_id), auditId: String(r.audit_id), seed: Number(r.seed), controlId: String(r.control_id),
  populationKind: r.population_kind as PopulationKindValue, populationSize: Number(r.population_size), populationDigest: String(r.population_digest),
  rule: String(r.rule), required: Number(r.required), explanation: String(r.explanation), items: r.items as Record<string, unknown>[],
  risk: (r.risk as ControlRisk | undefined) ?? 'moderate', drawnBy: String(r.drawn_by), drawnAt: iso(r.drawn_at),
});

const presentTest = (r: Record<string, unknown>): AuditTestRecord => ({
  orgId: String(r.org_id), auditId: String(r.audit_id), id: String(r.id), controlId: String(r.control_id), item: (r.item as string | null) ?? null,
  method: r.method as TestMethod, performedBy: String(r.performed_by), performedOn: String(r.performed_on), result: r.result as TestResult,
  notes: String(r.notes), createdBy: String(r.created_by), createdAt: iso(r.created_at),
});

const presentException = (r: Record<string, unknown>): AuditExceptionRecord => ({
  orgId: String(r.org_id), auditId: String(r.audit_id), id: String(r.id), controlId: String(r.control_id), testId: (r.test_id as string | null) ?? null,
  description: String(r.description), managementResponse: (r.management_response as string | null) ?? null, respondedBy: (r.responded_by as string | null) ?? null,
  respondedAt: isoOrNull(r.responded_at), createdBy: String(r.created_by), createdAt: iso(r.created_at),
});

const presentRequest = (r: Record<string, unknown>): AuditRequestRecord => ({
  orgId: String(r.org_id), auditId: String(r.audit_id), id: String(r.id), number: Number(r.number), title: String(r.title),
  description: String(r.description), controls: r.controls as string[], status: r.status as RequestStatus, assignee: (r.assignee as string | null) ?? null,
  dueDate: (r.due_date as string | null) ?? null, createdBy: String(r.created_by), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
});

const presentEvidence = (r: Record<string, unknown>): EvidenceRecord => ({
  orgId: String(r.org_id), id: String(r.id), sha256: String(r.sha256), size: Number(r.size), filename: String(r.filename),
  mediaType: String(r.media_type), description: String(r.description), source: String(r.source), collectedAt: iso(r.collected_at),
  effectiveAt: String(r.effective_at), createdBy: String(r.created_by), createdAt: iso(r.created_at),
});

export class AuditsRepo {
  constructor(private readonly q: Queryable) {}

  async insert(a: AuditRecord): Promise<AuditRecord> {
    const rows = await this.q.query(
      `INSERT INTO audits (org_id, id, report_type, as_of, period_start, period_end, categories, seed, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [a.orgId, a.id, a.reportType, a.asOf, a.periodStart, a.periodEnd, a.categories, a.seed, a.createdBy, a.createdAt],
    );
    return presentAudit(rows[0]!);
  }

  async getById(orgId: string, id: string): Promise<AuditRecord | null> {
    const rows = await this.q.query('SELECT * FROM audits WHERE org_id = $1 AND id = $2', [orgId, id]);
    return rows[0] ? presentAudit(rows[0]) : null;
  }

  /** Newest first; with `auditor`, only the audits that account is assigned to. */
  async findBy(orgId: string, page?: Page, filter: { auditor?: string } = {}): Promise<AuditRecord[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT a.* FROM audits a WHERE a.org_id = $1
         AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM audit_auditors x WHERE x.org_id = a.org_id AND x.audit_id = a.id AND x.user_id = $4))
       ORDER BY a.created_at DESC, a.id LIMIT $2 OFFSET $3`,
      [orgId, limit, offset, filter.auditor ?? null],
    );
    return rows.map(presentAudit);
  }

  async countBy(orgId: string, filter: { auditor?: string } = {}): Promise<number> {
    const rows = await this.q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audits a WHERE a.org_id = $1
         AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM audit_auditors x WHERE x.org_id = a.org_id AND x.audit_id = a.id AND x.user_id = $2))`,
      [orgId, filter.auditor ?? null],
    );
    return rows[0]?.n ?? 0;
  }

  // --- auditors assigned to audits --------------------------------------------------------

  /** Assigns an account to an audit; false when it already was. */
  async assignAuditor(orgId: string, auditId: string, userId: string, by: string, at: string): Promise<boolean> {
    const rows = await this.q.query(
      `INSERT INTO audit_auditors (org_id, audit_id, user_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [orgId, auditId, userId, by, at],
    );
    return rows.length > 0;
  }

  /** False when the account was not assigned. */
  async unassignAuditor(orgId: string, auditId: string, userId: string): Promise<boolean> {
    const rows = await this.q.query('DELETE FROM audit_auditors WHERE org_id = $1 AND audit_id = $2 AND user_id = $3 RETURNING user_id', [orgId, auditId, userId]);
    return rows.length > 0;
  }

  async findAuditors(orgId: string, auditId: string): Promise<AuditAuditor[]> {
    const rows = await this.q.query<Record<string, unknown>>(
      `SELECT a.user_id, a.assigned_by, a.assigned_at, u.email, u.name, u.disabled_at FROM audit_auditors a
       JOIN users u ON u.org_id = a.org_id AND u.id = a.user_id
       WHERE a.org_id = $1 AND a.audit_id = $2 ORDER BY a.assigned_at, a.user_id LIMIT 1000`, [orgId, auditId]);
    return rows.map((r) => ({
      userId: String(r.user_id), email: String(r.email), name: String(r.name), disabled: r.disabled_at !== null,
      assignedBy: String(r.assigned_by), assignedAt: iso(r.assigned_at),
    }));
  }

  async isAssigned(orgId: string, auditId: string, userId: string): Promise<boolean> {
    const rows = await this.q.query('SELECT 1 FROM audit_auditors WHERE org_id = $1 AND audit_id = $2 AND user_id = $3', [orgId, auditId, userId]);
    return rows.length > 0;
  }

  // --- per-control risk ---------------------------------------------------------------------

  async setRisk(orgId: string, auditId: string, controlId: string, risk: ControlRisk, by: string, at: string): Promise<void> {
    await this.q.query(
      `INSERT INTO audit_control_risks (org_id, audit_id, control_id, risk, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org_id, audit_id, control_id) DO UPDATE SET risk = EXCLUDED.risk, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
      [orgId, auditId, controlId, risk, by, at],
    );
  }

  /** Risks set in the audit, by control; a control without one is moderate. */
  async risks(orgId: string, auditId: string): Promise<Map<string, ControlRisk>> {
    const rows = await this.q.query<{ control_id: string; risk: ControlRisk }>(
      'SELECT control_id, risk FROM audit_control_risks WHERE org_id = $1 AND audit_id = $2 LIMIT 5000', [orgId, auditId]);
    return new Map(rows.map((r) => [String(r.control_id), r.risk]));
  }

  async setSeed(orgId: string, id: string, seed: number): Promise<void> {
    await this.q.query('UPDATE audits SET seed = $3 WHERE org_id = $1 AND id = $2', [orgId, id, seed]);
  }

  /** Seeds drawn with so far, oldest first. */
  async seedsDrawn(orgId: string, auditId: string): Promise<number[]> {
    const rows = await this.q.query<{ seed: number }>(
      'SELECT seed FROM audit_samples WHERE org_id = $1 AND audit_id = $2 GROUP BY seed ORDER BY min(drawn_at), seed LIMIT 1000', [orgId, auditId]);
    return rows.map((r) => Number(r.seed));
  }

  // --- samples ---------------------------------------------------------------------------

  async findSamples(orgId: string, auditId: string, seed: number, controlIds: string[]): Promise<StoredSample[]> {
    if (controlIds.length === 0) return [];
    const rows = await this.q.query(
      'SELECT * FROM audit_samples WHERE org_id = $1 AND audit_id = $2 AND seed = $3 AND control_id = ANY($4::text[]) ORDER BY control_id',
      [orgId, auditId, seed, controlIds],
    );
    return rows.map(presentSample);
  }

  /** Stores draws; a draw already stored for the same seed and control is kept (first one wins). */
  async insertSamples(samples: StoredSample[]): Promise<number> {
    let n = 0;
    for (const s of samples) {
      const rows = await this.q.query(
        `INSERT INTO audit_samples (org_id, audit_id, seed, control_id, population_kind, population_size, population_digest, rule, required, explanation, items, drawn_by, drawn_at, risk)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING RETURNING control_id`,
        [s.orgId, s.auditId, s.seed, s.controlId, s.populationKind, s.populationSize, s.populationDigest, s.rule, s.required, s.explanation, JSON.stringify(s.items), s.drawnBy, s.drawnAt, s.risk],
      );
      n += rows.length;
    }
    return n;
  }

  // --- tests and exceptions ---------------------------------------------------------------

  async insertTest(t: AuditTestRecord): Promise<AuditTestRecord> {
    const rows = await this.q.query(
      `INSERT INTO audit_tests (org_id, audit_id, id, control_id, item, method, performed_by, performed_on, result, notes, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [t.orgId, t.auditId, t.id, t.controlId, t.item, t.method, t.performedBy, t.performedOn, t.result, t.notes, t.createdBy, t.createdAt],
    );
    return presentTest(rows[0]!);
  }

  async getTest(orgId: string, auditId: string, id: string): Promise<AuditTestRecord | null> {
    const rows = await this.q.query('SELECT * FROM audit_tests WHERE org_id = $1 AND audit_id = $2 AND id = $3', [orgId, auditId, id]);
    return rows[0] ? presentTest(rows[0]) : null;
  }

  async findTests(orgId: string, auditId: string, filter: { controlId?: string } = {}, page?: Page): Promise<AuditTestRecord[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT * FROM audit_tests WHERE org_id = $1 AND audit_id = $2 AND ($3::text IS NULL OR control_id = $3)
       ORDER BY control_id, performed_on, created_at, id LIMIT $4 OFFSET $5`,
      [orgId, auditId, filter.controlId ?? null, limit, offset],
    );
    return rows.map(presentTest);
  }

  async insertException(e: AuditExceptionRecord): Promise<AuditExceptionRecord> {
    const rows = await this.q.query(
      `INSERT INTO audit_exceptions (org_id, audit_id, id, control_id, test_id, description, management_response, responded_by, responded_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [e.orgId, e.auditId, e.id, e.controlId, e.testId, e.description, e.managementResponse, e.respondedBy, e.respondedAt, e.createdBy, e.createdAt],
    );
    return presentException(rows[0]!);
  }

  async getException(orgId: string, auditId: string, id: string): Promise<AuditExceptionRecord | null> {
    const rows = await this.q.query('SELECT * FROM audit_exceptions WHERE org_id = $1 AND audit_id = $2 AND id = $3', [orgId, auditId, id]);
    return rows[0] ? presentException(rows[0]) : null;
  }

  async findExceptions(orgId: string, auditId: string, filter: { controlId?: string } = {}, page?: Page): Promise<AuditExceptionRecord[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT * FROM audit_exceptions WHERE org_id = $1 AND audit_id = $2 AND ($3::text IS NULL OR control_id = $3)
       ORDER BY control_id, created_at, id LIMIT $4 OFFSET $5`,
      [orgId, auditId, filter.controlId ?? null, limit, offset],
    );
    return rows.map(presentException);
  }

  async respondToException(orgId: string, auditId: string, id: string, response: string, by: string, at: string): Promise<AuditExceptionRecord | null> {
    const rows = await this.q.query(
      `UPDATE audit_exceptions SET management_response = $4, responded_by = $5, responded_at = $6
       WHERE org_id = $1 AND audit_id = $2 AND id = $3 RETURNING *`,
      [orgId, auditId, id, response, by, at],
    );
    return rows[0] ? presentException(rows[0]) : null;
  }

  /** Per control with any fieldwork: tests by outcome and method, exceptions and unanswered ones. */
  async fieldworkByControl(orgId: string, auditId: string): Promise<ControlFieldwork[]> {
    const rows = await this.q.query<Record<string, unknown>>(
      `WITH t AS (
         SELECT control_id, count(*)::int AS tests, count(*) FILTER (WHERE result = 'pass')::int AS passed,
                count(*) FILTER (WHERE result = 'exception')::int AS exceptions, array_agg(DISTINCT method ORDER BY method) AS methods
         FROM audit_tests WHERE org_id = $1 AND audit_id = $2 GROUP BY control_id),
       x AS (
         SELECT control_id, count(*)::int AS recorded, count(*) FILTER (WHERE management_response IS NULL)::int AS unanswered
         FROM audit_exceptions WHERE org_id = $1 AND audit_id = $2 GROUP BY control_id)
       SELECT coalesce(t.control_id, x.control_id) AS control_id, coalesce(t.tests, 0) AS tests, coalesce(t.passed, 0) AS passed,
              coalesce(t.exceptions, 0) AS exceptions, coalesce(t.methods, '{}') AS methods, coalesce(x.recorded, 0) AS recorded, coalesce(x.unanswered, 0) AS unanswered
       FROM t FULL JOIN x ON x.control_id = t.control_id ORDER BY 1`,
      [orgId, auditId],
    );
    return rows.map((r) => ({
      controlId: String(r.control_id), tests: Number(r.tests), passed: Number(r.passed), exceptions: Number(r.exceptions),
      methods: r.methods as TestMethod[], exceptionsRecorded: Number(r.recorded), unanswered: Number(r.unanswered),
    }));
  }

  // --- requests ---------------------------------------------------------------------------

  /** Inserts a request with the audit's next number (the audit row is locked until commit). */
  async insertRequest(r: Omit<AuditRequestRecord, 'number'>): Promise<AuditRequestRecord> {
    const seq = await this.q.query<{ request_seq: number }>(
      'UPDATE audits SET request_seq = request_seq + 1 WHERE org_id = $1 AND id = $2 RETURNING request_seq', [r.orgId, r.auditId]);
    if (!seq[0]) throw new Error(`audit ${r.auditId} vanished while adding a request`);
    const rows = await this.q.query(
      `INSERT INTO audit_requests (org_id, audit_id, id, number, title, description, controls, status, assignee, due_date, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
      [r.orgId, r.auditId, r.id, seq[0].request_seq, r.title, r.description, r.controls, r.status, r.assignee, r.dueDate, r.createdBy, r.createdAt, r.updatedAt],
    );
    return presentRequest(rows[0]!);
  }

  async getRequest(orgId: string, auditId: string, id: string): Promise<AuditRequestRecord | null> {
    const rows = await this.q.query('SELECT * FROM audit_requests WHERE org_id = $1 AND audit_id = $2 AND id = $3', [orgId, auditId, id]);
    return rows[0] ? presentRequest(rows[0]) : null;
  }

  async findRequests(orgId: string, auditId: string, filter: { status?: RequestStatus; assignee?: string } = {}, page?: Page): Promise<AuditRequestRecord[]> {
    const { limit, offset } = bounded(page);
    const rows = await this.q.query(
      `SELECT * FROM audit_requests WHERE org_id = $1 AND audit_id = $2 AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR assignee = $4)
       ORDER BY number LIMIT $5 OFFSET $6`,
      [orgId, auditId, filter.status ?? null, filter.assignee ?? null, limit, offset],
    );
    return rows.map(presentRequest);
  }

  async updateRequest(orgId: string, auditId: string, id: string, patch: AuditRequestPatch, at: string): Promise<AuditRequestRecord | null> {
    const rows = await this.q.query(
      `UPDATE audit_requests SET
         title = COALESCE($4, title),
         description = COALESCE($5, description),
         controls = COALESCE($6, controls),
         status = COALESCE($7, status),
         assignee = CASE WHEN $8::boolean THEN $9 ELSE assignee END,
         due_date = CASE WHEN $10::boolean THEN $11::date ELSE due_date END,
         updated_at = $12
       WHERE org_id = $1 AND audit_id = $2 AND id = $3 RETURNING *`,
      [orgId, auditId, id, patch.title ?? null, patch.description ?? null, patch.controls ?? null, patch.status ?? null,
        patch.assignee !== undefined, patch.assignee ?? null, patch.dueDate !== undefined, patch.dueDate ?? null, at],
    );
    return rows[0] ? presentRequest(rows[0]) : null;
  }

  async insertComment(orgId: string, auditId: string, c: RequestComment): Promise<RequestComment> {
    await this.q.query(
      'INSERT INTO audit_request_comments (org_id, audit_id, request_id, id, author, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [orgId, auditId, c.requestId, c.id, c.author, c.body, c.createdAt],
    );
    return c;
  }

  async findComments(orgId: string, auditId: string, requestIds: string[]): Promise<RequestComment[]> {
    if (requestIds.length === 0) return [];
    const rows = await this.q.query<Record<string, unknown>>(
      `SELECT * FROM audit_request_comments WHERE org_id = $1 AND audit_id = $2 AND request_id = ANY($3::uuid[])
       ORDER BY created_at, id LIMIT 5000`,
      [orgId, auditId, requestIds],
    );
    return rows.map((r) => ({ id: String(r.id), requestId: String(r.request_id), author: String(r.author), body: String(r.body), createdAt: iso(r.created_at) }));
  }

  /** Adds attachments; returns the evidence ids newly attached. */
  async attach(orgId: string, auditId: string, requestId: string, evidenceIds: string[], by: string, at: string): Promise<string[]> {
    if (evidenceIds.length === 0) return [];
    const rows = await this.q.query<{ evidence_id: string }>(
      `INSERT INTO audit_request_attachments (org_id, audit_id, request_id, evidence_id, attached_by, attached_at)
       SELECT $1, $2, $3, unnest($4::uuid[]), $5, $6 ON CONFLICT DO NOTHING RETURNING evidence_id`,
      [orgId, auditId, requestId, evidenceIds, by, at],
    );
    return rows.map((r) => String(r.evidence_id));
  }

  async findAttachments(orgId: string, auditId: string, requestIds: string[]): Promise<RequestAttachment[]> {
    if (requestIds.length === 0) return [];
    const rows = await this.q.query<Record<string, unknown>>(
      `SELECT * FROM audit_request_attachments WHERE org_id = $1 AND audit_id = $2 AND request_id = ANY($3::uuid[])
       ORDER BY attached_at, evidence_id LIMIT 5000`,
      [orgId, auditId, requestIds],
    );
    return rows.map((r) => ({ requestId: String(r.request_id), evidenceId: String(r.evidence_id), attachedBy: String(r.attached_by), attachedAt: iso(r.attached_at) }));
  }

  // --- evidence seen through an audit ----------------------------------------------------

  /**
   * Evidence linked to the given controls and effective between `from` and `to` (inclusive),
   * one row per link, ordered by control, effective date and id. Bounded by `limit`.
   */
  async linkedEvidenceBetween(orgId: string, controlIds: string[], from: string, to: string, limit = 100_000): Promise<LinkedEvidence[]> {
    if (controlIds.length === 0) return [];
    const rows = await this.q.query<Record<string, unknown>>(
      `SELECT l.control_id AS link_control, e.* FROM evidence_controls l
       JOIN evidence e ON e.org_id = l.org_id AND e.id = l.evidence_id
       WHERE l.org_id = $1 AND l.control_id = ANY($2::text[]) AND e.effective_at BETWEEN $3::date AND $4::date
       ORDER BY l.control_id, e.effective_at, e.id LIMIT $5`,
      [orgId, controlIds, from, to, limit],
    );
    return rows.map((r) => ({ controlId: String(r.link_control), evidence: presentEvidence(r) }));
  }
}
