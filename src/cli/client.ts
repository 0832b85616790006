// What the commands talk to: the workspace opened in this process, or, while `attest serve`
// holds the embedded workspace, that server's API (found from the lock file).
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import type { ChainHead, ControlQuery, ControlView, EvidenceView, MemberView, StatusReport, TokenInput, TokenView, VerifyReport } from '../app/index.js';
import { cliPrincipal } from '../app/permissions.js';
import type { Organization, ScanRun } from '../store/index.js';
import type { ScanInput } from '../app/scan.service.js';
import { localAudits, remoteAudits, type AuditClient } from './audit-client.js';
import { localTasks, remoteTasks, type TaskClient } from './task-client.js';
import type { JobView, ScheduleView, SchedulePatch } from '../app/jobs.service.js';
import type { JobState } from '../domain/jobs.js';
import { runScheduledNow } from '../jobs/queue.js';
import { jobRegistry } from '../jobs/registry.js';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from '../domain/errors.js';
import type { Config } from './config.js';
import { readLock } from './lock.js';
import { openRuntime, workspaceExists, WorkspaceBusy, type Runtime } from './runtime.js';

export interface EvidenceAddInput {
  path: string;
  controls: string[];
  effectiveDate?: string;
  description?: string;
}

/** The embedded database's dump, as bytes to save; `sha256` when it came over the network, to check the transfer. */
export interface DatabaseDump {
  body: AsyncIterable<Uint8Array>;
  sha256: string | null;
}

export interface WorkspaceClient {
  readonly via: string;
  org(): Promise<Organization | null>;
  init(name: string, categories: string[]): Promise<{ org: Organization; controls: number; created: boolean }>;
  controls(query: ControlQuery): Promise<ControlView[]>;
  status(): Promise<StatusReport>;
  addEvidence(input: EvidenceAddInput): Promise<EvidenceView>;
  listEvidence(control?: string): Promise<{ items: EvidenceView[]; total: number }>;
  verify(anchors: ChainHead[], onProgress?: (done: number, what: string) => void): Promise<VerifyReport>;
  recordScan(input: ScanInput): Promise<{ run: ScanRun }>;
  /** API tokens of the workspace's organization; the local command acts as its owner. */
  createToken(input: TokenInput): Promise<{ token: TokenView; secret: string }>;
  listTokens(): Promise<TokenView[]>;
  revokeToken(id: string): Promise<TokenView>;
  members(): Promise<MemberView[]>;
  /** A one-time password-reset link for a member of the workspace's organization. */
  passwordResetLink(email: string): Promise<{ url: string; expiresAt: string }>;
  /** Audits: create, list, samples, operating effectiveness. */
  audits(): AuditClient;
  tasks(): TaskClient;
  jobs(query: { status?: JobState; limit?: number }): Promise<JobView[]>;
  schedules(): Promise<ScheduleView[]>;
  setSchedule(job: string, patch: SchedulePatch): Promise<ScheduleView>;
  /** Enqueues a scheduled job to run now; the server's (or a worker's) next free worker runs it. */
  runSchedule(job: string): Promise<JobView>;
  /** Made by the process that has the database open: this one, or the running server. */
  dumpDatabase(): Promise<DatabaseDump>;
  close(): Promise<void>;
}

