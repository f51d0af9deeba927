import type { AppendMessage } from '@brigade/core';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { ConversationEventTable, ConversationTable } from '../db/schema.js';
import type { StatementCache } from '../db/sqlite-connection.js';

// Imports types only: the append thread loads this file without Kysely, zod or the protocol.

/**
 * What a batch gives back per append, as rows: the main thread maps them to domain objects
 * (conversation-rows.ts), so the append thread stays small.
 */
export type RawAppendResult =
  | { status: 'stored'; conversation: unknown[] }
  | { status: 'duplicate'; event: Selectable<ConversationEventTable> }
  | { status: 'rejected'; reason: 'not_found' | 'closed' | 'not_assigned' };

/**
 * The conversation columns a stored message gives back, in this order: as an array (cheaper to
 * build and to pass between threads than an object), without the citizen's token hash.
 */
export const CONVERSATION_COLUMNS = [
  'id',
  'topic',
  'postal_code',
  'danger',
  'status',
  'created_at',
  'waiting_since',
  'assigned_operator_id',
  'assigned_operator_rank',
  'assigned_operator_first_name',
  'last_seq',
  'citizen_read_seq',
  'operator_read_seq',
  'waiting_messages',
  'outcome',
  'closed_at',
  'service_id',
] as const satisfies readonly (keyof ConversationTable)[];
const LAST_SEQ = CONVERSATION_COLUMNS.indexOf('last_seq');
const WAITING_MESSAGES = CONVERSATION_COLUMNS.indexOf('waiting_messages');
const STATUS_COLUMN = CONVERSATION_COLUMNS.indexOf('status');

// The SQL of the message hot path, the only SQLite-specific statements of the store.
// Allocates the seq and checks the precondition (open; held by this operator) in one statement.
const BUMP_SEQ = `update conversations
  set last_seq = last_seq + 1,
      waiting_messages = waiting_messages + (case when ? = 1 and status = 'waiting' then 1 else 0 end)
  where id = ? and status <> 'closed' and (? is null or assigned_operator_id = ?)
  returning ${CONVERSATION_COLUMNS.join(', ')}`;
// A retry of a stored message inserts nothing (the client id is unique per conversation).
const INSERT_EVENT = `insert into conversation_events
  (conversation_id, seq, kind, at, sender, client_message_id, body, operator_id, operator_rank, operator_first_name, data)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (conversation_id, client_message_id) do nothing`;
// Gives back the seq (and the waiting count) a retry took: the transaction is still open.
const UNDO_BUMP = 'update conversations set last_seq = ?, waiting_messages = ? where id = ?';
const FIND_MESSAGE = 'select * from conversation_events where conversation_id = ? and client_message_id = ?';
const STATUS = 'select status from conversations where id = ?';

/**
 * One synchronous SQLite transaction for a batch of appends (WAL with synchronous=FULL: durable
 * when it returns). The common case costs two statements per message: the seq bump and the
 * insert; a retry (same client id) is found by the insert doing nothing, and its bump undone.
 */
export function createAppendBatch(db: BetterSqlite3.Database, statements: StatementCache): (ops: AppendMessage[]) => RawAppendResult[] {
  const bump = db.prepare(BUMP_SEQ).raw(true);
  const findDuplicate = (input: AppendMessage): RawAppendResult | null => {
    const existing = statements.get(FIND_MESSAGE).get(input.conversationId, input.clientMessageId) as Selectable<ConversationEventTable> | undefined;
    return existing?.kind === 'message' ? { status: 'duplicate', event: existing } : null;
  };

  const appendOne = (input: AppendMessage): RawAppendResult => {
    const citizen = input.sender === 'citizen';
    const operatorId = citizen ? null : (input.operator?.id ?? '');
    const row = bump.get(citizen ? 1 : 0, input.conversationId, operatorId, operatorId) as unknown[] | undefined;
    if (!row) {
      // A retry of a message stored before the conversation closed or changed hands is still a retry.
      const duplicate = findDuplicate(input);
      if (duplicate) return duplicate;
      const current = statements.get(STATUS).get(input.conversationId) as { status: string } | undefined;
      if (!current) return { status: 'rejected', reason: 'not_found' };
      return { status: 'rejected', reason: current.status === 'closed' ? 'closed' : 'not_assigned' };
    }
    // The row of a message event (conversation-rows.ts eventRow builds the same one).
    const operator = citizen ? null : input.operator;
    const { changes } = statements
      .get(INSERT_EVENT)
      .run(input.conversationId, Number(row[LAST_SEQ]), 'message', input.at, input.sender, input.clientMessageId, input.text, operator?.id ?? null, operator?.rank ?? null, operator?.firstName ?? null, null);
    if (changes === 0) {
      const countedWaiting = citizen && row[STATUS_COLUMN] === 'waiting' ? 1 : 0;
      statements.get(UNDO_BUMP).run(Number(row[LAST_SEQ]) - 1, Number(row[WAITING_MESSAGES]) - countedWaiting, input.conversationId);
      const duplicate = findDuplicate(input);
      if (!duplicate) throw new Error('append: the client message id is taken by an event that is not a message');
      return duplicate;
    }
    return { status: 'stored', conversation: row };
  };

  return db.transaction((ops: AppendMessage[]) => ops.map(appendOne));
}
