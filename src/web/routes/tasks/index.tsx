// Tasks: the recurring manual work (quarterly access review, annual risk assessment…), grouped
// overdue / due soon / upcoming / closed. An open task is completed with evidence effective
// within its period (a new upload or evidence already stored), or skipped with a reason.
import { useState, type FormEvent } from 'react';
import { usePermissions } from '../../api/caller';
import { useAction } from '../../api/action';
import { api, fieldErrors, uploadEvidence, useApi } from '../../api/client';
import { TASK_STATUS_CLASS, TASK_STATUS_LABELS, type Task, type TaskStatus } from '../../api/tasks';
import type { Evidence } from '../../api/types';
import { EmptyState, ErrorMessage, FieldErrorText, Loading } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { plural } from '../../format';
import { Link, usePageTitle, useQueryState } from '../../router';
import './_tasks.css';

const GROUPS: { status: TaskStatus[]; title: string; id: string; empty: string }[] = [
  { status: ['overdue'], title: 'Overdue', id: 'overdue', empty: 'Nothing is overdue.' },
  { status: ['due_soon'], title: 'Due soon', id: 'due-soon', empty: 'Nothing is due soon.' },
  { status: ['upcoming'], title: 'Upcoming', id: 'upcoming', empty: 'Nothing upcoming.' },
];

const today = () => new Date().toISOString().slice(0, 10);

export default function TasksPage() {
  usePageTitle('Tasks');
  const [query, setQuery] = useQueryState();
  const mine = query.get('assignee') ?? '';
  const { can, caller } = usePermissions();
  const tasks = useApi<Task[]>(`/api/tasks${mine ? `?assignee=${encodeURIComponent(mine)}` : ''}`);
  const generate = useAction();
  const writer = can('tasks:write');

  const handleGenerate = async () => {
    const done = await generate.run(() => api<{ created: number }>('/api/tasks/generate', { method: 'POST' }));
    if (done) tasks.reload();
  };

  const list = tasks.data ?? [];
  const closed = list.filter((t) => t.status === 'done' || t.status === 'skipped');

  return (
    <>
      <div className="page-header">
        <h1>Tasks</h1>
        <p className="lede">Recurring manual work: one task per control and period, due at the period's end plus a grace. A task is done when evidence effective within its period is linked to its control; an overdue task puts its control at risk.</p>
      </div>
      <div className="filters" role="group" aria-label="Filter tasks">
        <div className="field">
          <label htmlFor="task-assignee">Assignee</label>
          <input id="task-assignee" type="search" value={mine} placeholder="anyone" onChange={(e) => setQuery({ assignee: e.target.value || null })} />
        </div>
        {caller?.user?.email && <button type="button" className="button-secondary" onClick={() => setQuery({ assignee: caller.user!.email })}>Assigned to me</button>}
        {writer && <button type="button" onClick={handleGenerate} disabled={generate.busy}>{generate.busy ? 'Creating…' : 'Create this period\'s tasks now'}</button>}
      </div>
      <ErrorMessage error={generate.error} />
      {tasks.error ? <ErrorMessage error={tasks.error} /> : !tasks.data ? <Loading /> : list.length === 0 ? (
        <EmptyState title={mine ? 'No task is assigned to them' : 'No tasks yet'}>
          {mine ? <p>Clear the assignee filter to see every task.</p> : (
            <p>Tasks are created every night (the <code>generate-tasks</code> job) for the in-scope manual controls with a daily, weekly, monthly, quarterly or annual frequency, assigned to each control's owner.
              {writer ? ' Create them now with the button above.' : ' Ask an owner, admin or member to create them now.'} Set owners on the <Link to="/controls">Controls</Link> page first so each task reaches someone.</p>
          )}
        </EmptyState>
      ) : (
        <>
          {GROUPS.map((g) => {
            const rows = list.filter((t) => g.status.includes(t.status));
            return (
              <section key={g.id} className="panel" aria-labelledby={`tasks-${g.id}`} data-group={g.id}>
                <h2 id={`tasks-${g.id}`}>{g.title} <span className="muted small">({rows.length})</span></h2>
                {rows.length === 0 ? <p className="muted">{g.empty}</p> : <TaskTable tasks={rows} writer={writer} onChanged={tasks.reload} />}
              </section>
            );
          })}
          <section className="panel" aria-labelledby="tasks-closed" data-group="closed">
            <details>
              <summary><h2 id="tasks-closed" style={{ display: 'inline' }}>Done and skipped <span className="muted small">({closed.length})</span></h2></summary>
              {closed.length === 0 ? <p className="muted">Nothing closed yet.</p> : <TaskTable tasks={closed} writer={false} onChanged={tasks.reload} />}
            </details>
          </section>
        </>
      )}
    </>
  );
}

