/**
 * The one error mapper of the server: every failure leaves as JSON
 * `{ error, message }` with error ∈ not_found | bad_request | data_error
 * (docs/api.md). Handlers never catch: they throw NotFoundError / DataError /
 * UsageError, or fastify's schema validation fails, and this file decides the
 * status. Unknown failures are 500 `internal` with a generic message (the detail
 * goes to the log, never to the client).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError, DataError, NotFoundError, UsageError, formatIssue } from '../io/errors.ts';

export type ApiErrorCode = 'not_found' | 'bad_request' | 'data_error' | 'internal';

export interface ApiError {
  error: ApiErrorCode;
  message: string;
}

/** JSON schema of an error body, referenced by every route's 4xx responses. */
export const API_ERROR_SCHEMA = {
  $id: 'ApiError',
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string', enum: ['not_found', 'bad_request', 'data_error', 'internal'] }, message: { type: 'string' } },
  additionalProperties: false,
} as const;

/** Status and body of any thrown value. */
export function apiError(err: unknown): { status: number; body: ApiError } {
  if (err instanceof NotFoundError) return { status: 404, body: { error: 'not_found', message: err.message } };
  if (err instanceof DataError) return { status: 400, body: { error: 'data_error', message: err.issues.slice(0, 20).map(formatIssue).join('\n') } };
  if (err instanceof UsageError || err instanceof ConfigError) return { status: 400, body: { error: 'bad_request', message: err.message } };
  const fe = err as Partial<FastifyError> | null;
  if (fe?.validation) return { status: 400, body: { error: 'bad_request', message: fe.message ?? 'invalid request' } };
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  // 403 from the static file server (e.g. a path outside its root) says nothing more than 404 would.
  if (status === 404 || status === 403) return { status: 404, body: { error: 'not_found', message: 'not found' } };
  if (status >= 400 && status < 500) return { status, body: { error: 'bad_request', message: fe?.message ?? 'bad request' } };
  return { status: 500, body: { error: 'internal', message: 'internal server error' } };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.addSchema(API_ERROR_SCHEMA);
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = apiError(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    // The method and path are echoed only inside JSON (never HTML), so they cannot be rendered as markup.
    const path = req.url.split('?')[0];
    return reply.code(404).type('application/json; charset=utf-8').send({ error: 'not_found', message: `no route ${req.method} ${path}` } satisfies ApiError);
  });
}
