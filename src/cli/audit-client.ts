// What `attest audit` talks to: the audit services of the workspace opened here, or the
// running server's /api/audits (see client.ts for which).
import type { AuditInput, AuditView, EffectivenessView, SampleView, Services } from '../app/index.js';

export interface AuditClient {
  create(input: AuditInput): Promise<AuditView>;
  list(): Promise<{ items: AuditView[]; total: number }>;
  sample(audit: string, opts: { seed?: number; control?: string }): Promise<SampleView>;
  status(audit: string, opts: { control?: string }): Promise<EffectivenessView>;
  risk(audit: string, control: string, risk: string): Promise<{ control: string; risk: string }>;
}

export function localAudits(services: Services, actor: string): AuditClient {
  const org = async () => (await services.workspace.requireOrg()).id;
  return {
    create: async (input) => services.audits.create(await org(), input, actor),
    list: async () => services.audits.list(await org(), { limit: 1000 }),
    sample: async (audit, opts) => services.audits.sample(await org(), audit, opts, actor),
    status: async (audit, opts) => services.audits.status(await org(), audit, opts),
    risk: async (audit, control, risk) => services.audits.setRisk(await org(), audit, control, risk, actor),
  };
}

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export function remoteAudits(call: Call): AuditClient {
  const at = (audit: string) => `/api/audits/${encodeURIComponent(audit)}`;
  return {
    create: (input) => call<AuditView>('POST', '/api/audits', input),
    list: () => call<{ items: AuditView[]; total: number }>('GET', '/api/audits?limit=1000'),
    sample: (audit, opts) => call<SampleView>('POST', `${at(audit)}/sample`, opts),
    status: (audit, opts) => call<EffectivenessView>('GET', `${at(audit)}/status${opts.control ? `?control=${encodeURIComponent(opts.control)}` : ''}`),
    risk: (audit, control, risk) => call<{ control: string; risk: string }>('PUT', `${at(audit)}/controls/${encodeURIComponent(control)}/risk`, { risk }),
  };
}