interface TaskTableProps {
  tasks: Task[];
  writer: boolean;
  onChanged: () => void;
}

function TaskTable({ tasks, writer, onChanged }: TaskTableProps) {
  return (
    <ul className="task-list">
      {tasks.map((t) => <TaskItem key={t.id} task={t} writer={writer} onChanged={onChanged} />)}
    </ul>
  );
}

interface TaskItemProps {
  task: Task;
  writer: boolean;
  onChanged: () => void;
}

function TaskItem({ task: t, writer, onChanged }: TaskItemProps) {
  const [mode, setMode] = useState<'none' | 'complete' | 'skip'>('none');
  const open = t.state === 'open' && t.status !== 'done';
  return (
    <li className="card task" data-task={t.id} data-control={t.control} data-status={t.status}>
      <div className="status-line">
        <span className={`badge ${TASK_STATUS_CLASS[t.status]}`}>{TASK_STATUS_LABELS[t.status]}{t.status === 'overdue' ? ` · ${plural(t.daysOverdue, 'day')}` : ''}</span>
        <strong>{t.title}</strong>
        <span>for {t.periodLabel}</span>
      </div>
      <p className="small">
        <Link to={`/controls/${encodeURIComponent(t.control)}`}>{t.control}</Link> · period {t.periodStart} to {t.periodEnd} · due <strong>{t.due}</strong> · {t.assignee ? <span className="user-text">{t.assignee}</span> : <span className="muted">unassigned</span>}
      </p>
      {t.status === 'done' && (
        <p className="small">{t.state === 'open' ? 'Evidence' : 'Completed with evidence'} effective {t.evidenceEffective ?? '—'}{t.evidenceId && <> (<a href={`/api/evidence/${t.evidenceId}/download`}>download</a>)</>}{t.note && <>: <span className="user-text">{t.note}</span></>}</p>
      )}
      {t.status === 'skipped' && <p className="small">Skipped: <span className="user-text">{t.skipReason}</span></p>}
      {writer && open && mode === 'none' && (
        <div className="form-actions">
          <button type="button" onClick={() => setMode('complete')}>Complete…</button>
          <button type="button" className="button-secondary" onClick={() => setMode('skip')}>Skip…</button>
        </div>
      )}
      {mode === 'complete' && <CompleteForm task={t} onCancel={() => setMode('none')} onDone={() => { setMode('none'); onChanged(); }} />}
      {mode === 'skip' && <SkipForm task={t} onCancel={() => setMode('none')} onDone={() => { setMode('none'); onChanged(); }} />}
    </li>
  );
}

interface FormProps {
  task: Task;
  onCancel: () => void;
  onDone: () => void;
}

