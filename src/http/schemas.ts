// Shared TypeBox schemas for routes and the OpenAPI document.
import { Type, type StringOptions, type TSchema } from '@sinclair/typebox';

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() })),
    requestId: Type.String(),
  }),
}, { $id: 'Error' });

export const Loose = <T extends TSchema>(schema: T) => ({ ...schema, additionalProperties: true });

/**
 * A string or null in a request body. Written as a type array, not anyOf: with coerceTypes
 * Ajv tries the string branch of an anyOf first and turns null into "".
 */
export const NullableString = (opts: StringOptions = {}) => Type.Unsafe<string | null>({ ...opts, type: ['string', 'null'] });

/** A response field that is a value of `t` or null (responses are serialized, not coerced: anyOf is fine). */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')]));

export const ControlView = Loose(Type.Object({
  id: Type.String(), title: Type.String(), description: Type.String(), domain: Type.String(), ownerRole: Type.String(),
  frequency: Type.String(), automation: Type.String(), nature: Type.String(), suggestedEvidence: Type.Array(Type.String()),
  criteria: Type.Array(Type.String()), mappings: Type.Record(Type.String(), Type.Array(Type.String())),
  owner: Type.Union([Type.String(), Type.Null()]), inScope: Type.Boolean(), exclusionReason: Type.Union([Type.String(), Type.Null()]),
  notes: Type.String(), status: Type.String(), explanation: Type.String(), evidenceCount: Type.Integer(),
  latestEvidenceEffective: Type.Union([Type.String(), Type.Null()]),
}));

/**
 * A control in the list: what tables, filters and pickers show. The library's text (description,
 * suggested evidence) and the crosswalks to other frameworks are on GET /api/controls/:id and, for
 * all controls at once, GET /api/library/controls (the same for every organization, cacheable).
 * Without them the list of 145 controls is a sixth of the size compressed (from ~33 KB to ~8 KB):
 * it is the app's most requested large response.
 */
export const ControlSummary = Type.Object({
  id: Type.String(), title: Type.String(), domain: Type.String(), ownerRole: Type.String(),
  frequency: Type.String(), automation: Type.String(), nature: Type.String(), criteria: Type.Array(Type.String()),
  owner: Type.Union([Type.String(), Type.Null()]), inScope: Type.Boolean(), exclusionReason: Type.Union([Type.String(), Type.Null()]),
  notes: Type.String(), status: Type.String(), explanation: Type.String(), evidenceCount: Type.Integer(),
  latestEvidenceEffective: Type.Union([Type.String(), Type.Null()]), checks: Type.Array(Type.String()),
}, { additionalProperties: false });

/** A control of the library, as shipped. */
export const LibraryControl = Type.Object({
  id: Type.String(), title: Type.String(), description: Type.String(), domain: Type.String(), ownerRole: Type.String(),
  frequency: Type.String(), automation: Type.String(), nature: Type.String(), suggestedEvidence: Type.Array(Type.String()),
  criteria: Type.Array(Type.String()), mappings: Type.Record(Type.String(), Type.Array(Type.String())),
}, { additionalProperties: false });

export const EvidenceView = Loose(Type.Object({
  id: Type.String(), sha256: Type.String(), size: Type.Integer(), filename: Type.String(), mediaType: Type.String(),
  description: Type.String(), source: Type.String(), collectedAt: Type.String(), effectiveAt: Type.String(),
  createdBy: Type.String(), createdAt: Type.String(), controls: Type.Array(Type.String()),
}));
