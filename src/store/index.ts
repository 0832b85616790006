// The store: repositories bound to a connection, and units of work.
import type { Db, Queryable } from './db.js';
import { AuditLogRepo } from './audit-log.repo.js';
import { ControlsRepo } from './controls.repo.js';
import { EvidenceRepo } from './evidence.repo.js';
import { OrganizationsRepo } from './organizations.repo.js';
import { ScopeRepo } from './scope.repo.js';
import { ScansRepo } from './scans.repo.js';
import { HistoryRepo } from './history.repo.js';
import { UsersRepo } from './users.repo.js';
import { AuditsRepo } from './audits.repo.js';
import { AuditHistoryRepo } from './audit-history.repo.js';
import { SessionsRepo } from './sessions.repo.js';
import { ApiTokensRepo } from './api-tokens.repo.js';
import { InvitationsRepo } from './invitations.repo.js';
import { PasswordResetsRepo } from './password-resets.repo.js';
import { LoginGuardRepo } from './login-guard.repo.js';
import { JobsRepo } from './jobs.repo.js';
import { SchedulesRepo } from './schedules.repo.js';
import { ReadinessRepo } from './readiness.repo.js';
import { IntegrityRepo } from './integrity.repo.js';
import { TasksRepo } from './tasks.repo.js';
import { StatusSummaryRepo } from './status-summary.repo.js';
import { SsoSettingsRepo } from './sso-settings.repo.js';
import { DemoRepo } from './demo.repo.js';
import { AlertWebhooksRepo } from './alert-webhooks.repo.js';
import { AlertSubscriptionsRepo } from './alert-subscriptions.repo.js';
import { AlertsRepo } from './alerts.repo.js';
import type { BlobStore } from './blob-store.js';

export interface Repos {
  organizations: OrganizationsRepo;
  users: UsersRepo;
  scope: ScopeRepo;
  controls: ControlsRepo;
  evidence: EvidenceRepo;
  auditLog: AuditLogRepo;
  scans: ScansRepo;
  history: HistoryRepo;
  audits: AuditsRepo;
  auditHistory: AuditHistoryRepo;
  sessions: SessionsRepo;
  apiTokens: ApiTokensRepo;
  invitations: InvitationsRepo;
  passwordResets: PasswordResetsRepo;
  loginGuard: LoginGuardRepo;
  jobs: JobsRepo;
  schedules: SchedulesRepo;
  readiness: ReadinessRepo;
  integrity: IntegrityRepo;
  tasks: TasksRepo;
  alertWebhooks: AlertWebhooksRepo;
  alertSubscriptions: AlertSubscriptionsRepo;
  alerts: AlertsRepo;
  statusSummary: StatusSummaryRepo;
  ssoSettings: SsoSettingsRepo;
  demo: DemoRepo;
}

export function reposFor(q: Queryable): Repos {
  return {
    organizations: new OrganizationsRepo(q),
    users: new UsersRepo(q),
    scope: new ScopeRepo(q),
    controls: new ControlsRepo(q),
    evidence: new EvidenceRepo(q),
    auditLog: new AuditLogRepo(q),
    scans: new ScansRepo(q),
    history: new HistoryRepo(q),
    audits: new AuditsRepo(q),
    auditHistory: new AuditHistoryRepo(q),
    sessions: new SessionsRepo(q),
    apiTokens: new ApiTokensRepo(q),
    invitations: new InvitationsRepo(q),
    passwordResets: new PasswordResetsRepo(q),
    loginGuard: new LoginGuardRepo(q),
    jobs: new JobsRepo(q),
    schedules: new SchedulesRepo(q),
    readiness: new ReadinessRepo(q),
    integrity: new IntegrityRepo(q),
    tasks: new TasksRepo(q),
    alertWebhooks: new AlertWebhooksRepo(q),
    alertSubscriptions: new AlertSubscriptionsRepo(q),
    alerts: new AlertsRepo(q),
    statusSummary: new StatusSummaryRepo(q),
    ssoSettings: new SsoSettingsRepo(q),
    demo: new DemoRepo(q),
  };
}

export interface Store {
  readonly engine: Db['engine'];
  readonly repos: Repos;
  readonly blobs: BlobStore;
  /** Runs `fn` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The embedded database as a gzipped tarball of its folder; absent on a PostgreSQL server. */
  dumpDatabase?(): Promise<Blob>;
  /**
   * How many transactions this store has committed. On the embedded database one process holds
   * the workspace (the lock), so every change made in it is one of these; derived views key on
   * this count instead of asking the database (src/app/derived-cache.ts). On a server it counts
   * this process's changes only.
   */
  committed(): number;
}

export function createStore(db: Db, blobs: BlobStore): Store {
  let committed = 0;
  return {
    engine: db.engine,
    repos: reposFor(db),
    blobs,
    transaction: async (fn) => {
      const out = await db.transaction((tx) => fn(reposFor(tx)));
      committed += 1;
      return out;
    },
    committed: () => committed,
    close: () => db.close(),
    ...(db.dumpDataDir ? { dumpDatabase: () => db.dumpDataDir!() } : {}),
  };
}

export type { OrgControl, OrgControlPatch, ControlFilter } from './controls.repo.js';
export type { EvidenceRecord, EvidenceStats } from './evidence.repo.js';
export type { Organization } from './organizations.repo.js';
export type { User, Role, UserCredentials } from './users.repo.js';
export type { Session } from './sessions.repo.js';
export type { ApiToken } from './api-tokens.repo.js';
export type { Invitation } from './invitations.repo.js';
export type { PasswordReset } from './password-resets.repo.js';
export type { AuditEvent } from './audit-log.repo.js';
export type { ScanRun, StoredResult, CheckTally, CurrentCheck, ResultStatus, IngestOutcome, SettleOutcome } from './scans.repo.js';
export type { ResultInterval, CheckCounts, CheckSpan } from './history.repo.js';
export type { AuditRecord, StoredSample, AuditTestRecord, AuditExceptionRecord, AuditRequestRecord, AuditRequestPatch, RequestComment, RequestAttachment, RequestStatus, TestMethod, TestResult, ControlFieldwork, LinkedEvidence, ControlRisk, AuditAuditor } from './audits.repo.js';
export type { JudgedResource } from './audit-history.repo.js';
export type { JobRecord, JobRun, JobError, Claim } from './jobs.repo.js';
export type { Schedule, ScheduleDefault } from './schedules.repo.js';
export type { ReadinessSnapshot } from './readiness.repo.js';
export type { IntegrityCheck } from './integrity.repo.js';
export type { TaskRecord, TaskState, TaskFilter, NewTask, LinkedEffective } from './tasks.repo.js';
export type { StatusSummary, StatusSummaryKey } from './status-summary.repo.js';
export type { SsoSettings, SsoEntry } from './sso-settings.repo.js';
export type { DemoPerson } from './demo.repo.js';
export type { AlertWebhook } from './alert-webhooks.repo.js';
export type { AlertSubscription, Subscriber } from './alert-subscriptions.repo.js';
export type { AlertDelivery, DeliveryChannel, DeliveryState } from './alerts.repo.js';
export type { BlobStore, StoredBlob } from './blob-store.js';
