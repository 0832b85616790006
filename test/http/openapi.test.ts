// GET /openapi.json: an OpenAPI 3.1 document that describes every route the app serves.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Harness } from './harness.js';

let h: Harness;
let doc: OpenApi;
beforeAll(async () => {
  h = await openApp();
  const res = await h.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = res.json<OpenApi>();
});
afterAll(async () => {
  await h?.close();
});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation { summary?: string; parameters?: { name: string; in: string; required?: boolean; schema: { default?: unknown } }[]; requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> }
interface OpenApi { openapi: string; info: { title: string; version: string }; paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components?: { schemas?: Record<string, object> } }

/**
 * `METHOD /path` for every route of the app, read from Fastify's own route tree
 * (printRoutes), so the list cannot drift from what is registered. HEAD routes that
 * Fastify adds for each GET are left out: they are not documented separately.
 */
function registeredRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+?)(?: \(([A-Z, ]+)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    for (const method of m[3]?.split(', ') ?? []) if (method !== 'HEAD') out.push(`${method} ${stack.join('')}`);
  }
  return out.sort();
}

/** Fastify's `/evidence/:id` is OpenAPI's `/evidence/{id}`. */
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function documentedOperations(): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)).sort();
}

function operations(): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.flatMap((m) => (item[m] ? [[`${m.toUpperCase()} ${path}`, item[m]] as [string, Operation]] : [])));
}

// The parts of the OpenAPI 3.1 document schema that this API uses, written from the
// specification (https://spec.openapis.org/oas/v3.1.0): enough to catch a malformed document.
const schemaOrRef = { type: 'object' };
const mediaTypes = { type: 'object', minProperties: 1, additionalProperties: { type: 'object', properties: { schema: schemaOrRef } } };
const operationSchema = {
  type: 'object',
  required: ['responses'],
  properties: {
    summary: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    parameters: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'in'],
        properties: { name: { type: 'string', minLength: 1 }, in: { enum: ['query', 'header', 'path', 'cookie'] }, required: { type: 'boolean' }, schema: schemaOrRef },
        if: { properties: { in: { const: 'path' } } },
        then: { required: ['required'], properties: { required: { const: true } } },
      },
    },
    requestBody: { type: 'object', required: ['content'], properties: { content: mediaTypes, required: { type: 'boolean' } } },
    responses: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^([1-5](\\d\\d|XX)|default)$' },
      additionalProperties: { type: 'object', required: ['description'], properties: { description: { type: 'string' }, content: mediaTypes } },
    },
  },
};
const openApiSchema = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+(-.+)?$' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 }, description: { type: 'string' } } },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: { type: 'object', properties: Object.fromEntries(METHODS.map((m) => [m, operationSchema])) },
    },
    components: { type: 'object', properties: { schemas: { type: 'object', additionalProperties: schemaOrRef } } },
    tags: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
  },
};

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(openApiSchema);
    expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(doc.openapi.startsWith('3.1')).toBe(true);
    expect(doc.info).toMatchObject({ title: 'Attest API' });
  });

  it('documents every route the app registers, except itself', () => {
    const routes = registeredRoutes(h.app.printRoutes({ commonPrefix: false }));
    // The tree parser must have found the routes: a few known ones anchor it.
    expect(routes).toEqual(expect.arrayContaining(['GET /healthz', 'GET /openapi.json', 'PATCH /api/controls/:id', 'POST /api/evidence', 'POST /api/evidence/:id/links', 'GET /api/evidence/:id/download']));
    const expected = routes.filter((r) => r !== 'GET /openapi.json').map((r) => { const [method, path] = r.split(' '); return `${method} ${toOpenApiPath(path!)}`; }).sort();
    expect(documentedOperations()).toEqual(expected);
  });

  it('gives every operation a summary and a tag the document declares', () => {
    const declared = new Set(((doc as { tags?: { name: string }[] }).tags ?? []).map((t) => t.name));
    for (const [name, op] of operations()) {
      expect(op.summary?.trim(), name).toBeTruthy();
      expect((op as { tags?: string[] }).tags?.length, name).toBeGreaterThan(0);
      for (const tag of (op as { tags?: string[] }).tags ?? []) expect(declared.has(tag), `${name} tag ${tag}`).toBe(true);
    }
  });

  it('declares each path template variable as a path parameter', () => {
    for (const [name, op] of operations()) {
      const vars = [...name.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
      expect(params, name).toEqual(vars);
    }
  });

  it('does not require a query parameter that has a default', () => {
    for (const [name, op] of operations()) {
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && p.schema.default !== undefined) expect(p.required ?? false, `${name} ?${p.name}`).toBe(false);
      }
    }
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      const target = ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeTypeOf('object');
    }
  });

  it('has request and response schemas that compile as JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    // Components are reachable as they are referenced: #/components/schemas/<name>.
    ajv.addSchema({ $id: 'openapi.json', components: doc.components ?? {} });
    let compiled = 0;
    for (const [name, op] of operations()) {
      const schemas = [
        ...(op.parameters ?? []).map((p) => p.schema),
        ...Object.values(op.requestBody?.content ?? {}).map((m) => m.schema),
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((m) => m.schema)),
      ];
      for (const schema of schemas) {
        const rebased = JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/')) as object;
        expect(() => ajv.compile(rebased), name).not.toThrow();
        compiled += 1;
      }
    }
    expect(compiled).toBeGreaterThan(operations().length);
  });

  it('describes the error body the app sends', async () => {
    const errorSchema = doc.components?.schemas?.Error;
    expect(errorSchema).toBeTypeOf('object');
    const validate = new Ajv2020({ strict: false }).compile(errorSchema!);
    const res = await h.inject({ method: 'GET', url: '/api/criteria?category=bogus' });
    expect(res.statusCode).toBe(400);
    expect(validate(res.json()), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ error: { code: 'x' } })).toBe(false);
  });
});
