// The one place errors become HTTP responses. Body shape:
// { "error": { "code", "message", "fields": [{ field, code, message }], "requestId" } }
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type FieldError } from '../domain/errors.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export function validationFields(context: string, errors: AjvError[]): FieldError[] {
  return errors.map((e) => {
    let path = e.instancePath.split('/').filter(Boolean).join('.');
    if (e.keyword === 'required' && typeof e.params.missingProperty === 'string') path = path ? `${path}.${e.params.missingProperty}` : e.params.missingProperty;
    if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') path = path ? `${path}.${e.params.additionalProperty}` : e.params.additionalProperty;
    const message = e.keyword === 'additionalProperties' ? 'is not a known field' : (e.message ?? 'is invalid');
    return { field: path ? `${context}.${path}` : context, code: e.keyword, message };
  });
}

export function errorBody(code: string, message: string, fields: FieldError[], requestId: string) {
  return { error: { code, message, fields, requestId } };
}

export function handleError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const { status } = ERROR_CODES[error.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.status(status).send(errorBody(error.code, error.message, error.fields, request.id));
  }
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) {
    const fields = validationFields(fe.validationContext ?? 'body', fe.validation);
    return reply.status(400).send(errorBody('invalid_input', fields.map((f) => `${f.field} ${f.message}`).join('; '), fields, request.id));
  }
  if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(413).send(errorBody('payload_too_large', fe.message, [{ field: 'file', code: 'too_large', message: fe.message }], request.id));
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, wrong content type, multipart limits…
    const code = fe.statusCode === 404 ? 'not_found' : 'invalid_input';
    const field = fe.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError ? 'body' : 'request';
    return reply.status(fe.statusCode).send(errorBody(code, fe.message, [{ field, code: (fe.code ?? 'bad_request').toLowerCase(), message: fe.message }], request.id));
  }
  request.log.error({ err: error }, 'unexpected error');
  return reply.status(500).send(errorBody('internal', 'internal error; see the server log for this request id', [], request.id));
}
