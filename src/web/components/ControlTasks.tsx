// A control's tasks of recurring manual work, on its page: each period, its due date and where it stands.
import { ApiError, useApi } from '../api/client';
import { TASK_STATUS_CLASS, TASK_STATUS_LABELS, type Task } from '../api/tasks';
import { ErrorMessage, Loading } from './Feedback';
import { Link } from '../router';

export interface ControlTasksProps {
  control: string;
}

export function ControlTasks({ control }: ControlTasksProps) {
  const tasks = useApi<Task[]>(`/api/tasks?control=${encodeURIComponent(control)}`);
  // Nothing to show: no tasks, or a role that does not read tasks (auditors read only their audits).
  if ((tasks.data && tasks.data.length === 0) || (tasks.error instanceof ApiError && tasks.error.status === 403)) return null;
  return (
    <section className="panel" aria-labelledby="control-tasks-heading" data-testid="control-tasks">
      <div className="panel-header">
        <h2 id="control-tasks-heading">Tasks</h2>
        <Link to="/tasks" className="button button-secondary">All tasks</Link>
      </div>
      {tasks.error ? <ErrorMessage error={tasks.error} /> : !tasks.data ? <Loading /> : (
        <ul className="bullets">
          {[...tasks.data].reverse().map((t) => (
            <li key={t.id} data-task={t.id} data-status={t.status}>
              <span className={`badge ${TASK_STATUS_CLASS[t.status]}`}>{TASK_STATUS_LABELS[t.status]}</span> {t.periodLabel}: due {t.due}
              {t.assignee && <> · <span className="user-text">{t.assignee}</span></>}
              {t.status === 'skipped' && t.skipReason && <> · skipped: <span className="user-text">{t.skipReason}</span></>}
              {t.status === 'done' && t.evidenceEffective && <> · evidence effective {t.evidenceEffective}</>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
