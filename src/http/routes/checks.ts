// The check catalog, read-only: what each check looks at, which controls it evidences and how
// to fix what it finds (the web app's findings page shows remediation from here).
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { checks as registry } from '../../checks/registry.js';
import type { AnyCheck } from '../../checks/types.js';
import { Loose } from '../schemas.js';

const CheckView = Loose(Type.Object({
  id: Type.String(), title: Type.String(), description: Type.String(), severity: Type.String(), resourceType: Type.String(),
  controls: Type.Array(Type.String()),
  remediation: Type.Object({
    text: Type.String(),
    snippet: Type.Union([Type.Null(), Type.Object({ language: Type.String(), code: Type.String() })]),
  }),
}));

const present = (c: AnyCheck) => ({
  id: c.meta.id, title: c.meta.title, description: c.meta.description, severity: c.meta.severity, resourceType: c.meta.resourceType,
  controls: c.meta.controls, remediation: { text: c.meta.remediation.text, snippet: c.meta.remediation.snippet ?? null },
});

export const checkRoutes: FastifyPluginAsync<{ checks?: AnyCheck[] }> = async (app, opts) => {
  const catalog = (opts.checks ?? registry).map(present).sort((a, b) => a.id.localeCompare(b.id));
  app.get('/checks', {
    config: { permission: 'catalog:read' },
    schema: { tags: ['catalog'], summary: 'The check catalog: id, title, severity, resource type, controls and remediation', response: { 200: Type.Array(CheckView) } },
  }, async () => catalog);
};
