import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { errors, Loose } from '../schemas.js';

const Instant = Type.String({ minLength: 1, maxLength: 40, description: 'YYYY-MM-DD (00:00 UTC) or an ISO timestamp' });
// Resource ids hold slashes and '#' (k8s/web.yaml#Deployment…), so subjects go in the query string.
const Subject = {
  kind: Type.Union([Type.Literal('check'), Type.Literal('resource'), Type.Literal('control')]),
  id: Type.String({ minLength: 1, maxLength: 2000 }),
  check: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'For a resource: only this check' })),
};
const StatusQuery = Type.Object({ ...Subject, at: Type.Optional(Instant) }, { additionalProperties: false });
const PeriodQuery = Type.Object({ ...Subject, from: Instant, to: Instant }, { additionalProperties: false });
const EffectivenessQuery = Type.Object({ from: Instant, to: Instant }, { additionalProperties: false });

const Window = Type.Object({ start: Type.String(), end: Type.String(), ongoing: Type.Boolean() });
const Summary = {
  from: Type.String(), to: Type.String(), passingShare: Type.Number(), failingShare: Type.Number(), noDataShare: Type.Number(),
  failingWindows: Type.Array(Window),
};
const StatusView = Loose(Type.Object({ kind: Type.String(), id: Type.String(), at: Type.String(), state: Type.String() }));
const PeriodView = Loose(Type.Object({ kind: Type.String(), id: Type.String(), ...Summary }));
const EffectivenessView = Type.Object({
  from: Type.String(), to: Type.String(),
  controls: Type.Array(Type.Object({ controlId: Type.String(), title: Type.String(), inScope: Type.Boolean(), checks: Type.Array(Type.String()), ...Summary })),
});

export const historyRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const subjectOf = (q: { kind: 'check' | 'resource' | 'control'; id: string; check?: string }) =>
    ({ kind: q.kind, id: q.kind === 'control' ? q.id.toUpperCase() : q.id, ...(q.check ? { check: q.check } : {}) });

  app.get<{ Querystring: Static<typeof StatusQuery> }>('/history/status', {
    config: { permission: 'scans:read' },
    schema: {
      tags: ['status'], summary: 'What a check, a resource or a control was at an instant (default: now), from the result history',
      querystring: StatusQuery, response: { 200: StatusView, ...errors(400, 404, 409) },
    },
  }, async (req) => services.history.statusAt((await req.org()).id, subjectOf(req.query), req.query.at ?? services.ctx.clock().toISOString()));

  app.get<{ Querystring: Static<typeof PeriodQuery> }>('/history/period', {
    config: { permission: 'scans:read' },
    schema: {
      tags: ['status'], summary: 'Share of a period a check, a resource or a control was passing and failing, and its failing windows',
      querystring: PeriodQuery, response: { 200: PeriodView, ...errors(400, 404, 409) },
    },
  }, async (req) => services.history.period((await req.org()).id, subjectOf(req.query), req.query));

  app.get<{ Querystring: Static<typeof EffectivenessQuery> }>('/history/controls', {
    config: { permission: 'controls:read' },
    schema: {
      tags: ['status'], summary: 'Operating effectiveness of every control over a period: share passing, failing windows (from its checks)',
      querystring: EffectivenessQuery, response: { 200: EffectivenessView, ...errors(400, 409) },
    },
  }, async (req) => services.history.effectiveness((await req.org()).id, req.query));
};
