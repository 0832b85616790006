import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Services } from '../../app/index.js';
import { servicesFor } from '../../app/caller.js';
import type { EvidenceMeta } from '../../app/evidence.service.js';
import { invalid } from '../../domain/errors.js';
import type { StoredBlob } from '../../store/index.js';
import { errors, EvidenceView, IdParam } from '../schemas.js';
import { sendSerialized } from '../serialized.js';

const ListQuery = Type.Object({
  control: Type.Optional(Type.String({ minLength: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
}, { additionalProperties: false });

const LinkBody = Type.Object({ controls: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });

const splitList = (v: string) => v.split(/[\s,]+/).filter(Boolean);

export const evidenceRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.post('/evidence', {
    config: { permission: 'evidence:write' },
    schema: {
      tags: ['evidence'],
      summary: 'Upload evidence (multipart/form-data)',
      description: 'Fields: `controls` (comma-separated control ids, or repeated), `effectiveDate` (YYYY-MM-DD, default today), `description`; then one `file` part. Send the fields before the file to have them checked before any byte is stored.',
      consumes: ['multipart/form-data'],
      response: { 201: EvidenceView, ...errors(400, 404, 409, 413) },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw invalid([{ field: 'body', code: 'not_multipart', message: 'send multipart/form-data with a `file` part' }]);
    const org = await req.org();
    const meta: EvidenceMeta = { filename: '', controls: [] };
    let blob: StoredBlob | null = null;
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw invalid([{ field: part.fieldname, code: 'unexpected_file', message: 'the file part must be named `file`' }]);
        meta.filename = part.filename;
        meta.mediaType = part.mimetype;
        // With the fields already known, refuse bad metadata before storing any byte.
        if (meta.controls.length > 0) await services.evidence.validate(org.id, meta);
        blob = await services.evidence.putFile(part.file);
      } else {
        const value = String(part.value);
        if (part.fieldname === 'controls' || part.fieldname === 'control') meta.controls.push(...splitList(value));
        else if (part.fieldname === 'effectiveDate') meta.effectiveDate = value;
        else if (part.fieldname === 'description') meta.description = value;
        else throw invalid([{ field: part.fieldname, code: 'unknown_field', message: 'is not a known field (controls, effectiveDate, description, file)' }]);
      }
    }
    if (!blob) {
      await services.evidence.validate(org.id, meta).catch((e: unknown) => { throw e; });
      throw invalid([{ field: 'file', code: 'required', message: 'a `file` part is required' }]);
    }
    const view = await services.evidence.record(org.id, meta, blob, req.actor);
    return reply.status(201).send(view);
  });

  app.get<{ Querystring: Static<typeof ListQuery> }>('/evidence', {
    config: { permission: 'evidence:read' },
    schema: { tags: ['evidence'], summary: 'Evidence, newest effective first', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(EvidenceView), total: Type.Integer() }), ...errors(400, 409) } },
  }, async (req, reply) => {
    const org = await req.org();
    const { control, limit, offset } = req.query;
    return sendSerialized(reply, await servicesFor(services, req.principal).evidence.list(org.id, control ? { controlId: control.toUpperCase() } : {}, { limit, offset }));
  });

  app.get<{ Params: Static<typeof IdParam> }>('/evidence/:id', {
    config: { permission: 'evidence:read' },
    schema: { tags: ['evidence'], summary: 'One piece of evidence', params: IdParam, response: { 200: EvidenceView, ...errors(404, 409) } },
  }, async (req) => servicesFor(services, req.principal).evidence.get((await req.org()).id, req.params.id));

  app.get<{ Params: Static<typeof IdParam> }>('/evidence/:id/download', {
    config: { permission: 'evidence:read' },
    schema: { tags: ['evidence'], summary: 'The evidence file, byte for byte; its sha-256 is in Repr-Digest', params: IdParam, response: errors(404, 409) },
  }, async (req, reply) => {
    const { record, stream } = await servicesFor(services, req.principal).evidence.open((await req.org()).id, req.params.id);
    const safeName = record.filename.replace(/[^\w.\- ]+/g, '_');
    return reply
      .header('content-type', record.mediaType)
      .header('content-length', String(record.size))
      .header('content-disposition', `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(record.filename)}`)
      .header('repr-digest', `sha-256=:${Buffer.from(record.sha256, 'hex').toString('base64')}:`)
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof LinkBody> }>('/evidence/:id/links', {
    config: { permission: 'evidence:write' },
    schema: { tags: ['evidence'], summary: 'Link evidence to more controls', params: IdParam, body: LinkBody, response: { 200: EvidenceView, ...errors(400, 404, 409) } },
  }, async (req) => services.evidence.link((await req.org()).id, req.params.id, req.body.controls, req.actor));
};
