import type { AppendMessage, Conversation, StoredEvent } from '@brigade/core';
import { outcomeSchema, topicSchema, conversationStatusSchema, TOPICS, type Topic } from '@brigade/protocol';
import type { Selectable } from 'kysely';
import * as z from 'zod';
import type { ConversationEventTable, ConversationTable } from '../db/schema.js';

// Rows of `conversations` and `conversation_events` to domain objects and back: shared by the
// Kysely store and the SQLite append thread (which loads nothing else of the store).

const TOPIC_SET: ReadonlySet<string> = new Set(TOPICS);
/** A stored topic, checked without a schema parse (read 10,000 times per queue recomputation). */
export function knownTopic(value: string): Topic {
  if (!TOPIC_SET.has(value)) throw new Error(`unknown topic in the database: ${value}`);
  return value as Topic;
}

export function toConversation(row: Omit<Selectable<ConversationTable>, 'citizen_token_hash'>): Conversation {
  return {
    id: row.id,
    topic: topicSchema.parse(row.topic),
    postalCode: row.postal_code,
    danger: row.danger === 1,
    status: conversationStatusSchema.parse(row.status),
    createdAt: row.created_at,
    waitingSince: row.waiting_since,
    serviceId: row.service_id,
    assignedOperator:
      row.assigned_operator_id === null
        ? null
        : { id: row.assigned_operator_id, rank: row.assigned_operator_rank ?? '', firstName: row.assigned_operator_first_name ?? '' },
    lastSeq: Number(row.last_seq),
    readMarks: { citizen: Number(row.citizen_read_seq), operator: Number(row.operator_read_seq) },
    outcome: row.outcome === null ? null : outcomeSchema.parse(row.outcome),
    closedAt: row.closed_at,
    waitingMessages: Number(row.waiting_messages),
  };
}

const openedData = z.object({ topic: topicSchema, danger: z.boolean() });
const returnedData = z.object({ reason: z.enum(['operator_offline', 'released']) });
const dangerData = z.object({ ruleId: z.string(), category: z.string() });
const closedData = z.object({ by: z.enum(['operator', 'citizen', 'system']), outcome: outcomeSchema });
const transferredData = z.object({
  target: z.enum(['operator', 'topic', 'service']),
  topic: topicSchema,
  serviceId: z.string().nullable(),
  note: z.string().nullable(),
});

export function toEvent(row: Selectable<ConversationEventTable>): StoredEvent {
  const base = { seq: Number(row.seq), at: row.at };
  const operator =
    row.operator_id === null ? null : { id: row.operator_id, rank: row.operator_rank ?? '', firstName: row.operator_first_name ?? '' };
  switch (row.kind) {
    case 'message':
      return {
        kind: 'message',
        ...base,
        sender: row.sender === 'operator' ? 'operator' : 'citizen',
        clientMessageId: row.client_message_id ?? '',
        text: row.body ?? '',
        operator,
      };
    case 'assigned':
      if (!operator) throw new Error('assigned event without operator');
      return { kind: 'assigned', ...base, operator };
    case 'opened':
      return { kind: 'opened', ...base, ...openedData.parse(JSON.parse(row.data ?? '{}')) };
    case 'closed':
      return { kind: 'closed', ...base, ...closedData.parse(JSON.parse(row.data ?? '{}')) };
    case 'danger_flagged':
      return { kind: 'danger_flagged', ...base, ...dangerData.parse(JSON.parse(row.data ?? '{}')) };
    case 'returned_to_queue':
      return { kind: 'returned_to_queue', ...base, ...returnedData.parse(JSON.parse(row.data ?? '{}')) };
    case 'transferred':
      return { kind: 'transferred', ...base, operator, ...transferredData.parse(JSON.parse(row.data ?? '{}')) };
    default:
      throw new Error(`unknown event kind ${row.kind}`);
  }
}

/** The message event an append stores at `seq` (both engines build it here). */
export function storedMessage(input: AppendMessage, seq: number): StoredEvent & { kind: 'message' } {
  return {
    kind: 'message',
    seq,
    at: input.at,
    sender: input.sender,
    clientMessageId: input.clientMessageId,
    text: input.text,
    operator: input.sender === 'operator' ? input.operator : null,
  };
}

export function eventRow(conversationId: string, event: StoredEvent): ConversationEventTable {
  const row: ConversationEventTable = {
    conversation_id: conversationId,
    seq: event.seq,
    kind: event.kind,
    at: event.at,
    sender: null,
    client_message_id: null,
    body: null,
    operator_id: null,
    operator_rank: null,
    operator_first_name: null,
    data: null,
  };
  switch (event.kind) {
    case 'message':
      return {
        ...row,
        sender: event.sender,
        client_message_id: event.clientMessageId,
        body: event.text,
        operator_id: event.operator?.id ?? null,
        operator_rank: event.operator?.rank ?? null,
        operator_first_name: event.operator?.firstName ?? null,
      };
    case 'assigned':
      return { ...row, operator_id: event.operator.id, operator_rank: event.operator.rank, operator_first_name: event.operator.firstName };
    case 'opened':
      return { ...row, data: JSON.stringify({ topic: event.topic, danger: event.danger }) };
    case 'closed':
      return { ...row, data: JSON.stringify({ by: event.by, outcome: event.outcome }) };
    case 'danger_flagged':
      return { ...row, data: JSON.stringify({ ruleId: event.ruleId, category: event.category }) };
    case 'returned_to_queue':
      return { ...row, data: JSON.stringify({ reason: event.reason }) };
    case 'transferred':
      return {
        ...row,
        operator_id: event.operator?.id ?? null,
        operator_rank: event.operator?.rank ?? null,
        operator_first_name: event.operator?.firstName ?? null,
        data: JSON.stringify({ target: event.target, topic: event.topic, serviceId: event.serviceId, note: event.note }),
      };
  }
}