function CompleteForm({ task, onCancel, onDone }: FormProps) {
  const [source, setSource] = useState<'upload' | 'existing'>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [effectiveDate, setEffectiveDate] = useState(() => (today() < task.periodEnd ? today() : task.periodEnd));
  const [evidenceId, setEvidenceId] = useState('');
  const [note, setNote] = useState('');
  const action = useAction();
  const existing = useApi<{ items: Evidence[] }>(source === 'existing' ? '/api/evidence?limit=500' : null);
  const inPeriod = (existing.data?.items ?? []).filter((e) => e.effectiveAt >= task.periodStart && e.effectiveAt <= task.periodEnd);
  const errors = fieldErrors(action.error);
  const id = (name: string) => `task-${task.id}-${name}`;

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await action.run(async () => {
      let evidence = evidenceId;
      if (source === 'upload') {
        const uploaded = await uploadEvidence({ file, controls: [task.control], effectiveDate, description: `${task.title} for ${task.periodLabel}` }, () => undefined).done;
        evidence = uploaded.id;
      }
      return api<Task>(`/api/tasks/${task.id}/complete`, { method: 'POST', body: { evidenceId: evidence, ...(note.trim() ? { note } : {}) } });
    });
    if (done) onDone();
  };

  return (
    <form className="task-form" onSubmit={handleSubmit} noValidate aria-label={`Complete ${task.title} for ${task.periodLabel}`}>
      <fieldset>
        <legend>Evidence of the work (effective {task.periodStart} to {task.periodEnd})</legend>
        <label><input type="radio" name={id('source')} checked={source === 'upload'} onChange={() => setSource('upload')} /> Upload a file</label>
        <label><input type="radio" name={id('source')} checked={source === 'existing'} onChange={() => setSource('existing')} /> Pick stored evidence</label>
      </fieldset>
      {source === 'upload' ? (
        <>
          <div className={`field${errors.get('file')?.length ? ' has-error' : ''}`}>
            <label htmlFor={id('file')}>File</label>
            <input id={id('file')} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-describedby={errors.get('file')?.length ? `${id('file')}-error` : undefined} />
            <FieldErrorText id={`${id('file')}-error`} errors={errors.get('file')} />
          </div>
          <TextField id={id('effective')} label="Effective date" type="date" value={effectiveDate} onChange={setEffectiveDate} errors={errors.get('effectiveDate')}
            hint="The day the work was done or the state it shows: it must fall within the task's period." />
        </>
      ) : existing.error ? <ErrorMessage error={existing.error} /> : !existing.data ? <Loading /> : (
        <div className={`field${errors.get('evidenceId')?.length ? ' has-error' : ''}`}>
          <label htmlFor={id('evidence')}>Evidence effective within {task.periodLabel}</label>
          <select id={id('evidence')} value={evidenceId} onChange={(e) => setEvidenceId(e.target.value)} aria-describedby={errors.get('evidenceId')?.length ? `${id('evidence')}-error` : undefined}>
            <option value="">{inPeriod.length ? 'Choose…' : 'No evidence is effective within this period: upload a file instead'}</option>
            {inPeriod.map((e) => <option key={e.id} value={e.id}>{e.filename} · effective {e.effectiveAt}</option>)}
          </select>
        </div>
      )}
      {source === 'upload' && <FieldErrorText id={`${id('evidence')}-error`} errors={errors.get('evidenceId')} />}
      {source === 'existing' && <FieldErrorText id={`${id('evidence')}-error`} errors={errors.get('evidenceId')} />}
      <TextField id={id('note')} label="Note (optional)" value={note} onChange={setNote} errors={errors.get('note')} maxLength={2000} multiline rows={2} />
      <ErrorMessage error={action.error} shownFields={new Set(['file', 'effectiveDate', 'evidenceId', 'note'])} />
      <div className="form-actions">
        <button type="submit" disabled={action.busy}>{action.busy ? 'Completing…' : 'Complete task'}</button>
        <button type="button" className="button-secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function SkipForm({ task, onCancel, onDone }: FormProps) {
  const [reason, setReason] = useState('');
  const action = useAction();
  const errors = fieldErrors(action.error);
  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await action.run(() => api<Task>(`/api/tasks/${task.id}/skip`, { method: 'POST', body: { reason } }));
    if (done) onDone();
  };
  return (
    <form className="task-form" onSubmit={handleSubmit} noValidate aria-label={`Skip ${task.title} for ${task.periodLabel}`}>
      <TextField id={`task-${task.id}-reason`} label="Why is this period's work not done?" value={reason} onChange={setReason} errors={errors.get('reason')} maxLength={2000} multiline rows={2} required
        hint="Kept with the task for the auditor, e.g. who approved skipping it." />
      <ErrorMessage error={action.error} shownFields={new Set(['reason'])} />
      <div className="form-actions">
        <button type="submit" disabled={action.busy}>{action.busy ? 'Skipping…' : 'Skip task'}</button>
        <button type="button" className="button-secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
