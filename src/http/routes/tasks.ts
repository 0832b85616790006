// Tasks of recurring manual work: list (filters), one task, complete with evidence effective
// within its period, skip with a reason, assign.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { errors, IdParam, Loose, Nullable, NullableString } from '../schemas.js';

const TaskState = Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('skipped')]);

export const TaskView = Loose(Type.Object({
  id: Type.String(), control: Type.String(), title: Type.String(), frequency: Type.String(),
  periodStart: Type.String(), periodEnd: Type.String(), periodLabel: Type.String(), due: Type.String(),
  assignee: Nullable(Type.String()), state: TaskState,
  status: Type.Union(['done', 'skipped', 'overdue', 'due_soon', 'upcoming'].map((s) => Type.Literal(s))), daysOverdue: Type.Integer(),
  evidenceId: Nullable(Type.String()), evidenceEffective: Nullable(Type.String()), note: Type.String(), skipReason: Nullable(Type.String()),
  completedBy: Nullable(Type.String()), completedAt: Nullable(Type.String()), createdAt: Type.String(),
}));

const TasksQuery = Type.Object({
  state: Type.Optional(TaskState),
  overdue: Type.Optional(Type.Boolean({ description: 'only open tasks past their due date without evidence in their period' })),
  control: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });

const CompleteBody = Type.Object({
  evidenceId: Type.String({ minLength: 1, maxLength: 100, description: 'evidence effective within the task period (linked to the control if not yet)' }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

const SkipBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

const AssignBody = Type.Object({ assignee: NullableString({ maxLength: 200 }) }, { additionalProperties: false });

export const taskRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get<{ Querystring: Static<typeof TasksQuery> }>('/tasks', {
    config: { permission: 'tasks:read' },
    schema: { tags: ['tasks'], summary: 'Tasks of recurring manual work, earliest due first (at most 1000)', querystring: TasksQuery, response: { 200: Type.Array(TaskView), ...errors(400, 409) } },
  }, async (req) => services.tasks.list((await req.org()).id, req.query));

  app.post('/tasks/generate', {
    config: { permission: 'tasks:write' },
    schema: { tags: ['tasks'], summary: 'Create the tasks of the current and next period now (what the daily generate-tasks job does); idempotent', response: { 200: Type.Object({ created: Type.Integer(), completed: Type.Integer(), controls: Type.Integer(), alerted: Type.Integer() }), ...errors(409) } },
  }, async (req) => services.tasks.generate((await req.org()).id, req.actor));

  app.get<{ Params: Static<typeof IdParam> }>('/tasks/:id', {
    config: { permission: 'tasks:read' },
    schema: { tags: ['tasks'], summary: 'One task', params: IdParam, response: { 200: TaskView, ...errors(404, 409) } },
  }, async (req) => services.tasks.get((await req.org()).id, req.params.id));

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof CompleteBody> }>('/tasks/:id/complete', {
    config: { permission: 'tasks:write' },
    schema: { tags: ['tasks'], summary: 'Complete an open task with evidence effective within its period', params: IdParam, body: CompleteBody, response: { 200: TaskView, ...errors(400, 404, 409) } },
  }, async (req) => services.tasks.complete((await req.org()).id, req.params.id, req.body, req.actor));

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof SkipBody> }>('/tasks/:id/skip', {
    config: { permission: 'tasks:write' },
    schema: { tags: ['tasks'], summary: 'Skip an open task, with the reason', params: IdParam, body: SkipBody, response: { 200: TaskView, ...errors(400, 404, 409) } },
  }, async (req) => services.tasks.skip((await req.org()).id, req.params.id, req.body, req.actor));

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof AssignBody> }>('/tasks/:id', {
    config: { permission: 'tasks:write' },
    schema: { tags: ['tasks'], summary: 'Assign a task (null: unassigned)', params: IdParam, body: AssignBody, response: { 200: TaskView, ...errors(400, 404, 409) } },
  }, async (req) => services.tasks.assign((await req.org()).id, req.params.id, req.body.assignee, req.actor));
};
