import * as z from 'zod';
import {
  clientMessageIdSchema,
  conversationIdSchema,
  conversationStatusSchema,
  outcomeSchema,
  publicOperatorSchema,
  serviceIdSchema,
  topicSchema,
} from './common.js';

/** Who ended a conversation. */
export const closedBySchema = z.enum(['operator', 'citizen', 'system']);

/**
 * A conversation event as stored and replayed. `seq` starts at 1 for each conversation and
 * increases by exactly one per event, with no gaps.
 */
export const conversationEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('opened'),
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    topic: topicSchema,
    danger: z.boolean(),
  }),
  z.object({
    kind: z.literal('message'),
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    sender: z.enum(['citizen', 'operator']),
    clientMessageId: clientMessageIdSchema,
    text: z.string(),
    /** Set on operator messages: rank and first name only. */
    operator: publicOperatorSchema.nullable(),
    /** Staff only (absent for citizens): which operator wrote it, to tell colleagues apart. */
    operatorId: z.uuid().optional(),
  }),
  z.object({
    kind: z.literal('assigned'),
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    operator: publicOperatorSchema,
  }),
  z.object({
    kind: z.literal('returned_to_queue'),
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    /** `operator_offline`: the operator dropped off and did not come back within the grace period. */
    reason: z.enum(['operator_offline', 'released']),
  }),
  z.object({
    kind: z.literal('transferred'),
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    /**
     * `operator`: handed to another operator (who is named); `topic`: back in the queue under
     * another topic; `service`: back in the queue of another service. Waiting time is kept.
     */
    target: z.enum(['operator', 'topic', 'service']),
    /** The new operator (rank and first name), for `operator`. */
    operator: publicOperatorSchema.nullable(),
    /** The topic after the transfer. */
    topic: topicSchema,
    /** Staff only (null for citizens): the service after the transfer. */
    serviceId: serviceIdSchema.nullable(),
    /** Staff only (null for citizens): the note left for whoever takes over. */
    note: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('danger_flagged'),
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    /** Why (staff only; null for citizens): the danger rule category that matched. */
    category: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('closed'),
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    by: closedBySchema,
    outcome: outcomeSchema,
  }),
]);
export type ConversationEvent = z.infer<typeof conversationEventSchema>;

/** Read marks: the highest `seq` each side has read. */
export const readMarksSchema = z.object({ citizen: z.number().int().nonnegative(), operator: z.number().int().nonnegative() });
export type ReadMarks = z.infer<typeof readMarksSchema>;

/** The conversation as a citizen sees it: nothing staff-only. */
export const citizenConversationViewSchema = z.object({
  id: conversationIdSchema,
  topic: topicSchema,
  danger: z.boolean(),
  status: conversationStatusSchema,
  operator: publicOperatorSchema.nullable(),
  lastSeq: z.number().int().nonnegative(),
  readMarks: readMarksSchema,
  outcome: outcomeSchema.nullable(),
});
export type CitizenConversationView = z.infer<typeof citizenConversationViewSchema>;

/** The operator holding a conversation, as staff see them. */
export const staffOperatorRefSchema = z.object({ id: z.uuid(), rank: z.string(), firstName: z.string() });

/** The conversation as staff see it. */
export const staffConversationViewSchema = z.object({
  id: conversationIdSchema,
  topic: topicSchema,
  danger: z.boolean(),
  postalCode: z.string(),
  status: conversationStatusSchema,
  createdAt: z.iso.datetime(),
  /** When the conversation entered the queue; waiting time is counted from here. */
  waitingSince: z.iso.datetime(),
  /** The service whose operators handle it (from the postal code, or a transfer); null: any. */
  serviceId: serviceIdSchema.nullable(),
  assignedOperator: staffOperatorRefSchema.nullable(),
  lastSeq: z.number().int().nonnegative(),
  readMarks: readMarksSchema,
  outcome: outcomeSchema.nullable(),
  closedAt: z.iso.datetime().nullable(),
});
export type StaffConversationView = z.infer<typeof staffConversationViewSchema>;

/** One waiting conversation as shown in the operators' queue. */
export const queueEntrySchema = z.object({
  conversationId: conversationIdSchema,
  topic: topicSchema,
  danger: z.boolean(),
  postalCode: z.string(),
  waitingSince: z.iso.datetime(),
  /** Number of citizen messages written while waiting. */
  pendingMessages: z.number().int().nonnegative(),
  /** The service whose operators handle it; null: any operator. */
  serviceId: serviceIdSchema.nullable(),
  /** Base priority level (0 danger, then the topic's level); order with `compareQueue`, which adds ageing. */
  level: z.number().int().min(0).max(9),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;
