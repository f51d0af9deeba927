import * as z from 'zod';
import {
  availabilitySchema,
  clientMessageIdSchema,
  conversationIdSchema,
  serviceIdSchema,
  topicSchema,
  transferNoteSchema,
  messageTextSchema,
  operatorOutcomeSchema,
  PROTOCOL_VERSION,
} from './common.js';
import {
  citizenConversationViewSchema,
  conversationEventSchema,
  queueEntrySchema,
  staffConversationViewSchema,
} from './conversation.js';
import { errorBodySchema } from './errors.js';
import { staffAccountSchema } from './http.js';

/** WebSocket endpoint path. */
export const REALTIME_PATH = '/realtime';

/**
 * How often a client pings, and how long it waits for the pong before declaring the connection
 * dead. The server pings at the protocol level every 2 × HEARTBEAT_INTERVAL_MS and terminates a
 * peer that did not answer the previous ping.
 */
export const HEARTBEAT_INTERVAL_MS = 15_000;
export const HEARTBEAT_TIMEOUT_MS = 10_000;

/** Past this many missed events, a resuming client receives a snapshot instead of a delta. */
export const MAX_DELTA_EVENTS = 500;

const requestId = z.string().min(1).max(64);
const seq = z.number().int().nonnegative();

// ---------------------------------------------------------------- client → server

/** The first frame on every connection. Staff authenticate with their session cookie; citizens with their token. */
export const helloSchema = z.object({
  type: z.literal('session.hello'),
  requestId,
  protocolVersion: z.number().int(),
  citizenToken: z.string().min(1).max(200).optional(),
});

/**
 * Subscribe to a conversation and receive every event after `afterSeq` (0 for all). Staff who
 * neither hold nor supervise the conversation must state a `reason` (kept in the audit trail).
 */
export const syncRequestSchema = z.object({
  type: z.literal('conversation.sync'),
  requestId,
  conversationId: conversationIdSchema,
  afterSeq: seq,
  reason: z.string().trim().min(10).max(500).optional(),
});

/** Send a message; `clientMessageId` makes retries idempotent. */
export const messageSendSchema = z.object({
  type: z.literal('message.send'),
  requestId,
  conversationId: conversationIdSchema,
  clientMessageId: clientMessageIdSchema,
  text: messageTextSchema,
});

/** Say whether this side is typing. Ephemeral, never stored, no ack. */
export const typingSetSchema = z.object({
  type: z.literal('typing.set'),
  conversationId: conversationIdSchema,
  typing: z.boolean(),
});

/** Mark every event up to `upToSeq` as read by this side. No ack. */
export const messageReadSchema = z.object({
  type: z.literal('message.read'),
  conversationId: conversationIdSchema,
  upToSeq: seq,
});

/** Staff: take a waiting conversation. */
export const conversationTakeSchema = z.object({
  type: z.literal('conversation.take'),
  requestId,
  conversationId: conversationIdSchema,
});

/** Staff: close a conversation held, with an outcome. */
export const conversationCloseSchema = z.object({
  type: z.literal('conversation.close'),
  requestId,
  conversationId: conversationIdSchema,
  outcome: operatorOutcomeSchema,
});

/** Operators: give a conversation back to the queue (it keeps its priority and original waiting time). */
export const conversationReleaseSchema = z.object({
  type: z.literal('conversation.release'),
  requestId,
  conversationId: conversationIdSchema,
});

/** Citizen: end the conversation. */
export const conversationLeaveSchema = z.object({
  type: z.literal('conversation.leave'),
  requestId,
  conversationId: conversationIdSchema,
});

/** Operators: take the most urgent waiting conversation (see `compareQueue`); answered by `ack` with its id. */
export const conversationTakeNextSchema = z.object({ type: z.literal('conversation.take_next'), requestId });

/** Supervisors: hand a waiting conversation to a given operator. */
export const conversationAssignSchema = z.object({
  type: z.literal('conversation.assign'),
  requestId,
  conversationId: conversationIdSchema,
  operatorId: z.uuid(),
});