class LocalClient implements WorkspaceClient {
  /** `linkBase`: where people reach the server, for the links this client hands out. */
  constructor(private readonly rt: Runtime, private readonly linkBase: string) {}
  private async owner() {
    const org = await this.rt.services.workspace.requireOrg();
    return { org, principal: cliPrincipal(org.id) };
  }
  get via() { return this.rt.describe; }
  org() { return this.rt.services.workspace.defaultOrg(); }
  init(name: string, categories: string[]) { return this.rt.services.workspace.init({ name, categories }, 'cli'); }
  async controls(query: ControlQuery) { return this.rt.services.controls.list((await this.rt.services.workspace.requireOrg()).id, query); }
  async status() { return this.rt.services.status.report(await this.rt.services.workspace.requireOrg()); }
  async addEvidence(input: EvidenceAddInput) {
    const org = await this.rt.services.workspace.requireOrg();
    const { createReadStream } = await import('node:fs');
    const meta = { filename: basename(input.path), controls: input.controls, effectiveDate: input.effectiveDate, description: input.description, source: 'cli', mediaType: guessType(input.path) };
    await this.rt.services.evidence.validate(org.id, meta);
    return this.rt.services.evidence.add(org.id, meta, createReadStream(input.path), 'cli');
  }
  async listEvidence(control?: string) { return this.rt.services.evidence.list((await this.rt.services.workspace.requireOrg()).id, control ? { controlId: control } : {}, { limit: 500 }); }
  verify(anchors: ChainHead[], onProgress?: (done: number, what: string) => void) { return this.rt.services.verify(onProgress).run(undefined, anchors); }
  async recordScan(input: ScanInput) { return this.rt.services.scans.record((await this.rt.services.workspace.requireOrg()).id, input, 'cli'); }
  async createToken(input: TokenInput) { const { org, principal } = await this.owner(); return this.rt.services.tokens.create(org.id, input, principal); }
  async listTokens() { return this.rt.services.tokens.list((await this.owner()).org.id); }
  async revokeToken(id: string) { const { org, principal } = await this.owner(); return this.rt.services.tokens.revoke(org.id, id, principal); }
  async members() { return this.rt.services.members.list((await this.owner()).org.id); }
  async passwordResetLink(email: string) {
    const { org, principal } = await this.owner();
    const { token, expiresAt } = await this.rt.services.members.createPasswordReset(org.id, email, principal);
    return { url: `${this.linkBase}/reset-password#token=${token}`, expiresAt };
  }
  audits() { return localAudits(this.rt.services, 'cli'); }
  tasks() { return localTasks(this.rt.services, 'cli'); }
  async jobs(query: { status?: JobState; limit?: number }) { return this.rt.services.jobs.list((await this.rt.services.workspace.requireOrg()).id, query); }
  async schedules() { return this.rt.services.jobs.schedules((await this.rt.services.workspace.requireOrg()).id); }
  async setSchedule(job: string, patch: SchedulePatch) { return this.rt.services.jobs.setSchedule((await this.rt.services.workspace.requireOrg()).id, job, patch, 'cli'); }
  async runSchedule(job: string) {
    const orgId = (await this.rt.services.workspace.requireOrg()).id;
    const queued = await runScheduledNow(this.rt.services.ctx, jobRegistry(), orgId, job);
    return this.rt.services.jobs.get(orgId, queued.id);
  }
  async dumpDatabase() { return { body: (await this.rt.services.backup.dumpDatabase()).stream(), sha256: null }; }
  close() { return this.rt.close(); }
}

class RemoteClient implements WorkspaceClient {
  constructor(private readonly url: string, private readonly token: string | undefined, private readonly pid: number) {}
  get via() { return `the running server (process ${this.pid}) at ${this.url}`; }

  private async call<T>(method: string, path: string, body?: unknown, form?: FormData): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(path, this.url), { method, headers, body: form ?? (body === undefined ? undefined : JSON.stringify(body)) });
    } catch (e) {
      throw new AppError('workspace_locked', `the server holding this workspace (process ${this.pid}, ${this.url}) did not answer: ${(e as Error).message}. If it has stopped, run the command again.`);
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw errorOf(res, json);
    return json as T;
  }

  async org() {
    try {
      const s = await this.call<StatusReport>('GET', '/api/status');
      return { id: s.organization.id, name: s.organization.name, slug: '', createdAt: '' };
    } catch (e) {
      if (e instanceof AppError && e.code === 'workspace_missing') return null;
      throw e;
    }
  }
  async init() {
    const org = await this.org();
    if (!org) throw new AppError('workspace_missing', 'the running server has no organization yet');
    return { org, controls: 0, created: false };
  }
  controls(query: ControlQuery) {
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)] as [string, string]));
    return this.call<ControlView[]>('GET', `/api/controls?${qs}`);
  }
  status() { return this.call<StatusReport>('GET', '/api/status'); }
  async addEvidence(input: EvidenceAddInput) {
    const form = new FormData();
    form.append('controls', input.controls.join(','));
    if (input.effectiveDate) form.append('effectiveDate', input.effectiveDate);
    if (input.description) form.append('description', input.description);
    form.append('file', await openAsBlob(input.path, { type: guessType(input.path) }), basename(input.path));
    return this.call<EvidenceView>('POST', '/api/evidence', undefined, form);
  }
  listEvidence(control?: string) { return this.call<{ items: EvidenceView[]; total: number }>('GET', `/api/evidence?limit=500${control ? `&control=${encodeURIComponent(control)}` : ''}`); }
  verify(anchors: ChainHead[]) { return this.call<VerifyReport>('POST', '/api/verify', { anchors }); }
  recordScan(input: ScanInput) { return this.call<{ run: ScanRun }>('POST', '/api/scans', input); }
  createToken(input: TokenInput) { return this.call<{ token: TokenView; secret: string }>('POST', '/api/tokens', input); }
  listTokens() { return this.call<TokenView[]>('GET', '/api/tokens'); }
  revokeToken(id: string) { return this.call<TokenView>('DELETE', `/api/tokens/${encodeURIComponent(id)}`); }
  members() { return this.call<MemberView[]>('GET', '/api/members'); }
  passwordResetLink(email: string) { return this.call<{ url: string; expiresAt: string }>('POST', '/api/members/password-resets', { email }); }
  audits() { return remoteAudits((method, path, body) => this.call(method, path, body)); }
  tasks() { return remoteTasks((method, path, body) => this.call(method, path, body)); }
  jobs(query: { status?: JobState; limit?: number }) {
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)] as [string, string]));
    return this.call<JobView[]>('GET', `/api/jobs?${qs}`);
  }
  schedules() { return this.call<ScheduleView[]>('GET', '/api/schedules'); }
  setSchedule(job: string, patch: SchedulePatch) { return this.call<ScheduleView>('PUT', `/api/schedules/${encodeURIComponent(job)}`, patch); }
  runSchedule(job: string) { return this.call<JobView>('POST', `/api/schedules/${encodeURIComponent(job)}/run`); }
  async dumpDatabase() {
    const headers: Record<string, string> = this.token ? { authorization: `Bearer ${this.token}` } : {};
    let res: Response;
    try {
      res = await fetch(new URL('/api/backup/database', this.url), { headers });
    } catch (e) {
      throw new AppError('workspace_locked', `the server holding this workspace (process ${this.pid}, ${this.url}) did not answer: ${(e as Error).message}. If it has stopped, run the command again.`);
    }
    if (!res.ok || !res.body) {
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch { /* not an error body */ }
      throw errorOf(res, json);
    }
    const digest = /sha-256=:([A-Za-z0-9+/=]+):/.exec(res.headers.get('repr-digest') ?? '')?.[1];
    return { body: res.body, sha256: digest ? Buffer.from(digest, 'base64').toString('hex') : null };
  }
  async close() { /* nothing held */ }
}

