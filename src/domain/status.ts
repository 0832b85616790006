// Control status is derived, never typed in: from the control's scope, the current results
// of the checks that evidence it (each resource's latest observed result, from the result
// history), and the freshness of its evidence against its frequency.
// An overdue task of recurring manual work (src/domain/tasks.ts) puts the control at risk.
import { daysBetween } from './dates.js';
import { overdueExplanation, type OverdueTask } from './tasks.js';
import type { Frequency } from './types.js';

export type ControlStatus = 'excluded' | 'failing' | 'at_risk' | 'no_evidence' | 'stale' | 'evidenced';

/**
 * How long a piece of evidence keeps a control current, by the control's frequency:
 * one period plus a short grace. Continuous (automated) controls accept a manual
 * snapshot for 30 days until checks evidence them; per-event controls need at least
 * one occurrence in the last year.
 */
export const EVIDENCE_VALID_DAYS: Record<Frequency, number> = {
  continuous: 30,
  daily: 2,
  weekly: 8,
  monthly: 35,
  quarterly: 100,
  annually: 380,
  'per-event': 380,
};

export interface ControlStatusInput {
  inScope: boolean;
  exclusionReason: string | null;
  frequency: Frequency;
  evidenceCount: number;
  /** Latest effective date (YYYY-MM-DD) among the control's evidence, if any. */
  latestEffective: string | null;
  /** Today, YYYY-MM-DD. */
  today: string;
  /** Current results of the checks that evidence this control, if any ran; `scannedAt`: the latest run that evaluated one of them. */
  checks?: { scannedAt: string; tallies: CheckTallyForStatus[] } | null;
  /** Open tasks past their due date without evidence in their period (recurring manual work). */
  overdueTasks?: OverdueTask[];
}

export interface CheckTallyForStatus {
  checkId: string;
  resourceType: string;
  /** Resources the check judged (pass + fail). */
  judged: number;
  failing: number;
}

export interface DerivedStatus {
  status: ControlStatus;
  explanation: string;
}

export function deriveControlStatus(input: ControlStatusInput): DerivedStatus {
  if (!input.inScope) {
    return { status: 'excluded', explanation: `excluded from scope: ${input.exclusionReason ?? 'no reason given'}` };
  }
  const checked = input.checks?.tallies.filter((t) => t.judged > 0) ?? [];
  if (input.checks && checked.length > 0) {
    const day = input.checks.scannedAt.slice(0, 10);
    const failing = checked.filter((t) => t.failing > 0);
    if (failing.length > 0) {
      const parts = failing.map((t) => `${t.checkId} fails on ${t.failing} of ${t.judged} ${t.resourceType} resource${t.judged === 1 ? '' : 's'}`);
      return { status: 'failing', explanation: `failing: ${parts.join('; ')} (scan of ${day})` };
    }
    const resources = checked.reduce((n, t) => n + t.judged, 0);
    if (input.overdueTasks?.length) return { status: 'at_risk', explanation: overdueExplanation(input.overdueTasks, input.today) };
    return { status: 'evidenced', explanation: `passing: ${checked.length} check${checked.length === 1 ? '' : 's'} over ${resources} resource judgement${resources === 1 ? '' : 's'} (scan of ${day})` };
  }
  if (input.overdueTasks?.length) return { status: 'at_risk', explanation: overdueExplanation(input.overdueTasks, input.today) };
  if (input.evidenceCount === 0 || !input.latestEffective) {
    return { status: 'no_evidence', explanation: 'no evidence yet' };
  }
  const age = daysBetween(input.latestEffective, input.today);
  const valid = EVIDENCE_VALID_DAYS[input.frequency];
  const pieces = `${input.evidenceCount} piece${input.evidenceCount === 1 ? '' : 's'} of evidence`;
  if (age > valid) {
    return { status: 'stale', explanation: `stale: latest evidence effective ${input.latestEffective}, ${age} days ago; a ${input.frequency} control needs evidence from the last ${valid} days` };
  }
  return { status: 'evidenced', explanation: `evidenced: ${pieces}, latest effective ${input.latestEffective}` };
}
