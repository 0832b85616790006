// The use cases, built once per process from a context.
import type { AppContext } from './context.js';
import { AlertsService } from './alerts.service.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditsService } from './audits.service.js';
import { AuditFieldworkService } from './audit-fieldwork.service.js';
import { AuthService } from './auth.service.js';
import { BackupService } from './backup.service.js';
import { CatalogService } from './catalog.service.js';
import { ControlsService } from './controls.service.js';
import { EvidenceService } from './evidence.service.js';
import { HistoryService } from './history.service.js';
import { JobsService } from './jobs.service.js';
import { MembersService } from './members.service.js';
import { ScanService } from './scan.service.js';
import { ScopeService } from './scope.service.js';
import { SsoService } from './sso.service.js';
import { SsoSettingsService } from './sso-settings.service.js';
import { StatusService } from './status.service.js';
import { TasksService } from './tasks.service.js';
import { TokensService } from './tokens.service.js';
import { VerifyService } from './verify.service.js';
import { WorkspaceService } from './workspace.service.js';

export interface Services {
  ctx: AppContext;
  workspace: WorkspaceService;
  catalog: CatalogService;
  controls: ControlsService;
  scope: ScopeService;
  evidence: EvidenceService;
  status: StatusService;
  auditLog: AuditLogService;
  scans: ScanService;
  history: HistoryService;
  verify: (onProgress?: (done: number, what: string) => void) => VerifyService;
  backup: BackupService;
  audits: AuditsService;
  auditFieldwork: AuditFieldworkService;
  auth: AuthService;
  members: MembersService;
  tokens: TokensService;
  sso: SsoService;
  ssoSettings: SsoSettingsService;
  jobs: JobsService;
  tasks: TasksService;
  alerts: AlertsService;
}

export function createServices(ctx: AppContext): Services {
  const audits = new AuditsService(ctx);
  const sso = new SsoService(ctx);
  return {
    ctx,
    workspace: new WorkspaceService(ctx),
    catalog: new CatalogService(ctx),
    controls: new ControlsService(ctx),
    scope: new ScopeService(ctx),
    evidence: new EvidenceService(ctx),
    status: new StatusService(ctx),
    auditLog: new AuditLogService(ctx),
    scans: new ScanService(ctx),
    history: new HistoryService(ctx),
    verify: (onProgress) => new VerifyService(ctx, onProgress),
    backup: new BackupService(ctx),
    audits,
    auditFieldwork: new AuditFieldworkService(ctx, audits),
    auth: new AuthService(ctx),
    members: new MembersService(ctx),
    tokens: new TokensService(ctx),
    sso,
    ssoSettings: new SsoSettingsService(ctx, sso),
    jobs: new JobsService(ctx),
    tasks: new TasksService(ctx),
    alerts: new AlertsService(ctx),
  };
}

export type { AppContext, Actor, Limits, Mailer, SsoConfig, AlertsSettings } from './context.js';
export { DEFAULT_LIMITS } from './context.js';
export type { ControlView, ControlQuery } from './controls.service.js';
export type { EvidenceView, EvidenceMeta } from './evidence.service.js';
export type { ScopeView, ScopePatch } from './scope.service.js';
export type { StatusReport } from './status.service.js';
export type { ChainHead, VerifyReport, VerifyProblem } from './verify.service.js';
export type { BackupInventory, BackupEvidence } from './backup.service.js';
export type { CriterionView, FrameworkSummary } from './catalog.service.js';
export type { StatusAt, SubjectPeriod, ControlPeriod, HistorySubject } from './history.service.js';
export type { AuditView, AuditInput, SampleView, ControlSample, EffectivenessView, ControlEffectiveness, AuditEvidenceView } from './audits.service.js';
export type { TestView, ExceptionView, RequestView, TestInput, ExceptionInput, RequestInput } from './audit-fieldwork.service.js';
export type { Principal, Permission, Access } from './permissions.js';
export type { SignedIn, SessionGrant, LoginInput, Me } from './auth.service.js';
export type { MemberView, InvitationView, MemberPatch } from './members.service.js';
export type { TokenView, TokenInput } from './tokens.service.js';
export type { SsoSettingsView, SsoSettingsInput } from './sso-settings.service.js';
export type { SsoProvider, SsoTestResult } from './sso.service.js';
export type { JobView, RunView, ScheduleView, SchedulePatch } from './jobs.service.js';
export type { TaskView, TaskQuery, GenerateResult } from './tasks.service.js';
export type { WebhookView, WebhookInput, SubscriptionView, DeliveryView, EventView } from './alerts.service.js';