function errorOf(res: Response, json: unknown): AppError {
  const err = (json as { error?: { code?: string; message?: string; fields?: FieldError[] } } | null)?.error;
  const code = (err?.code && err.code in ERROR_CODES ? err.code : 'internal') as ErrorCode;
  return new AppError(code, err?.message ?? `HTTP ${res.status}`, err?.fields ?? []);
}

const TYPES: Record<string, string> = {
  pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', csv: 'text/csv', txt: 'text/plain', md: 'text/markdown',
  json: 'application/json', yaml: 'application/yaml', yml: 'application/yaml', xml: 'application/xml', html: 'text/html', zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
export const guessType = (path: string) => TYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where people reach `attest serve`, for links made without it running. */
const linkBase = (config: Config) => config.publicUrl ?? `http://${['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host}:${config.port}`;

/**
 * Connects a command to the workspace: through a running server when one holds the
 * embedded workspace, otherwise by opening it here. A command that holds the lock
 * briefly (another CLI command) is waited for, up to `waitMs`.
 */
export async function connect(config: Config, command: string, opts: { create?: boolean; waitMs?: number } = {}): Promise<WorkspaceClient> {
  if (config.databaseUrl) return new LocalClient(await openRuntime(config, { command, create: opts.create ?? false }), linkBase(config));
  const deadline = Date.now() + (opts.waitMs ?? 5000);
  for (;;) {
    const lock = readLock(config.dataDir);
    if (lock.state === 'held' && lock.info.url) return new RemoteClient(lock.info.url, lock.info.token, lock.info.pid);
    if (lock.state !== 'held') {
      try {
        return new LocalClient(await openRuntime(config, { command, create: opts.create ?? false }), linkBase(config));
      } catch (e) {
        if (!(e instanceof WorkspaceBusy)) throw e; // lost a race for the lock: look again
      }
    }
    if (Date.now() > deadline) {
      const who = lock.state === 'held' ? `process ${lock.info.pid} (attest ${lock.info.command})` : 'another process';
      throw new AppError('workspace_locked', `the workspace in ${config.dataDir} is in use by ${who}. Wait for it to finish, or stop it; only \`attest serve\` shares the workspace with other commands.`);
    }
    await sleep(200);
  }
}

/** True when there is a workspace to talk to (served, embedded on disk, or a PostgreSQL server). */
export function hasWorkspace(config: Config): boolean {
  const lock = config.databaseUrl ? { state: 'free' as const } : readLock(config.dataDir);
  return lock.state === 'held' || workspaceExists(config);
}
