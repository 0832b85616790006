// Tasks of recurring manual work, as /api/tasks answers them (src/app/tasks.service.ts).

export type TaskState = 'open' | 'done' | 'skipped';
export type TaskStatus = 'done' | 'skipped' | 'overdue' | 'due_soon' | 'upcoming';

export interface Task {
  id: string;
  control: string;
  title: string;
  frequency: string;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  due: string;
  assignee: string | null;
  state: TaskState;
  status: TaskStatus;
  daysOverdue: number;
  evidenceId: string | null;
  evidenceEffective: string | null;
  note: string;
  skipReason: string | null;
  completedBy: string | null;
  completedAt: string | null;
  createdAt: string;
}

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { overdue: 'Overdue', due_soon: 'Due soon', upcoming: 'Upcoming', done: 'Done', skipped: 'Skipped' };
/** Badge classes shared with control statuses: colour always comes with words. */
export const TASK_STATUS_CLASS: Record<TaskStatus, string> = { overdue: 'status-failing', due_soon: 'status-stale', upcoming: 'status-no_evidence', done: 'status-evidenced', skipped: 'status-excluded' };
