import type { AppendMessage, AppendResult, StoredEvent } from '@brigade/core';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { ConversationEventTable, ConversationTable, Database } from '../db/schema.js';
import { storedMessage, toConversation, toEvent } from './conversation-rows.js';

type MessageEvent = StoredEvent & { kind: 'message' };
const pairKey = (conversationId: string, clientMessageId: string) => `${conversationId}\u0000${clientMessageId}`;

/**
 * A group commit's appends on PostgreSQL, set-based: four statements for the whole batch,
 * whatever its size, instead of three round trips per message.
 *
 * 1. Lock the batch's conversation rows (`FOR UPDATE`, in id order, so two nodes committing
 *    batches over the same conversations cannot deadlock) and read their state.
 * 2. Read the messages already stored under the batch's client ids (retries).
 * 3. Decide each append in order, in memory: a retry answers `duplicate` (before any precondition,
 *    as a retry after a close still gets its ack); otherwise open, and held by this operator for
 *    an operator's message; seqs follow each other per conversation.
 * 4. Write each touched conversation's new `last_seq` and waiting count, and insert every new
 *    event with one `unnest` statement each.
 * The rows stay locked until the commit, so nothing decided in step 3 can change underneath.
 */
export async function appendBatchPostgres(trx: Transaction<Database>, ops: AppendMessage[]): Promise<AppendResult[]> {
  const ids = [...new Set(ops.map((op) => op.conversationId))].sort();
  const locked = await sql<Selectable<ConversationTable>>`select * from conversations where id = any(${ids}::text[]) order by id for update`.execute(trx);
  const state = new Map(locked.rows.map((row) => [row.id, { ...row, last_seq: Number(row.last_seq), waiting_messages: Number(row.waiting_messages) }]));

  const clientIds = [...new Set(ops.map((op) => op.clientMessageId))];
  const existingRows = await trx
    .selectFrom('conversation_events')
    .selectAll()
    .where('conversation_id', '=', sql<string>`any(${ids}::text[])`)
    .where('client_message_id', '=', sql<string>`any(${clientIds}::text[])`)
    .execute();
  const stored = new Map<string, MessageEvent>();
  for (const row of existingRows as Selectable<ConversationEventTable>[]) {
    const event = toEvent(row);
    if (event.kind === 'message') stored.set(pairKey(row.conversation_id, event.clientMessageId), event);
  }

  const results: AppendResult[] = [];
  const inserts: { conversationId: string; event: MessageEvent }[] = [];
  for (const op of ops) {
    const key = pairKey(op.conversationId, op.clientMessageId);
    const existing = stored.get(key);
    if (existing) {
      results.push({ status: 'duplicate', event: existing });
      continue;
    }
    const row = state.get(op.conversationId);
    if (!row) {
      results.push({ status: 'rejected', reason: 'not_found' });
      continue;
    }
    if (row.status === 'closed') {
      results.push({ status: 'rejected', reason: 'closed' });
      continue;
    }
    if (op.sender === 'operator' && row.assigned_operator_id !== (op.operator?.id ?? '')) {
      results.push({ status: 'rejected', reason: 'not_assigned' });
      continue;
    }
    row.last_seq += 1;
    if (op.sender === 'citizen' && row.status === 'waiting') row.waiting_messages += 1;
    const event = storedMessage(op, row.last_seq);
    stored.set(key, event);
    inserts.push({ conversationId: op.conversationId, event });
    // The conversation as this message left it, as if each append had run alone.
    results.push({ status: 'stored', event, conversation: toConversation(row) });
  }
  if (inserts.length === 0) return results;

  const touched = [...new Set(inserts.map((i) => i.conversationId))].map((id) => state.get(id) as (typeof locked.rows)[number]);
  await sql`update conversations set last_seq = d.last_seq, waiting_messages = d.waiting_messages
    from unnest(${touched.map((r) => r.id)}::text[], ${touched.map((r) => r.last_seq)}::int[], ${touched.map((r) => r.waiting_messages)}::int[])
      as d(id, last_seq, waiting_messages)
    where conversations.id = d.id`.execute(trx);
  const column = <T>(pick: (i: (typeof inserts)[number]) => T) => inserts.map(pick);
  await sql`insert into conversation_events
      (conversation_id, seq, kind, at, sender, client_message_id, body, operator_id, operator_rank, operator_first_name)
    select * from unnest(
      ${column((i) => i.conversationId)}::text[], ${column((i) => i.event.seq)}::int[], ${column(() => 'message')}::text[],
      ${column((i) => i.event.at)}::text[], ${column((i) => i.event.sender)}::text[], ${column((i) => i.event.clientMessageId)}::text[],
      ${column((i) => i.event.text)}::text[], ${column((i) => i.event.operator?.id ?? null)}::text[],
      ${column((i) => i.event.operator?.rank ?? null)}::text[], ${column((i) => i.event.operator?.firstName ?? null)}::text[])`.execute(trx);
  return results;
}
