// `attest demo`: a fictional organization to explore and to load-test against. People with
// roles, every library control in every state (passing and failing checks, current and stale
// evidence, none, excluded with a reason), owners, evidence files with effective dates, and six
// months of scan history recorded through the real ingest (change-only result history), plus the
// daily readiness snapshots the dashboard's trend draws. Names are synthetic; addresses use the
// reserved example.com domain. Deterministic: the same size and day seed the same organization.
import { randomUUID } from 'node:crypto';
import { checks as registry } from '../checks/registry.js';
import type { AnyCheck } from '../checks/types.js';
import { addDays, toIsoDate } from '../domain/dates.js';
import { conflict } from '../domain/errors.js';
import { EVIDENCE_VALID_DAYS } from '../domain/status.js';
import type { Category } from '../domain/types.js';
import type { DemoPerson, Organization, Role, StoredResult } from '../store/index.js';
import type { Actor, AppContext } from './context.js';
import { ControlsService } from './controls.service.js';
import { EvidenceService } from './evidence.service.js';
import { ScanService } from './scan.service.js';
import { StatusService } from './status.service.js';
import { WorkspaceService } from './workspace.service.js';

export type DemoSize = 'small' | 'large';
export const DEMO_SIZES: DemoSize[] = ['small', 'large'];

interface SizeSpec {
  people: number;
  resources: number;
  /** Groups of resources scanned together (accounts, clusters, repositories), one per run after day one. */
  scopes: number;
  /** Pieces of evidence per evidenced control: the current one and older ones. */
  evidencePerControl: number;
  /** Checks evaluated on each resource (at most those of its type). */
  checksPerResource: number;
}

export const DEMO_SPECS: Record<DemoSize, SizeSpec> = {
  small: { people: 40, resources: 3_000, scopes: 10, evidencePerControl: 1, checksPerResource: 2 },
  large: { people: 2_000, resources: 100_000, scopes: 30, evidencePerControl: 3, checksPerResource: 1 },
};

export const DEMO_DAYS = 180;
export const DEMO_ORG_NAME = 'Northwind Example Ltd';
const DEMO_CATEGORIES: Category[] = ['security', 'availability', 'confidentiality'];

export interface DemoProgress {
  (stage: string, done: number, total: number): void;
}