/**
 * Hand a conversation on. The holder (or a supervisor) transfers it to another operator, who must
 * be present, available, under capacity and handle its topic and service, with a note for them;
 * or back to the queue under another topic, or in another service's queue (waiting time kept).
 */
export const transferTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('operator'), operatorId: z.uuid(), note: transferNoteSchema }),
  z.object({ kind: z.literal('topic'), topic: topicSchema, note: transferNoteSchema.optional() }),
  z.object({ kind: z.literal('service'), serviceId: serviceIdSchema, note: transferNoteSchema.optional() }),
]);
export type TransferTarget = z.infer<typeof transferTargetSchema>;
export const conversationTransferSchema = z.object({
  type: z.literal('conversation.transfer'),
  requestId,
  conversationId: conversationIdSchema,
  target: transferTargetSchema,
});

/** Operators: set their own availability (`paused`: nothing new is assigned or transferred to them). */
export const presenceSetSchema = z.object({ type: z.literal('presence.set'), requestId, availability: availabilitySchema });

/** Staff: receive the waiting queue and own conversations, then live queue changes. */
export const queueSubscribeSchema = z.object({ type: z.literal('queue.subscribe'), requestId });

/** Application-level heartbeat (browsers cannot send protocol pings). */
export const pingSchema = z.object({ type: z.literal('ping'), nonce: z.string().max(64).optional() });

export const clientFrameSchema = z.discriminatedUnion('type', [
  helloSchema,
  syncRequestSchema,
  messageSendSchema,
  typingSetSchema,
  messageReadSchema,
  conversationTakeSchema,
  conversationTakeNextSchema,
  conversationAssignSchema,
  conversationCloseSchema,
  conversationReleaseSchema,
  conversationTransferSchema,
  conversationLeaveSchema,
  presenceSetSchema,
  queueSubscribeSchema,
  pingSchema,
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;
export type ClientFrameType = ClientFrame['type'];
export const CLIENT_FRAME_TYPES = clientFrameSchema.options.map((o) => o.shape.type.value);

// ---------------------------------------------------------------- server → client

export const identitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('citizen'), conversationId: conversationIdSchema }),
  z.object({ kind: z.literal('staff'), staff: staffAccountSchema }),
]);

/** Answer to `session.hello`. */
export const sessionReadySchema = z.object({
  type: z.literal('session.ready'),
  requestId,
  protocolVersion: z.literal(PROTOCOL_VERSION),
  connectionId: z.string(),
  identity: identitySchema,
  heartbeatIntervalMs: z.number().int().positive(),
});

/** Generic acknowledgement; `conversationId` names the conversation a take_next or assign concerned. */
export const ackSchema = z.object({ type: z.literal('ack'), requestId, conversationId: conversationIdSchema.optional() });

/** Acknowledgement of `message.send`, sent only once the message is durably stored. */
export const messageAckSchema = z.object({
  type: z.literal('message.ack'),
  requestId,
  conversationId: conversationIdSchema,
  clientMessageId: clientMessageIdSchema,
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  /** True when this id had been stored before (a retry); nothing new was stored. */
  duplicate: z.boolean(),
});

/** A failed request (with its `requestId`) or a connection-level problem (without). */
export const errorFrameSchema = z.object({
  type: z.literal('error'),
  requestId: requestId.optional(),
  error: errorBodySchema,
});

const conversationViewSchema = z.union([staffConversationViewSchema, citizenConversationViewSchema]);

/** Answer to `conversation.sync`: the state and either the missed events (delta) or the whole history (snapshot). */
export const syncResponseSchema = z.object({
  type: z.literal('conversation.sync'),
  requestId,
  mode: z.enum(['delta', 'snapshot']),
  conversation: conversationViewSchema,
  events: z.array(conversationEventSchema),
});

/** A new event in a subscribed conversation. */
export const conversationEventFrameSchema = z.object({
  type: z.literal('conversation.event'),
  conversationId: conversationIdSchema,
  event: conversationEventSchema,
});

