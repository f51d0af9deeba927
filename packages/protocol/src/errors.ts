import * as z from 'zod';

/**
 * The closed catalogue of error codes, shared by HTTP and WebSocket answers.
 * "No access" is always answered as `not_found`, so existence never leaks.
 */
export const ERROR_CODES = [
  'request/invalid',
  'request/not_found',
  'request/too_large',
  'request/rate_limited',
  'protocol/unsupported_version',
  'protocol/not_ready',
  'protocol/unknown_type',
  'auth/required',
  'auth/invalid_credentials',
  'auth/forbidden',
  'auth/session_ended',
  'auth/second_factor_required',
  'auth/step_up_required',
  'auth/invalid_code',
  'setup/invalid_token',
  'setup/already_done',
  'staff/username_taken',
  'staff/weak_password',
  'staff/not_found',
  'staff/last_factor',
  'staff/cannot_change_self',
  'conversation/not_found',
  'conversation/closed',
  'conversation/already_taken',
  'conversation/not_handled',
  'operator/at_capacity',
  'operator/unavailable',
  'queue/empty',
  'service/not_found',
  'service/name_taken',
  'postal_code/unknown',
  'message/duplicate_conflict',
  'internal/error',
  'service/unavailable',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Body of every HTTP error response and payload of every WebSocket `error` frame. */
export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Correlation id to quote when reporting a 5xx. */
  correlationId: z.string().optional(),
  /** Field-level details for `request/invalid`. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