export interface DemoResult {
  organization: { id: string; name: string; created: boolean };
  size: DemoSize;
  /** The owner's address: \`attest users reset-password\` gives them a link to set a password and sign in. */
  owner: string;
  people: number;
  controls: Record<string, number>;
  owned: number;
  evidence: number;
  scans: number;
  resources: number;
  results: number;
  days: number;
  snapshots: number;
  seconds: number;
}

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Iris', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Nina', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Uma', 'Victor', 'Wen', 'Xavi', 'Yara', 'Zane', 'Aiko', 'Bruno', 'Carla', 'Diego', 'Esme', 'Felix'];
const LAST = ['Archer', 'Byrne', 'Castillo', 'Dubois', 'Eriksen', 'Fontaine', 'Gallo', 'Hartley', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Pereira', 'Quist', 'Rahman', 'Sato', 'Thorne', 'Ueda', 'Varga', 'Whitlock', 'Yilmaz', 'Zamora'];

/** Controls excluded from scope, by id or by id prefix, with the reason. */
const EXCLUSIONS: Record<string, string> = {
  'AST-09': 'The company has no offices: everyone works remotely, and physical access is the cloud provider\'s (AST-10).',
  PI: 'Processing integrity is not in the scope of this report; the service does not process customer transactions on their behalf.',
  PRV: 'Privacy is not in the scope of this report; customer personal data is limited to account contacts, covered under confidentiality.',
};


/** A tiny deterministic generator (mulberry32), so a demo is the same every time. */
function rng(seed: number) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A stable pseudo-random number in [0, 1) for an integer pair. */
function hash01(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4_294_967_296;
}

/** How many resources of each type, from rough weights (fleets of workloads; one root account per account). */
function typeWeight(type: string): number {
  if (/root-account|password-policy|encryption-by-default|guardduty|config\.recorder/.test(type)) return 0.2;
  if (type === 'k8s.workload' || type === 'aws.s3.bucket' || type === 'ci.github.workflow') return 3;
  return 1;
}

interface ResourcePlan {
  type: string;
  count: number;
  checks: AnyCheck[];
}

export class DemoService {
  constructor(private readonly ctx: AppContext, private readonly checkList: AnyCheck[] = registry) {}

  async seed(size: DemoSize, opts: { force?: boolean; actor?: Actor; onProgress?: DemoProgress } = {}): Promise<DemoResult> {
    const started = performance.now();
    const spec = DEMO_SPECS[size];
    const actor = opts.actor ?? 'system';
    const progress: DemoProgress = opts.onProgress ?? (() => undefined);
    const workspace = new WorkspaceService(this.ctx);
    const { repos } = this.ctx.store;
    let org = await workspace.defaultOrg();
    let created = false;
    if (org) {
      const [people, evidence, lastScan] = await Promise.all([repos.users.countByOrg(org.id), repos.evidence.countBy(org.id), repos.scans.latestObservation(org.id)]);
      if ((people > 0 || evidence > 0 || lastScan) && !opts.force) {
        throw conflict(`the workspace's organization "${org.name}" already has data (${people} people, ${evidence} pieces of evidence, ${lastScan ? `scans up to ${lastScan}` : 'no scans'}): seed the demonstration into an empty workspace (a new ATTEST_DATA_DIR or database), or pass --force to add it to this one`);
      }
      if (lastScan && lastScan >= this.historyStart().toISOString()) {
        throw conflict(`the organization has scans up to ${lastScan}, inside the ${DEMO_DAYS} days of history the demonstration records: use an empty workspace`);
      }
    } else {
      org = (await workspace.createOrganization({ name: DEMO_ORG_NAME, categories: DEMO_CATEGORIES }, actor)).org;
      created = true;
    }
    const orgId = org.id;

    progress('people', 0, spec.people);
    const people = await this.seedPeople(orgId, spec.people, actor);
    progress('people', people.length, spec.people);

    const controlStates = await this.seedControls(orgId, people, actor, progress);
    const evidence = await this.seedEvidence(orgId, controlStates.withoutChecks, spec.evidencePerControl, actor, progress);
    const history = await this.seedHistory(orgId, spec, actor, progress);
    const snapshots = await this.seedTrend(org, progress);

    const controls = await new ControlsService(this.ctx).list(orgId);
    const byStatus: Record<string, number> = { evidenced: 0, failing: 0, stale: 0, no_evidence: 0, excluded: 0 };
    for (const c of controls) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    return {
      organization: { id: orgId, name: org.name, created }, size, owner: people[0]!.email, people: people.length, controls: byStatus,
      owned: controls.filter((c) => c.owner !== null).length, evidence, scans: history.runs, resources: history.resources,
      results: history.results, days: DEMO_DAYS, snapshots, seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  }

  private historyStart(): Date {
    const today = toIsoDate(this.ctx.clock());
    return new Date(`${addDays(today, -DEMO_DAYS)}T02:00:00Z`);
  }

  private async seedPeople(orgId: string, n: number, actor: Actor): Promise<DemoPerson[]> {
    const random = rng(7);
    const now = this.ctx.clock().getTime();
    const people: DemoPerson[] = [];
    for (let i = 0; i < n; i++) {
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
      const round = Math.floor(i / (FIRST.length * LAST.length));
      const role: Role = i === 0 ? 'owner' : i <= Math.max(2, Math.floor(n / 200)) ? 'admin' : i % 97 === 5 ? 'auditor' : i % 9 === 4 ? 'viewer' : 'member';
      const local = `${first}.${last}${round > 0 ? `.${round + 1}` : ''}`.toLowerCase();
      const joined = new Date(now - Math.floor(random() * 900) * 86_400_000).toISOString();
      people.push({ id: randomUUID(), email: `${local}@example.com`, name: `${first} ${last}`, role, createdAt: joined });
    }
    await this.ctx.store.transaction(async (repos) => {
      await repos.demo.insertPeople(orgId, people);
      const roles: Record<string, number> = {};
      for (const p of people) roles[p.role] = (roles[p.role] ?? 0) + 1;
      await repos.auditLog.append(orgId, { actor, action: 'demo.people', entityType: 'organization', entityId: orgId, before: null, after: { people: people.map((p) => p.id) }, detail: { count: people.length, roles } }, this.ctx.clock());
    });
    return people;
  }

  /** Owners for (almost) every control, and the exclusions; returns the controls no check evidences, for evidence. */
  private async seedControls(orgId: string, people: DemoPerson[], actor: Actor, progress: DemoProgress) {
    const service = new ControlsService(this.ctx);
    const withChecks = new Set(this.checkList.flatMap((c) => c.meta.controls));
    const owners = people.filter((p) => p.role === 'admin' || p.role === 'owner' || p.role === 'member').slice(0, 24);
    const controls = await service.list(orgId);
    const withoutChecks: { id: string; frequency: keyof typeof EVIDENCE_VALID_DAYS }[] = [];
    let done = 0;
    for (const c of controls) {
      const prefix = c.id.split('-')[0]!;
      const reason = EXCLUSIONS[c.id] ?? EXCLUSIONS[prefix];
      const patch = {
        ...(done % 13 === 7 ? {} : { owner: owners[done % owners.length]?.email ?? null }),
        ...(reason ? { inScope: false, exclusionReason: reason } : {}),
      };
      if (Object.keys(patch).length > 0) await service.update(orgId, c.id, patch, actor);
      if (!reason && !withChecks.has(c.id)) withoutChecks.push({ id: c.id, frequency: c.frequency });
      progress('controls', ++done, controls.length);
    }
    return { withoutChecks };
  }

  /**
   * Evidence for the controls no check evidences: six in ten current (effective inside their
   * frequency's window), two in ten stale, two in ten none yet. Older pieces precede the current one.
   */
  private async seedEvidence(orgId: string, controls: { id: string; frequency: keyof typeof EVIDENCE_VALID_DAYS }[], perControl: number, actor: Actor, progress: DemoProgress): Promise<number> {
    const service = new EvidenceService(this.ctx);
    const today = toIsoDate(this.ctx.clock());
    const plan: { control: string; effective: string; n: number }[] = [];
    controls.forEach((c, i) => {
      const valid = EVIDENCE_VALID_DAYS[c.frequency];
      const slot = i % 10;
      if (slot >= 8) return;
      const latestAge = slot < 6 ? Math.floor(valid / 3) : valid + 10 + (i % 20);
      for (let k = perControl - 1; k >= 0; k--) {
        const age = Math.min(latestAge + k * Math.max(valid, 30), DEMO_DAYS * 2);
        plan.push({ control: c.id, effective: addDays(today, -age), n: k });
      }
    });
    let done = 0;
    for (const p of plan) {
      const text = `Demonstration evidence for ${p.control}, effective ${p.effective}.\nA fictional record made by \`attest demo\`; replace it with your own.\n`;
      await service.add(orgId, {
        filename: `${p.control.toLowerCase()}-${p.effective}.txt`, mediaType: 'text/plain', controls: [p.control], effectiveDate: p.effective,
        description: p.n === 0 ? 'Current record (demonstration)' : 'Earlier record (demonstration)', source: 'demo',
      }, new TextEncoder().encode(text), actor);
      progress('evidence', ++done, plan.length);
    }
    return plan.length;
  }

  /**
   * Six months of scans: on the first day every scope is scanned, then one scope a day in
   * rotation. Findings burn down over the period; the checks chosen to keep failing (one in
   * five) still fail on a few resources at the end, so their controls are failing today.
   */
  private async seedHistory(orgId: string, spec: SizeSpec, actor: Actor, progress: DemoProgress) {
    const byType = new Map<string, AnyCheck[]>();
    for (const c of this.checkList) byType.set(c.meta.resourceType, [...(byType.get(c.meta.resourceType) ?? []), c]);
    const types = [...byType.keys()].sort();
    const totalWeight = types.reduce((s, t) => s + typeWeight(t), 0);
    const plans: ResourcePlan[] = types.map((type) => ({ type, count: Math.max(1, Math.ceil((spec.resources * typeWeight(type)) / totalWeight)), checks: byType.get(type)! }));
    const resources = plans.reduce((s, p) => s + p.count, 0);
    const keepsFailing = new Set(this.checkList.filter((_, i) => i % 5 === 2).map((c) => c.meta.id));
    const checkIndex = new Map(this.checkList.map((c, i) => [c.meta.id, i]));
    const scopeName = (s: number) => `demo/${['prod', 'staging', 'shared', 'dev', 'data'][s % 5]}-${String(s + 1).padStart(2, '0')}`;
    const start = this.historyStart().getTime();
    const scans = new ScanService(this.ctx, this.checkList);

    /** One scope's results as of day d, in batches. */
    const resultsOf = function* (scope: number, day: number): Generator<StoredResult[]> {
      let batch: StoredResult[] = [];
      let base = 0;
      for (const p of plans) {
        for (let r = scope; r < p.count; r += spec.scopes) {
          const rid = base + r;
          const resourceId = `${p.type}/${scopeName(r % spec.scopes).slice(5)}/${String(r).padStart(6, '0')}`;
          const n = Math.min(spec.checksPerResource, p.checks.length);
          for (let k = 0; k < n; k++) {
            const check = p.checks[(r + k) % p.checks.length]!;
            const ci = checkIndex.get(check.meta.id)!;
            const failing = keepsFailing.has(check.meta.id);
            const rate = failing ? 0.12 - (0.08 * day) / DEMO_DAYS : Math.max(0, 0.1 * (1 - day / 140));
            const fail = hash01(rid, ci) < rate;
            batch.push({
              checkId: check.meta.id, resourceType: p.type, resourceId, status: fail ? 'fail' : 'pass', reason: fail ? 'demo_misconfiguration' : null,
              message: fail ? `${resourceId} does not meet ${check.meta.id} (demonstration finding)` : null, severity: check.meta.severity, path: null, startLine: null, endLine: null,
            });
            if (batch.length >= 5_000) {
              yield batch;
              batch = [];
            }
          }
        }
        base += p.count;
      }
      if (batch.length) yield batch;
    };

    const runsPlanned = spec.scopes + (DEMO_DAYS - 1);
    let runs = 0;
    let results = 0;
    const record = async (scope: number, day: number, minute: number) => {
      const finished = new Date(start + day * 86_400_000 + minute * 60_000);
      const meta = { startedAt: new Date(finished.getTime() - 45_000).toISOString(), finishedAt: finished.toISOString(), targets: [scopeName(scope)] };
      const out = await scans.ingest(orgId, meta, resultsOf(scope, day), actor);
      results += out.run.summary.results ?? 0;
      progress('scans', ++runs, runsPlanned);
    };
    for (let s = 0; s < spec.scopes; s++) await record(s, 0, s);
    for (let d = 1; d < DEMO_DAYS; d++) await record(d % spec.scopes, d, 0);
    return { runs, resources, results };
  }

  /**
   * The daily readiness snapshots of the period. Today's is the real computation; the days
   * before it are drawn as a steady climb towards it (the demonstration's story: a team
   * closing gaps), since recomputing the past would need evidence dated in the past too.
   */
  private async seedTrend(org: Organization, progress: DemoProgress): Promise<number> {
    const status = new StatusService(this.ctx);
    const now = this.ctx.clock();
    const { readiness } = await status.report(org);
    const o = readiness.overall;
    const today = toIsoDate(now);
    const random = rng(11);
    for (let i = DEMO_DAYS - 1; i >= 0; i--) {
      const day = addDays(today, -i);
      const t = 1 - i / (DEMO_DAYS - 1); // 0 at the start, 1 today
      const share = 0.35 + 0.65 * t;
      const jitter = i === 0 ? 0 : Math.round((random() - 0.5) * 2);
      const evidenced = Math.max(0, Math.min(o.controls, Math.round(o.evidenced * share) + jitter));
      const failing = i === 0 ? o.failing : Math.round(o.failing + (o.controls - o.evidenced - o.failing) * 0.3 * (1 - t));
      const stale = i === 0 ? o.stale : Math.min(o.stale, Math.max(0, o.controls - evidenced - failing));
      const atRisk = i === 0 ? o.atRisk : Math.min(o.atRisk, Math.max(0, o.controls - evidenced - failing - stale));
      const noEvidence = Math.max(0, o.controls - evidenced - failing - stale - atRisk);
      const score = o.controls === 0 ? 0 : Math.floor((evidenced * 100) / o.controls);
      await this.ctx.store.repos.readiness.upsert(org.id, {
        day, computedAt: i === 0 ? now.toISOString() : `${day}T03:00:00.000Z`, score, controls: o.controls, evidenced, failing, stale, noEvidence, atRisk, excluded: o.excluded,
        categories: readiness.categories.map((c) => {
          const ev = i === 0 ? c.evidenced : Math.min(c.controls, Math.round(c.evidenced * share));
          return { category: c.category, score: c.controls === 0 ? 0 : Math.floor((ev * 100) / c.controls), controls: c.controls, evidenced: ev, failing: c.failing, stale: c.stale, atRisk: c.atRisk, noEvidence: Math.max(0, c.controls - ev - c.failing - c.stale - c.atRisk) };
        }),
      });
      progress('trend', DEMO_DAYS - i, DEMO_DAYS);
    }
    return DEMO_DAYS;
  }
}