/** A subscribed conversation's state changed (status, operator, read marks). */
export const conversationUpdatedSchema = z.object({
  type: z.literal('conversation.updated'),
  conversation: conversationViewSchema,
});

/** The other side started or stopped typing. */
export const typingFrameSchema = z.object({
  type: z.literal('typing'),
  conversationId: conversationIdSchema,
  from: z.enum(['citizen', 'operator']),
  typing: z.boolean(),
});

/** Answer to `queue.subscribe`: the waiting queue and the conversations this staff member holds. */
export const queueSnapshotSchema = z.object({
  type: z.literal('queue.snapshot'),
  requestId,
  entries: z.array(queueEntrySchema),
  mine: z.array(staffConversationViewSchema),
});

/** A conversation entered the queue or changed while waiting. */
export const queueUpsertSchema = z.object({ type: z.literal('queue.upsert'), entry: queueEntrySchema });

/** Operators: a conversation is now yours (taken in another tab, or assigned by a supervisor). */
export const conversationAssignedSchema = z.object({ type: z.literal('conversation.assigned'), conversation: staffConversationViewSchema });

/** A conversation left the queue (taken or closed). */
export const queueRemoveSchema = z.object({ type: z.literal('queue.remove'), conversationId: conversationIdSchema });

/** Supervisors: a citizen's message matched a danger rule; the conversation is now at the top of the queue. */
export const dangerAlertSchema = z.object({
  type: z.literal('alert.danger'),
  conversationId: conversationIdSchema,
  category: z.string(),
  status: z.enum(['waiting', 'active', 'closed']),
});

/**
 * Citizens: their place in the queue (1 = next) and an estimate of the wait from recent handling
 * rates (null when there is not enough history to say). Sent when it changes.
 */
export const queuePositionSchema = z.object({
  type: z.literal('queue.position'),
  conversationId: conversationIdSchema,
  position: z.number().int().positive(),
  estimatedWaitSeconds: z.number().int().nonnegative().nullable(),
});

/** Supervisors: a conversation has waited longer than the alert threshold (sent once per conversation). */
export const waitingAlertSchema = z.object({
  type: z.literal('alert.waiting'),
  conversationId: conversationIdSchema,
  waitingSince: z.iso.datetime(),
  danger: z.boolean(),
});

/** Staff: their own account changed (routing profile by an administrator, availability in another tab). */
export const accountUpdatedSchema = z.object({ type: z.literal('account.updated'), staff: staffAccountSchema });

export const pongSchema = z.object({ type: z.literal('pong'), nonce: z.string().optional() });

/** The server ends the session (logout, quick exit, account disabled); the socket closes right after. */
export const sessionEndedSchema = z.object({
  type: z.literal('session.ended'),
  reason: z.enum(['logout', 'citizen_exit', 'revoked']),
});

export const serverFrameSchema = z.discriminatedUnion('type', [
  sessionReadySchema,
  ackSchema,
  messageAckSchema,
  errorFrameSchema,
  syncResponseSchema,
  conversationEventFrameSchema,
  conversationUpdatedSchema,
  typingFrameSchema,
  queueSnapshotSchema,
  queueUpsertSchema,
  queueRemoveSchema,
  conversationAssignedSchema,
  dangerAlertSchema,
  waitingAlertSchema,
  queuePositionSchema,
  accountUpdatedSchema,
  pongSchema,
  sessionEndedSchema,
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
export type ServerFrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;
export type ClientFrameOf<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;

/** WebSocket close codes used by the server. */
export const CLOSE_CODES = {
  normal: 1000,
  /** Server shutting down: reconnect with backoff. */
  goingAway: 1001,
  /** A frame exceeded MAX_FRAME_BYTES. */
  tooLarge: 1009,
  /** Authentication failed or session ended; do not reconnect with the same credential. */
  sessionEnded: 4001,
  /** No `session.hello` in time. */
  helloTimeout: 4002,
} as const;
