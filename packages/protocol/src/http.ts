import * as z from 'zod';
import {
  availabilitySchema,
  capacitySchema,
  postalCodeSchema,
  presenceSchema,
  roleSchema,
  serviceIdSchema,
  topicSchema,
} from './common.js';
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
  /** Routing profile: conversations held at most at once, topics handled, service (null: any). */
  capacity: capacitySchema,
  topics: z.array(topicSchema),
  serviceId: serviceIdSchema.nullable(),
  /** The operator's own choice; presence adds `offline` (see the operator list). */
  availability: availabilitySchema,
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

/** `POST /api/auth/login`. */
export const loginRequestSchema = z.object({ username: usernameSchema, password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const secondFactorMethodSchema = z.enum(['totp', 'webauthn', 'recovery']);

/**
 * Password step of the login. It sets the session cookie, but the session can do nothing until
 * the second factor is given (`second_factor_required`, with the methods this account has) or,
 * for an account without any factor yet, enrolled (`enrolment_required`).
 */
export const loginResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('second_factor_required'), methods: z.array(secondFactorMethodSchema) }),
  z.object({ status: z.literal('enrolment_required') }),
]);
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const sessionStageSchema = z.enum(['second_factor', 'enrolment', 'full']);

/** `GET /api/auth/me`: who is signed in and how far (works at every stage). */
export const meResponseSchema = z.object({ staff: staffAccountSchema, stage: sessionStageSchema });

/** Answer of a successful second-factor step: the session is now fully authenticated. */
export const authenticatedResponseSchema = z.object({
  status: z.literal('authenticated'),
  staff: staffAccountSchema,
  /** Shown once, when the first factor was just enrolled (or codes regenerated). */
  recoveryCodes: z.array(z.string()).nullable(),
});

export const totpCodeRequestSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'code/invalid') });
export const recoveryCodeRequestSchema = z.object({ code: z.string().trim().min(8).max(32) });
export const factorLabelSchema = z.string().trim().min(1).max(60);
export const confirmTotpRequestSchema = totpCodeRequestSchema.extend({ label: factorLabelSchema });
/** WebAuthn JSON from the browser is checked by the server's WebAuthn adapter. */
export const webauthnResponseRequestSchema = z.object({ response: z.record(z.string(), z.unknown()) });
export const webauthnRegistrationRequestSchema = webauthnResponseRequestSchema.extend({ label: factorLabelSchema });

/** `POST /api/factors/totp/start`: what the authenticator app needs. */
export const totpEnrolmentSchema = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });

export const factorViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['totp', 'webauthn']),
  label: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export const factorListSchema = z.object({ factors: z.array(factorViewSchema), recoveryCodesLeft: z.number().int().nonnegative() });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const sessionViewSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const sessionListSchema = z.object({ sessions: z.array(sessionViewSchema) });

/** `PATCH /api/staff/:id`: profile and roles (a role change needs a recent second factor). */
export const updateStaffRequestSchema = z.object({
  rank: z.string().trim().min(1).max(60).optional(),
  firstName: z.string().trim().min(1).max(60).optional(),
  roles: z.array(roleSchema).min(1).max(3).optional(),
  capacity: capacitySchema.optional(),
  topics: z.array(topicSchema).max(10).optional(),
  serviceId: serviceIdSchema.nullable().optional(),
});
export const staffIdParamsSchema = z.object({ id: z.uuid() });

export const DANGER_CATEGORIES = ['threat_to_life', 'weapon', 'aggressor_present', 'violence_now', 'self_harm', 'confinement', 'child_in_danger'] as const;

/** One danger rule: a regular expression matched against the citizen's message, lowercased and without accents. */
export const dangerRuleSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9-]{1,40}$/),
  category: z.enum(DANGER_CATEGORIES),
  pattern: z.string().min(1).max(600),
  description: z.string().trim().max(200),
});
/** `GET` and `PUT /api/danger-rules`. */
export const dangerRulesSchema = z.object({ rules: z.array(dangerRuleSchema).max(200) });

/** `POST /api/staff`: an administrator creates a staff account. */
export const createStaffRequestSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  rank: displayText,
  firstName: displayText,
  roles: z.array(roleSchema).min(1).max(3),
  capacity: capacitySchema.optional(),
  topics: z.array(topicSchema).max(10).optional(),
  serviceId: serviceIdSchema.nullable().optional(),
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

/** One operator as colleagues and supervisors see them, to assign or transfer a conversation. */
export const operatorViewSchema = z.object({
  id: z.uuid(),
  rank: z.string(),
  firstName: z.string(),
  presence: presenceSchema,
  /** Conversations held now, and at most. */
  load: z.number().int().nonnegative(),
  capacity: capacitySchema,
  topics: z.array(topicSchema),
  serviceId: serviceIdSchema.nullable(),
});
export type OperatorView = z.infer<typeof operatorViewSchema>;
/** `GET /api/operators`: enabled operators (for operators and supervisors). */
export const operatorListSchema = z.object({ operators: z.array(operatorViewSchema) });

/**
 * `GET` and `PUT /api/routing-mode`: with `autoAssign`, the server also hands each waiting
 * conversation to the least-loaded available operator who handles it (operators may still take).
 */
export const routingModeSchema = z.object({ autoAssign: z.boolean() });

/** A service (platform) and how many postal codes it covers. */
export const serviceViewSchema = z.object({
  id: serviceIdSchema,
  name: z.string(),
  postalCodeCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
});
export type ServiceView = z.infer<typeof serviceViewSchema>;
/** `GET /api/services` (every signed-in staff member). */
export const serviceListSchema = z.object({ services: z.array(serviceViewSchema) });
/** `POST /api/services` and `PATCH /api/services/:id` (administrators). */
export const serviceNameRequestSchema = z.object({ name: z.string().trim().min(2).max(80) });
export const serviceIdParamsSchema = z.object({ id: serviceIdSchema });
