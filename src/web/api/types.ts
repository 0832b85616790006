// The shapes the JSON API answers with (see /openapi.json and src/http/routes).

export type ControlStatus = 'evidenced' | 'failing' | 'at_risk' | 'stale' | 'no_evidence' | 'excluded';
export const CONTROL_STATUSES: ControlStatus[] = ['evidenced', 'failing', 'at_risk', 'stale', 'no_evidence', 'excluded'];

export type Category = 'security' | 'availability' | 'confidentiality' | 'processing_integrity' | 'privacy';
export const CATEGORIES: Category[] = ['security', 'availability', 'confidentiality', 'processing_integrity', 'privacy'];

export type CriterionState = 'ready' | 'partial' | 'gap';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; fields: FieldError[]; requestId: string };
}

/** A control of the library as shipped (GET /api/library/controls). */
export interface LibraryControl {
  id: string;
  title: string;
  description: string;
  domain: string;
  ownerRole: string;
  frequency: string;
  automation: string;
  nature: string;
  suggestedEvidence: string[];
  criteria: string[];
  mappings: Record<string, string[]>;
}

/** One organization's control (GET /api/controls/:id): the library's, with its own state and derived status. */
export interface Control extends Omit<LibraryControl, 'mappings'> {
  owner: string | null;
  inScope: boolean;
  exclusionReason: string | null;
  notes: string;
  status: ControlStatus;
  explanation: string;
  evidenceCount: number;
  latestEvidenceEffective: string | null;
  checks: string[];
}

/** A control as GET /api/controls lists it: without the library's text (GET /api/controls/:id, GET /api/library/controls). */
export type ControlSummary = Omit<Control, 'suggestedEvidence' | 'description'>;

export interface ControlPatch {
  owner?: string | null;
  inScope?: boolean;
  exclusionReason?: string | null;
  notes?: string;
}

export interface Evidence {
  id: string;
  sha256: string;
  size: number;
  filename: string;
  mediaType: string;
  description: string;
  source: string;
  collectedAt: string;
  effectiveAt: string;
  createdBy: string;
  createdAt: string;
  controls: string[];
}

export interface EvidencePage {
  items: Evidence[];
  total: number;
}

export interface SubserviceOrganization {
  name: string;
  services: string;
  method: 'carve-out' | 'inclusive';
  csocs: string[];
}

export interface SystemDescription {
  services: string;
  commitments: string;
  components: { infrastructure: string; software: string; people: string; procedures: string; data: string };
  boundaries: string;
  incidents: string;
  cuecs: string[];
  subserviceOrganizations: SubserviceOrganization[];
  criteriaNotRelevant: { criterion: string; reason: string }[];
  significantChanges: string;
}

export interface Scope {
  categories: Category[];
  reportType: 'type1' | 'type2';
  asOf: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  systemDescription: SystemDescription;
  updatedAt: string;
  notices: string[];
}

export interface Tally {
  controls: number;
  evidenced: number;
  failing: number;
  stale: number;
  noEvidence: number;
  atRisk: number;
  score: number;
}

export interface CriterionReadiness {
  id: string;
  category: Category;
  title: string;
  controls: number;
  evidenced: number;
  failing: number;
  stale: number;
  noEvidence: number;
  atRisk: number;
  state: CriterionState;
}

export interface StatusReport {
  organization: { id: string; name: string };
  scope: Pick<Scope, 'categories' | 'reportType' | 'asOf' | 'periodStart' | 'periodEnd'>;
  readiness: {
    overall: Tally & { excluded: number };
    categories: (Tally & { category: Category; criteria: number; criteriaReady: number })[];
    criteria: CriterionReadiness[];
  };
  nextSteps: { control: string; title: string; status: ControlStatus; explanation: string; criteria: string[] }[];
  /** Criteria with the most controls lacking current evidence, worst first. */
  topGaps: (Pick<CriterionReadiness, 'id' | 'category' | 'title' | 'controls' | 'evidenced' | 'failing' | 'stale' | 'noEvidence' | 'state'> & { missing: number })[];
  computedAt: string;
}

/** A day's readiness, as the evaluate-status job stored it (GET /api/readiness/history). */
export interface ReadinessSnapshot {
  day: string;
  computedAt: string;
  score: number;
  controls: number;
  evidenced: number;
  failing: number;
  stale: number;
  noEvidence: number;
  /** Controls at risk: a recurring task overdue (0 on days recorded before this was counted). */
  atRisk: number;
  excluded: number;
}

export interface Criterion {
  id: string;
  category: Category;
  group: string;
  groupTitle?: string;
  title: string;
  description: string;
  pointsOfFocus: string[];
  controls: string[];
}

export interface CriterionDetail extends Criterion {
  controlDetails: Control[];
}

export interface ScanRun {
  id: string;
  startedAt: string;
  finishedAt: string;
  actor: string;
  targets: string[];
  summary: Record<string, number>;
}

export interface CheckTally {
  checkId: string;
  resources: number;
  pass: number;
  fail: number;
  unknown: number;
  notApplicable: number;
  error: number;
  suppressed: number;
}

export interface ScanDetail extends ScanRun {
  checks: CheckTally[];
}

export interface Finding {
  checkId: string;
  resourceType: string;
  resourceId: string;
  status: string;
  reason: string | null;
  message: string | null;
  severity: string;
  path: string | null;
  startLine: number | null;
  endLine: number | null;
}

export interface CheckInfo {
  id: string;
  title: string;
  description: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  resourceType: string;
  controls: string[];
  remediation: { text: string; snippet: { language: string; code: string } | null };
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
  twoFactor: boolean;
}

/** GET /api/auth/me, and (with `csrfToken`) the answer to signing in. */
export interface Me {
  user: Member | null;
  organization: { id: string; name: string; slug: string } | null;
  csrfToken: string | null;
}
