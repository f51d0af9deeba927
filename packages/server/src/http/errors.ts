import { isDomainError } from '@brigade/core';
import type { ErrorBody, ErrorCode } from '@brigade/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
import type * as z from 'zod';

/**
 * HTTP status for every error code; exhaustive, so a new code cannot ship without one. Framework
 * rejections (415, 405…) keep their own status with `request/invalid`.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  'request/invalid': 400,
  'request/not_found': 404,
  'request/too_large': 413,
  'request/rate_limited': 429,
  'protocol/unsupported_version': 400,
  'protocol/not_ready': 400,
  'protocol/unknown_type': 400,
  'auth/required': 401,
  'auth/invalid_credentials': 401,
  'auth/forbidden': 403,
  'auth/session_ended': 401,
  'auth/second_factor_required': 403,
  'auth/step_up_required': 403,
  'auth/invalid_code': 401,
  'setup/invalid_token': 403,
  'setup/already_done': 409,
  'staff/username_taken': 409,
  'staff/weak_password': 400,
  'staff/not_found': 404,
  'staff/last_factor': 409,
  'staff/cannot_change_self': 409,
  'conversation/not_found': 404,
  'conversation/closed': 409,
  'conversation/already_taken': 409,
  'conversation/not_handled': 409,
  'operator/at_capacity': 409,
  'operator/unavailable': 409,
  'queue/empty': 404,
  'service/not_found': 404,
  'service/name_taken': 409,
  'postal_code/unknown': 400,
  'message/duplicate_conflict': 409,
  'internal/error': 500,
  'service/unavailable': 503,
};

/** Plain, stable English descriptions; the UIs translate by code. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  'request/invalid': 'The request is invalid.',
  'request/not_found': 'No such route.',
  'request/too_large': 'The request is too large.',
  'request/rate_limited': 'Too many requests; try again shortly.',
  'protocol/unsupported_version': 'Unsupported protocol version.',
  'protocol/not_ready': 'Send session.hello first.',
  'protocol/unknown_type': 'Unknown message type.',
  'auth/required': 'Authentication required.',
  'auth/invalid_credentials': 'Invalid credentials.',
  'auth/forbidden': 'Not allowed.',
  'auth/session_ended': 'The session has ended.',
  'auth/second_factor_required': 'Complete the second factor first.',
  'auth/step_up_required': 'Confirm with your second factor to do this.',
  'auth/invalid_code': 'Invalid code.',
  'setup/invalid_token': 'Invalid setup link.',
  'setup/already_done': 'Setup is already done.',
  'staff/username_taken': 'This username is taken.',
  'staff/weak_password': 'This password is too common or too short.',
  'staff/not_found': 'Account not found.',
  'staff/last_factor': 'The last second factor cannot be removed.',
  'staff/cannot_change_self': 'You cannot disable your own account or remove your own administrator role.',
  'conversation/not_found': 'Conversation not found.',
  'conversation/closed': 'The conversation is closed.',
  'conversation/already_taken': 'Someone else has already taken this conversation.',
  'conversation/not_handled': 'This operator does not handle this conversation’s topic or service.',
  'operator/at_capacity': 'This operator already holds as many conversations as they can.',
  'operator/unavailable': 'This operator is paused or offline.',
  'queue/empty': 'No conversation is waiting.',
  'service/not_found': 'No such service.',
  'service/name_taken': 'A service already has this name.',
  'postal_code/unknown': 'This postal code does not exist.',
  'message/duplicate_conflict': 'This message id was already used.',
  'internal/error': 'Internal error.',
  'service/unavailable': 'Service unavailable.',
};

export function errorBody(code: ErrorCode, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { code, message: ERROR_MESSAGES[code], ...extra };
}

export function zodIssues(error: z.ZodError): NonNullable<ErrorBody['issues']> {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Raised by routes when a body or query fails its schema. */
export class RequestInvalid extends Error {
  constructor(readonly zodError: z.ZodError) {
    super('request/invalid');
  }
}

/** Parses outside data with a schema; throws a 400 with field-level issues. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestInvalid(result.error);
  return result.data;
}

/** One error handler: domain errors by catalogue, 4xx from Fastify as is, 5xx details hidden. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (isDomainError(error)) {
      if (error.retryAfterMs) reply.header('Retry-After', Math.ceil(error.retryAfterMs / 1000));
      return reply.code(HTTP_STATUS[error.code]).send(errorBody(error.code));
    }
    if (error instanceof RequestInvalid) {
      return reply.code(400).send(errorBody('request/invalid', { issues: zodIssues(error.zodError) }));
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status === 429) return reply.code(429).send(errorBody('request/rate_limited'));
    if (status === 413) return reply.code(413).send(errorBody('request/too_large'));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody('request/invalid'));
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal/error', { correlationId: request.id }));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody('request/not_found'));
  });
}
