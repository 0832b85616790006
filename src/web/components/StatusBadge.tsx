import type { ControlStatus, CriterionState } from '../api/types';
import { STATE_LABELS, STATUS_LABELS } from '../format';

export interface StatusBadgeProps {
  status: ControlStatus;
}

/** A control's status: colour and words, never colour alone. */
export function StatusBadge({ status }: StatusBadgeProps) {
  return <span className={`badge status-${status}`} data-status={status}>{STATUS_LABELS[status]}</span>;
}

export interface StateBadgeProps {
  state: CriterionState;
}

export function StateBadge({ state }: StateBadgeProps) {
  return <span className={`badge state-${state}`} data-state={state}>{STATE_LABELS[state]}</span>;
}
