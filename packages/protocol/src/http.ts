import * as z from 'zod';
import { postalCodeSchema, roleSchema, topicSchema } from './common.js';
import { conversationIdSchema } from './common.js';

/** Name of the HttpOnly cookie that carries a staff session. */
export const STAFF_SESSION_COOKIE = 'brigade_staff';

export const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

const passwordSchema = z.string().min(12).max(256);
const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'username/invalid');
const displayText = z.string().trim().min(1).max(60);

/** `POST /api/conversations`: a citizen starts a conversation. */
export const startConversationRequestSchema = z.object({
  topic: topicSchema,
  postalCode: postalCodeSchema,
  danger: z.boolean(),
});
export type StartConversationRequest = z.infer<typeof startConversationRequestSchema>;

export const startConversationResponseSchema = z.object({
  conversationId: conversationIdSchema,
  /** Bearer credential for this conversation only; keep it in memory and sessionStorage only. */
  citizenToken: z.string(),
});
export type StartConversationResponse = z.infer<typeof startConversationResponseSchema>;

/** `POST /api/citizen/exit`: quick exit; ends the citizen's session (the token stops working). */
export const citizenExitRequestSchema = z.object({ citizenToken: z.string().min(1).max(200) });

/** `GET /api/setup`. */
export const setupStatusSchema = z.object({ needed: z.boolean() });

/** `POST /api/setup`: creates the first administrator with the one-time setup token. */
export const setupRequestSchema = z.object({
  token: z.string().min(1).max(200),
  username: usernameSchema,
  password: passwordSchema,
  rank: displayText,
  firstName: displayText,
});
export type SetupRequest = z.infer<typeof setupRequestSchema>;

/** A staff account as returned by the API (never a password hash). */
export const staffAccountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  rank: z.string(),
  firstName: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

/** `POST /api/auth/login`. */
export const loginRequestSchema = z.object({ username: usernameSchema, password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/**
 * Login answer. `authenticated` sets the session cookie. A second factor step
 * (`second_factor_required`) will be added to this union without breaking clients.
 */
export const loginResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('authenticated'), staff: staffAccountSchema }),
]);
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const meResponseSchema = z.object({ staff: staffAccountSchema });

/** `POST /api/staff`: an administrator creates a staff account. */
export const createStaffRequestSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  rank: displayText,
  firstName: displayText,
  roles: z.array(roleSchema).min(1).max(3),
});
export type CreateStaffRequest = z.infer<typeof createStaffRequestSchema>;

export const staffListResponseSchema = z.object({ staff: z.array(staffAccountSchema) });

/** One audit trail entry as shown to administrators. */
export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  action: z.string(),
  actorId: z.uuid().nullable(),
  conversationId: z.string().nullable(),
  targetStaffId: z.string().nullable(),
  address: z.string().nullable(),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

/** `GET /api/audit`: search by person, conversation and period (newest first). */
export const auditSearchQuerySchema = z.object({
  actorId: z.uuid().optional(),
  conversationId: z.uuid().optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const auditSearchResponseSchema = z.object({ entries: z.array(auditEntrySchema) });
