import * as z from 'zod';

/** Version of the realtime protocol; a client announcing another version is refused. */
export const PROTOCOL_VERSION = 1;

/** Maximum length of a chat message, in characters (UTF-16 code units). */
export const MESSAGE_TEXT_MAX = 4000;

/** Maximum size of one WebSocket frame accepted by the server, in bytes. */
export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * The topics a citizen can choose on the first screen. `minors`: the person writing is under 18,
 * or a child is concerned; only operators trained for it handle those conversations.
 */
export const TOPICS = ['general', 'violence', 'minors', 'cyberharassment', 'discrimination', 'other'] as const;
export const topicSchema = z.enum(TOPICS);
export type Topic = z.infer<typeof topicSchema>;

/** French postal code: five digits (Corsica's 20xxx included); need not be the real one. */
export const postalCodeSchema = z.string().trim().regex(/^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/, 'postal_code/invalid');

export const conversationIdSchema = z.uuid();
export const clientMessageIdSchema = z.uuid();

/** A message's text: trimmed, non-empty, bounded. */
export const messageTextSchema = z.string().trim().min(1).max(MESSAGE_TEXT_MAX);

export const CONVERSATION_STATUSES = ['waiting', 'active', 'closed'] as const;
export const conversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

/** How a conversation ended, chosen by the operator (or set by the system when the citizen leaves). */
export const OUTCOMES = ['answered', 'referred', 'handover_planned', 'no_response', 'out_of_scope', 'citizen_left', 'citizen_quick_exit'] as const;
export const outcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof outcomeSchema>;

/** Outcomes an operator may choose when closing. */
export const OPERATOR_OUTCOMES = ['answered', 'referred', 'handover_planned', 'no_response', 'out_of_scope'] as const;
export const operatorOutcomeSchema = z.enum(OPERATOR_OUTCOMES);

/** How an operator is shown to citizens: rank and first name only. */
export const publicOperatorSchema = z.object({ rank: z.string(), firstName: z.string() });
export type PublicOperator = z.infer<typeof publicOperatorSchema>;

export const ROLES = ['operator', 'supervisor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const SENDERS = ['citizen', 'operator', 'system'] as const;
export const senderSchema = z.enum(SENDERS);
export type Sender = z.infer<typeof senderSchema>;

/**
 * An operator's own availability: `available` receives conversations (assignments, transfers,
 * alerts); `paused` receives nothing new but keeps the conversations held. Presence adds `offline`
 * (no open connection), which the server derives.
 */
export const AVAILABILITIES = ['available', 'paused'] as const;
export const availabilitySchema = z.enum(AVAILABILITIES);
export type Availability = z.infer<typeof availabilitySchema>;
export const PRESENCES = ['available', 'paused', 'offline'] as const;
export const presenceSchema = z.enum(PRESENCES);
export type Presence = z.infer<typeof presenceSchema>;

/** Concurrent conversations an operator holds at most (default and bounds). */
export const DEFAULT_CAPACITY = 6;
export const MAX_CAPACITY = 20;
export const capacitySchema = z.number().int().min(1).max(MAX_CAPACITY);

/** A service (a platform: police, gendarmerie…) covering postal codes. */
export const serviceIdSchema = z.uuid();

/** A staff note attached to a transfer: for the receiving operator, never shown to the citizen. */
export const transferNoteSchema = z.string().trim().min(1).max(1000);
