import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { CATEGORIES } from '../../domain/types.js';
import { errors, Loose, NullableString } from '../schemas.js';

const Str = (max = 20_000) => Type.String({ maxLength: max });
const DateOrNull = NullableString({ maxLength: 10 });

const SystemDescriptionPatch = Type.Partial(Type.Object({
  services: Str(), commitments: Str(),
  components: Type.Partial(Type.Object({ infrastructure: Str(), software: Str(), people: Str(), procedures: Str(), data: Str() }, { additionalProperties: false })),
  boundaries: Str(), incidents: Str(),
  cuecs: Type.Array(Str(2000), { maxItems: 200 }),
  subserviceOrganizations: Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }), services: Str(2000),
    method: Type.Union([Type.Literal('carve-out'), Type.Literal('inclusive')]),
    csocs: Type.Array(Str(2000), { maxItems: 100 }),
  }, { additionalProperties: false }), { maxItems: 100 }),
  criteriaNotRelevant: Type.Array(Type.Object({ criterion: Type.String({ minLength: 1, maxLength: 10 }), reason: Str(2000) }, { additionalProperties: false }), { maxItems: 61 }),
  significantChanges: Str(),
}, { additionalProperties: false }));

const ScopePatch = Type.Object({
  categories: Type.Optional(Type.Array(Type.Union(CATEGORIES.map((c) => Type.Literal(c))), { minItems: 1, uniqueItems: true })),
  reportType: Type.Optional(Type.Union([Type.Literal('type1'), Type.Literal('type2')])),
  asOf: Type.Optional(DateOrNull),
  periodStart: Type.Optional(DateOrNull),
  periodEnd: Type.Optional(DateOrNull),
  systemDescription: Type.Optional(SystemDescriptionPatch),
}, { additionalProperties: false, minProperties: 1 });

const ScopeView = Loose(Type.Object({
  categories: Type.Array(Type.String()), reportType: Type.String(), asOf: DateOrNull, periodStart: DateOrNull, periodEnd: DateOrNull,
  systemDescription: Type.Object({}, { additionalProperties: true }), updatedAt: Type.String(), notices: Type.Array(Type.String()),
}));

export const scopeRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get('/scope', {
    config: { permission: 'scope:read' },
    schema: { tags: ['scope'], summary: 'The audit scope and system description', response: { 200: ScopeView, ...errors(409) } },
  }, async (req) => services.scope.get((await req.org()).id));

  app.patch<{ Body: Static<typeof ScopePatch> }>('/scope', {
    config: { permission: 'scope:write' },
    schema: { tags: ['scope'], summary: 'Change categories, Type I date or Type II period, or the system description', body: ScopePatch, response: { 200: ScopeView, ...errors(400, 409) } },
  }, async (req) => services.scope.update((await req.org()).id, req.body, req.actor));
};
