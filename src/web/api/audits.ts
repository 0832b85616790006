// The shapes of /api/audits answers the audits pages read (src/http/routes/audits.ts).
// `.js`: the server's tsconfig (NodeNext) checks this file too, in test/web/wire-types.test.ts.
import type { Category } from './types.js';

export type ReportType = 'type1' | 'type2';
export type Risk = 'low' | 'moderate' | 'high';
export const RISKS: Risk[] = ['low', 'moderate', 'high'];
export type EffectivenessState = 'no_evidence' | 'exceptions' | 'failing' | 'gaps' | 'operating';
/** What a control's population is made of: dated occurrences, events, or the resources its checks judged. */
export type PopulationKind = 'occurrences' | 'events' | 'resources';

export interface Audit {
  id: string;
  type: ReportType;
  asOf: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  categories: Category[];
  seed: number | null;
  seedsDrawn: number[];
  controls: number;
  createdBy: string;
  createdAt: string;
}

export interface DateRange { from: string; to: string }

export interface ControlEffectiveness {
  control: string;
  title: string;
  frequency: string;
  automation: string;
  window: DateRange;
  populationKind: PopulationKind;
  populationSize: number;
  expected: number | null;
  evidenced: number;
  gaps: DateRange[];
  failingWindows: { checkId: string; start: string; end: string; ongoing: boolean }[];
  tests: { performed: number; passed: number; exceptions: number; methods: string[]; inquiryOnly: boolean };
  exceptions: { recorded: number; awaitingResponse: number };
  risk: Risk;
  sample: { seed: number; size: number } | null;
  state: EffectivenessState;
  explanation: string;
}

export interface Effectiveness {
  audit: Audit;
  summary: Record<EffectivenessState, number> & { controls: number };
  controls: ControlEffectiveness[];
}

export interface SampleItem {
  key: string;
  stream: string;
  evidenceId?: string;
  effectiveAt?: string;
  filename?: string;
  sha256?: string;
  checkId?: string;
  resourceType?: string;
  resourceId?: string;
}

export interface ControlSample {
  control: string;
  title: string;
  window: DateRange;
  populationKind: PopulationKind;
  populationSize: number;
  populationDigest: string;
  populationChanged: boolean;
  rule: string;
  risk: Risk;
  currentRisk: Risk;
  required: number;
  size: number;
  explanation: string;
  drawnAt: string;
  drawnBy: string;
  items: SampleItem[];
}

export interface Sample {
  audit: string;
  seed: number;
  algorithm: string;
  controls: ControlSample[];
}

export interface AuditTest {
  id: string;
  controlId: string;
  item: string | null;
  method: string;
  performedBy: string;
  performedOn: string;
  result: 'pass' | 'exception';
  notes: string;
  exception: string | null;
}

export interface AuditException {
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

export interface AuditRequest {
  id: string;
  number: number;
  title: string;
  description: string;
  controls: string[];
  status: 'open' | 'submitted' | 'accepted' | 'rejected';
  assignee: string | null;
  dueDate: string | null;
  comments: { id: string; author: string; body: string; createdAt: string }[];
  attachments: { evidenceId: string; filename: string; sha256: string; effectiveAt: string }[];
}

export interface Auditor {
  userId: string;
  email: string;
  name: string;
  disabled: boolean;
  assignedAt: string;
}

export const auditWindow = (a: Pick<Audit, 'type' | 'asOf' | 'periodStart' | 'periodEnd'>): string =>
  a.type === 'type1' ? `as of ${a.asOf}` : `${a.periodStart} to ${a.periodEnd}`;

export const auditTitle = (a: Pick<Audit, 'type' | 'asOf' | 'periodStart' | 'periodEnd'>): string =>
  `${a.type === 'type1' ? 'Type I' : 'Type II'}, ${auditWindow(a)}`;

export const STATE_TEXT: Record<EffectivenessState, string> = {
  operating: 'Operating',
  gaps: 'Gaps',
  failing: 'Failing',
  exceptions: 'Exceptions',
  no_evidence: 'No evidence',
};

